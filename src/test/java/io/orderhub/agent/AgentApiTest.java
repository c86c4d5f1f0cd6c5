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
        JsonNode actions = json(hub.get("/api/orders/" + id + "/full", AGENT)).get("agentActions");
        assertThat(actions).singleElement().satisfies(action -> {
            assertThat(action.get("action").asText()).isEqualTo("place-order-on-behalf");
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
        HttpResponse<String> noReason = hub.post("/api/agent/orders", AGENT, "{\"order\": 42}");
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(json(noReason).get("errors").findValuesAsText("pointer")).containsExactlyInAnyOrder("/reason", "/order");
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

        HttpResponse<String> resent = hub.post("/api/orders/" + id + "/notifications/confirmed/resend", AGENT,
                "{\"reason\": \"customer says the email never arrived\"}");

        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(202);
        assertThat(json(resent).get("status").asText()).isEqualTo("queued");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> subjects(email).stream().filter(subject::equals).count() == 2);
        JsonNode full = json(hub.get("/api/orders/" + id + "/full", AGENT));
        assertThat(full.get("agentActions")).singleElement().satisfies(action -> {
            assertThat(action.get("action").asText()).isEqualTo("resend-notification");
            assertThat(action.get("reason").asText()).isEqualTo("customer says the email never arrived");
            assertThat(action.get("detail").asText()).startsWith("confirmed");
        });
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
        HttpResponse<String> whichReturn = hub.post(base + "refunded/resend", AGENT, body);
        assertThat(whichReturn.statusCode()).isEqualTo(422);
        assertThat(json(whichReturn).get("errors").findValuesAsText("pointer")).containsExactly("/returnId");
        assertThat(hub.post(base + "confirmed/resend", STOREFRONT, body).statusCode()).isEqualTo(403);
        assertThat(hub.post("/api/orders/no-such-order/notifications/confirmed/resend", AGENT, body).statusCode()).isEqualTo(404);
    }

    // --- helpers

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
