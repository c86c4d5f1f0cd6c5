package io.orderhub.support;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Surefire runs the suite in several JVMs at once (pom.xml, forkCount), each with its own hub.
 * On H2 each has its own data directory; on PostgreSQL each gets a schema of its own, named
 * after the configured one with the fork's number ({@code orderhub_ci} becomes
 * {@code orderhub_ci_f1}), so one fork's hub never takes the other's outbox events. Flyway
 * creates the schema; CI drops every schema with the configured prefix before a run.
 */
public class ForkSchema implements EnvironmentPostProcessor {

    private static final Pattern CURRENT_SCHEMA = Pattern.compile("([?&]currentSchema=)([^&]+)");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String fork = environment.getProperty("orderhub.test.fork");
        String url = environment.getProperty("spring.datasource.url");
        if (fork == null || fork.isBlank() || url == null || !url.startsWith("jdbc:postgresql:")) {
            return;
        }
        Matcher current = CURRENT_SCHEMA.matcher(url);
        if (!current.find()) {
            throw new IllegalStateException("PostgreSQL test runs need currentSchema in " + url
                    + ": forks running side by side must not share a schema");
        }
        String schema = current.group(2) + "_" + fork;
        environment.getPropertySources().addFirst(new MapPropertySource("orderhub-test-fork", Map.of(
                "spring.datasource.url", current.replaceFirst("$1" + schema),
                "spring.flyway.schemas", schema)));
    }
}
