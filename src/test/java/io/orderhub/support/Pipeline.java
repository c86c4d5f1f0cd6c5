package io.orderhub.support;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.json;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/** Waiting on, and reading, what the pipeline did to an order: over the API, as an operator would. */
public class Pipeline {

    private final HubClient hub;

    public Pipeline(HubClient hub) {
        this.hub = hub;
    }

    public JsonNode order(String id) {
        return json(hub.get("/api/orders/" + id, AGENT));
    }

    public JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25))
                .until(() -> order(id), order -> status.equals(order.get("status").asText()));
    }

    public JsonNode awaitHistoryEntry(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25))
                .until(() -> order(id), order -> order.get("history").findValuesAsText("to").contains(status));
    }

    public List<String> statuses(JsonNode order) {
        return order.get("history").findValuesAsText("to");
    }

    public JsonNode journey(String id) {
        return json(hub.get("/api/orders/" + id + "/journey", AGENT));
    }

    public JsonNode ledger(String id) {
        return json(hub.get("/sandbox/admin/ledger?orderId=" + id, ADMIN));
    }

    public JsonNode deadLetters() {
        return json(hub.get("/api/dead-letters?status=NEW", ADMIN));
    }
}
