package io.orderhub.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderhub.inventory.StockAdmin;
import io.orderhub.sandbox.SandboxFtpServer;
import io.orderhub.support.HubTest;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two hub instances polling the same ERP outbox import a file once. The second instance is a
 * second route made from the import template for the same connection ("second", chunks of 3
 * lines), with its own work folder, in the same context and on the same database, as a second hub
 * would be: both poll the folder every 200 ms and either or both may take the file. When both
 * do, the lines are applied once (they serialise on the file's progress row) and the one that
 * marks the file imported first writes the report of its bad line.
 */
@HubTest
class ErpTwoInstancesImportTest {

    private static final String TWIN = "erp-import-second-twin";

    @Autowired
    SandboxFtpServer ftp;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StockAdmin stock;

    @Autowired
    CamelContext camel;

    @Autowired
    ErpConnections connections;

    @Value("${orderhub.data-dir}")
    Path dataDir;

    @BeforeEach
    void secondInstance() throws Exception {
        ftp.start();
        Map<String, Object> parameters = new HashMap<>(connections.parameters("erp-import-second"));
        parameters.remove(RouteTemplateParameterSource.TEMPLATE_ID);
        parameters.put("workDirectory", dataDir.resolve("erp-work-twin/second").toAbsolutePath().toString());
        TemplatedRouteBuilder.builder(camel, "erp-import").routeId(TWIN).parameters(parameters).add();
    }

    @AfterEach
    void noSecondInstance() throws Exception {
        // the FTP source connector's route the twin made goes first: left running, it would go on
        // taking files from the outbox for a route that is gone
        String source = ((KameletEndpoint) camel.getRoute(TWIN).getEndpoint()).getRouteId();
        for (String routeId : List.of(source, TWIN)) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
    }

    @Test
    void aFileInTheOutboxOfTwoInstancesIsImportedOnce() throws Exception {
        int lines = 600;
        List<String> skus = List.of("TWIN-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(), "TWIN-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
        String name = "stock-delta-" + skus.get(0) + ".csv";
        Path staging = Files.createDirectories(ftp.root().resolve("staging")).resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
            // the second ERP's files are comma-separated, and it imports the valid lines of a file with bad ones
            out.write("locationId,sku,delta\n");
            for (int i = 0; i < lines; i++) {
                out.write("wh-hamburg," + skus.get(i % 2) + ",1\n");
                if (i == lines / 2) {
                    out.write("wh-hamburg," + skus.get(0) + ",one\n");
                }
            }
        }
        Path outbox = Files.createDirectories(ftp.root().resolve("second/outbox"));
        Files.move(staging, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);

        await().atMost(120, TimeUnit.SECONDS).until(() -> Files.exists(outbox.resolve(".done").resolve(name))
                && "DONE".equals(status(name)));
        // both instances are done with it (the slower one may have taken it too): nothing changes any more
        await().atMost(30, TimeUnit.SECONDS).until(() -> camel.getInflightRepository().size("erp-import-second") == 0
                && camel.getInflightRepository().size(TWIN) == 0);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                stock.get("wh-hamburg", skus.get(0)).onHand() == lines / 2 && stock.get("wh-hamburg", skus.get(1)).onHand() == lines / 2);

        assertThat(jdbc.queryForList("select lines_applied, lines_rejected from erp_imports where connection_name = 'second' and file_name = ?",
                name)).hasSize(1).first().satisfies(row -> assertThat(row.values()).containsExactly(lines, 1));
        // one report of the bad line, and no failure
        assertThat(Files.readString(outbox.resolve(".done").resolve(name + ".report.txt"))).contains("1 bad line(s)").contains("line " + (lines / 2 + 3));
        assertThat(Files.exists(outbox.resolve(name))).isFalse();
        assertThat(Files.exists(outbox.resolve(".error").resolve(name + ".reason.txt"))).as("a reason file for a failed import").isFalse();
    }

    private String status(String name) {
        List<String> status = jdbc.queryForList("select status from erp_imports where connection_name = 'second' and file_name = ?",
                String.class, name);
        return status.isEmpty() ? null : status.get(0);
    }
}
