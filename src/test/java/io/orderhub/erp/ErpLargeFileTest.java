package io.orderhub.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderhub.sandbox.SandboxFtpServer;
import io.orderhub.support.HubTest;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A 100,000-line stock file streams through in chunks: progress shows while it runs, and every line lands once. */
@HubTest
class ErpLargeFileTest {

    private static final List<String> LOCATIONS = List.of("wh-hamburg", "wh-munich", "store-berlin-mitte", "store-hamburg-altona",
            "workshop-leipzig");

    @Autowired
    SandboxFtpServer ftp;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void aHundredThousandLineStockFileIsImportedInCommittedChunks() throws Exception {
        int lines = 100_000;
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String name = "stock-" + run + ".csv";
        Path staging = Files.createDirectories(ftp.root().resolve("staging")).resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
            out.write("locationId;sku;onHand\n");
            for (int i = 0; i < lines; i++) {
                out.write(LOCATIONS.get(i % LOCATIONS.size()) + ";BULK-" + run + "-" + (i / LOCATIONS.size()) + ";" + (i % 97) + "\n");
            }
        }
        Files.move(staging, ftp.root().resolve("outbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);

        double countedBefore = appliedSnapshotLines();
        // chunks commit as the file streams: part of it is applied while the rest is still to come
        AtomicInteger seenMidway = new AtomicInteger();
        await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> {
            int applied = lastLineApplied(name);
            if (applied > 1 && applied < lines + 1) {
                seenMidway.compareAndSet(0, applied);
            }
            return applied == lines + 1;
        });
        assertThat(seenMidway.get()).isBetween(2, lines);

        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(ftp.root().resolve("outbox/.done").resolve(name)));
        assertThat(jdbc.queryForObject("select lines_applied from erp_imports where file_name = ?", Integer.class, name)).isEqualTo(lines);
        assertThat(appliedSnapshotLines() - countedBefore).isEqualTo(lines);
        assertThat(jdbc.queryForObject("select count(*) from stock_levels where sku like ?", Integer.class, "BULK-" + run + "-%"))
                .isEqualTo(lines);
        long expectedUnits = 0;
        for (int i = 0; i < lines; i++) {
            expectedUnits += i % 97;
        }
        assertThat(jdbc.queryForObject("select sum(on_hand) from stock_levels where sku like ?", Long.class, "BULK-" + run + "-%"))
                .isEqualTo(expectedUnits);
    }

    /** The progress metric: stock-snapshot lines the sandbox ERP's files applied so far. */
    private double appliedSnapshotLines() {
        var counter = meters.find("orderhub.erp.import.lines")
                .tags("connection", "sandbox", "kind", "stock-snapshot", "outcome", "applied").counter();
        return counter == null ? 0 : counter.count();
    }

    private int lastLineApplied(String name) {
        List<Integer> applied = jdbc.queryForList("select last_line_applied from erp_imports where file_name = ?", Integer.class, name);
        return applied.isEmpty() ? 0 : applied.get(0);
    }
}
