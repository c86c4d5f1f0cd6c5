package io.orderhub.agent;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.notify.CustomerNotification;
import io.orderhub.notify.NotificationPlan;
import io.orderhub.notify.NotificationPlanner;
import io.orderhub.notify.NotificationRequests;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Agents acting for customers: search, orders on their behalf, the whole order at once, resent notifications. */
@HubTest
class AgentApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    NotificationPlanner planner;

    @Autowired
    NotificationRequests requests;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
    }

    @Test
    void agentsFindOrdersByPhoneAndTheDayOrTimeTheyWerePlaced() {
        String phone = "+49 30 " + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("customer")).put("phone", phone);
        String id = placed(hub.placeOrder(order));
        String byPhone = "/api/orders?customerPhone=" + encode(phone);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        assertThat(ids(hub.get(byPhone, AGENT))).containsExactly(id);
        assertThat(ids(hub.get(byPhone + "&createdFrom=" + today + "&createdTo=" + today, AGENT))).containsExactly(id);
        assertThat(ids(hub.get(byPhone + "&createdTo=" + yesterday, AGENT))).isEmpty();
        assertThat(ids(hub.get(byPhone + "&createdFrom=" + encode(Instant.now().minusSeconds(600).toString())
                + "&createdTo=" + encode(Instant.now().plusSeconds(600).toString()), AGENT))).containsExactly(id);
        assertThat(ids(hub.get(byPhone + "&createdFrom=" + encode(Instant.now().plusSeconds(600).toString()), AGENT))).isEmpty();
        assertThat(ids(hub.get(byPhone + "&status=CANCELLED", AGENT))).isEmpty();
        assertThat(ids(hub.get(byPhone + "&externalId=" + encode(order.get("externalId").asText()), ADMIN))).containsExactly(id);
    }

    @Test
    void aPhoneNumberIsFoundHoweverItIsWritten() {
        String digits = Integer.toString(ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
        ObjectNode spaced = sampleOrder();
        ((ObjectNode) spaced.get("customer")).put("phone", "+44 20 " + digits.substring(0, 4) + " " + digits.substring(4));
        ObjectNode compact = sampleOrder();
        ((ObjectNode) compact.get("customer")).put("phone", "+4420" + digits);
        String spacedId = placed(hub.placeOrder(spaced));
        String compactId = placed(hub.placeOrder(compact));

        assertThat(ids(hub.get("/api/orders?customerPhone=" + encode("+4420" + digits), AGENT))).containsExactlyInAnyOrder(spacedId, compactId);
        assertThat(ids(hub.get("/api/orders?customerPhone=" + encode("+44 (20) " + digits.substring(0, 4) + "-" + digits.substring(4)), AGENT)))
                .containsExactlyInAnyOrder(spacedId, compactId);
        assertThat(ids(hub.get("/api/orders?customerPhone=" + encode("4420" + digits), AGENT))).as("without + it is another number").isEmpty();
        // the order keeps the number as the customer gave it
        assertThat(pipeline.order(spacedId).at("/customer/phone").asText()).isEqualTo(spaced.at("/customer/phone").asText());
    }

    @Test
    void badSearchParametersAreAnsweredWithEveryProblem() {
        HttpResponse<String> bad = hub.get("/api/orders?createdFrom=last-tuesday&createdTo=2026-13-01&limit=1000&status=LOST", AGENT);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("type").asText()).endsWith("/invalid-query");
        assertThat(json(bad).get("errors").findValuesAsText("pointer"))
                .containsExactlyInAnyOrder("/createdFrom", "/createdTo", "/limit", "/status");
        HttpResponse<String> backwards = hub.get("/api/orders?createdFrom=2026-03-02&createdTo=2026-03-01", AGENT);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json(backwards).get("errors").findValuesAsText("pointer")).containsExactly("/createdTo");
    }

    @Test
    void anAgentPlacesAnOrderOnACustomersBehalfRecordedAsSuch() {
        ObjectNode order = sampleOrder();
        order.put("channel", "phone");
        String body = MAPPER.createObjectNode().put("reason", "customer phoned in, website down").set("order", order).toString();

        HttpResponse<String> response = hub.post("/api/agent/orders", AGENT, body, "Idempotency-Key", "agent-" + UUID.randomUUID());

        String id = placed(response);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/orders/" + id);
        JsonNode first = json(response).get("history").get(0);
        assertThat(first.get("actor").asText()).isEqualTo("agent");
        assertThat(first.get("actorId").asText()).isEqualTo("dev-agent");
        assertThat(first.get("reason").asText()).isEqualTo("placed by agent dev-agent on behalf of the customer: customer phoned in, website down");
        assertThat(json(response).has("customerAccess")).as("the customer's link is emailed to them, not shown to the agent").isFalse();
        JsonNode actions = json(hub.get("/api/orders/" + id + "/full", AGENT)).get("agentActions");
        assertThat(actions).extracting(action -> action.get("action").asText())
                .containsExactly("place-order-on-behalf", "send-customer-link");
        assertThat(actions).allSatisfy(action -> {
            assertThat(action.get("actorId").asText()).isEqualTo("dev-agent");
            assertThat(action.get("reason").asText()).isEqualTo("customer phoned in, website down");
        });
        // it travels like any other order
        pipeline.awaitStatus(id, "SHIPPED");
    }

    @Test
    void placingOnBehalfNeedsAnAgentAReasonAndAValidOrder() {
        ObjectNode order = sampleOrder();
        String body = MAPPER.createObjectNode().put("reason", "x").set("order", order).toString();

        assertThat(hub.post("/api/agent/orders", STOREFRONT, body).statusCode()).isEqualTo(403);
        assertThat(hub.post("/api/agent/orders", null, body).statusCode()).isEqualTo(401);
        HttpResponse<String> nothing = hub.post("/api/agent/orders", AGENT, "{\"order\": 42}");
        assertThat(nothing.statusCode()).isEqualTo(422);
        assertThat(json(nothing).get("errors").findValuesAsText("pointer")).containsExactlyInAnyOrder("/reason", "/order");
        // a valid order without a reason is refused for the reason alone, and nothing is stored
        HttpResponse<String> noReason = hub.post("/api/agent/orders", AGENT,
                MAPPER.createObjectNode().put("reason", "  ").set("order", order).toString());
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(json(noReason).get("errors").findValuesAsText("pointer")).containsExactly("/reason");
        assertThat(json(hub.get("/api/orders?externalId=" + encode(order.get("externalId").asText()), AGENT)).get("items")).isEmpty();
        order.remove("currency");
        HttpResponse<String> invalid = hub.post("/api/agent/orders", ADMIN,
                MAPPER.createObjectNode().put("reason", "x").set("order", order).toString());
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(json(invalid).get("type").asText()).endsWith("/invalid-order");
    }

    @Test
    void theFullOrderShowsHistoryJourneyShipmentsReturnsAndNotificationsForAgentsOnly() {
        String id = placed(hub.placeOrder(sampleOrder()));
        pipeline.awaitStatus(id, "SHIPPED");
        String rma = json(hub.post("/api/orders/" + id + "/returns", AGENT, "{\"lines\": [{\"lineNumber\": 2, \"quantity\": 1}],"
                + " \"method\": \"store\", \"storeId\": \"store-berlin-mitte\", \"reason\": \"customer called: engraving wrong\"}"))
                .get("returnId").asText();

        JsonNode full = json(hub.get("/api/orders/" + id + "/full", AGENT));

        assertThat(full.at("/order/id").asText()).isEqualTo(id);
        assertThat(full.at("/order/history").findValuesAsText("to")).contains("SHIPPED", "RETURN_REQUESTED");
        assertThat(full.get("journey").findValuesAsText("partner")).contains("fraud", "tax", "payment");
        assertThat(full.get("shipments")).isNotEmpty();
        assertThat(full.get("returns").findValuesAsText("returnId")).containsExactly(rma);
        assertThat(full.get("notifications").findValuesAsText("event")).contains("confirmed");
        assertThat(full.get("agentActions")).singleElement()
                .satisfies(action -> assertThat(action.get("action").asText()).isEqualTo("create-return"));
        assertThat(hub.get("/api/orders/" + id + "/full", STOREFRONT).statusCode()).isEqualTo(403);
        assertThat(hub.get("/api/orders/no-such-order/full", ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void anAgentResendsANotificationTheCustomerWasSentOnceMoreAndItIsRecorded() {
        String email = "resend-" + UUID.randomUUID() + "@example.com";
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("customer")).put("email", email);
        String id = placed(hub.placeOrder(order));
        String subject = "Order " + order.get("externalId").asText() + " confirmed";
        await().atMost(Duration.ofSeconds(60)).until(() -> subjects(email).contains(subject));
        // the mail server has it a moment before the hub records it sent: only then is there something to resend
        await().atMost(Duration.ofSeconds(30)).until(() -> confirmedEmailSent(id));

        HttpResponse<String> resent = hub.post("/api/orders/" + id + "/notifications/confirmed/resend", AGENT,
                "{\"reason\": \"customer says the email never arrived\"}");

        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(202);
        assertThat(json(resent).get("status").asText()).isEqualTo("queued");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> subjects(email).stream().filter(subject::equals).count() == 2);
        JsonNode full = json(hub.get("/api/orders/" + id + "/full", AGENT));
        assertThat(full.get("agentActions")).singleElement().satisfies(action -> {
            assertThat(action.get("action").asText()).isEqualTo("resend-notification");
            assertThat(action.get("actor").asText()).isEqualTo("agent");
            assertThat(action.get("actorId").asText()).isEqualTo("dev-agent");
            assertThat(action.get("reason").asText()).isEqualTo("customer says the email never arrived");
            assertThat(action.get("detail").asText()).startsWith("confirmed");
        });
        assertInHistory(full, "dev-agent", "customer says the email never arrived");
    }

    private boolean confirmedEmailSent(String orderId) {
        for (JsonNode sent : json(hub.get("/api/orders/" + orderId + "/notifications", AGENT)).path("notifications")) {
            if (sent.path("event").asText().equals("confirmed") && sent.path("channel").asText().equals("email")
                    && sent.path("status").asText().equals("SENT")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aResendReachesTheCustomerOnlyAndOnceAsItsOwnOccurrence() throws Exception {
        String id = placed(hub.placeOrder(sampleOrder()));
        String resend = requests.request(id, "confirmed", Map.of(NotificationRequests.RESEND_ID, "r-1"));

        NotificationPlan plan = planner.plan(resend);
        NotificationPlan original = planner.plan(requests.request(id, "confirmed"));

        assertThat(plan.webhookDeliveries()).isEmpty();
        assertThat(original.webhookDeliveries()).isNotEmpty();
        assertThat(plan.customerNotifications()).extracting(CustomerNotification::key)
                .containsExactlyInAnyOrder(id + ":confirmed:resend:r-1:email")
                .doesNotContainAnyElementsOf(original.customerNotifications().stream().map(CustomerNotification::key).toList());
        assertThat(planner.plan(resend).customerNotifications()).extracting(CustomerNotification::key)
                .containsExactlyElementsOf(plan.customerNotifications().stream().map(CustomerNotification::key).toList());
    }

    @Test
    void onlyWhatWasSentCanBeResentByAgentsWithAReason() {
        String id = placed(hub.placeOrder(sampleOrder()));
        String base = "/api/orders/" + id + "/notifications/";
        String body = "{\"reason\": \"asked for it\"}";

        HttpResponse<String> never = hub.post(base + "delivered/resend", AGENT, body);
        assertThat(never.statusCode()).isEqualTo(409);
        assertThat(json(never).get("type").asText()).endsWith("/nothing-to-resend");
        HttpResponse<String> unknown = hub.post(base + "birthday/resend", AGENT, "{}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(json(unknown).get("errors").findValuesAsText("pointer")).containsExactlyInAnyOrder("/reason", "/event");
        HttpResponse<String> noReason = hub.post(base + "confirmed/resend", AGENT, "{\"reason\": \"\"}");
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(json(noReason).get("errors").findValuesAsText("pointer")).containsExactly("/reason");
        HttpResponse<String> whichReturn = hub.post(base + "refunded/resend", AGENT, body);
        assertThat(whichReturn.statusCode()).isEqualTo(422);
        assertThat(json(whichReturn).get("errors").findValuesAsText("pointer")).containsExactly("/returnId");
        assertThat(hub.post(base + "confirmed/resend", STOREFRONT, body).statusCode()).isEqualTo(403);
        assertThat(hub.post("/api/orders/no-such-order/notifications/confirmed/resend", AGENT, body).statusCode()).isEqualTo(404);
    }

    @Test
    void fraudDecisionsAreRecordedWithTheAgentAndTheReason() {
        String rejected = placed(hub.placeOrder(withEmail(sampleOrder(), "fraud-" + UUID.randomUUID() + "+review@example.com")));
        String released = placed(hub.placeOrder(withEmail(sampleOrder(), "fraud-" + UUID.randomUUID() + "+review@example.com")));
        pipeline.awaitStatus(rejected, "FRAUD_HOLD");
        pipeline.awaitStatus(released, "FRAUD_HOLD");

        HttpResponse<String> noReason = hub.post("/api/orders/" + rejected + "/fraud-decision", AGENT, "{\"decision\": \"reject\"}");
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(json(noReason).get("errors").findValuesAsText("pointer")).containsExactly("/reason");
        assertThat(hub.post("/api/orders/" + rejected + "/fraud-decision", AGENT,
                "{\"decision\": \"reject\", \"reason\": \"card reported stolen\"}").statusCode()).isEqualTo(200);
        assertThat(hub.post("/api/orders/" + released + "/fraud-decision", ADMIN,
                "{\"decision\": \"release\", \"reason\": \"customer verified by phone\"}").statusCode()).isEqualTo(200);

        JsonNode rejectedView = json(hub.get("/api/orders/" + rejected + "/full", AGENT));
        assertAction(rejectedView, "fraud-decision", "agent", "dev-agent", "card reported stolen");
        assertThat(rejectedView.get("agentActions")).singleElement().satisfies(action -> assertThat(action.get("detail").asText()).isEqualTo("reject"));
        assertThat(rejectedView.at("/order/history")).anySatisfy(entry -> {
            assertThat(entry.get("to").asText()).isEqualTo("CANCELLED");
            assertThat(entry.get("actorId").asText()).isEqualTo("dev-agent");
            assertThat(entry.get("reason").asText()).contains("card reported stolen");
        });
        assertAction(json(hub.get("/api/orders/" + released + "/full", AGENT)), "fraud-decision", "admin", "dev-admin",
                "customer verified by phone");
    }

    @Test
    void anAgentsAddressChangeAndCancellationNeedAReasonAndAreRecordedWithTheAgent() {
        ObjectNode order = withEmail(sampleOrder(), "change-" + UUID.randomUUID() + "+review@example.com");
        String id = placed(hub.placeOrder(order));
        pipeline.awaitStatus(id, "FRAUD_HOLD");
        ObjectNode address = ((ObjectNode) order.get("shippingAddress").deepCopy()).put("line1", "2 New Street");

        HttpResponse<String> cancelWithoutReason = hub.post("/api/orders/" + id + "/cancel", AGENT, "{}");
        assertThat(cancelWithoutReason.statusCode()).isEqualTo(422);
        assertThat(json(cancelWithoutReason).get("errors").findValuesAsText("pointer")).containsExactly("/reason");
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("FRAUD_HOLD");
        HttpResponse<String> moved = hub.post("/api/orders/" + id + "/shipping-address", AGENT,
                MAPPER.createObjectNode().put("reason", "customer moved").set("shippingAddress", address).toString());
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        HttpResponse<String> cancelled = hub.post("/api/orders/" + id + "/cancel", AGENT, "{\"reason\": \"customer changed their mind\"}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

        JsonNode full = json(hub.get("/api/orders/" + id + "/full", AGENT));
        assertAction(full, "shipping-address", "agent", "dev-agent", "customer moved");
        assertAction(full, "cancel-order", "agent", "dev-agent", "customer changed their mind");
        assertInHistory(full, "dev-agent", "customer moved");
        assertInHistory(full, "dev-agent", "customer changed their mind");
    }

    @Test
    void aReturnAnAgentCreatesIsRecordedWithTheAgentAndTheReason() {
        String id = placed(hub.placeOrder(sampleOrder()));
        pipeline.awaitStatus(id, "SHIPPED");
        String returnBody = "{\"lines\": [{\"lineNumber\": 2, \"quantity\": 1}], \"method\": \"store\", \"storeId\": \"store-berlin-mitte\"";

        HttpResponse<String> noReason = hub.post("/api/orders/" + id + "/returns", AGENT, returnBody + "}");
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(json(noReason).get("errors").findValuesAsText("pointer")).contains("/reason");
        String rma = json(hub.post("/api/orders/" + id + "/returns", ADMIN, returnBody + ", \"reason\": \"parcel arrived damaged\"}"))
                .get("returnId").asText();

        JsonNode full = json(hub.get("/api/orders/" + id + "/full", AGENT));
        assertAction(full, "create-return", "admin", "dev-admin", "parcel arrived damaged");
        assertThat(full.get("agentActions")).singleElement().satisfies(action -> assertThat(action.get("detail").asText()).isEqualTo(rma));
        assertInHistory(full, "dev-admin", "parcel arrived damaged");
    }

    // --- helpers

    private static void assertAction(JsonNode full, String action, String actor, String actorId, String reason) {
        assertThat(full.get("agentActions")).as(full.get("agentActions").toString()).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo(action);
            assertThat(entry.get("actor").asText()).isEqualTo(actor);
            assertThat(entry.get("actorId").asText()).isEqualTo(actorId);
            assertThat(entry.get("reason").asText()).isEqualTo(reason);
        });
    }

    private static void assertInHistory(JsonNode full, String actorId, String reason) {
        assertThat(full.at("/order/history")).as(full.at("/order/history").toString()).anySatisfy(entry -> {
            assertThat(entry.get("actorId").asText()).isEqualTo(actorId);
            assertThat(entry.get("reason").asText()).contains(reason);
        });
    }

    private static ObjectNode withEmail(ObjectNode order, String email) {
        ((ObjectNode) order.get("customer")).put("email", email);
        return order;
    }

    private static String placed(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }

    private static List<String> ids(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(response).get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private List<String> subjects(String email) {
        List<String> subjects = new ArrayList<>();
        json(hub.get("/sandbox/admin/mail?to=" + encode(email), ADMIN)).forEach(mail -> subjects.add(mail.path("subject").asText()));
        return subjects;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
