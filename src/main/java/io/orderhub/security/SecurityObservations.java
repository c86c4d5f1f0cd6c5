package io.orderhub.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes every request, authentication and authorisation (a Micrometer
 * observation around each of the ~15 filters) once an observation registry exists, as it does with
 * the actuator. Under load that wrapping cost 4-9 % of the hub's CPU in the benchmark's profiles,
 * for metrics nobody reads: requests stay measured by {@code http.server.requests}. Set
 * {@code orderhub.metrics.security-observations=true} to get the {@code spring.security.*}
 * observations back.
 */
@Configuration
@ConditionalOnProperty(name = "orderhub.metrics.security-observations", havingValue = "false", matchIfMissing = true)
public class SecurityObservations {

    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }
}
