package io.orderhub.security;

import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A whole order's run, with its customer tracking and changing it, leaves no credential in the log. */
@HubTest
@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInLogsTest {

    @LocalServerPort
    int port;

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
        hub.post("/api/orders/" + id + "/customer-access", AGENT, "");
        assertThat(hub.get("/api/track/" + customerToken, null).statusCode()).isEqualTo(404);

        String log = output.getAll().substring(start);
        assertThat(log).as("the run was captured").contains(id);
        for (String secret : List.of(customerToken, paymentToken, "dev-storefront", "dev-agent", "sandbox-partner-key",
                "sandbox-smtp-password", "sandbox-webhook-secret", "Bearer ")) {
            assertThat(log).as("the log must not contain '" + secret + "'").doesNotContain(secret);
        }
    }
}
