package io.orderhub.sourcing;

import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.inventory.InventoryFixtures;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The dry run: the plan and the rule behind each line, for the examples README shows, reserving nothing. */
@HubTest
class SourcingPreviewApiTest {

    @LocalServerPort
    int port;

    @Autowired
    StockAdmin admin;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    @Test
    void theSplitExampleShipsFromBothWarehouses() throws IOException {
        JsonNode plan = json(hub.post("/api/sourcing/preview", AGENT, Files.readString(Path.of("examples/order-split.json"))));

        assertThat(plan.get("fulfilments")).extracting(fulfilment -> fulfilment.get("locationId").asText())
                .containsExactly("wh-hamburg", "wh-munich");
        assertThat(plan.get("decisions")).extracting(decision -> decision.get("rule").asText())
                .containsOnly(RuleDecision.SPLIT_SHIPMENT);
        assertThat(plan.get("hasBackorders").asBoolean()).isFalse();
    }

    @Test
    void thePersonalisedExampleSendsTheMugToTheWorkshopWithItsText() throws IOException {
        JsonNode plan = json(hub.post("/api/sourcing/preview", STOREFRONT, Files.readString(Path.of("examples/order-personalised.json"))));

        assertThat(plan.get("fulfilments")).extracting(fulfilment -> fulfilment.get("locationId").asText())
                .containsExactly("wh-munich", "workshop-leipzig");
        assertThat(plan.at("/fulfilments/1/lines/0/personalisation").asText()).isEqualTo("Happy 40th, Katherine!");
        assertThat(plan.get("decisions")).extracting(decision -> decision.get("rule").asText())
                .containsExactly(RuleDecision.PERSONALISATION, RuleDecision.SINGLE_LOCATION);
    }

    @Test
    void theReadmeExampleUsesWorkshopWarehouseAndTheChosenStore() {
        JsonNode plan = json(hub.post("/api/sourcing/preview", AGENT, HubClient.sampleOrder().toString()));

        assertThat(plan.get("decisions")).extracting(decision -> decision.get("rule").asText())
                .containsExactly(RuleDecision.SINGLE_LOCATION, RuleDecision.PERSONALISATION, RuleDecision.PICKUP);
        assertThat(plan.get("fulfilments")).extracting(fulfilment -> fulfilment.get("locationId").asText())
                .contains("store-berlin-mitte", "workshop-leipzig");
    }

    @Test
    void aPreviewReservesNothing() {
        String lamp = InventoryFixtures.sku("LAMP");
        admin.set("wh-hamburg", lamp, 2, 0);
        String body = InventoryFixtures.orderBody("20095", "DE", InventoryFixtures.Line.shipped(lamp, 3)).toString();

        JsonNode first = json(hub.post("/api/sourcing/preview", AGENT, body));
        JsonNode second = json(hub.post("/api/sourcing/preview", AGENT, body));

        assertThat(first).isEqualTo(second);
        assertThat(first.at("/backordered/0/quantity").asInt()).isEqualTo(1);
        assertThat(first.at("/decisions/0/rule").asText()).isEqualTo(RuleDecision.BACKORDER);
        assertThat(first.get("whenUnavailable").asText()).isEqualTo("backorder");
        assertThat(admin.get("wh-hamburg", lamp).reserved()).isZero();
    }

    @Test
    void anInvalidOrderIsRefusedAsAnyOrderWouldBe() {
        HttpResponse<String> invalid = hub.post("/api/sourcing/preview", AGENT, "{\"lines\": []}");
        HttpResponse<String> malformed = hub.post("/api/sourcing/preview", AGENT, "{");
        HttpResponse<String> noKey = hub.post("/api/sourcing/preview", null, "{}");

        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(json(invalid).get("type").asText()).endsWith("/invalid-order");
        assertThat(json(invalid).get("errors")).extracting(error -> error.get("pointer").asText()).contains("/lines", "/currency");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(noKey.statusCode()).isEqualTo(401);
    }
}
