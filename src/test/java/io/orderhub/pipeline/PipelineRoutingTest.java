package io.orderhub.pipeline;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.sandbox.PartnerSwitches;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Each decision of the content-based router, over the real broker and the sandbox partners. */
@HubTest
class PipelineRoutingTest {

    @LocalServerPort
    int port;

    @Autowired
    PartnerSwitches switches;

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

    @AfterEach
    void partnersUp() {
        for (String partner : new String[] {"fraud", "tax", "payment"}) {
            switches.set(partner, PartnerSwitches.Mode.UP, Duration.ZERO);
        }
    }

    @Test
    void anOrderIsScreenedTaxedAndAuthorisedForItsTotalWithTax() {
        String id = place(sampleOrder());

        JsonNode order = pipeline.awaitHistoryEntry(id, "PAYMENT_AUTHORISED");

        assertThat(pipeline.statuses(order)).startsWith("RECEIVED", "ACCEPTED", "SCREENED", "TAXED", "PAYMENT_AUTHORISED");
        // shipped to GB: 20% of 25.00, 24.90 and 19.99, each rounded to cents
        assertThat(order.at("/totals/tax").asText()).isEqualTo("13.98");
        assertThat(order.at("/totals/total").asText()).isEqualTo("83.87");
        JsonNode ledger = pipeline.ledger(id);
        assertThat(ledger).filteredOn(entry -> entry.get("operation").asText().equals("authorize")).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.get("amount").asText()).isEqualTo("83.87");
                    assertThat(entry.get("status").asText()).isEqualTo("authorized");
                });
        JsonNode journey = pipeline.journey(id);
        assertThat(journey).extracting(call -> call.get("partner").asText()).contains("fraud", "tax", "payment");
        assertThat(journey).allSatisfy(call -> {
            assertThat(call.get("correlationId").asText()).isEqualTo(id);
            assertThat(call.get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
        });
        assertThat(journey).filteredOn(call -> call.get("partner").asText().equals("payment"))
                .allSatisfy(call -> assertThat(call.get("outcome").asText()).isEqualTo("OK"));
    }

    @Test
    void aFraudReviewHoldsTheOrderUntilAnAgentReleasesIt() {
        String id = place(withEmail(sampleOrder(), "casey+review@example.com"));
        pipeline.awaitStatus(id, "FRAUD_HOLD");
        assertThat(pipeline.ledger(id)).as("nothing is charged while on hold").isEmpty();

        var decision = hub.post("/api/orders/" + id + "/fraud-decision", AGENT,
                "{\"decision\": \"release\", \"reason\": \"customer verified by phone\"}");

        assertThat(decision.statusCode()).isEqualTo(200);
        JsonNode order = pipeline.awaitHistoryEntry(id, "PAYMENT_AUTHORISED");
        assertThat(order.get("history")).anySatisfy(entry -> {
            assertThat(entry.get("from").asText()).isEqualTo("FRAUD_HOLD");
            assertThat(entry.get("to").asText()).isEqualTo("SCREENED");
            assertThat(entry.get("actorId").asText()).isEqualTo("dev-agent");
            assertThat(entry.get("reason").asText()).contains("customer verified by phone");
        });
    }

    @Test
    void anAgentCanRejectAHeldOrderButOnlyAHeldOne() {
        String id = place(withEmail(sampleOrder(), "casey+review@example.com"));
        pipeline.awaitStatus(id, "FRAUD_HOLD");

        var missingReason = hub.post("/api/orders/" + id + "/fraud-decision", AGENT, "{\"decision\": \"reject\"}");
        var storefront = hub.post("/api/orders/" + id + "/fraud-decision", STOREFRONT, "{\"decision\": \"reject\", \"reason\": \"x\"}");
        var rejected = hub.post("/api/orders/" + id + "/fraud-decision", AGENT, "{\"decision\": \"reject\", \"reason\": \"stolen card\"}");
        var again = hub.post("/api/orders/" + id + "/fraud-decision", AGENT, "{\"decision\": \"release\", \"reason\": \"oops\"}");

        assertThat(missingReason.statusCode()).isEqualTo(422);
        assertThat(json(missingReason).get("errors")).anySatisfy(error -> assertThat(error.get("pointer").asText()).isEqualTo("/reason"));
        assertThat(storefront.statusCode()).isEqualTo(403);
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(pipeline.ledger(id)).isEmpty();
    }

    @Test
    void aFraudRejectCancelsTheOrderWithNothingCharged() {
        String id = place(withEmail(sampleOrder(), "mallory+reject@example.com"));

        JsonNode order = pipeline.awaitStatus(id, "CANCELLED");

        assertThat(pipeline.statuses(order)).containsExactly("RECEIVED", "ACCEPTED", "CANCELLED");
        assertThat(order.at("/history/2/reason").asText()).contains("reject");
        assertThat(pipeline.ledger(id)).isEmpty();
    }

    @Test
    void aDeclinedPaymentCancelsTheOrder() {
        String id = place(withToken(sampleOrder(), "tok_decline"));

        JsonNode order = pipeline.awaitStatus(id, "CANCELLED");

        assertThat(pipeline.statuses(order)).endsWith("TAXED", "PAYMENT_DECLINED", "CANCELLED");
        assertThat(pipeline.ledger(id)).singleElement().satisfies(entry -> assertThat(entry.get("status").asText()).isEqualTo("declined"));
    }

    @Test
    void aFlakyPaymentPartnerIsRetriedAndChargesOnce() {
        String id = place(withToken(sampleOrder(), "tok_flaky"));

        pipeline.awaitHistoryEntry(id, "PAYMENT_AUTHORISED");

        assertThat(pipeline.ledger(id)).filteredOn(entry -> entry.get("operation").asText().equals("authorize")).hasSize(1);
        JsonNode paymentCalls = pipeline.journey(id);
        assertThat(paymentCalls).filteredOn(call -> call.get("partner").asText().equals("payment"))
                .extracting(call -> call.get("outcome").asText() + "/" + call.get("attempt").asInt())
                .containsExactly("ERROR/1", "ERROR/2", "OK/3");
    }

    @Test
    void aPartnerThatIsDownForAWhileDelaysTheOrderButDoesNotLoseIt() {
        switches.failNext("tax", 2);

        String id = place(sampleOrder());

        pipeline.awaitHistoryEntry(id, "PAYMENT_AUTHORISED");
        assertThat(pipeline.journey(id)).filteredOn(call -> call.get("partner").asText().equals("tax"))
                .extracting(call -> call.get("outcome").asText() + "/" + call.get("statusCode").asInt())
                .containsExactly("ERROR/503", "ERROR/503", "OK/200");
    }

    @Test
    void aRedeliveredMessageChangesNothingInAnyStage() {
        String id = place(sampleOrder());
        pipeline.awaitStatus(id, "SHIPPED");
        JsonNode before = pipeline.order(id);
        JsonNode ledgerBefore = pipeline.ledger(id);
        String event = "{\"orderId\":\"" + id + "\"}";
        String[] stageQueues = {"orders.received", "orders.accepted", "orders.screened", "orders.taxed"};
        NotifyBuilder done = new NotifyBuilder(camel)
                .fromRoute("acceptance").whenCompleted(2)
                .and().fromRoute("fraud-screening").whenCompleted(2)
                .and().fromRoute("tax-calculation").whenCompleted(2)
                .and().fromRoute("payment-authorisation").whenCompleted(2)
                .create();

        for (String queue : stageQueues) {
            producer.sendBody("activemq6:queue:" + queue, event);
            producer.sendBody("activemq6:queue:" + queue, event);
        }

        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        JsonNode after = pipeline.order(id);
        assertThat(after.get("history")).isEqualTo(before.get("history"));
        assertThat(after.get("totals")).isEqualTo(before.get("totals"));
        assertThat(pipeline.ledger(id)).isEqualTo(ledgerBefore);
    }

    @Test
    void aPartnerThatStaysDownDeadLettersTheOrderAndAReplayAfterTheRepairCompletesIt() {
        switches.set("tax", PartnerSwitches.Mode.DOWN, Duration.ZERO);
        String id = place(sampleOrder());

        JsonNode failed = pipeline.awaitStatus(id, "FAILED");
        assertThat(pipeline.statuses(failed)).endsWith("SCREENED", "FAILED");
        JsonNode letter = await().atMost(Duration.ofSeconds(10)).until(() -> findLetter(id), found -> found != null);
        assertThat(letter.get("queue").asText()).isEqualTo("orders.screened");
        assertThat(json(hub.get("/api/dead-letters/" + letter.get("id").asText(), AGENT)).get("status").asInt()).isEqualTo(403);

        switches.set("tax", PartnerSwitches.Mode.UP, Duration.ZERO);
        var replay = hub.post("/api/dead-letters/" + letter.get("id").asText() + "/replay", ADMIN, "");
        var replayAgain = hub.post("/api/dead-letters/" + letter.get("id").asText() + "/replay", ADMIN, "");

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json(replay).get("status").asText()).isEqualTo("REPLAYED");
        assertThat(replayAgain.statusCode()).isEqualTo(409);
        JsonNode resumed = pipeline.awaitHistoryEntry(id, "PAYMENT_AUTHORISED");
        assertThat(pipeline.statuses(resumed)).containsSubsequence("FAILED", "SCREENED", "TAXED", "PAYMENT_AUTHORISED");
        assertThat(pipeline.ledger(id)).filteredOn(entry -> entry.get("operation").asText().equals("authorize")).hasSize(1);
    }

    @Test
    void aPartnerThatKeepsFailingOpensItsCircuitAndCallsStopUntilItRecovers() {
        switches.set("fraud", PartnerSwitches.Mode.DOWN, Duration.ZERO);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(place(sampleOrder()));
        }

        ids.forEach(id -> pipeline.awaitStatus(id, "FAILED"));

        java.util.List<String> outcomes = new java.util.ArrayList<>();
        ids.forEach(id -> pipeline.journey(id).forEach(call -> outcomes.add(call.get("outcome").asText())));
        assertThat(outcomes).hasSize(9).contains("ERROR", "CIRCUIT_OPEN");
        assertThat(outcomes.stream().filter("ERROR"::equals).count()).as("calls that reached the partner").isLessThan(9);

        switches.set("fraud", PartnerSwitches.Mode.UP, Duration.ZERO);
        // after the open interval the breaker lets a trial call through; letters that died meanwhile are replayed again
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String id : ids) {
                JsonNode letter = findLetter(id);
                if (letter != null) {
                    hub.post("/api/dead-letters/" + letter.get("id").asText() + "/replay", ADMIN, "");
                }
            }
            return ids.stream().allMatch(id -> pipeline.statuses(pipeline.order(id)).contains("PAYMENT_AUTHORISED"));
        });
    }

    private JsonNode findLetter(String orderId) {
        for (JsonNode letter : pipeline.deadLetters()) {
            if (orderId.equals(letter.path("orderId").asText())) {
                return letter;
            }
        }
        return null;
    }

    private String place(ObjectNode order) {
        var response = hub.placeOrder(order);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }

    private static ObjectNode withEmail(ObjectNode order, String email) {
        ((ObjectNode) order.get("customer")).put("email", email);
        return order;
    }

    private static ObjectNode withToken(ObjectNode order, String token) {
        ((ObjectNode) order.get("payment")).put("token", token);
        return order;
    }
}
