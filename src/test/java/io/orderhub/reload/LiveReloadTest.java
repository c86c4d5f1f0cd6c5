package io.orderhub.reload;

import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

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
