package io.orderhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import io.orderhub.support.HubTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database the hub really runs on: the one CI asked for (ORDERHUB_EXPECT_DATABASE, e.g.
 * "PostgreSQL" or "H2"), migrated by Flyway, and storing money and instants without loss.
 */
@HubTest
class DatabaseTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    Flyway flyway;

    @Test
    @EnabledIfEnvironmentVariable(named = "ORDERHUB_EXPECT_DATABASE", matches = ".+")
    void runsOnTheExpectedDatabase() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName())
                    .isEqualTo(System.getenv("ORDERHUB_EXPECT_DATABASE"));
        }
    }

    @Test
    void flywayAppliedEveryMigration() {
        // Flyway creates its table with quoted lower-case names on both H2 and PostgreSQL
        Boolean v1 = jdbc.queryForObject(
                "select \"success\" from \"flyway_schema_history\" where \"version\" = '1'", Boolean.class);
        assertThat(v1).isTrue();
        Integer failed = jdbc.queryForObject(
                "select count(*) from \"flyway_schema_history\" where not \"success\"", Integer.class);
        assertThat(failed).isZero();
        assertThat(flyway.info().pending()).isEmpty();
    }

    @Test
    void ordersKeepAmountsAndInstantsExactly() {
        var largest = new Row(UUID.randomUUID().toString(), new BigDecimal("-999999999999999.9999"),
                OffsetDateTime.of(2100, 1, 1, 0, 0, 0, 999_999_000, ZoneOffset.ofHoursMinutes(5, 30)));
        var smallest = new Row(UUID.randomUUID().toString(), new BigDecimal("0.0001"),
                OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 123_456_000, ZoneOffset.UTC));

        var transaction = new TransactionTemplate(transactionManager);
        transaction.executeWithoutResult(status -> {
            status.setRollbackOnly();
            for (Row row : new Row[] {largest, smallest}) {
                jdbc.update("""
                        insert into orders (id, channel, external_id, status, version, currency, total_amount,
                                            document, created_at, updated_at)
                        values (?, 'database-test', ?, 'RECEIVED', 0, 'EUR', ?, '{}', ?, ?)""",
                        row.id(), row.id(), row.amount(), row.at(), row.at());
            }
            for (Row row : new Row[] {largest, smallest}) {
                Row read = jdbc.queryForObject("select id, total_amount, created_at from orders where id = ?",
                        (rs, n) -> new Row(rs.getString(1), rs.getBigDecimal(2), rs.getObject(3, OffsetDateTime.class)),
                        row.id());
                // numeric(19,4): same value and same scale
                assertThat(read.amount()).isEqualTo(row.amount());
                // timestamp with time zone: the same instant, to the microsecond
                assertThat(read.at().toInstant()).isEqualTo(row.at().toInstant());
            }
        });

        Integer left = jdbc.queryForObject("select count(*) from orders where id in (?, ?)", Integer.class,
                largest.id(), smallest.id());
        assertThat(left).as("rows of the rolled-back transaction").isZero();
    }

    private record Row(String id, BigDecimal amount, OffsetDateTime at) {
    }
}
