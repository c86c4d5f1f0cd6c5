package io.orderhub.api;

import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every validation rule: refused with 4xx problem+json naming the field, and nothing stored. */
@HubTest
class OrderValidationApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    static Stream<Arguments> invalidOrders() {
        return Stream.of(
                rule("externalId is required", "/externalId", order -> order.remove("externalId")),
                rule("externalId at most 128 characters", "/externalId", order -> order.put("externalId", "X".repeat(129))),
                rule("externalId must be a string", "/externalId", order -> order.put("externalId", 12345)),
                rule("channel is required", "/channel", order -> order.remove("channel")),
                rule("currency must be ISO 4217", "/currency", order -> order.put("currency", "XYZ")),
                rule("currency is upper case", "/currency", order -> order.put("currency", "eur")),
                rule("customer is required", "/customer", order -> order.remove("customer")),
                rule("customer email must be an address", "/customer/email", order -> customer(order).put("email", "not-an-email")),
                rule("customer name at most 200 characters", "/customer/name", order -> customer(order).put("name", "N".repeat(201))),
                rule("customer name must not be empty", "/customer/name", order -> customer(order).put("name", "")),
                rule("at least one line", "/lines", order -> order.putArray("lines")),
                rule("lines must be an array", "/lines", order -> order.put("lines", "MUG")),
                rule("quantity must be positive", "/lines/0/quantity", order -> line(order, 0).put("quantity", 0)),
                rule("quantity must not be negative", "/lines/0/quantity", order -> line(order, 0).put("quantity", -3)),
                rule("quantity must be a whole number", "/lines/0/quantity", order -> line(order, 0).put("quantity", 1.5)),
                rule("quantity must be a number", "/lines/1/quantity", order -> line(order, 1).put("quantity", "two")),
                rule("sku is required", "/lines/0/sku", order -> line(order, 0).remove("sku")),
                rule("sku at most 64 characters", "/lines/0/sku", order -> line(order, 0).put("sku", "S".repeat(65))),
                rule("unitPrice must be a decimal", "/lines/0/unitPrice", order -> line(order, 0).put("unitPrice", "12,50")),
                rule("unitPrice must not be negative", "/lines/0/unitPrice", order -> line(order, 0).put("unitPrice", -1)),
                rule("unitPrice at most the currency's decimals", "/lines/0/unitPrice", order -> line(order, 0).put("unitPrice", "12.505")),
                rule("JPY has no decimals", "/lines/0/unitPrice", order -> {
                    order.put("currency", "JPY");
                    line(order, 0).put("unitPrice", "1200.5");
                }),
                rule("personalisation at most 500 characters", "/lines/1/personalisation", order -> line(order, 1).put("personalisation", "P".repeat(501))),
                rule("pickup needs a store", "/lines/2/fulfilment/storeId", order -> ((ObjectNode) line(order, 2).get("fulfilment")).remove("storeId")),
                rule("fulfilment is ship or pickup", "/lines/0/fulfilment/type", order -> line(order, 0).putObject("fulfilment").put("type", "drone")),
                rule("shipping address is required", "/shippingAddress", order -> order.remove("shippingAddress")),
                rule("country must be ISO 3166", "/shippingAddress/country", order -> ((ObjectNode) order.get("shippingAddress")).put("country", "QQ")),
                rule("address line at most 200 characters", "/billingAddress/line1", order -> ((ObjectNode) order.get("billingAddress")).put("line1", "L".repeat(201))),
                rule("known delivery option", "/deliveryOption", order -> order.put("deliveryOption", "teleport")),
                rule("payment is required", "/payment", order -> order.remove("payment")),
                rule("payment token is required", "/payment/token", order -> ((ObjectNode) order.get("payment")).remove("token")),
                rule("a card number is not a token", "/payment/token", order -> ((ObjectNode) order.get("payment")).put("token", "4111 1111 1111 1111")),
                rule("known payment method", "/payment/method", order -> ((ObjectNode) order.get("payment")).put("method", "barter")),
                rule("metadata values are flat", "/metadata/nested", order -> ((ObjectNode) order.get("metadata")).putObject("nested")),
                rule("no unknown fields", "/coupon", order -> order.put("coupon", "FREE")),
                rule("at most the configured number of lines (20 in tests)", "/lines", order -> {
                    ArrayNode lines = (ArrayNode) order.get("lines");
                    while (lines.size() < 21) {
                        lines.add(lines.get(0).deepCopy());
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidOrders")
    void refusesAnInvalidOrderNamingTheFieldAndStoresNothing(String rule, String pointer, Consumer<ObjectNode> breakIt) {
        ObjectNode order = sampleOrder();
        String externalId = order.get("externalId").asText();
        breakIt.accept(order);

        HttpResponse<String> response = hub.post("/api/orders", STOREFRONT, order.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).endsWith("/invalid-order");
        assertThat(problem.get("status").asInt()).isEqualTo(422);
        assertThat(problem.get("errors")).as(response.body())
                .anySatisfy(error -> assertThat(error.get("pointer").asText()).isEqualTo(pointer));
        assertThat(problem.get("errors")).allSatisfy(error -> assertThat(error.get("detail").asText()).isNotBlank());
        assertThat(storedWithExternalId(externalId)).isZero();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ObjectNode order = sampleOrder();
        order.put("currency", "XYZ");
        customer(order).put("email", "nope");
        line(order, 0).put("quantity", 0);
        line(order, 1).put("quantity", "many");
        order.put("deliveryOption", "teleport");

        JsonNode problem = json(hub.post("/api/orders", STOREFRONT, order.toString()));

        assertThat(problem.get("errors")).extracting(error -> error.get("pointer").asText())
                .contains("/currency", "/customer/email", "/lines/0/quantity", "/lines/1/quantity", "/deliveryOption");
    }

    @Test
    void malformedJsonIsABadRequestWithThePosition() {
        HttpResponse<String> response = hub.post("/api/orders", STOREFRONT, "{\"externalId\": \"A-1\",\n \"lines\": [");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).endsWith("/malformed-json");
        assertThat(problem.get("detail").asText()).contains("line 2");
    }

    @Test
    void bodiesThatAreNotAnOrderObjectAreBadRequests() {
        assertThat(hub.post("/api/orders", STOREFRONT, "").statusCode()).isEqualTo(400);
        assertThat(hub.post("/api/orders", STOREFRONT, "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(hub.post("/api/orders", STOREFRONT, "\"order\"").statusCode()).isEqualTo(400);
        assertThat(hub.post("/api/orders", STOREFRONT, "{\"externalId\": \"A\", \"externalId\": \"B\"}").statusCode()).isEqualTo(400);
        assertThat(hub.post("/api/orders", STOREFRONT, "{} {}").statusCode()).isEqualTo(400);
    }

    @Test
    void aBodyThatIsNotJsonIsUnsupported() {
        HttpResponse<String> response = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/api/orders"))
                .header("Authorization", "Bearer " + STOREFRONT)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(sampleOrder().toString()))
                .build());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aBodyOverTheSizeCapIsRefusedBeforeItIsRead() {
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("metadata")).put("padding", "x".repeat(1_100_000));

        HttpResponse<String> declared = hub.post("/api/orders", STOREFRONT, order.toString());
        // the same body streamed without a Content-Length
        HttpResponse<String> chunked = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/api/orders"))
                .header("Authorization", "Bearer " + STOREFRONT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(order.toString().getBytes())))
                .build());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(json(declared).get("type").asText()).endsWith("/payload-too-large");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(storedWithExternalId(order.get("externalId").asText())).isZero();
    }

    private int storedWithExternalId(String externalId) {
        return jdbc.queryForObject("select count(*) from orders where external_id = ?", Integer.class, externalId);
    }

    private static Arguments rule(String name, String pointer, Consumer<ObjectNode> breakIt) {
        return Arguments.of(name, pointer, breakIt);
    }

    private static ObjectNode customer(ObjectNode order) {
        return (ObjectNode) order.get("customer");
    }

    private static ObjectNode line(ObjectNode order, int index) {
        return (ObjectNode) order.get("lines").get(index);
    }
}
