package io.orderhub.pipeline;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.sandbox.PartnerSwitches;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** From payment to SHIPPED: sourcing, release per kind of location, shipment, capture of what shipped. */
@HubTest
class FulfilmentPipelineTest {

    @LocalServerPort
    int port;

    @Autowired
    PartnerSwitches switches;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
    }

    @AfterEach
    void partnersUp() {
        for (String partner : new String[] {"warehouse", "store", "dropship", "payment"}) {
            switches.set(partner, PartnerSwitches.Mode.UP, Duration.ZERO);
        }
    }

    @Test
    void anOrderTravelsFromPostToShippedWithItsPaymentCaptured() {
        String id = place(sampleOrder());

        JsonNode shipped = pipeline.awaitStatus(id, "SHIPPED");

        // RELEASED shows only when every site took its part before the first parcel left
        assertThat(pipeline.statuses(shipped)).containsSubsequence("RECEIVED", "ACCEPTED", "SCREENED", "TAXED",
                "PAYMENT_AUTHORISED", "RESERVED", "SOURCED", "SHIPPED");
        JsonNode ledger = pipeline.ledger(id);
        // the personalised mug goes to the workshop, the pickup tee to the store, the classic mug to a warehouse
        assertThat(entries(ledger, "release")).extracting(entry -> entry.get("partner").asText())
                .containsExactlyInAnyOrder("warehouse", "warehouse", "store");
        assertThat(jdbc.queryForList("select location_id from fulfilment_orders where order_id = ? order by id", String.class, id))
                .contains("workshop-leipzig", "store-berlin-mitte");
        assertThat(entries(ledger, "authorize")).hasSize(1);
        assertThat(sum(entries(ledger, "capture"))).isEqualByComparingTo(shipped.at("/totals/total").asText());
        assertThat(pipeline.journey(id)).extracting(call -> call.get("stage").asText() + ":" + call.get("partner").asText())
                .contains("fraud:fraud", "tax:tax", "payment:payment", "release:warehouse", "release:store", "shipping:payment");
        // the customer hears of it: each parcel's tracking number reaches the real (embedded) SMTP server
        String externalId = shipped.get("externalId").asText();
        List<String> trackingNumbers = jdbc.queryForList("select tracking_number from shipments where order_id = ?", String.class, id);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> texts = new java.util.ArrayList<>();
            json(hub.get("/sandbox/admin/mail?to=" + shipped.at("/customer/email").asText(), ADMIN))
                    .forEach(mail -> texts.add(mail.path("text").asText()));
            assertThat(texts).filteredOn(text -> text.contains(externalId)).hasSize(1 + trackingNumbers.size());
            assertThat(String.join("\n", texts)).contains(trackingNumbers);
        });
    }

    @Test
    void aPartialShipmentCapturesOnlyWhatShipped() {
        ObjectNode order = singleWarehouseOrder();
        ((ObjectNode) order.get("customer")).put("email", "pat+partial@example.com");
        String id = place(order);

        JsonNode shipped = pipeline.awaitStatus(id, "SHIPPED");

        assertThat(pipeline.statuses(shipped)).containsSubsequence("RELEASED", "PARTIALLY_SHIPPED", "SHIPPED");
        List<JsonNode> captures = entries(pipeline.ledger(id), "capture");
        assertThat(captures).hasSize(2);
        // first parcel: line 1 only, 2 x 12.50 plus 20% tax
        assertThat(new BigDecimal(captures.get(0).get("amount").asText())).isEqualByComparingTo("30.00");
        assertThat(sum(captures)).isEqualByComparingTo(shipped.at("/totals/total").asText());
    }

    @Test
    void anExpiredAuthorisationIsRenewedBeforeCapture() {
        ObjectNode order = singleWarehouseOrder();
        ((ObjectNode) order.get("payment")).put("token", "tok_expired");
        String id = place(order);

        JsonNode shipped = pipeline.awaitStatus(id, "SHIPPED");

        JsonNode ledger = pipeline.ledger(id);
        assertThat(entries(ledger, "authorize")).hasSize(2);
        assertThat(entries(ledger, "capture")).singleElement().satisfies(capture ->
                assertThat(capture.get("parentReference").asText()).isEqualTo(entries(ledger, "authorize").get(1).get("reference").asText()));
        assertThat(sum(entries(ledger, "capture"))).isEqualByComparingTo(shipped.at("/totals/total").asText());
    }

    @Test
    void aWarehouseThatStaysDownFailsTheOrderWhichIsCompensatedAndCompletesAfterReplay() {
        switches.set("warehouse", PartnerSwitches.Mode.DOWN, Duration.ZERO);
        String id = place(singleWarehouseOrder());

        pipeline.awaitStatus(id, "FAILED");
        await().atMost(Duration.ofSeconds(20)).until(() -> entries(pipeline.ledger(id), "void").size() == 1);
        JsonNode letter = await().atMost(Duration.ofSeconds(10)).until(() -> letterFor(id), found -> found != null);
        assertThat(letter.get("queue").asText()).isEqualTo("fulfilment.requested");
        assertThat(jdbc.queryForObject("select coalesce(sum(quantity), 0) from stock_reservations where order_id = ?",
                Integer.class, id)).as("stock given back").isZero();

        switches.set("warehouse", PartnerSwitches.Mode.UP, Duration.ZERO);
        assertThat(hub.post("/api/dead-letters/" + letter.get("id").asText() + "/replay", ADMIN, "").statusCode()).isEqualTo(200);

        JsonNode shipped = pipeline.awaitStatus(id, "SHIPPED");
        assertThat(pipeline.statuses(shipped)).containsSubsequence("SOURCED", "FAILED", "TAXED", "PAYMENT_AUTHORISED", "SHIPPED");
        JsonNode ledger = pipeline.ledger(id);
        assertThat(entries(ledger, "authorize")).hasSize(2);
        assertThat(entries(ledger, "authorize").get(0).get("status").asText()).isEqualTo("voided");
        assertThat(sum(entries(ledger, "capture"))).isEqualByComparingTo(shipped.at("/totals/total").asText());
    }

    @Test
    void redeliveredSourcingReleaseAndShipmentMessagesChangeNothing() {
        String id = place(singleWarehouseOrder());
        pipeline.awaitStatus(id, "SHIPPED");
        JsonNode before = pipeline.order(id);
        JsonNode ledgerBefore = pipeline.ledger(id);
        String fulfilmentId = jdbc.queryForObject("select id from fulfilment_orders where order_id = ?", String.class, id);
        var shipment = jdbc.queryForMap("select shipment_id, tracking_number from shipments where order_id = ?", id);
        String confirmation = "{\"event\":\"SHIPPED\",\"fulfilment_ref\":\"" + fulfilmentId + "\",\"order_ref\":\"" + id
                + "\",\"parcel\":{\"id\":\"" + shipment.get("shipment_id") + "\",\"carrier\":\"sandbox-post\",\"tracking_no\":\""
                + shipment.get("tracking_number") + "\"},\"items\":[{\"line\":1,\"qty\":2},{\"line\":2,\"qty\":1}]}";
        NotifyBuilder done = new NotifyBuilder(camel)
                .fromRoute("sourcing").whenCompleted(2)
                .and().fromRoute("release").whenCompleted(2)
                .and().fromRoute("shipping").whenCompleted(2)
                .create();

        for (int i = 0; i < 2; i++) {
            producer.sendBody("activemq6:queue:orders.authorised", "{\"orderId\":\"" + id + "\"}");
            producer.sendBody("activemq6:queue:fulfilment.requested", "{\"orderId\":\"" + id + "\",\"fulfilmentOrderId\":\"" + fulfilmentId + "\"}");
            producer.sendBody("activemq6:queue:warehouse.confirmations", confirmation);
        }

        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        JsonNode after = pipeline.order(id);
        assertThat(after.get("history")).isEqualTo(before.get("history"));
        assertThat(pipeline.ledger(id)).isEqualTo(ledgerBefore);
    }

    /** Two lines, both stocked at the Hamburg warehouse: one fulfilment order. */
    private static ObjectNode singleWarehouseOrder() {
        ObjectNode order = sampleOrder();
        ArrayNode lines = order.putArray("lines");
        lines.addObject().put("sku", "MUG-CLASSIC").put("quantity", 2).put("unitPrice", "12.50");
        lines.addObject().put("sku", "NOTEBOOK-A5").put("quantity", 1).put("unitPrice", "8.90");
        return order;
    }

    private JsonNode letterFor(String orderId) {
        for (JsonNode letter : pipeline.deadLetters()) {
            if (orderId.equals(letter.path("orderId").asText())) {
                return letter;
            }
        }
        return null;
    }

    private static List<JsonNode> entries(JsonNode ledger, String operation) {
        List<JsonNode> found = new java.util.ArrayList<>();
        ledger.forEach(entry -> {
            if (entry.get("operation").asText().equals(operation)) {
                found.add(entry);
            }
        });
        return found;
    }

    private static BigDecimal sum(List<JsonNode> entries) {
        return entries.stream().map(entry -> new BigDecimal(entry.get("amount").asText())).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private String place(ObjectNode order) {
        var response = hub.placeOrder(order);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }
}
