package io.orderhub.reload;

import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.sandbox.SandboxFtpServer;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Edited connector and route files replace the running ones: the next order goes through the
 * edited version, and a file that does not load leaves the running one in place. The dev profile's
 * file watchers only hand saved files to {@link LiveReload}; this test hands them over itself, so
 * the shared hub's own folders are never written to.
 */
@HubTest
class LiveReloadTest {

    @LocalServerPort
    int port;

    @Autowired
    LiveReload reload;

    @Autowired
    CamelContext camel;

    @Value("${orderhub.connectors-dir}")
    Path connectorsDir;

    @Value("${orderhub.routes-dir}")
    Path routesDir;

    @Autowired
    BrokerService broker;

    @Autowired
    SandboxFtpServer ftp;

    @Autowired
    StockAdmin stock;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${orderhub.pipeline.consumers}")
    int stageConsumers;

    @TempDir
    Path editDir;

    HubClient hub;
    Pipeline pipeline;
    String taxConnector;

    @BeforeEach
    void readOriginal() throws Exception {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
        taxConnector = Files.readString(connectorsDir.resolve("tax-http.kamelet.yaml"));
        assertThat(taxConnector).contains("constant: quote\n");
    }

    @AfterEach
    void restoreOriginal() throws Exception {
        reload.connector(file(connectorsDir.resolve("tax-http.kamelet.yaml")));
        // a consumer left behind by a removed route would take messages that nothing processes
        // (the new route's consumers connect in the background)
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(consumersOf("orders.screened")).as("consumers of the tax stage's queue").isEqualTo(stageConsumers);
            assertThat(consumersOf("shipments.confirmed")).as("consumers of the shipping stage's queue").isEqualTo(stageConsumers);
        });
    }

    private int consumersOf(String queue) throws Exception {
        return broker.getDestination(new ActiveMQQueue(queue)).getConsumers().size();
    }

    @Test
    void anEditedConnectorIsUsedByTheNextOrderWithoutARestart() throws Exception {
        assertThat(taxOperationsOf(placeAndAwait("TAXED"))).containsOnly("quote");

        var rebuilt = reload.connector(edited("tax-http.kamelet.yaml",
                taxConnector.replace("constant: quote\n", "constant: quote-edited\n")));

        // the files that call tax-http (the tax stage, and order changes re-quoting tax), nothing else
        assertThat(rebuilt).contains("tax-calculation").doesNotContain("payment-authorisation", "shipping");
        assertThat(taxOperationsOf(placeAndAwait("TAXED"))).containsOnly("quote-edited");
        assertThat(camel.getRoutes()).filteredOn(route -> route.isCreatedByKamelet()
                && route.getRouteId().startsWith("tax-http")).as("the old connector route is gone").hasSize(1);
    }

    @Test
    void everyRouteFileThatCallsTheConnectorIsRebuiltAndTheOrderStillShipsAndIsCaptured() throws Exception {
        var rebuilt = reload.connector(file(connectorsDir.resolve("payment-http.kamelet.yaml")));

        // every file that calls payment-http: 60-payment, 85-shipping (with shipment-intake, fed by a
        // source connector), 96-compensation
        assertThat(rebuilt).contains("payment-authorisation", "shipping", "compensation", "shipment-intake")
                .doesNotContain("tax-calculation");
        String id = placeAndAwait("SHIPPED");
        assertThat(pipeline.ledger(id)).extracting(entry -> entry.get("operation").asText())
                .contains("authorize", "capture");
    }

    @Test
    void anEditedRouteFileFedByASourceConnectorKeepsReceivingConfirmations() throws Exception {
        var rebuilt = reload.routes(file(routesDir.resolve("85-shipping.camel.yaml")));

        assertThat(rebuilt).contains("shipment-intake", "shipping");
        placeAndAwait("SHIPPED");
    }

    @Test
    void anEditedRouteTemplateRemakesTheRouteOfEveryErpConnection() throws Exception {
        String original = Files.readString(routesDir.resolve("86-erp-export.camel.yaml"));
        String nameStep = "method: \"fileName(${exchangeProperty.orderId}, '{{name}}')\"";
        assertThat(original).contains(nameStep);
        try {
            var rebuilt = reload.routes(edited("86-erp-export.camel.yaml",
                    original.replace(nameStep, "simple: \"edited-${exchangeProperty.orderId}.{{name}}\"")));

            assertThat(rebuilt).contains("erp-export-sandbox", "erp-export-second");
            String id = placeAndAwait("RELEASED");
            Path sandbox = ftp.root().resolve("inbox/edited-" + id + ".sandbox");
            Path second = ftp.root().resolve("second/inbox/edited-" + id + ".second");
            await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(sandbox) && Files.exists(second));
        } finally {
            reload.routes(file(routesDir.resolve("86-erp-export.camel.yaml")));
        }
        String id = placeAndAwait("RELEASED");
        Path sandbox = ftp.root().resolve("inbox/order-" + id + ".csv");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(sandbox));
    }

    @Test
    void anEditedImportTemplateKeepsOneFtpSourcePerConnectionAndImportsOnce() throws Exception {
        var rebuilt = reload.routes(file(routesDir.resolve("87-erp-import.camel.yaml")));

        assertThat(rebuilt).contains("erp-import-sandbox", "erp-import-second", "erp-shipments");
        // one FTP source connector route per import route, none left feeding a removed route
        long importRoutes = camel.getRoutes().stream().filter(route -> !route.isCreatedByKamelet()
                && route.getEndpoint() instanceof KameletEndpoint source && "erp-ftp-source".equals(source.getTemplateId())).count();
        assertThat(camel.getRoutes()).filteredOn(route -> route.isCreatedByKamelet() && route.getRouteId().startsWith("erp-ftp-source"))
                .hasSize((int) importRoutes).hasSizeGreaterThanOrEqualTo(2);
        String sku = "RELOAD-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String name = "stock-" + sku + ".csv";
        Path staging = Files.createDirectories(ftp.root().resolve("staging")).resolve(name);
        Files.writeString(staging, "locationId;sku;onHand\nwh-hamburg;" + sku + ";17\n", StandardCharsets.UTF_8);
        Files.move(staging, ftp.root().resolve("outbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);

        await().atMost(90, TimeUnit.SECONDS).until(() -> Files.exists(ftp.root().resolve("outbox/.done").resolve(name)));
        assertThat(stock.get("wh-hamburg", sku).onHand()).isEqualTo(17);
        assertThat(jdbc.queryForObject("select count(*) from erp_imports where file_name = ?", Integer.class, name)).isEqualTo(1);
    }

    @Test
    void filesThatDoNotLoadLeaveTheRunningVersion() throws Exception {
        reload.connector(edited("tax-http.kamelet.yaml", taxConnector.replace("constant: quote\n", "constant: quote-edited\n")));

        Resource brokenConnector = edited("tax-http.kamelet.yaml", taxConnector.replace("  template:\n", "  template: [\n"));
        assertThatThrownBy(() -> reload.connector(brokenConnector)).isInstanceOf(Exception.class);
        Resource brokenRoutes = edited("50-tax.camel.yaml", "- route:\n    id: [tax-calculation\n");
        assertThatThrownBy(() -> reload.routes(brokenRoutes)).isInstanceOf(Exception.class);

        assertThat(taxOperationsOf(placeAndAwait("TAXED"))).containsOnly("quote-edited");
    }

    private Resource edited(String name, String content) throws Exception {
        Path file = editDir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file(file);
    }

    private Resource file(Path file) {
        return PluginHelper.getResourceLoader(camel).resolveResource("file:" + file.toAbsolutePath());
    }

    private String placeAndAwait(String status) {
        var response = hub.placeOrder(sampleOrder());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String id = json(response).get("id").asText();
        if (status.equals("SHIPPED")) {
            pipeline.awaitStatus(id, status);
        } else if (status.equals("RELEASED")) {
            // a site may ship its part before the others have taken theirs: the order then passes
            // RELEASED without entering it (SOURCED -> PARTIALLY_SHIPPED), and is exported all the same
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(25))
                    .until(() -> pipeline.statuses(pipeline.order(id)),
                            statuses -> statuses.stream().anyMatch(List.of("RELEASED", "PARTIALLY_SHIPPED", "SHIPPED")::contains));
        } else {
            pipeline.awaitHistoryEntry(id, status);
        }
        return id;
    }

    private List<String> taxOperationsOf(String orderId) {
        List<String> operations = new ArrayList<>();
        for (JsonNode call : pipeline.journey(orderId)) {
            if (call.get("partner").asText().equals("tax")) {
                operations.add(call.get("operation").asText());
            }
        }
        return operations;
    }
}
