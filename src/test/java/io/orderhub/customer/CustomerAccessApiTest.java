package io.orderhub.customer;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The customer's access token: issued on intake, opening one order only, revocable, rate limited. */
@HubTest
class CustomerAccessApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
    }

    @Test
    void intakeHandsOutATokenThatIsStoredOnlyAsItsHash() {
        JsonNode placed = place(sampleOrder(), STOREFRONT);
        String token = placed.at("/customerAccess/token").asText();

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(placed.at("/customerAccess/trackUrl").asText()).isEqualTo("/api/track/" + token);
        String id = placed.get("id").asText();
        assertThat(hub.get("/api/orders/" + id, AGENT).body()).doesNotContain(token);
        List<String> stored = jdbc.queryForList("select token_hash from customer_access_tokens where order_id = ?", String.class, id);
        assertThat(stored).hasSize(1).allSatisfy(hash -> assertThat(hash).hasSize(64).isNotEqualTo(token));
        assertThat(jdbc.queryForObject("select count(*) from idempotency_keys where response_body like ?", Integer.class,
                "%" + token + "%")).isZero();
    }

    @Test
    void aReplayedIntakeGetsATokenOfItsOwnAndBothOpenTheOrder() {
        ObjectNode order = sampleOrder();
        HttpResponse<String> first = hub.placeOrder(order, "Idempotency-Key", "track-" + order.get("externalId").asText());
        HttpResponse<String> replay = hub.placeOrder(order, "Idempotency-Key", "track-" + order.get("externalId").asText());

        assertThat(replay.statusCode()).isEqualTo(201);
        String firstToken = json(first).at("/customerAccess/token").asText();
        String replayToken = json(replay).at("/customerAccess/token").asText();
        assertThat(replayToken).isNotEqualTo(firstToken);
        assertThat(hub.get("/api/track/" + firstToken, null).statusCode()).isEqualTo(200);
        assertThat(hub.get("/api/track/" + replayToken, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theCustomerSeesTheirShippedOrderInTheirOwnWordsAndNothingInternal() {
        ObjectNode order = sampleOrder();
        // the fraud review: the customer must not learn about it
        ((ObjectNode) order.get("customer")).put("email", "pat+review@example.com");
        JsonNode placed = place(order, STOREFRONT);
        String id = placed.get("id").asText();
        String token = placed.at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "FRAUD_HOLD");
        assertThat(hub.post("/api/orders/" + id + "/fraud-decision", AGENT,
                "{\"decision\": \"release\", \"reason\": \"called the customer\"}").statusCode()).isEqualTo(200);
        pipeline.awaitStatus(id, "SHIPPED");

        HttpResponse<String> response = hub.get("/api/track/" + token, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode view = json(response);
        assertThat(view.get("orderId").asText()).isEqualTo(id);
        assertThat(view.get("status").asText()).isEqualTo("shipped");
        assertThat(view.get("statusText").asText()).isEqualTo("Your order has shipped");
        assertThat(view.get("lines")).hasSize(3);
        assertThat(view.at("/lines/0/shippedQuantity").asInt()).isEqualTo(2);
        assertThat(view.get("shipments")).hasSize(3).allSatisfy(parcel -> {
            assertThat(parcel.get("carrier").asText()).isEqualTo("sandbox-post");
            assertThat(parcel.get("trackingNumber").asText()).startsWith("SBX");
            assertThat(parcel.get("status").asText()).isEqualTo("label_created");
            assertThat(parcel.get("estimatedDelivery").asText()).isNotEmpty();
        });
        assertThat(view.get("promisedDelivery").asText()).isNotEmpty();
        assertThat(view.get("history").findValuesAsText("status"))
                .startsWith("processing", "payment_confirmed", "preparing").endsWith("shipped");
        String body = response.body().toLowerCase();
        for (String internal : List.of("fraud", "review", "called the customer", "dev-agent", "tok_", "actorid", "\"reason\"",
                "fulfilmentorderid", "wh-hamburg", "payment\"")) {
            assertThat(body).as("the customer's view shows nothing of '" + internal + "'").doesNotContain(internal);
        }
    }

    @Test
    void aTokenOpensItsOwnOrderOnlyAndAnOrderIdAloneOpensNothing() {
        JsonNode a = place(sampleOrder(), STOREFRONT);
        JsonNode b = place(sampleOrder(), STOREFRONT);
        String tokenA = a.at("/customerAccess/token").asText();
        String idA = a.get("id").asText();
        String idB = b.get("id").asText();

        assertThat(hub.get("/api/orders/" + idA + "/tracking", tokenA).statusCode()).isEqualTo(200);
        HttpResponse<String> onB = hub.get("/api/orders/" + idB + "/tracking", tokenA);
        assertThat(onB.statusCode()).isEqualTo(404);
        assertThat(json(onB).get("type").asText()).endsWith("/order-not-found");
        HttpResponse<String> cancelB = hub.post("/api/orders/" + idB + "/cancel", tokenA, "{}");
        assertThat(cancelB.statusCode()).isEqualTo(404);
        assertThat(pipeline.order(idB).get("status").asText()).isNotEqualTo("CANCELLED");
        // the agents' view of the order is not the customer's
        assertThat(hub.get("/api/orders/" + idA, tokenA).statusCode()).isEqualTo(403);
        assertThat(hub.get("/api/orders/" + idA + "/tracking", null).statusCode()).isEqualTo(401);
        HttpResponse<String> byId = hub.get("/api/track/" + idA, null);
        assertThat(byId.statusCode()).isEqualTo(404);
        assertThat(byId.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void anIssuedTokenRevokesTheEarlierOnes() {
        JsonNode placed = place(sampleOrder(), STOREFRONT);
        String id = placed.get("id").asText();
        String old = placed.at("/customerAccess/token").asText();

        HttpResponse<String> issued = hub.post("/api/orders/" + id + "/customer-access", STOREFRONT, "");

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String fresh = json(issued).at("/customerAccess/token").asText();
        assertThat(fresh).isNotEqualTo(old).matches("[A-Za-z0-9_-]{43}");
        HttpResponse<String> revoked = hub.get("/api/track/" + old, null);
        assertThat(revoked.statusCode()).isEqualTo(404);
        assertThat(json(revoked).get("type").asText()).endsWith("/not-found");
        assertThat(hub.get("/api/track/" + fresh, null).statusCode()).isEqualTo(200);
        // as a Bearer value a revoked token is no credential at all
        assertThat(hub.get("/api/orders/" + id + "/tracking", old).statusCode()).isEqualTo(401);
        assertThat(jdbc.queryForObject("select revoked_by from customer_access_tokens where order_id = ? and revoked_at is not null",
                String.class, id)).isEqualTo("dev-storefront");
    }

    @Test
    void anAgentHasANewLinkEmailedToTheCustomerWithAReasonAndNeverSeesIt() {
        String email = "link-" + UUID.randomUUID() + "@example.com";
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("customer")).put("email", email);
        JsonNode placed = place(order, STOREFRONT);
        String id = placed.get("id").asText();
        String old = placed.at("/customerAccess/token").asText();

        HttpResponse<String> noReason = hub.post("/api/orders/" + id + "/customer-access", AGENT, "{}");
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(json(noReason).get("errors").findValuesAsText("pointer")).containsExactly("/reason");
        assertThat(hub.get("/api/track/" + old, null).statusCode()).as("a refused request revokes nothing").isEqualTo(200);

        HttpResponse<String> sent = hub.post("/api/orders/" + id + "/customer-access", AGENT,
                "{\"reason\": \"customer lost the link\"}");

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(json(sent).get("delivery").asText()).isEqualTo("email");
        assertThat(sent.body()).doesNotContain("token").doesNotContain("/api/track/");
        assertThat(hub.get("/api/track/" + old, null).statusCode()).isEqualTo(404);
        String fresh = emailedToken(email, order.get("externalId").asText());
        assertThat(fresh).isNotEqualTo(old);
        assertThat(hub.get("/api/track/" + fresh, null).statusCode()).isEqualTo(200);
        assertRecorded(id, "send-customer-link", "customer lost the link");
        // a customer link is asked for anew, not resent
        assertThat(hub.post("/api/orders/" + id + "/notifications/customer-link/resend", AGENT, "{\"reason\": \"again\"}")
                .statusCode()).isEqualTo(422);
    }

    @Test
    void theCustomerOfAnOrderPlacedOnTheirBehalfGetsTheirLinkByEmail() {
        String email = "behalf-" + UUID.randomUUID() + "@example.com";
        ObjectNode order = sampleOrder().put("channel", "phone");
        ((ObjectNode) order.get("customer")).put("email", email);

        HttpResponse<String> placed = hub.placeOnBehalf(order);

        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        assertThat(json(placed).has("customerAccess")).as("the agent is not given the customer's token").isFalse();
        String token = emailedToken(email, order.get("externalId").asText());
        HttpResponse<String> tracked = hub.get("/api/track/" + token, null);
        assertThat(tracked.statusCode()).isEqualTo(200);
        assertThat(json(tracked).get("orderNumber").asText()).isEqualTo(order.get("externalId").asText());
    }

    @Test
    void aLinkRevokedWhileItsEmailWaitedIsNeitherSentNorMadeValidByAReplay() {
        String email = "revoked-link-" + UUID.randomUUID() + "@example.com";
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("customer")).put("email", email);
        // the customer is told about nothing else, so the only email and dead letter are the link's
        order.with("metadata").put("notify.events", "customer-link");
        String id = place(order, STOREFRONT).get("id").asText();
        switchSmtp("down");
        try {
            assertThat(hub.post("/api/orders/" + id + "/customer-access", AGENT, "{\"reason\": \"customer lost the link\"}")
                    .statusCode()).isEqualTo(202);
            String letter = awaitCustomerLinkDeadLetter(id);
            assertThat(hub.send(delete("/api/orders/" + id + "/customer-access?reason=link%20posted%20online", AGENT))
                    .statusCode()).isEqualTo(204);
            switchSmtp("up");

            HttpResponse<String> replayed = hub.post("/api/dead-letters/" + letter + "/replay", ADMIN, "");

            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> json(hub.get("/api/orders/" + id + "/notifications", AGENT)).path("notifications")
                            .findValuesAsText("status").contains("EXPIRED"));
        } finally {
            switchSmtp("up");
        }
        assertThat(jdbc.queryForObject("select count(*) from customer_access_tokens where order_id = ? and revoked_at is null",
                Integer.class, id)).as("no token of the order opens it").isZero();
        assertThat(json(hub.get("/sandbox/admin/mail?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8), ADMIN))).isEmpty();
    }

    @Test
    void linksAreRevokedWithoutANewOneAgentsSayingWhy() {
        JsonNode placed = place(sampleOrder(), STOREFRONT);
        String id = placed.get("id").asText();
        String token = placed.at("/customerAccess/token").asText();

        HttpResponse<String> noReason = hub.send(delete("/api/orders/" + id + "/customer-access", AGENT));
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(hub.get("/api/track/" + token, null).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = hub.send(delete("/api/orders/" + id + "/customer-access?reason=link%20posted%20online", AGENT));

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
        assertThat(hub.get("/api/track/" + token, null).statusCode()).isEqualTo(404);
        assertRecorded(id, "revoke-customer-access", "link posted online");
        String other = place(sampleOrder(), STOREFRONT).get("id").asText();
        assertThat(hub.send(delete("/api/orders/" + other + "/customer-access", STOREFRONT)).statusCode()).isEqualTo(204);
    }

    @Test
    void aStorefrontIssuesTokensForItsOwnChannelOnly() {
        String phoneOrder = json(hub.placeOnBehalf(sampleOrder().put("channel", "phone"))).get("id").asText();

        assertThat(hub.post("/api/orders/" + phoneOrder + "/customer-access", STOREFRONT, "").statusCode()).isEqualTo(404);
        assertThat(hub.send(delete("/api/orders/" + phoneOrder + "/customer-access", STOREFRONT)).statusCode()).isEqualTo(404);
        assertThat(hub.post("/api/orders/" + phoneOrder + "/customer-access", AGENT, "{\"reason\": \"x\"}").statusCode()).isEqualTo(202);
    }

    @Test
    void trackingIsRateLimitedPerOrder() {
        // HubTest allows 40 tracking requests per order and minute
        String token = place(sampleOrder(), STOREFRONT).at("/customerAccess/token").asText();
        String other = place(sampleOrder(), STOREFRONT).at("/customerAccess/token").asText();
        HttpResponse<String> last = null;
        int allowed = 0;
        for (int i = 0; i < 41; i++) {
            last = hub.get("/api/track/" + token, null);
            if (last.statusCode() == 200) {
                allowed++;
            }
        }

        assertThat(allowed).isEqualTo(40);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(json(last).get("type").asText()).endsWith("/rate-limited");
        assertThat(hub.get("/api/track/" + other, null).statusCode()).as("another order's customer is not held up").isEqualTo(200);
    }

    /** The token in the newest customer-link email to {@code email} about order {@code externalId}. */
    private String emailedToken(String email, String externalId) {
        String subject = "Your link for order " + externalId;
        AtomicReference<String> token = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (JsonNode mail : json(hub.get("/sandbox/admin/mail?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8), ADMIN))) {
                Matcher link = Pattern.compile("/api/track/([A-Za-z0-9_-]{43})").matcher(mail.path("text").asText());
                if (subject.equals(mail.path("subject").asText()) && link.find()) {
                    token.set(link.group(1));
                }
            }
            return token.get() != null;
        });
        return token.get();
    }

    /** The id of the order's customer-link email in the dead letters, once its every try failed. */
    private String awaitCustomerLinkDeadLetter(String orderId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode letter : json(hub.get("/api/dead-letters", ADMIN))) {
                if (orderId.equals(letter.path("orderId").asText()) && "notifications.customer".equals(letter.path("queue").asText())
                        && json(hub.get("/api/dead-letters/" + letter.path("id").asText(), ADMIN)).path("body").asText()
                                .contains("customer-link")) {
                    return letter.path("id").asText();
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    private void switchSmtp(String mode) {
        HttpResponse<String> response = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/sandbox/admin/partners/smtp"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\": \"" + mode + "\"}")).build());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    /** The action is in the agents' log and in the order's history, with the agent's key and the reason. */
    private void assertRecorded(String id, String action, String reason) {
        JsonNode full = json(hub.get("/api/orders/" + id + "/full", AGENT));
        assertThat(full.get("agentActions")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo(action);
            assertThat(entry.get("actorId").asText()).isEqualTo("dev-agent");
            assertThat(entry.get("reason").asText()).isEqualTo(reason);
        });
        assertThat(full.at("/order/history")).anySatisfy(entry -> {
            assertThat(entry.get("actorId").asText()).isEqualTo("dev-agent");
            assertThat(entry.get("reason").asText()).contains(reason);
        });
    }

    private HttpRequest delete(String path, String key) {
        return HttpRequest.newBuilder(URI.create(hub.base() + path)).header("Authorization", "Bearer " + key).DELETE().build();
    }

    private JsonNode place(ObjectNode order, String key) {
        HttpResponse<String> response = hub.post("/api/orders", key, order.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }
}
