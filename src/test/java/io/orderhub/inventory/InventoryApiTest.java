package io.orderhub.inventory;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.order.OrderJson;
import io.orderhub.sourcing.SourcingService;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Operators set and adjust stock over HTTP; agents read it; storefronts do neither. */
@HubTest
class InventoryApiTest {

    @LocalServerPort
    int port;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    @Test
    void anAdminSetsStockAndAnAgentReadsItWithReservedAndAvailable() {
        String sku = InventoryFixtures.sku("LAMP");

        HttpResponse<String> set = put("/api/inventory/wh-hamburg/" + sku, ADMIN, "{\"onHand\": 12, \"safetyStock\": 2}");
        HttpResponse<String> onlyOnHand = put("/api/inventory/wh-hamburg/" + sku, ADMIN, "{\"onHand\": 15}");
        JsonNode read = json(hub.get("/api/inventory/wh-hamburg/" + sku, AGENT));

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(json(set).get("available").asInt()).isEqualTo(10);
        assertThat(onlyOnHand.statusCode()).isEqualTo(200);
        assertThat(read.get("locationId").asText()).isEqualTo("wh-hamburg");
        assertThat(read.get("sku").asText()).isEqualTo(sku);
        assertThat(read.get("onHand").asInt()).isEqualTo(15);
        assertThat(read.get("safetyStock").asInt()).as("kept when not given").isEqualTo(2);
        assertThat(read.get("reserved").asInt()).isZero();
        assertThat(read.get("available").asInt()).isEqualTo(13);
        assertThat(read.get("updatedAt").asText()).isNotBlank();
    }

    @Test
    void aSkuALocationNeverHeldReadsAsZeroAndAnUnknownLocationIsNotFound() {
        JsonNode never = json(hub.get("/api/inventory/wh-munich/" + InventoryFixtures.sku("NEVER"), ADMIN));
        HttpResponse<String> unknownRead = hub.get("/api/inventory/wh-atlantis/ANY", ADMIN);
        HttpResponse<String> unknownWrite = put("/api/inventory/wh-atlantis/ANY", ADMIN, "{\"onHand\": 1}");

        assertThat(never.get("onHand").asInt()).isZero();
        assertThat(never.get("updatedAt").isNull()).isTrue();
        assertThat(unknownRead.statusCode()).isEqualTo(404);
        assertThat(unknownWrite.statusCode()).isEqualTo(404);
        assertThat(json(unknownWrite).get("type").asText()).endsWith("/location-not-found");
        assertThat(unknownWrite.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void everyProblemOfAStockUpdateIsReportedWithItsPointer() {
        HttpResponse<String> invalid = put("/api/inventory/wh-hamburg/LAMP", ADMIN, "{\"onHand\": -1, \"safetyStock\": 1.5, \"colour\": \"red\"}");
        HttpResponse<String> missing = put("/api/inventory/wh-hamburg/LAMP", ADMIN, "{}");
        HttpResponse<String> malformed = put("/api/inventory/wh-hamburg/LAMP", ADMIN, "{\"onHand\": ");
        HttpResponse<String> notJson = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/api/inventory/wh-hamburg/LAMP"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("12")).build());

        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(json(invalid).get("type").asText()).endsWith("/invalid-stock-update");
        assertThat(json(invalid).get("errors")).extracting(error -> error.get("pointer").asText())
                .containsExactlyInAnyOrder("/onHand", "/safetyStock", "/colour");
        assertThat(json(missing).get("errors")).extracting(error -> error.get("pointer").asText()).containsExactly("/onHand");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(notJson.statusCode()).isEqualTo(415);
    }

    @Test
    void onHandMayNotFallBelowWhatIsReserved(@Autowired StockAdmin admin, @Autowired SourcingService sourcing,
                                             @Autowired OrderJson orderJson) {
        String sku = InventoryFixtures.sku("LAMP");
        admin.set("wh-hamburg", sku, 5, 0);
        sourcing.reserveAndPlan(InventoryFixtures.order(orderJson, "20095", InventoryFixtures.Line.shipped(sku, 4)));

        HttpResponse<String> tooLow = put("/api/inventory/wh-hamburg/" + sku, ADMIN, "{\"onHand\": 3}");
        HttpResponse<String> justEnough = put("/api/inventory/wh-hamburg/" + sku, ADMIN, "{\"onHand\": 4}");

        assertThat(tooLow.statusCode()).isEqualTo(409);
        assertThat(json(tooLow).get("type").asText()).endsWith("/stock-below-reserved");
        assertThat(json(tooLow).get("detail").asText()).contains("4 reserved");
        assertThat(justEnough.statusCode()).isEqualTo(200);
        assertThat(json(justEnough).get("available").asInt()).isZero();
    }

    @Test
    void adjustmentsApplyTogetherInTheOrderGiven() {
        String a = InventoryFixtures.sku("A");
        String b = InventoryFixtures.sku("B");
        HttpResponse<String> response = hub.post("/api/inventory/adjustments", ADMIN, """
                {"adjustments": [
                  {"locationId": "wh-hamburg", "sku": "%s", "onHand": 10},
                  {"locationId": "wh-munich", "sku": "%s", "delta": 7},
                  {"locationId": "wh-hamburg", "sku": "%s", "delta": -3}
                ]}""".formatted(a, b, a));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("applied").asInt()).isEqualTo(3);
        assertThat(json(response).get("stock")).extracting(level -> level.get("sku").asText() + "@" + level.get("locationId").asText()
                + "=" + level.get("onHand").asInt()).containsExactly(a + "@wh-hamburg=7", b + "@wh-munich=7");
    }

    @Test
    void aBatchWithOneImpossibleAdjustmentChangesNothing() {
        String a = InventoryFixtures.sku("A");
        String b = InventoryFixtures.sku("B");
        put("/api/inventory/wh-hamburg/" + a, ADMIN, "{\"onHand\": 5}");
        HttpResponse<String> response = hub.post("/api/inventory/adjustments", ADMIN, """
                {"adjustments": [
                  {"locationId": "wh-hamburg", "sku": "%s", "delta": 10},
                  {"locationId": "wh-munich", "sku": "%s", "delta": -1}
                ]}""".formatted(a, b));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("errors")).extracting(error -> error.get("pointer").asText()).containsExactly("/adjustments/1/delta");
        assertThat(json(hub.get("/api/inventory/wh-hamburg/" + a, ADMIN)).get("onHand").asInt()).isEqualTo(5);
        assertThat(json(hub.get("/api/inventory/wh-munich/" + b, ADMIN)).get("updatedAt").isNull()).isTrue();
    }

    @Test
    void invalidAdjustmentsAreAllReportedBeforeAnythingChanges() {
        HttpResponse<String> response = hub.post("/api/inventory/adjustments", ADMIN, """
                {"adjustments": [
                  {"locationId": "wh-nowhere", "sku": "A", "delta": 1},
                  {"locationId": "wh-hamburg", "sku": "bad sku!", "onHand": 1},
                  {"locationId": "wh-hamburg", "sku": "A", "delta": 1, "onHand": 2},
                  {"locationId": "wh-hamburg", "sku": "A", "delta": 0},
                  "not an object"
                ], "dryRun": true}""");
        HttpResponse<String> empty = hub.post("/api/inventory/adjustments", ADMIN, "{\"adjustments\": []}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("errors")).extracting(error -> error.get("pointer").asText()).containsExactlyInAnyOrder(
                "/dryRun", "/adjustments/0/locationId", "/adjustments/1/sku", "/adjustments/2", "/adjustments/3/delta", "/adjustments/4");
        assertThat(json(empty).get("errors")).extracting(error -> error.get("pointer").asText()).containsExactly("/adjustments");
    }

    @Test
    void onlyAdminsChangeStockAndStorefrontsCannotReadIt() {
        String body = "{\"onHand\": 1}";
        String batch = "{\"adjustments\": [{\"locationId\": \"wh-hamburg\", \"sku\": \"A\", \"delta\": 1}]}";

        assertThat(put("/api/inventory/wh-hamburg/A", STOREFRONT, body).statusCode()).isEqualTo(403);
        assertThat(put("/api/inventory/wh-hamburg/A", AGENT, body).statusCode()).isEqualTo(403);
        assertThat(hub.post("/api/inventory/adjustments", STOREFRONT, batch).statusCode()).isEqualTo(403);
        assertThat(hub.post("/api/inventory/adjustments", AGENT, batch).statusCode()).isEqualTo(403);
        assertThat(hub.get("/api/inventory/wh-hamburg/A", STOREFRONT).statusCode()).isEqualTo(403);
        assertThat(hub.get("/api/inventory/wh-hamburg/A", null).statusCode()).isEqualTo(401);
        assertThat(put("/api/inventory/wh-hamburg/A", null, body).statusCode()).isEqualTo(401);
        assertThat(json(put("/api/inventory/wh-hamburg/A", STOREFRONT, body)).get("type").asText()).endsWith("/forbidden");
    }

    private HttpResponse<String> put(String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return hub.send(request.build());
    }
}
