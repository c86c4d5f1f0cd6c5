package io.orderhub.api;

import io.orderhub.order.IntakeProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class ApiConfiguration {

    /** Runs after Spring Security (order -100), so an unauthenticated caller learns nothing about limits. */
    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(IntakeProperties properties, ProblemWriter problems) {
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(properties, problems));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(0);
        return registration;
    }

    /**
     * After authentication: only known callers get a bucket; intake and tracking per API key,
     * customer endpoints per order, a configured shop's order webhooks per shop.
     */
    @Bean
    FilterRegistrationBean<io.orderhub.security.RateLimitFilter> rateLimitFilter(io.orderhub.security.RateLimitProperties properties,
                                                                                io.orderhub.security.RateLimiter limiter,
                                                                                io.orderhub.storefront.StorefrontProperties storefronts) {
        var registration = new FilterRegistrationBean<>(new io.orderhub.security.RateLimitFilter(properties, limiter,
                storefronts.shops().keySet()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(1);
        return registration;
    }

    /** UTC, at the microsecond precision both H2 and PostgreSQL store, so reads equal writes. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
