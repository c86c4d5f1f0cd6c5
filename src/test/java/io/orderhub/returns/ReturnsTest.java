package io.orderhub.returns;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.OrderRepository;
import io.orderhub.sandbox.PartnerSwitches;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

/**
 * Returns from request to refund: which units may come back, labels and drop-offs, receipt by
 * condition, exactly one refund however often the refund stage's message is delivered.
 * The sample order: line 1 two classic mugs at 12.50 (from a warehouse), line 2 an engraved mug,
 * line 3 a tee picked up in Berlin; shipped to GB, taxed at 20%.
 */
@HubTest
class ReturnsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    PartnerSwitches switches;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
    }

    @AfterEach
    void partnersUp() {
        switches.set("carrier", PartnerSwitches.Mode.UP, Duration.ZERO);
        switches.set("payment", PartnerSwitches.Mode.UP, Duration.ZERO);
    }

    @Test
    void aMailedReturnGetsALabelAndIsRefundedOnceAndOnlyResellableUnitsAreRestocked() {
        String email = "returns-" + UUID.randomUUID() + "@example.com";
        String id = shippedOrder(email);
        int stockBefore = onHand("wh-hamburg", "MUG-CLASSIC");

        HttpResponse<String> created = requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 2}],"
                + " \"method\": \"mail\", \"reason\": \"too small\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode ret = json(created);
        String rma = ret.get("returnId").asText();
        assertThat(rma).matches("RMA-[0-9A-HJKMNP-TV-Z]{10}");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/returns/" + rma);
        assertThat(ret.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(ret.at("/label/labelUrl").asText()).contains("/sandbox/carrier/v1/labels/").endsWith(".pdf");
        assertThat(ret.at("/label/trackingNumber").asText()).isNotBlank();
        assertThat(ret.at("/returnTo/locationId").asText()).isEqualTo("wh-hamburg");
        // 2 x 12.50 and the line's 20% tax
        assertThat(ret.get("amount").asText()).isEqualTo("30.00");
        JsonNode requested = pipeline.order(id);
        assertThat(requested.get("status").asText()).isEqualTo("RETURN_REQUESTED");
        JsonNode entry = last(requested.get("history"));
        assertThat(entry.get("actor").asText()).isEqualTo("storefront");
        assertThat(entry.get("reason").asText()).contains(rma).contains("too small");

        HttpResponse<String> received = receipt(rma, AGENT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1, \"condition\": \"RESELLABLE\"},"
                + " {\"lineNumber\": 1, \"quantity\": 1, \"condition\": \"damaged\"}], \"reason\": \"checked at the returns desk\"}");

        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        assertThat(json(received).get("status").asText()).isEqualTo("RECEIVED");
        JsonNode refunded = awaitReturnStatus(rma, "REFUNDED");
        assertThat(refunded.get("refundedAmount").asText()).isEqualTo("30.00");
        assertThat(refunded.get("history").findValuesAsText("to")).containsExactly("REQUESTED", "RECEIVED", "REFUNDED");
        assertThat(refunded.get("history").get(1).get("actorId").asText()).isEqualTo("dev-agent");
        List<JsonNode> refunds = ledger(id, "refund");
        assertThat(refunds).singleElement().satisfies(refund -> {
            assertThat(refund.get("amount").asText()).isEqualTo("30");
            assertThat(refund.get("idempotencyKey").asText()).isEqualTo(id + ":return:" + rma + ":refund:" + refund.get("parentReference").asText());
        });
        // one of the two mugs came back resellable: one unit back in stock where it was received
        assertThat(onHand("wh-hamburg", "MUG-CLASSIC")).isEqualTo(stockBefore + 1);
        JsonNode order = pipeline.awaitStatus(id, "REFUNDED");
        assertThat(pipeline.statuses(order)).containsSubsequence("SHIPPED", "RETURN_REQUESTED", "RETURN_RECEIVED", "REFUNDED");
        // the customer is told the return arrived and the money is on its way
        String externalId = order.get("externalId").asText();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(mailSubjects(email))
                .contains("Return for order " + externalId + " received", "Refund for order " + externalId));
        JsonNode told = json(hub.get("/api/orders/" + id + "/notifications", AGENT)).get("notifications");
        assertThat(told.findValuesAsText("event")).contains("return-received", "refunded");
    }

    @Test
    void theRefundStageRefundsAndRestocksOnceHoweverOftenItsMessageIsDelivered() {
        String id = shippedOrder("redelivery-" + UUID.randomUUID() + "@example.com");
        int stockBefore = onHand("wh-hamburg", "MUG-CLASSIC");
        String rma = json(requestReturn(id, AGENT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 2}], \"method\": \"mail\","
                + " \"reason\": \"customer called: wrong colour\"}")).get("returnId").asText();
        NotifyBuilder threeDone = new NotifyBuilder(camel).fromRoute("return-refund")
                .filter(exchange -> rma.equals(exchange.getProperty("returnId")) && exchange.getProperty(org.apache.camel.Exchange.SPLIT_INDEX) == null)
                .whenDone(3).create();

        assertThat(receipt(rma, AGENT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 2, \"condition\": \"RESELLABLE\"}],"
                + " \"reason\": \"both fine\"}").statusCode()).isEqualTo(200);
        // the same message twice more, side by side with the one the receipt sent
        String message = "{\"orderId\": \"" + id + "\", \"returnId\": \"" + rma + "\"}";
        producer.sendBody("activemq6:queue:returns.received", message);
        producer.sendBody("activemq6:queue:returns.received", message);

        assertThat(threeDone.matches(60, TimeUnit.SECONDS)).isTrue();
        awaitReturnStatus(rma, "REFUNDED");
        assertThat(ledger(id, "refund")).singleElement()
                .satisfies(refund -> assertThat(refund.get("amount").asText()).isEqualTo("30"));
        assertThat(onHand("wh-hamburg", "MUG-CLASSIC")).isEqualTo(stockBefore + 2);
        JsonNode ret = json(hub.get("/api/returns/" + rma, AGENT));
        assertThat(ret.get("history").findValuesAsText("to")).containsExactly("REQUESTED", "RECEIVED", "REFUNDED");
        assertThat(pipeline.statuses(pipeline.order(id)).stream().filter("REFUNDED"::equals)).hasSize(1);
        // on the hub's side too, not only because the provider drops repeated keys: one refund call, answered
        List<String> refundCalls = new ArrayList<>();
        pipeline.journey(id).forEach(call -> {
            if (call.get("operation").asText().equals("refund")) {
                refundCalls.add(call.get("outcome").asText());
            }
        });
        assertThat(refundCalls).containsExactly("OK");
    }

    @Test
    void aRefundThePaymentProviderKeepsFailingIsDeadLetteredAndMadeOnceWhenReplayed() {
        String email = "retry-" + UUID.randomUUID() + "@example.com";
        String id = shippedOrder(email);
        String rma = json(requestReturn(id, AGENT, "{\"lines\": [{\"lineNumber\": 2, \"quantity\": 1}], \"method\": \"store\","
                + " \"storeId\": \"store-hamburg-altona\", \"reason\": \"engraving misspelt\"}")).get("returnId").asText();
        switches.set("payment", PartnerSwitches.Mode.DOWN, Duration.ZERO);

        receipt(rma, AGENT, "{\"lines\": [{\"lineNumber\": 2, \"quantity\": 1, \"condition\": \"DAMAGED\"}], \"reason\": \"scratched\"}");

        JsonNode letter = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> deadLetterOf(id), found -> found != null);
        assertThat(letter.get("queue").asText()).isEqualTo("returns.refunds");
        // a refund that fails does not fail the order: it waits, received, for the operator
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("RETURN_RECEIVED");
        // the customer hears the return arrived all the same: the notice left with the receipt, not the refund
        String externalId = pipeline.order(id).get("externalId").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(mailSubjects(email))
                .contains("Return for order " + externalId + " received"));
        assertThat(mailSubjects(email)).doesNotContain("Refund for order " + externalId);
        switches.set("payment", PartnerSwitches.Mode.UP, Duration.ZERO);
        assertThat(hub.post("/api/dead-letters/" + letter.get("id").asText() + "/replay", ADMIN, "").statusCode()).isEqualTo(200);

        awaitReturnStatus(rma, "REFUNDED");
        assertThat(ledger(id, "refund")).hasSize(1);
        List<String> refundCalls = new ArrayList<>();
        pipeline.journey(id).forEach(call -> {
            if (call.get("operation").asText().equals("refund")) {
                refundCalls.add(call.get("outcome").asText());
            }
        });
        assertThat(refundCalls).endsWith("OK").filteredOn("OK"::equals).hasSize(1);
        assertThat(refundCalls).hasSizeGreaterThan(1);
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("REFUNDED");
    }

    @Test
    void aStoreDropOffShowsTheStoreAndASiteMayConfirmTheReceiptAsAMessage() {
        String id = shippedOrder("dropoff-" + UUID.randomUUID() + "@example.com");
        int stockBefore = onHand("store-berlin-mitte", "TEE-ORGANIC-M");

        HttpResponse<String> created = requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 3, \"quantity\": 1}],"
                + " \"method\": \"store\", \"storeId\": \"store-berlin-mitte\", \"reason\": \"does not fit\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode ret = json(created);
        assertThat(ret.has("label")).isFalse();
        assertThat(ret.at("/returnTo/name").asText()).isEqualTo("Berlin Mitte store");
        assertThat(ret.at("/returnTo/address/line1").asText()).isEqualTo("Alexanderplatz 9");
        assertThat(ret.at("/returnTo/address/postalCode").asText()).isEqualTo("10178");
        String rma = ret.get("returnId").asText();

        producer.sendBody("activemq6:queue:returns.receipts", "{\"returnId\": \"" + rma + "\", \"confirmedBy\": \"store-berlin-mitte\","
                + " \"lines\": [{\"lineNumber\": 3, \"quantity\": 1, \"condition\": \"RESELLABLE\"}]}");

        JsonNode refunded = awaitReturnStatus(rma, "REFUNDED");
        assertThat(refunded.get("history").get(1).get("actor").asText()).isEqualTo("partner");
        assertThat(refunded.get("history").get(1).get("actorId").asText()).isEqualTo("store-berlin-mitte");
        assertThat(onHand("store-berlin-mitte", "TEE-ORGANIC-M")).isEqualTo(stockBefore + 1);
        // a second return of the order's other units moves the order back to RETURN_REQUESTED
        assertThat(requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 2, \"quantity\": 1}], \"method\": \"store\","
                + " \"storeId\": \"store-hamburg-altona\", \"reason\": \"engraving wrong\"}").statusCode()).isEqualTo(201);
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("RETURN_REQUESTED");
        assertThat(json(hub.get("/api/orders/" + id + "/returns", STOREFRONT)).get("returns")).hasSize(2);
    }

    @Test
    void theWindowOfAnEarlyParcelRunsFromWhenTheWholeOrderHadShipped() {
        String id = shippedOrder("backordered-" + UUID.randomUUID() + "@example.com");
        // as for an order whose last units waited long on a backorder: the parcel with line 1 left 40
        // days ago, the order became SHIPPED (and returnable) only 10 days ago
        jdbc.update("update shipments set shipped_at = ? where order_id = ?",
                OrderRepository.utc(Instant.now().minus(Duration.ofDays(40))), id);
        jdbc.update("update order_history set occurred_at = ? where order_id = ? and to_status = 'SHIPPED'",
                OrderRepository.utc(Instant.now().minus(Duration.ofDays(10))), id);

        HttpResponse<String> created = requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}],"
                + " \"method\": \"mail\", \"reason\": \"arrived long before the rest\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // once that window is over too, the units are refused
        jdbc.update("update order_history set occurred_at = ? where order_id = ? and to_status = 'SHIPPED'",
                OrderRepository.utc(Instant.now().minus(Duration.ofDays(31))), id);
        HttpResponse<String> late = requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}],"
                + " \"method\": \"mail\", \"reason\": \"late\"}");
        assertRefused(late, "/lines/0", "outside the 30-day return window");
    }

    @Test
    void unitsCanComeBackOnlyOnceAndOnlyWithinTheWindow() {
        String id = shippedOrder("window-" + UUID.randomUUID() + "@example.com");

        HttpResponse<String> tooMany = requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 2, \"quantity\": 1},"
                + " {\"lineNumber\": 1, \"quantity\": 3}], \"method\": \"mail\", \"reason\": \"all of it\"}");
        assertRefused(tooMany, "/lines/1/quantity", "line 1 (MUG-CLASSIC): 3 unit(s) asked back, but only 2 can be");

        assertThat(requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}], \"method\": \"mail\","
                + " \"reason\": \"one broke\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> again = requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 2}],"
                + " \"method\": \"mail\", \"reason\": \"both after all\"}");
        assertRefused(again, "/lines/0/quantity", "only 1 can be (2 shipped, 2 within the return window, 1 on earlier returns)");

        // the parcels left, and the order was shipped in full, 31 days ago: the 30-day window is over
        jdbc.update("update shipments set shipped_at = ? where order_id = ?",
                OrderRepository.utc(Instant.now().minus(Duration.ofDays(31))), id);
        jdbc.update("update order_history set occurred_at = ? where order_id = ? and to_status in ('PARTIALLY_SHIPPED', 'SHIPPED')",
                OrderRepository.utc(Instant.now().minus(Duration.ofDays(31))), id);
        HttpResponse<String> late = requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}],"
                + " \"method\": \"mail\", \"reason\": \"late\"}");
        assertRefused(late, "/lines/0", "outside the 30-day return window");
        assertThat(json(hub.get("/api/orders/" + id + "/returns", AGENT)).get("returns")).hasSize(1);
    }

    @Test
    void aReturnSentAgainWithItsIdempotencyKeyIsCreatedOnceEvenTwiceAtOnce() throws Exception {
        String id = shippedOrder("keyed-" + UUID.randomUUID() + "@example.com");
        int labelsBefore = ledger(id, "label").size();
        String body = "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}], \"method\": \"mail\", \"reason\": \"wrong colour\"}";
        String key = "return-" + UUID.randomUUID();

        ExecutorService clients = Executors.newFixedThreadPool(2);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            for (Future<HttpResponse<String>> answer : clients.invokeAll(List.<Callable<HttpResponse<String>>>of(
                    () -> keyedReturn(id, key, body), () -> keyedReturn(id, key, body)))) {
                answers.add(answer.get());
            }
        } finally {
            clients.shutdown();
        }
        // and once more later, the same JSON written differently
        answers.add(keyedReturn(id, key, body.replace(", \"", ",\n  \"")));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201));
        String rma = json(answers.get(0)).get("returnId").asText();
        assertThat(answers).allSatisfy(answer -> {
            assertThat(json(answer).get("returnId").asText()).isEqualTo(rma);
            assertThat(answer.headers().firstValue("Location")).hasValue("/api/returns/" + rma);
        });
        assertThat(json(hub.get("/api/orders/" + id + "/returns", AGENT)).get("returns")).hasSize(1);
        assertThat(ledger(id, "label")).as("one return label bought").hasSize(labelsBefore + 1);

        HttpResponse<String> reused = keyedReturn(id, key, body.replace("wrong colour", "changed my mind"));
        assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
        assertThat(json(reused).get("type").asText()).endsWith("/idempotency-key-reused");
        // without a key, the same request is another return: the second unit of line 1
        assertThat(requestReturn(id, STOREFRONT, body).statusCode()).isEqualTo(201);
        assertThat(json(hub.get("/api/orders/" + id + "/returns", AGENT)).get("returns")).hasSize(2);
    }

    @Test
    void anUnshippedLineCannotBeReturned() {
        ObjectNode order = sampleOrder();
        // held for fraud review: nothing ships
        ((ObjectNode) order.get("customer")).put("email", "held+review-" + UUID.randomUUID() + "@example.com");
        String id = placed(hub.placeOrder(order));
        pipeline.awaitStatus(id, "FRAUD_HOLD");

        HttpResponse<String> refused = requestReturn(id, AGENT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}],"
                + " \"method\": \"mail\", \"reason\": \"customer changed their mind\"}");

        assertRefused(refused, "/lines/0", "line 1 (MUG-CLASSIC) has not shipped");
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("FRAUD_HOLD");
    }

    @Test
    void aStorefrontCannotReturnAnotherChannelsOrderNorConfirmReceipts() {
        ObjectNode other = sampleOrder();
        other.put("channel", "marketplace");
        String id = placed(hub.placeOnBehalf(other));
        String body = "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}], \"method\": \"mail\", \"reason\": \"x\"}";

        HttpResponse<String> denied = requestReturn(id, STOREFRONT, body);
        assertThat(denied.statusCode()).isEqualTo(404);
        assertThat(json(denied).get("type").asText()).endsWith("/order-not-found");
        assertThat(hub.get("/api/orders/" + id + "/returns", STOREFRONT).statusCode()).isEqualTo(404);
        assertThat(requestReturn(id, null, body).statusCode()).isEqualTo(401);
        assertThat(hub.get("/api/orders/" + id + "/returns", AGENT).statusCode()).isEqualTo(200);
        assertThat(receipt("RMA-0000000000", STOREFRONT, "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = receipt("RMA-0000000000", AGENT, "{\"lines\": [], \"reason\": \"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("type").asText()).endsWith("/return-not-found");
        assertThat(hub.get("/api/returns/RMA-0000000000", STOREFRONT).statusCode()).isEqualTo(404);
    }

    @Test
    void aStorefrontSeesOnlyItsOwnChannelsReturns() {
        ObjectNode other = sampleOrder();
        other.put("channel", "marketplace");
        String id = placed(hub.placeOnBehalf(other));
        pipeline.awaitStatus(id, "SHIPPED");
        String rma = json(requestReturn(id, AGENT, "{\"lines\": [{\"lineNumber\": 2, \"quantity\": 1}], \"method\": \"store\","
                + " \"storeId\": \"store-berlin-mitte\", \"reason\": \"gift not wanted\"}")).get("returnId").asText();

        assertThat(hub.get("/api/returns/" + rma, STOREFRONT).statusCode()).isEqualTo(404);
        assertThat(hub.get("/api/returns/" + rma, AGENT).statusCode()).isEqualTo(200);
    }

    @Test
    void badRequestsAreAnsweredWithEveryProblemAtOnce() {
        String id = shippedOrder("bad-" + UUID.randomUUID() + "@example.com");

        HttpResponse<String> invalid = requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 9, \"quantity\": 0}],"
                + " \"method\": \"pigeon\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(json(invalid).get("errors").findValuesAsText("pointer"))
                .containsExactlyInAnyOrder("/reason", "/method", "/lines/0/lineNumber", "/lines/0/quantity");
        HttpResponse<String> noStore = requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}],"
                + " \"method\": \"store\", \"storeId\": \"wh-hamburg\", \"reason\": \"x\"}");
        assertThat(noStore.statusCode()).isEqualTo(422);
        assertThat(json(noStore).get("errors").findValuesAsText("pointer")).containsExactly("/storeId");
        assertThat(hub.post("/api/orders/" + id + "/returns", STOREFRONT, "not json").statusCode()).isEqualTo(422);

        String rma = json(requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}], \"method\": \"mail\","
                + " \"reason\": \"x\"}")).get("returnId").asText();
        HttpResponse<String> overReceived = receipt(rma, AGENT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 2, \"condition\": \"RESELLABLE\"},"
                + " {\"lineNumber\": 2, \"quantity\": 1, \"condition\": \"NEW\"}], \"reason\": \"x\"}");
        assertThat(overReceived.statusCode()).isEqualTo(422);
        assertThat(json(overReceived).get("errors").findValuesAsText("pointer"))
                .containsExactlyInAnyOrder("/lines/0/quantity", "/lines/1/condition", "/lines/1/lineNumber");
        String fine = "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1, \"condition\": \"RESELLABLE\"}], \"reason\": \"ok\"}";
        assertThat(receipt(rma, ADMIN, fine).statusCode()).isEqualTo(200);
        HttpResponse<String> twice = receipt(rma, ADMIN, fine);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(json(twice).get("type").asText()).endsWith("/return-not-allowed");
    }

    @Test
    void noReturnIsCreatedWhenTheCarrierCannotIssueALabel() {
        String id = shippedOrder("nolabel-" + UUID.randomUUID() + "@example.com");
        switches.set("carrier", PartnerSwitches.Mode.DOWN, Duration.ZERO);

        HttpResponse<String> refused = requestReturn(id, STOREFRONT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}],"
                + " \"method\": \"mail\", \"reason\": \"x\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(json(refused).get("type").asText()).endsWith("/return-label-unavailable");
        assertThat(json(hub.get("/api/orders/" + id + "/returns", AGENT)).get("returns")).isEmpty();
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("SHIPPED");
    }

    // --- helpers

    private String shippedOrder(String email) {
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("customer")).put("email", email);
        String id = placed(hub.placeOrder(order));
        pipeline.awaitStatus(id, "SHIPPED");
        return id;
    }

    private static String placed(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }

    private HttpResponse<String> requestReturn(String orderId, String key, String body) {
        return hub.post("/api/orders/" + orderId + "/returns", key, body);
    }

    private HttpResponse<String> keyedReturn(String orderId, String idempotencyKey, String body) {
        return hub.post("/api/orders/" + orderId + "/returns", STOREFRONT, body, "Idempotency-Key", idempotencyKey);
    }

    private HttpResponse<String> receipt(String rma, String key, String body) {
        return hub.post("/api/returns/" + rma + "/receipt", key, body);
    }

    private JsonNode awaitReturnStatus(String rma, String status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(hub.get("/api/returns/" + rma, AGENT)), ret -> status.equals(ret.path("status").asText()));
    }

    private static void assertRefused(HttpResponse<String> response, String pointer, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        JsonNode problem = json(response);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(problem.get("type").asText()).endsWith("/return-not-allowed");
        assertThat(problem.get("errors")).anySatisfy(error -> {
            assertThat(error.get("pointer").asText()).isEqualTo(pointer);
            assertThat(error.get("detail").asText()).contains(detail);
        });
    }

    private JsonNode deadLetterOf(String orderId) {
        for (JsonNode letter : pipeline.deadLetters()) {
            if (orderId.equals(letter.path("orderId").asText())) {
                return letter;
            }
        }
        return null;
    }

    private int onHand(String location, String sku) {
        JsonNode level = json(hub.get("/api/inventory/" + location + "/" + sku, ADMIN));
        return level.path("onHand").asInt();
    }

    private List<JsonNode> ledger(String orderId, String operation) {
        List<JsonNode> found = new ArrayList<>();
        pipeline.ledger(orderId).forEach(entry -> {
            if (entry.get("operation").asText().equals(operation)) {
                found.add(entry);
            }
        });
        return found;
    }

    private List<String> mailSubjects(String email) {
        JsonNode mails = json(hub.get("/sandbox/admin/mail?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8), ADMIN));
        List<String> subjects = new ArrayList<>();
        mails.forEach(mail -> subjects.add(mail.path("subject").asText()));
        return subjects;
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }
}
