package io.orderhub.carrier;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.sandbox.PartnerSwitches;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** GET /api/orders/{id}/shipments: the order's parcels with live tracking, for whom and when the carrier fails. */
@HubTest
class ShipmentsApiTest {

    /** One shipped order serves the tests: they only read it. */
    private static String shippedOrder;

    @LocalServerPort
    int port;

    @Autowired
    PartnerSwitches switches;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void shippedOrder() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
        if (shippedOrder == null) {
            shippedOrder = place(sampleOrder(), STOREFRONT);
            pipeline.awaitStatus(shippedOrder, "SHIPPED");
        }
    }

    @AfterEach
    void carrierUp() {
        switches.set("carrier", PartnerSwitches.Mode.UP, Duration.ZERO);
    }

    @Test
    void eachShipmentComesWithWhereItsParcelIsNow() {
        var response = hub.get("/api/orders/" + shippedOrder + "/shipments", AGENT);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.get("orderId").asText()).isEqualTo(shippedOrder);
        // warehouse, workshop and store each sent one parcel; in the sandbox a step lasts a minute
        assertThat(answer.get("shipments")).hasSize(3).allSatisfy(shipment -> {
            assertThat(shipment.get("carrier").asText()).isEqualTo("sandbox-post");
            assertThat(shipment.get("trackingNumber").asText()).startsWith("SBX");
            assertThat(shipment.get("shippedAt").asText()).isNotEmpty();
            assertThat(shipment.get("lines")).isNotEmpty();
            assertThat(shipment.at("/tracking/available").asBoolean()).isTrue();
            assertThat(shipment.at("/tracking/status").asText()).isEqualTo("label_created");
            assertThat(shipment.at("/tracking/events/0/status").asText()).isEqualTo("label_created");
            assertThat(shipment.at("/tracking/estimatedDelivery").asText()).isNotEmpty();
        });
        int units = 0;
        for (JsonNode line : answer.get("shipments").findValues("quantity")) {
            units += line.asInt();
        }
        assertThat(units).as("every unit of the order shipped once").isEqualTo(4);
    }

    @Test
    void aCarrierThatIsDownLeavesTheShipmentsWithoutTracking() {
        switches.set("carrier", PartnerSwitches.Mode.DOWN, Duration.ZERO);

        var response = hub.get("/api/orders/" + shippedOrder + "/shipments", ADMIN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("shipments")).hasSize(3).allSatisfy(shipment -> {
            assertThat(shipment.get("trackingNumber").asText()).startsWith("SBX");
            assertThat(shipment.at("/tracking/available").asBoolean()).isFalse();
            assertThat(shipment.at("/tracking/reason").asText()).contains("carrier did not answer");
            assertThat(shipment.at("/tracking/status").isMissingNode()).isTrue();
        });
    }

    @Test
    void aStorefrontSeesTheShipmentsOfItsOwnChannelOnly() {
        ObjectNode phoneOrder = sampleOrder().put("channel", "phone");
        String otherChannel = place(phoneOrder, AGENT);

        assertThat(hub.get("/api/orders/" + shippedOrder + "/shipments", STOREFRONT).statusCode()).isEqualTo(200);
        var refused = hub.get("/api/orders/" + otherChannel + "/shipments", STOREFRONT);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(json(refused).get("type").asText()).endsWith("order-not-found");
        assertThat(hub.get("/api/orders/" + otherChannel + "/shipments", AGENT).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownOrderIsNotFoundAndAnUnknownCallerIsTurnedAway() {
        assertThat(hub.get("/api/orders/no-such-order/shipments", AGENT).statusCode()).isEqualTo(404);
        assertThat(hub.get("/api/orders/" + shippedOrder + "/shipments", null).statusCode()).isEqualTo(401);
        assertThat(hub.get("/api/orders/" + shippedOrder + "/shipments", "not-a-key").statusCode()).isEqualTo(401);
    }

    @Test
    void anOrderNotShippedYetHasNoShipments() {
        ObjectNode held = sampleOrder();
        // a fraud review holds the order before anything ships
        ((ObjectNode) held.get("customer")).put("email", "pat+review@example.com");
        String id = place(held, STOREFRONT);
        pipeline.awaitStatus(id, "FRAUD_HOLD");

        var response = hub.get("/api/orders/" + id + "/shipments", AGENT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("shipments")).isEmpty();
    }

    private String place(ObjectNode order, String apiKey) {
        // agents place orders for a customer, with a reason
        var response = apiKey.equals(STOREFRONT) ? hub.post("/api/orders", apiKey, order.toString()) : hub.placeOnBehalf(order);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }
}
