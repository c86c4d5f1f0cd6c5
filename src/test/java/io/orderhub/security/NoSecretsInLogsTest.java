package io.orderhub.security;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A whole order's run, with its customer and agents acting on it, leaves no credential in the log. */
@HubTest
@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInLogsTest {

    @LocalServerPort
    int port;

    @Autowired
    PartnerSwitches switches;

    @Test
    void noApiKeyCustomerTokenOrPaymentTokenIsLogged(CapturedOutput output) {
        // from here on: the start-up warning names the sandbox keys, whose names are their (published) values
        int start = output.getAll().length();
        HubClient hub = new HubClient(port);
        Pipeline pipeline = new Pipeline(hub);
        String paymentToken = "tok_" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("payment")).put("token", paymentToken);
        JsonNode placed = json(hub.post("/api/orders", STOREFRONT, order.toString()));
        String id = placed.get("id").asText();
        String customerToken = placed.at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "SHIPPED");
        assertThat(hub.get("/api/track/" + customerToken, null).statusCode()).isEqualTo(200);
        assertThat(hub.get("/api/orders/" + id + "/tracking", customerToken).statusCode()).isEqualTo(200);
        // refusals and failures are logged too: they must not carry the token either
        hub.post("/api/track/" + customerToken + "/cancel", null, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}]}");
        hub.post("/api/track/" + customerToken + "/shipping-address", null, "{\"shippingAddress\": {}}");
        assertThat(hub.post("/api/orders/" + id + "/customer-access", AGENT, "{\"reason\": \"link leaked\"}").statusCode()).isEqualTo(202);
        assertThat(hub.get("/api/track/" + customerToken, null).statusCode()).isEqualTo(404);

        String log = output.getAll().substring(start);
        assertThat(log).as("the run was captured").contains(id);
        assertNoneIn(log, customerToken, paymentToken);
    }

    /**
     * What agents do, refused credentials, and a stage that gives up (its failure is logged with the
     * exception's message, routes/00-error-handling) leave no credential in the log either.
     */
    @Test
    void agentsWorkRefusedCredentialsAndDeadLettersLogNoSecret(CapturedOutput output) {
        int start = output.getAll().length();
        HubClient hub = new HubClient(port);
        Pipeline pipeline = new Pipeline(hub);
        String email = "secrets-" + UUID.randomUUID() + "@example.com";
        String behalfPaymentToken = "tok_" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode behalf = sampleOrder().put("channel", "phone");
        ((ObjectNode) behalf.get("customer")).put("email", email);
        ((ObjectNode) behalf.get("payment")).put("token", behalfPaymentToken);
        String behalfId = json(hub.placeOnBehalf(behalf)).get("id").asText();
        pipeline.awaitStatus(behalfId, "SHIPPED");
        String emailedLink = await().atMost(Duration.ofSeconds(60)).until(() -> trackLink(hub, email), link -> link != null);
        await().atMost(Duration.ofSeconds(60)).until(() -> hub.post("/api/orders/" + behalfId + "/notifications/confirmed/resend", AGENT,
                "{\"reason\": \"customer lost it\"}").statusCode() == 202);
        String heldId = json(hub.placeOrder(withEmail(sampleOrder(), "secrets-" + UUID.randomUUID() + "+review@example.com")))
                .get("id").asText();
        pipeline.awaitStatus(heldId, "FRAUD_HOLD");
        assertThat(hub.post("/api/orders/" + heldId + "/fraud-decision", AGENT, "{\"decision\": \"reject\", \"reason\": \"stolen card\"}")
                .statusCode()).isEqualTo(200);
        String guessedKey = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(hub.get("/api/orders?limit=1", guessedKey).statusCode()).isEqualTo(401);
        String failingPaymentToken = "tok_" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode failing = sampleOrder();
        ((ObjectNode) failing.get("payment")).put("token", failingPaymentToken);
        String failedId;
        switches.set("payment", PartnerSwitches.Mode.DOWN, Duration.ZERO);
        try {
            failedId = json(hub.placeOrder(failing)).get("id").asText();
            pipeline.awaitStatus(failedId, "FAILED");
        } finally {
            switches.set("payment", PartnerSwitches.Mode.UP, Duration.ZERO);
        }

        String log = output.getAll().substring(start);
        assertThat(log).as("the run was captured").contains(behalfId).contains(heldId).contains(failedId);
        assertNoneIn(log, emailedLink.substring(emailedLink.lastIndexOf('/') + 1), behalfPaymentToken, guessedKey, failingPaymentToken);
    }

    private static void assertNoneIn(String log, String... secrets) {
        List<String> all = new java.util.ArrayList<>(List.of(secrets));
        all.addAll(List.of("dev-storefront", "dev-agent", "dev-admin", "sandbox-partner-key", "sandbox-smtp-password",
                "sandbox-webhook-secret", "Bearer "));
        for (String secret : all) {
            assertThat(log).as("the log must not contain '" + secret + "'").doesNotContain(secret);
        }
    }

    /** The tracking link in the customer-link email to {@code email}, or null before it came. */
    private static String trackLink(HubClient hub, String email) {
        for (JsonNode mail : json(hub.get("/sandbox/admin/mail?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8), ADMIN))) {
            Matcher link = Pattern.compile("/api/track/[A-Za-z0-9_-]{43}").matcher(mail.path("text").asText());
            if (link.find()) {
                return link.group();
            }
        }
        return null;
    }

    private static ObjectNode withEmail(ObjectNode order, String email) {
        ((ObjectNode) order.get("customer")).put("email", email);
        return order;
    }
}
