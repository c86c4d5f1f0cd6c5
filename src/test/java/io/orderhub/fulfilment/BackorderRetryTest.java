package io.orderhub.fulfilment;

import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Backordered orders are sourced again once their stock comes in (routes/70-sourcing, backorder-retry). */
@HubTest
class BackorderRetryTest {

    @LocalServerPort
    int port;

    @Autowired
    StockAdmin stock;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
    }

    @Test
    void aBackorderedOrderShipsOnceItsStockComesInAndIsReservedOnce() {
        String sku = "BACKORDER-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String id = place(orderOf(sku, 3));
        pipeline.awaitStatus(id, "BACKORDERED");

        stock.set("wh-hamburg", sku, 5, 0);

        JsonNode shipped = pipeline.awaitStatus(id, "SHIPPED");
        assertThat(pipeline.statuses(shipped)).containsSubsequence("PAYMENT_AUTHORISED", "BACKORDERED", "RESERVED", "SOURCED",
                "RELEASED", "SHIPPED");
        assertThat(stock.get("wh-hamburg", sku).onHand()).as("the three units left the warehouse").isEqualTo(2);
        assertThat(pipeline.ledger(id)).extracting(entry -> entry.get("operation").asText()).contains("capture");

        // the same event again, twice (two hub instances' timers): nothing is planned or reserved again
        int historyBefore = shipped.get("history").size();
        NotifyBuilder handled = new NotifyBuilder(camel).fromRoute("backorder-sourcing").whenDone(2).create();
        producer.sendBody("activemq6:queue:orders.backordered", "{\"orderId\": \"" + id + "\"}");
        producer.sendBody("activemq6:queue:orders.backordered", "{\"orderId\": \"" + id + "\"}");
        assertThat(handled.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pipeline.order(id).get("history").size()).isEqualTo(historyBefore);
        assertThat(stock.get("wh-hamburg", sku).onHand()).isEqualTo(2);
    }

    @Test
    void anOrderWhoseStockHasNotComeInWaitsWithoutNewHistory() {
        String sku = "BACKORDER-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String id = place(orderOf(sku, 2));
        JsonNode backordered = pipeline.awaitStatus(id, "BACKORDERED");
        // stock of something else came in
        stock.set("wh-hamburg", sku + "-OTHER", 10, 0);

        NotifyBuilder ticks = new NotifyBuilder(camel).fromRoute("backorder-retry").whenDone(3).create();
        assertThat(ticks.matches(30, TimeUnit.SECONDS)).isTrue();
        JsonNode waiting = pipeline.order(id);
        assertThat(waiting.get("status").asText()).isEqualTo("BACKORDERED");
        assertThat(waiting.get("history").size()).isEqualTo(backordered.get("history").size());
    }

    @Test
    void partOfTheStockShipsWhatThereIsAsAtFirstSourcing() {
        String sku = "BACKORDER-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String id = place(orderOf(sku, 2));
        pipeline.awaitStatus(id, "BACKORDERED");

        stock.set("wh-hamburg", sku, 1, 0);

        JsonNode partly = pipeline.awaitStatus(id, "PARTIALLY_SHIPPED");
        assertThat(partly.get("history").toString()).contains("backordered: 1 x " + sku);
        assertThat(stock.get("wh-hamburg", sku).onHand()).isZero();
    }

    private static ObjectNode orderOf(String sku, int quantity) {
        ObjectNode order = sampleOrder();
        ArrayNode lines = order.putArray("lines");
        lines.addObject().put("sku", sku).put("name", "Limited print").put("quantity", quantity).put("unitPrice", "20.00");
        return order;
    }

    private String place(ObjectNode order) {
        var response = hub.placeOrder(order);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }
}
