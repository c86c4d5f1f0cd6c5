package io.orderhub.security;

import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The rate limits on the running hub: intake per API key (the key test-throttled may place 3
 * orders an hour, see HubTest) and failed authentication per client address (200 a minute in
 * the tests). The guessing client calls from 127.0.0.2 and a busy backend from 127.0.0.3,
 * addresses of their own, so the rest of the suite, calling from 127.0.0.1, keeps its allowance.
 */
@HubTest
class RateLimitApiTest {

    private static final String THROTTLED = "test-throttled-key";
    private static final int FAILED_AUTHENTICATIONS_ALLOWED = 200;
    private static final String GUESSER = "127.0.0.2";
    private static final String BUSY_BACKEND = "127.0.0.3";

    @LocalServerPort
    int port;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    @Test
    void intakeOverItsKeysLimitIsRefusedWithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertThat(hub.post("/api/orders", THROTTLED, "{}").statusCode()).as("call " + (i + 1)).isEqualTo(422);
        }

        HttpResponse<String> refused = hub.post("/api/orders", THROTTLED, sampleOrder().toString());

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).get("type").asText()).endsWith("/rate-limited");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
        assertThat(hub.placeOrder(sampleOrder()).statusCode()).as("another key keeps its own allowance").isEqualTo(201);
    }

    @Test
    void guessingTokensAndKeysIsStoppedPerClientAddressWhileItsValidApiKeysStillPass() {
        JsonNode placed = json(hub.placeOrder(sampleOrder()));
        String token = placed.at("/customerAccess/token").asText();
        String orderId = placed.get("id").asText();
        String guess = "A".repeat(43);
        for (int i = 0; i < FAILED_AUTHENTICATIONS_ALLOWED; i++) {
            assertThat(statusFrom(GUESSER, "/api/track/" + guess, null)).as("guess " + (i + 1)).isEqualTo(404);
        }

        assertThat(rawFrom(GUESSER, "/api/track/" + guess, null)).startsWith("HTTP/1.1 429").contains("Retry-After: ");
        // once spent, no customer token or unknown key from that address is even looked up: a right guess is not told apart
        assertThat(statusFrom(GUESSER, "/api/track/" + token, null)).isEqualTo(429);
        assertThat(statusFrom(GUESSER, "/api/orders/" + orderId + "/tracking", token)).isEqualTo(429);
        assertThat(statusFrom(GUESSER, "/api/orders?limit=1", "not-a-real-key")).isEqualTo(429);
        // a shop's backend behind the same address keeps everything its key allows
        assertThat(statusFrom(GUESSER, "/api/orders?limit=1", AGENT)).isEqualTo(200);
        assertThat(statusFrom(GUESSER, "/api/orders?limit=1", STOREFRONT)).isEqualTo(200);
        // other addresses are not held up
        assertThat(hub.get("/api/track/" + token, null).statusCode()).isEqualTo(200);
        assertThat(hub.get("/api/orders?limit=1", STOREFRONT).statusCode()).isEqualTo(200);
    }

    @Test
    void validApiKeysSpendNothingOfTheirAddressesAllowance() {
        for (int i = 0; i <= FAILED_AUTHENTICATIONS_ALLOWED; i++) {
            assertThat(statusFrom(BUSY_BACKEND, "/api/orders?limit=1", AGENT)).as("call " + (i + 1)).isEqualTo(200);
        }

        assertThat(statusFrom(BUSY_BACKEND, "/api/orders?limit=1", "not-a-real-key")).as("refused, not limited").isEqualTo(401);
    }

    private int statusFrom(String address, String path, String apiKey) {
        String response = rawFrom(address, path, apiKey);
        return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }

    /** A GET sent from a loopback address of the test's own (java.net.http cannot choose its local address). */
    private String rawFrom(String address, String path, String apiKey) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(address), 0)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (apiKey == null ? "" : "Authorization: Bearer " + apiKey + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
