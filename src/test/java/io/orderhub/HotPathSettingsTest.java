package io.orderhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.orderhub.support.HubTest;
import jakarta.mail.util.StreamProvider;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.ObservationFilterChainDecorator;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * The settings that took the costs the benchmark's profiles found off the hot paths
 * (BENCHMARKS.md, "Before/after optimisation") are in force in the running hub.
 */
@HubTest
class HotPathSettingsTest {

    @Autowired
    FilterChainProxy securityFilters;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void mailNamesItsStreamProviderInsteadOfScanningTheClassPathForIt() {
        assertThat(System.getProperty("jakarta.mail.util.StreamProvider"))
                .isEqualTo(MailStreamProvider.class.getName());
        assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
    }

    @Test
    void securityFiltersAreNotWrappedInObservations() {
        Object decorator = ReflectionTestUtils.getField(securityFilters, "filterChainDecorator");

        assertThat(decorator).isNotInstanceOf(ObservationFilterChainDecorator.class);
    }

    @Test
    void embeddedH2KeepsTheHubsParsedStatements() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assumeTrue(connection.getMetaData().getDatabaseProductName().equals("H2"), "H2 setting");
        }
        String cached = jdbc.queryForObject(
                "select setting_value from information_schema.settings where setting_name = 'QUERY_CACHE_SIZE'", String.class);

        assertThat(Integer.parseInt(cached)).isGreaterThanOrEqualTo(256);
    }
}
