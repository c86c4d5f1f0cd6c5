package io.orderhub.api;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Each endpoint, each kind of caller: who gets in and who is refused, always as problem+json. */
@HubTest
class ApiSecurityTest {

    @LocalServerPort
    int port;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(Arguments.of("POST", "/api/orders"), Arguments.of("GET", "/api/orders"),
                Arguments.of("GET", "/api/orders/some-id"));
    }

    @ParameterizedTest(name = "{0} {1} without a key")
    @MethodSource("endpoints")
    void everyEndpointNeedsAKey(String method, String path) {
        HttpResponse<String> response = call(method, path, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @ParameterizedTest(name = "{0} {1} with an unknown key")
    @MethodSource("endpoints")
    void anUnknownKeyIsRefused(String method, String path) {
        HttpResponse<String> response = call(method, path, "not-a-real-key");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("type").asText()).endsWith("/invalid-api-key");
    }

    @Test
    void storefrontsPlaceOrdersAndEveryRoleReadsThem() {
        String id = json(hub.post("/api/orders", STOREFRONT, sampleOrder().toString())).get("id").asText();
        for (String key : new String[] {STOREFRONT, AGENT, ADMIN}) {
            assertThat(hub.get("/api/orders/" + id, key).statusCode()).as(key).isEqualTo(200);
            assertThat(hub.get("/api/orders?limit=1", key).statusCode()).as(key).isEqualTo(200);
        }
        // agents and admins place orders only on a customer's behalf, with a reason (POST /api/agent/orders)
        assertThat(hub.post("/api/orders", AGENT, sampleOrder().toString()).statusCode()).isEqualTo(403);
        assertThat(hub.post("/api/orders", ADMIN, sampleOrder().toString()).statusCode()).isEqualTo(403);
    }

    @Test
    void pathsOutsideTheApiAreClosedAndHealthIsOpen() {
        assertThat(hub.get("/api/anything-else", ADMIN).statusCode()).isEqualTo(403);
        assertThat(hub.get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(hub.get("/actuator/metrics", STOREFRONT).statusCode()).isEqualTo(403);
        assertThat(hub.get("/actuator/metrics", ADMIN).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> call(String method, String path, String key) {
        return "POST".equals(method) ? hub.post(path, key, sampleOrder().toString()) : hub.get(path, key);
    }
}
