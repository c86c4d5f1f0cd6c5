package io.orderhub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** Talks to the hub over real HTTP, as a storefront or agent would. */
public class HubClient {

    public static final String STOREFRONT = "dev-storefront";
    public static final String AGENT = "dev-agent";
    public static final String ADMIN = "dev-admin";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public HubClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /** examples/order.json, the order README shows, with a fresh externalId. */
    public static ObjectNode sampleOrder() {
        try {
            ObjectNode order = (ObjectNode) MAPPER.readTree(Files.readString(Path.of("examples/order.json")));
            order.put("externalId", "T-" + UUID.randomUUID());
            return order;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> post(String path, String apiKey, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        request.header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** POST /api/orders as the storefront, with an Idempotency-Key of its own unless {@code headers} give one. */
    public HttpResponse<String> placeOrder(JsonNode order, String... headers) {
        boolean keyed = false;
        for (int i = 0; i < headers.length; i += 2) {
            keyed |= headers[i].equalsIgnoreCase("Idempotency-Key");
        }
        if (!keyed) {
            headers = java.util.Arrays.copyOf(headers, headers.length + 2);
            headers[headers.length - 2] = "Idempotency-Key";
            headers[headers.length - 1] = "test-" + UUID.randomUUID();
        }
        return post("/api/orders", STOREFRONT, order.toString(), headers);
    }

    /** An agent places {@code order} for its customer (POST /api/agent/orders): the way orders of other channels are made. */
    public HttpResponse<String> placeOnBehalf(JsonNode order, String... headers) {
        ObjectNode body = MAPPER.createObjectNode().put("reason", "customer phoned in");
        body.set("order", order);
        return post("/api/agent/orders", AGENT, body.toString(), headers);
    }

    public HttpResponse<String> get(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException noAnswer) {
                if (!safeToRepeat(request) || !String.valueOf(noAnswer.getMessage()).contains("received no bytes")) {
                    throw noAnswer;
                }
                // camel-platform-http 4.17 on Tomcat rarely fails writing an answer it has made (README,
                // Known limits): the connection closes unanswered. A client repeats what is safe to repeat.
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean safeToRepeat(HttpRequest request) {
        return request.method().equals("GET") || request.headers().firstValue("Idempotency-Key").isPresent();
    }

    public String base() {
        return base;
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
