package io.orderhub.customer;

import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.fulfilment.FulfilmentOrders;
import io.orderhub.inventory.InventoryFixtures;
import io.orderhub.inventory.InventoryFixtures.Line;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.sandbox.PartnerSwitches;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The delivery date a customer is promised: the date the delivery options promised at checkout
 * for what was sourced, until each parcel's carrier estimates its own.
 */
@HubTest
class PromisedDeliveryTest {

    @LocalServerPort
    int port;

    @Autowired
    StockAdmin stock;

    @Autowired
    PartnerSwitches switches;

    @Autowired
    FulfilmentOrders fulfilments;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
    }

    @Test
    void theCustomerSeesTheDatePromisedAtCheckoutUntilTheCarrierEstimatesTheParcel() {
        String tee = InventoryFixtures.sku("TEE");
        stock.set("wh-hamburg", tee, 5, 0);
        JsonNode offered = json(hub.get("/api/delivery-options?sku=" + tee + "&qty=1&postalCode=20095", STOREFRONT));
        String promisedAtCheckout = option(offered, "express").get("promisedDate").asText();
        ObjectNode order = InventoryFixtures.orderBody("20095", "DE", Line.shipped(tee, 1));
        order.put("deliveryOption", "express");

        JsonNode placed = json(hub.placeOrder(order));
        JsonNode beforeShipping = trackWhileSourced(placed);
        assertThat(beforeShipping.get("shipments")).isEmpty();
        assertThat(beforeShipping.get("promisedDelivery").asText()).isEqualTo(promisedAtCheckout);

        pipeline.awaitStatus(placed.get("id").asText(), "SHIPPED");
        JsonNode shipped = track(placed);
        String estimated = shipped.at("/shipments/0/estimatedDelivery").asText();
        assertThat(shipped.get("shipments")).hasSize(1);
        assertThat(shipped.get("promisedDelivery").asText())
                .as("the carrier's estimate %s replaces the promise once the parcel is on its way", estimated)
                .isEqualTo(LocalDate.parse(estimated.substring(0, 10)).toString());
    }

    @Test
    void anOptionTheShippingLocationCannotHonourPromisesNoDate() {
        String tee = InventoryFixtures.sku("TEE");
        stock.set("wh-munich", tee, 5, 0);
        // same-day is a courier within the metro area: Munich cannot reach Hamburg the same day
        ObjectNode order = InventoryFixtures.orderBody("20095", "DE", Line.shipped(tee, 1));
        order.put("deliveryOption", "same-day");

        JsonNode placed = json(hub.placeOrder(order));
        JsonNode beforeShipping = trackWhileSourced(placed);

        assertThat(fulfilments.promises(placed.get("id").asText())).singleElement()
                .satisfies(promise -> assertThat(promise.date()).isNull());
        assertThat(beforeShipping.get("promisedDelivery").isNull())
                .as("no promise for what was sourced, so none for the order").isTrue();
    }

    @Test
    void aBackorderedOrderIsPromisedNothingUntilItIsSourced() {
        String tee = InventoryFixtures.sku("TEE");
        JsonNode placed = json(hub.placeOrder(InventoryFixtures.orderBody("20095", "DE", Line.shipped(tee, 1))));
        pipeline.awaitStatus(placed.get("id").asText(), "BACKORDERED");

        assertThat(track(placed).get("promisedDelivery").isNull()).isTrue();
    }

    /** The customer's view while the order waits at SOURCED: the warehouse takes its time over the release. */
    private JsonNode trackWhileSourced(JsonNode placed) {
        switches.set("warehouse", PartnerSwitches.Mode.SLOW, Duration.ofMillis(2_000));
        try {
            pipeline.awaitHistoryEntry(placed.get("id").asText(), "SOURCED");
            return track(placed);
        } finally {
            switches.set("warehouse", PartnerSwitches.Mode.UP, Duration.ZERO);
        }
    }

    private JsonNode track(JsonNode placed) {
        var response = hub.get("/api/track/" + placed.at("/customerAccess/token").asText(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode option(JsonNode answer, String id) {
        for (JsonNode option : answer.get("options")) {
            if (option.get("id").asText().equals(id)) {
                return option;
            }
        }
        throw new AssertionError("no option " + id + " in " + answer);
    }
}
