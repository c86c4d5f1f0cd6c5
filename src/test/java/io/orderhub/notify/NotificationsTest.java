package io.orderhub.notify;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Notifications end to end on the sandbox: real SMTP to the embedded server, the simulated SMS
 * provider over HTTP, signed webhooks to the sandbox receiver, all through the real broker.
 */
@HubTest
class NotificationsTest {

    private static final String NOTIFICATIONS = "activemq6:queue:notifications.requested";
    private static final String SUBSCRIPTION = "sandbox-receiver";
    private static final String CUSTOMER_QUEUE = "notifications.customer";

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;


    @Autowired
    CamelContext camel;

    @Autowired
    NotificationRequests requests;

    @Autowired
    NotificationPlanner planner;

    @Autowired
    WebhookProperties webhooks;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    @AfterEach
    void partnersBackUp() {
        switchPartner("sms", "up");
        switchPartner("smtp", "up");
        switchPartner("webhooks", "up");
        assertThat(hub.post("/api/webhooks/subscriptions/" + SUBSCRIPTION + "/enable", ADMIN, "").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "language {0}")
    @CsvSource({
            "en, 'Order %s has shipped', 'Tracking number:', '€%s'",
            "de, 'Bestellung %s wurde versandt', 'Sendungsnummer:', '%s €'",
            "de-AT, 'Bestellung %s wurde versandt', 'Sendungsnummer:', '%s €'",
            "fr, 'Order %s has shipped', 'Tracking number:', '€%s'"})
    void theShippedEmailReachesTheSmtpServerInTheCustomersLanguage(String language, String subject, String trackingLabel,
                                                                   String total) {
        Placed order = placeHeldOrder(order(language, null));
        String trackingNumber = "1Z" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

        producer.sendBody(NOTIFICATIONS, requests.shipped(order.id(), "UPS", trackingNumber));

        JsonNode mail = awaitMail(order.email(), received -> received.path("text").asText().contains(trackingNumber));
        String localTotal = language.startsWith("de") ? order.total().replace('.', ',') : order.total();
        assertThat(mail.path("subject").asText()).isEqualTo(subject.formatted(order.externalId()));
        assertThat(mail.path("from").asText()).isEqualTo("orders@orderhub.test");
        assertThat(mail.path("text").asText())
                .contains(order.externalId(), "UPS", trackingLabel + " " + trackingNumber, total.formatted(localTotal));
    }

    @Test
    void customersWithAPhoneAreTextedAboutTheShipmentAndTheSendingIsOnRecord() {
        String phone = randomPhone();
        Placed order = placeHeldOrder(order("en", phone));
        String trackingNumber = "DHL" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);

        producer.sendBody(NOTIFICATIONS, requests.shipped(order.id(), "DHL", trackingNumber));

        JsonNode sms = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(hub.get("/sandbox/admin/sms?to=" + encode(phone), ADMIN)), list -> list.size() == 1).get(0);
        assertThat(sms.path("text").asText()).contains(order.externalId(), "DHL", trackingNumber);
        assertThat(sms.path("from").asText()).isEqualTo("OrderHub");
        JsonNode log = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> notificationsOf(order.id()).path("notifications"),
                        entries -> entries.findValuesAsText("status").equals(List.of("SENT", "SENT")));
        assertThat(log.findValuesAsText("channel")).containsExactlyInAnyOrder("email", "sms");
        assertThat(log.findValuesAsText("status")).containsOnly("SENT");
        assertThat(log.findValuesAsText("template")).containsOnly("en/shipped");
        assertThat(log.findValuesAsText("recipient"))
                .containsExactlyInAnyOrder(Masking.email(order.email()), "***" + phone.substring(phone.length() - 3))
                .noneMatch(recipient -> recipient.equals(order.email()) || recipient.equals(phone));
    }

    @Test
    void channelsFollowTheEventAndTheOrdersOptOuts() throws Exception {
        Placed everything = placeOrder(order("de", randomPhone()));
        Placed noSms = placeOrder(withMetadata(order("en", randomPhone()), "notify.sms", false));
        Placed onlyDeliveries = placeOrder(withMetadata(order("en", randomPhone()), "notify.events", "delivered"));

        assertThat(channels(everything, "shipped")).containsExactly("email", "sms");
        assertThat(channels(everything, "confirmed")).containsExactly("email");
        assertThat(channels(noSms, "shipped")).containsExactly("email");
        assertThat(channels(onlyDeliveries, "shipped")).isEmpty();
        assertThat(channels(onlyDeliveries, "delivered")).containsExactly("email");
        assertThat(planner.plan(requests.request(everything.id(), "shipped")).customerNotifications())
                .extracting(CustomerNotification::templateName).containsOnly("de/shipped");
    }

    @Test
    void theWebhookArrivesSignedAndTheReceiverVerifiesIt() {
        Placed order = placeOrder(order("en", null));

        producer.sendBody(NOTIFICATIONS, requests.request(order.id(), "delivered"));

        JsonNode received = awaitWebhook(order.id(), "delivered");
        assertThat(received.path("verification").asText()).isEqualTo("VALID");
        assertThat(received.path("eventId").asText()).isEqualTo(received.at("/body/id").asText());
        assertThat(received.at("/body/order/externalId").asText()).isEqualTo(order.externalId());
        JsonNode deliveries = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> deliveriesOf(order.id(), "delivered"), list -> !list.isEmpty());
        assertThat(deliveries.get(0).path("outcome").asText()).isEqualTo("DELIVERED");
        assertThat(deliveries.get(0).path("statusCode").asInt()).isEqualTo(204);
        assertThat(deliveries.get(0).path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aReceiverThatIsDownGetsRetriesWithBackOffEachLoggedUntilTheSubscriptionIsDisabled() throws Exception {
        Placed order = placeOrder(order("en", null));
        switchPartner("webhooks", "down");

        producer.sendBody(NOTIFICATIONS, requests.request(order.id(), "confirmed"));

        List<JsonNode> attempts = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> list(deliveriesOf(order.id(), "confirmed")), list -> list.size() == 4);
        // the webhook queue's own policy: three redeliveries where the pipeline's stages get two (support/HubTest)
        assertThat(attempts).extracting(attempt -> attempt.path("attempt").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(attempts).extracting(attempt -> attempt.path("statusCode").asInt()).containsOnly(503);
        assertThat(attempts).extracting(attempt -> attempt.path("outcome").asText())
                .containsExactly("FAILED", "FAILED", "FAILED", "GAVE_UP");
        // the broker waits before each redelivery, doubling: 50 ms, 100 ms, then 200 ms
        assertThat(gapMillis(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(45);
        assertThat(gapMillis(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(90);
        assertThat(gapMillis(attempts.get(2), attempts.get(3))).isGreaterThanOrEqualTo(180);

        producer.sendBody(NOTIFICATIONS, requests.request(order.id(), "delivered"));

        JsonNode subscription = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(this::sandboxSubscription, state -> !state.path("enabled").asBoolean());
        assertThat(subscription.path("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(webhooks.disableAfterFailures());
        assertThat(subscription.path("disabledReason").asText()).contains("consecutive failed deliveries");

        // a disabled subscription is not sent anything more, until an admin enables it
        assertThat(planner.plan(requests.request(order.id(), "refunded", Map.of("amount", "5.00"))).webhookDeliveries()).isEmpty();
        assertThat(hub.post("/api/webhooks/subscriptions/" + SUBSCRIPTION + "/enable", ADMIN, "").statusCode()).isEqualTo(200);
        assertThat(sandboxSubscription().path("consecutiveFailures").asInt()).isZero();
        assertThat(planner.plan(requests.request(order.id(), "refunded", Map.of("amount", "5.00"))).webhookDeliveries()).hasSize(1);
    }

    @Test
    void aChannelThatIsDownLeavesTheOrderAloneAndOnlyThatChannelEndsInTheDeadLetterQueue() {
        String phone = randomPhone();
        Placed order = placeHeldOrder(order("en", phone));
        JsonNode cancelled = awaitOrder(order.id(), view -> view.path("status").asText().equals("FRAUD_HOLD"));
        switchPartner("sms", "down");

        producer.sendBody(NOTIFICATIONS, requests.cancelled(order.id(), "rejected"));

        String deadLetter = awaitDeadLetter(order.id(), CUSTOMER_QUEUE);
        assertThat(deadLetter).contains("\"channel\":\"sms\"", "\"event\":\"cancelled\"").doesNotContain(phone);
        JsonNode log = notificationsOf(order.id()).path("notifications");
        List<JsonNode> sms = list(log).stream().filter(entry -> entry.path("channel").asText().equals("sms")).toList();
        List<JsonNode> email = list(log).stream().filter(entry -> entry.path("channel").asText().equals("email")).toList();
        assertThat(sms).extracting(entry -> entry.path("status").asText()).containsOnly("FAILED");
        assertThat(sms).extracting(entry -> entry.path("attempt").asInt()).contains(1, 2, 3);
        assertThat(sms).extracting(entry -> entry.path("detail").asText()).noneMatch(detail -> detail.contains(phone));
        // the email is a message of its own: sent once, on its first try
        assertThat(email).extracting(entry -> entry.path("status").asText()).containsExactly("SENT");
        assertThat(email).extracting(entry -> entry.path("attempt").asInt()).containsExactly(1);
        assertThat(json(hub.get("/sandbox/admin/mail?to=" + encode(order.email()), ADMIN))).hasSize(1);
        JsonNode after = json(hub.get("/api/orders/" + order.id(), AGENT));
        assertThat(after.path("status").asText()).isEqualTo("FRAUD_HOLD");
        assertThat(after.path("version")).isEqualTo(cancelled.path("version"));
        assertThat(after.path("history")).isEqualTo(cancelled.path("history"));
    }

    @Test
    void anEmailThatCannotBeSentHoldsBackNeitherTheTextMessageNorTheWebhook() throws Exception {
        String phone = randomPhone();
        Placed order = placeHeldOrder(order("en", phone));
        switchPartner("smtp", "down");
        String trackingNumber = "DHL" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);

        producer.sendBody(NOTIFICATIONS, requests.shipped(order.id(), "DHL", trackingNumber));

        // the webhook and the text message go out on their first try, while the email keeps failing
        JsonNode webhook = awaitWebhook(order.id(), "shipped");
        assertThat(webhook.path("verification").asText()).isEqualTo("VALID");
        JsonNode texts = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(hub.get("/sandbox/admin/sms?to=" + encode(phone), ADMIN)), list -> list.size() == 1);
        assertThat(texts.get(0).path("text").asText()).contains(trackingNumber);
        String deadLetter = awaitDeadLetter(order.id(), CUSTOMER_QUEUE);
        assertThat(deadLetter).contains("\"channel\":\"email\"").doesNotContain(order.email());
        List<JsonNode> log = list(notificationsOf(order.id()).path("notifications"));
        assertThat(log).filteredOn(entry -> entry.path("channel").asText().equals("email"))
                .extracting(entry -> entry.path("status").asText()).containsExactly("FAILED", "FAILED", "FAILED");
        assertThat(log).filteredOn(entry -> entry.path("channel").asText().equals("sms"))
                .extracting(entry -> entry.path("attempt").asInt()).containsExactly(1);
        assertThat(list(deliveriesOf(order.id(), "shipped"))).singleElement()
                .satisfies(delivery -> assertThat(delivery.path("outcome").asText()).isEqualTo("DELIVERED"));
        assertThat(json(hub.get("/sandbox/admin/mail?to=" + encode(order.email()), ADMIN))).isEmpty();
        assertThat(json(hub.get("/sandbox/admin/webhooks?orderId=" + order.id(), ADMIN))).hasSize(1);
    }

    @Test
    void aRepeatedRequestSendsNothingTwice() {
        Placed order = placeOrder(order("en", randomPhone()));
        String request = requests.shipped(order.id(), "DPD", "DPD-" + UUID.randomUUID());
        // the two requests, then each one's two channel messages
        NotifyBuilder allDone = new NotifyBuilder(camel).fromRoute("notify-customer")
                .filter(exchange -> order.id().equals(exchange.getProperty("orderId")))
                .whenDone(4).create();

        producer.sendBody(NOTIFICATIONS, request);
        producer.sendBody(NOTIFICATIONS, request);

        assertThat(allDone.matches(15, TimeUnit.SECONDS)).isTrue();
        JsonNode log = notificationsOf(order.id()).path("notifications");
        assertThat(log.findValuesAsText("channel")).containsExactlyInAnyOrder("email", "sms");
        assertThat(json(hub.get("/sandbox/admin/mail?to=" + encode(order.email()), ADMIN))).hasSize(1);
        // webhooks are at least once: a repeat, if any, carries the same event id for the receiver to drop
        JsonNode received = awaitWebhook(order.id(), "shipped");
        assertThat(list(json(hub.get("/sandbox/admin/webhooks?orderId=" + order.id(), ADMIN))))
                .extracting(delivery -> delivery.path("eventId").asText()).containsOnly(received.path("eventId").asText());
    }

    @Test
    void aDuplicateCustomerLinkMessageMakesNoSecondToken() throws Exception {
        Placed order = placeOrder(withMetadata(order("en", null), "notify.events", "customer-link"));
        String linkId = UUID.randomUUID().toString();
        String message = planner.plan(requests.request(order.id(), "customer-link", Map.of(NotificationRequests.LINK_ID, linkId)))
                .customerMessages().get(0);
        NotifyBuilder bothDone = new NotifyBuilder(camel).fromRoute("notify-customer")
                .filter(exchange -> order.id().equals(exchange.getProperty("orderId")))
                .whenDone(2).create();

        producer.sendBody("activemq6:queue:" + CUSTOMER_QUEUE, message);
        producer.sendBody("activemq6:queue:" + CUSTOMER_QUEUE, message);

        assertThat(bothDone.matches(15, TimeUnit.SECONDS)).isTrue();
        assertThat(json(hub.get("/sandbox/admin/mail?to=" + encode(order.email()), ADMIN))).singleElement()
                .satisfies(mail -> assertThat(mail.path("text").asText()).contains("/api/track/"));
        assertThat(jdbc.queryForObject("select count(*) from customer_access_tokens where order_id = ? and issued_by like ?",
                Integer.class, order.id(), "link " + linkId + "%")).isEqualTo(1);
    }

    @Test
    void aSubscriptionsDeliveryLogListsTheLatestAttemptsFirstAndPagesOn() {
        Placed order = placeOrder(order("en", null));
        producer.sendBody(NOTIFICATIONS, requests.request(order.id(), "confirmed"));
        producer.sendBody(NOTIFICATIONS, requests.request(order.id(), "delivered"));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> list(notificationsOf(order.id()).path("webhookDeliveries")), list -> list.size() == 2);
        String path = "/api/webhooks/subscriptions/" + SUBSCRIPTION + "/deliveries";

        JsonNode page = json(hub.get(path + "?limit=200", ADMIN));

        assertThat(page.path("subscription").asText()).isEqualTo(SUBSCRIPTION);
        List<JsonNode> ours = list(page.path("items")).stream().filter(item -> item.path("orderId").asText().equals(order.id())).toList();
        // newest first
        assertThat(ours).extracting(item -> item.path("event").asText()).containsExactlyInAnyOrder("delivered", "confirmed");
        assertThat(ours).allSatisfy(item -> {
            assertThat(item.path("outcome").asText()).isEqualTo("DELIVERED");
            assertThat(item.path("statusCode").asInt()).isEqualTo(204);
            assertThat(item.path("attempt").asInt()).isEqualTo(1);
            assertThat(Instant.parse(item.path("at").asText())).isNotNull();
            assertThat(item.path("eventId").asText()).isNotBlank();
        });
        List<Long> ids = list(page.path("items")).stream().map(item -> item.path("id").asLong()).toList();
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        JsonNode first = json(hub.get(path + "?limit=1", ADMIN));
        assertThat(first.path("items")).hasSize(1);
        assertThat(first.path("items").get(0).path("id").asLong()).isEqualTo(ids.get(0));
        JsonNode second = json(hub.get(path + "?limit=1&cursor=" + first.path("nextCursor").asText(), ADMIN));
        assertThat(second.path("items").get(0).path("id").asLong()).isEqualTo(ids.get(1));

        var badLimit = hub.get(path + "?limit=0", ADMIN);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).contains("/limit");
        assertThat(hub.get(path + "?cursor=abc", ADMIN).statusCode()).isEqualTo(400);
        assertThat(hub.get("/api/webhooks/subscriptions/nobody/deliveries", ADMIN).statusCode()).isEqualTo(404);
        assertThat(hub.get(path, AGENT).statusCode()).isEqualTo(403);
    }

    @Test
    void notificationsAreForAgentsAndAdminsAndSubscriptionsForAdmins() {
        Placed order = placeOrder(order("en", null));
        String path = "/api/orders/" + order.id() + "/notifications";

        assertThat(hub.get(path, null).statusCode()).isEqualTo(401);
        assertThat(hub.get(path, STOREFRONT).statusCode()).isEqualTo(403);
        assertThat(hub.get(path, AGENT).statusCode()).isEqualTo(200);
        assertThat(hub.get(path, ADMIN).statusCode()).isEqualTo(200);
        assertThat(hub.get("/api/orders/no-such-order/notifications", AGENT).statusCode()).isEqualTo(404);
        assertThat(hub.get("/api/webhooks/subscriptions", AGENT).statusCode()).isEqualTo(403);
        assertThat(hub.post("/api/webhooks/subscriptions/" + SUBSCRIPTION + "/enable", AGENT, "").statusCode()).isEqualTo(403);
        var unknown = hub.post("/api/webhooks/subscriptions/nobody/enable", ADMIN, "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("type").asText()).endsWith("/webhook-subscription-not-found");
        JsonNode subscriptions = json(hub.get("/api/webhooks/subscriptions", ADMIN));
        assertThat(subscriptions.toString()).doesNotContain("sandbox-webhook-secret");
        assertThat(hub.get("/sandbox/admin/mail?to=someone@example.com", AGENT).statusCode()).isEqualTo(403);
    }

    // --- helpers

    private record Placed(String id, String externalId, String email, String total) {
    }

    /** The sample order for a customer of their own (fresh email) in a language, with a phone or none. */
    private static ObjectNode order(String language, String phone) {
        ObjectNode order = sampleOrder();
        ObjectNode customer = order.putObject("customer");
        customer.put("name", "Grace Hopper");
        // "+review": the sandbox fraud service holds the order, so the pipeline itself sends nothing
        // and every notification these tests see is one they asked for
        customer.put("email", "grace+review" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        customer.put("language", language);
        if (phone != null) {
            customer.put("phone", phone);
        }
        return order;
    }

    private Placed placeOrder(ObjectNode order) {
        var response = hub.placeOrder(order);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode placed = json(response);
        return new Placed(placed.get("id").asText(), order.get("externalId").asText(), order.at("/customer/email").asText(),
                placed.at("/totals/total").asText());
    }

    private static ObjectNode withMetadata(ObjectNode order, String key, Object value) {
        order.with("metadata").putPOJO(key, value);
        return order;
    }

    /** Placed and held for fraud review: nothing moves it on, so its total stays what the email shows. */
    private Placed placeHeldOrder(ObjectNode customer) {
        Placed placed = placeOrder(customer);
        awaitOrder(placed.id(), view -> view.path("status").asText().equals("FRAUD_HOLD"));
        return placed;
    }

    private List<String> channels(Placed order, String event) throws Exception {
        return planner.plan(requests.request(order.id(), event)).customerNotifications().stream()
                .map(CustomerNotification::channel).toList();
    }

    private JsonNode awaitOrder(String id, Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(hub.get("/api/orders/" + id, AGENT)), condition::test);
    }

    private JsonNode awaitMail(String to, Predicate<JsonNode> which) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> list(json(hub.get("/sandbox/admin/mail?to=" + encode(to), ADMIN))).stream().filter(which).findFirst(),
                        java.util.Optional::isPresent).get();
    }

    private JsonNode awaitWebhook(String orderId, String event) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> list(json(hub.get("/sandbox/admin/webhooks?orderId=" + orderId, ADMIN))).stream()
                        .filter(received -> event.equals(received.path("event").asText())).findFirst(),
                        java.util.Optional::isPresent).get();
    }

    /** The dead-letter route keeps what reached DLQ.<queue>: read it as an operator would. */
    private String awaitDeadLetter(String orderId, String queue) {
        JsonNode letter = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> list(json(hub.get("/api/dead-letters", ADMIN))).stream()
                        .filter(each -> orderId.equals(each.path("orderId").asText())
                                && each.path("queue").asText().equals(queue))
                        .findFirst(), java.util.Optional::isPresent).get();
        return json(hub.get("/api/dead-letters/" + letter.path("id").asText(), ADMIN)).path("body").asText();
    }

    private JsonNode notificationsOf(String orderId) {
        var response = hub.get("/api/orders/" + orderId + "/notifications", AGENT);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private JsonNode deliveriesOf(String orderId, String event) {
        var deliveries = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
        notificationsOf(orderId).path("webhookDeliveries").forEach(entry -> {
            if (entry.path("event").asText().equals(event) && entry.path("subscription").asText().equals(SUBSCRIPTION)) {
                deliveries.add(entry);
            }
        });
        return deliveries;
    }

    private JsonNode sandboxSubscription() {
        for (JsonNode subscription : json(hub.get("/api/webhooks/subscriptions", ADMIN))) {
            if (subscription.path("name").asText().equals(SUBSCRIPTION)) {
                return subscription;
            }
        }
        throw new AssertionError("no subscription " + SUBSCRIPTION);
    }

    private void switchPartner(String partner, String mode) {
        var response = hub.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.base() + "/sandbox/admin/partners/" + partner))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"mode\": \"" + mode + "\"}")).build());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static long gapMillis(JsonNode earlier, JsonNode later) {
        return Duration.between(Instant.parse(earlier.path("at").asText()), Instant.parse(later.path("at").asText())).toMillis();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static String randomPhone() {
        return "+49 170 " + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
