package io.orderhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged hub is SIGKILLed in the middle of a 100,000-line stock delta file from the sandbox
 * ERP and started again: the file is read again and resumes after the last committed chunk, so
 * every line is applied exactly once (the SKU ends at +100,000, not more, not less). After one more
 * restart, a copy of the same file is recognised from the database and not applied again.
 */
class ErpCrashResumeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHubKilledInTheMiddleOfAFileResumesWithoutLosingOrDoublingALine() throws Exception {
        int lines = 100_000;
        String sku = "RESUME-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String name = "stock-delta-" + sku + ".csv";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (HubProcess hub = new HubProcess("erp-resume", http)) {
            try {
                hub.start("--orderhub.erp.connections.sandbox.poll-delay=500ms");
                hub.awaitReady();
                Path root = hub.dataDir().resolve("sandbox-erp");
                Path staging = Files.createDirectories(root.resolve("staging")).resolve(name);
                try (BufferedWriter out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
                    out.write("locationId;sku;delta\n");
                    for (int i = 0; i < lines; i++) {
                        out.write("wh-hamburg;" + sku + ";1\n");
                    }
                }
                Files.move(staging, root.resolve("outbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);

                // killed once the import has committed its first 10,000 lines, long before its end
                await().atMost(180, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                        .until(() -> hub.logLinesContaining(name + ": 10000 line(s) read") > 0);
                hub.sigkill();
                assertThat(hub.logLinesContaining(name + " imported:")).as("the kill came before the end of the file").isZero();

                hub.start("--orderhub.erp.connections.sandbox.poll-delay=500ms");
                hub.awaitReady();
                await().atMost(300, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                        .until(() -> Files.exists(root.resolve("outbox/.done").resolve(name)));
                assertThat(hub.logLinesContaining(name + ": resuming after line")).isEqualTo(1);

                assertThat(onHand(http, hub, sku)).isEqualTo(lines);

                // after another restart, the same file again (same name, size and content) is recognised and not applied
                hub.sigkill();
                hub.start("--orderhub.erp.connections.sandbox.poll-delay=500ms");
                hub.awaitReady();
                Files.copy(root.resolve("outbox/.done").resolve(name), staging);
                Files.move(staging, root.resolve("outbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);
                await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                        .until(() -> hub.logLinesContaining(name + " was imported before") == 1
                                && !Files.exists(root.resolve("outbox").resolve(name)));
                assertThat(onHand(http, hub, sku)).isEqualTo(lines);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + hub.logTails(), e);
            }
        }
    }

    private static int onHand(HttpClient http, HubProcess hub, String sku) throws Exception {
        HttpResponse<String> level = http.send(HttpRequest.newBuilder(hub.uri("/api/inventory/wh-hamburg/" + sku))
                .header("Authorization", "Bearer dev-admin").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(level.statusCode()).as(level.body()).isEqualTo(200);
        return JSON.readTree(level.body()).get("onHand").asInt();
    }
}
