package io.orderhub.api;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

@HubTest
class PlaceOrderApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    @Test
    void acceptedOrderIsStoredWithComputedTotalsAndReadableAtItsLocation() {
        ObjectNode order = sampleOrder();
        // whatever totals a client sends are ignored
        order.putObject("totals").put("total", "0.01");

        HttpResponse<String> created = hub.placeOrder(order);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(created);
        String id = body.get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/orders/" + id);
        assertThat(body.get("status").asText()).isEqualTo("RECEIVED");
        // 2 x 12.50 + 24.90 + 19.99
        assertThat(body.at("/totals/subtotal").asText()).isEqualTo("69.89");
        assertThat(body.at("/totals/total").asText()).isEqualTo("69.89");
        assertThat(body.at("/lines/0/lineTotal").asText()).isEqualTo("25.00");
        assertThat(body.at("/lines/2/fulfilment/storeId").asText()).isEqualTo("store-berlin-mitte");
        assertThat(body.at("/payment/token").isMissingNode()).as("the payment token is never shown").isTrue();
        assertThat(body.at("/history/0/to").asText()).isEqualTo("RECEIVED");
        assertThat(body.at("/history/0/actor").asText()).isEqualTo("storefront");

        JsonNode read = json(hub.get("/api/orders/" + id, AGENT));
        assertThat(read.get("externalId").asText()).isEqualTo(order.get("externalId").asText());
        assertThat(read.at("/totals/total").asText()).isEqualTo("69.89");
        assertThat(read.get("customer")).isEqualTo(order.get("customer"));
        assertThat(read.get("history").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theResponseNeverEchoesRequestHeaders() {
        HttpResponse<String> created = hub.placeOrder(sampleOrder(), "Idempotency-Key", UUID.randomUUID().toString());

        assertThat(created.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("Authorization"));
        assertThat(created.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("Idempotency-Key"));
    }

    @Test
    void sameIdempotencyKeyAndBodyReplaysTheFirstResponse() {
        ObjectNode order = sampleOrder();
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = hub.placeOrder(order, "Idempotency-Key", key);
        // the same JSON with other whitespace and key order is the same body
        ObjectNode reordered = order.objectNode();
        List<String> fields = new ArrayList<>();
        order.fieldNames().forEachRemaining(fields::add);
        java.util.Collections.reverse(fields);
        fields.forEach(field -> reordered.set(field, order.get(field)));
        HttpResponse<String> second = hub.post("/api/orders", STOREFRONT, reordered.toPrettyString(), "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        // the same order as first answered; only the customer's access token is new (the hub stores none to replay)
        ObjectNode firstBody = (ObjectNode) json(first);
        ObjectNode secondBody = (ObjectNode) json(second);
        assertThat(secondBody.at("/customerAccess/token").asText()).isNotBlank().isNotEqualTo(firstBody.at("/customerAccess/token").asText());
        firstBody.remove("customerAccess");
        secondBody.remove("customerAccess");
        assertThat(secondBody).isEqualTo(firstBody);
        assertThat(ordersWithExternalId(order)).isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsRefusedAndStoresNothing() {
        ObjectNode order = sampleOrder();
        String key = UUID.randomUUID().toString();
        assertThat(hub.placeOrder(order, "Idempotency-Key", key).statusCode()).isEqualTo(201);

        ObjectNode changed = sampleOrder();
        HttpResponse<String> refused = hub.placeOrder(changed, "Idempotency-Key", key);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).get("type").asText()).endsWith("/idempotency-key-reused");
        assertThat(ordersWithExternalId(changed)).isZero();
    }

    @Test
    void idempotencyKeysAreScopedToTheCaller() {
        ObjectNode order = sampleOrder();
        String key = UUID.randomUUID().toString();
        String storefrontOrderId = json(hub.placeOrder(order, "Idempotency-Key", key)).get("id").asText();

        // another client using the same key string is not answered with someone else's order
        HttpResponse<String> agentAttempt = hub.placeOnBehalf(sampleOrder(), "Idempotency-Key", key);

        assertThat(agentAttempt.statusCode()).isEqualTo(201);
        assertThat(json(agentAttempt).get("id").asText()).isNotEqualTo(storefrontOrderId);
    }

    @Test
    void secondOrderWithTheSameChannelAndExternalIdIsAConflict() {
        ObjectNode order = sampleOrder();
        String firstId = json(hub.placeOrder(order)).get("id").asText();

        HttpResponse<String> duplicate = hub.placeOrder(order);

        assertThat(duplicate.statusCode()).isEqualTo(409);
        JsonNode problem = json(duplicate);
        assertThat(problem.get("type").asText()).endsWith("/duplicate-order");
        assertThat(problem.get("existingOrderId").asText()).isEqualTo(firstId);
        assertThat(duplicate.headers().firstValue("Location")).hasValue("/api/orders/" + firstId);
        assertThat(ordersWithExternalId(order)).isEqualTo(1);
    }

    @Test
    void concurrentRetriesWithOneKeyCreateOneOrderAndAllGetTheSameAnswer() throws Exception {
        ObjectNode order = sampleOrder();
        String key = UUID.randomUUID().toString();

        List<HttpResponse<String>> responses = concurrently(12, () -> hub.placeOrder(order, "Idempotency-Key", key));

        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(201));
        // the same answer, but for the customer access token each 201 carries (the hub stores none to replay)
        assertThat(responses).extracting(response -> withoutCustomerAccess(response.body()))
                .containsOnly(withoutCustomerAccess(responses.get(0).body()));
        assertThat(responses).extracting(response -> json(response).at("/customerAccess/token").asText()).doesNotHaveDuplicates();
        assertThat(ordersWithExternalId(order)).isEqualTo(1);
    }

    @Test
    void concurrentPostsOfOneExternalIdCreateOneOrder() throws Exception {
        ObjectNode order = sampleOrder();

        List<HttpResponse<String>> responses = concurrently(12, () -> hub.placeOrder(order));

        assertThat(responses).filteredOn(response -> response.statusCode() == 201).hasSize(1);
        assertThat(responses).filteredOn(response -> response.statusCode() == 409).hasSize(11);
        assertThat(ordersWithExternalId(order)).isEqualTo(1);
    }

    @Test
    void aStorefrontKeyCannotPlaceOrdersForAnotherChannel() {
        ObjectNode order = sampleOrder();
        order.put("channel", "marketplace");

        HttpResponse<String> refused = hub.placeOrder(order);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("type").asText()).endsWith("/channel-not-allowed");
        assertThat(ordersWithExternalId(order)).isZero();
    }

    @Test
    void agentsAndAdminsPlaceOrdersOnlyOnACustomersBehalf() {
        ObjectNode order = sampleOrder();
        order.put("channel", "phone");

        HttpResponse<String> agent = hub.post("/api/orders", AGENT, order.toString());
        HttpResponse<String> admin = hub.post("/api/orders", ADMIN, order.toString());

        // POST /api/agent/orders, with its reason, is their way in (AgentApiTest)
        assertThat(agent.statusCode()).isEqualTo(403);
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(ordersWithExternalId(order)).isZero();
    }

    @Test
    void aStorefrontCannotReadAnotherChannelsOrder() {
        ObjectNode order = sampleOrder();
        order.put("channel", "phone");
        String id = json(hub.placeOnBehalf(order)).get("id").asText();

        HttpResponse<String> read = hub.get("/api/orders/" + id, STOREFRONT);

        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(read.body()).doesNotContain(order.get("externalId").asText());
    }

    private int ordersWithExternalId(JsonNode order) {
        return jdbc.queryForObject("select count(*) from orders where external_id = ?", Integer.class,
                order.get("externalId").asText());
    }

    private static <T> List<T> concurrently(int parallel, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Callable<T>> calls = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                calls.add(call);
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode withoutCustomerAccess(String body) {
        try {
            ObjectNode node = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            node.remove("customerAccess");
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
