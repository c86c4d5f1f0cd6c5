package io.orderhub.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A storefront that keeps placing orders while the hub is killed and restarted: several threads,
 * each order with its own Idempotency-Key, every attempt of one order with the same key and the
 * very same body, retried until the hub answers 201. Retries are bounded by a deadline and a number
 * of attempts, so a run always ends.
 */
final class IntakeClient {

    static final String STOREFRONT_KEY = "Bearer dev-storefront";

    /** One order and what the client learnt about it. Each order is worked on by one thread at a time. */
    static final class PlacedOrder {
        final int index;
        final String externalId;
        final String idempotencyKey;
        final String body;
        volatile int attempts;
        /** from the 201 */
        volatile String id;
        volatile String location;
        volatile Instant createdAt;
        /** when an attempt last failed after the request may have reached the hub (outcome unknown) */
        volatile Instant lastUncertainFailure;
        /** a non-retryable answer (status and body), or why the client gave up */
        volatile String failure;

        PlacedOrder(int index, String externalId, String idempotencyKey, String body) {
            this.index = index;
            this.externalId = externalId;
            this.idempotencyKey = idempotencyKey;
            this.body = body;
        }

        boolean created() {
            return id != null;
        }

        /** The 201 replayed an order that an attempt whose answer was lost (hub killed) had stored. */
        boolean replayedAfterLostAnswer() {
            return createdAt != null && lastUncertainFailure != null && createdAt.isBefore(lastUncertainFailure);
        }

        @Override
        public String toString() {
            return externalId + (id == null ? "" : " (" + id + ")");
        }
    }

    /**
     * The pause between attempts: a back-off as a real client would do, which wakes early when the
     * test has seen the hub start again. No test decision depends on it (those wait on conditions).
     */
    static final class BackOff {
        private long generation;

        synchronized void hubRestarted() {
            generation++;
            notifyAll();
        }

        synchronized void pause(long millis) throws InterruptedException {
            long seen = generation;
            long end = System.nanoTime() + millis * 1_000_000;
            long left;
            while (seen == generation && (left = end - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private final HttpClient http;
    private final HubProcess hub;
    private final ObjectMapper json;
    private final List<PlacedOrder> orders;
    private final int threads;
    private final BackOff backOff = new BackOff();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger finishedWorkers = new AtomicInteger();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder brokenOrTimedOut = new LongAdder();
    private final Map<Integer, LongAdder> retriedStatuses = new ConcurrentHashMap<>();
    private final List<Throwable> crashes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ExecutorService pool;

    IntakeClient(HttpClient http, HubProcess hub, ObjectMapper json, List<PlacedOrder> orders, int threads) {
        this.http = http;
        this.hub = hub;
        this.json = json;
        this.orders = orders;
        this.threads = threads;
    }

    void start(Instant deadline, int maxAttemptsPerOrder) {
        AtomicInteger names = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "storefront-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < orders.size(); i = next.getAndIncrement()) {
                        place(orders.get(i), deadline, maxAttemptsPerOrder);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) {
                    crashes.add(e);
                } finally {
                    finishedWorkers.incrementAndGet();
                }
            });
        }
        pool.shutdown();
    }

    private void place(PlacedOrder order, Instant deadline, int maxAttempts) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/api/orders"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", STOREFRONT_KEY)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", order.idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(order.body))
                .build();
        int failuresInARow = 0;
        while (true) {
            if (order.attempts >= maxAttempts || Instant.now().isAfter(deadline)) {
                order.failure = "gave up after " + order.attempts + " attempts";
                return;
            }
            order.attempts++;
            attempts.increment();
            HttpResponse<String> response = null;
            inFlight.incrementAndGet();
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException | HttpConnectTimeoutException notSent) {
                refused.increment();
            } catch (IOException mayHaveArrived) {
                // reset / EOF / no answer in time: the hub may or may not have stored the order
                order.lastUncertainFailure = Instant.now();
                brokenOrTimedOut.increment();
            } finally {
                inFlight.decrementAndGet();
            }
            if (response != null) {
                int status = response.statusCode();
                if (status == 201) {
                    accept(order, response);
                    created.incrementAndGet();
                    return;
                }
                if (status != 404 && status != 429 && status < 500) {
                    // 4xx other than "not there yet": a retry with the same key cannot help
                    order.failure = status + " " + response.body();
                    return;
                }
                // 404 while the REST routes are not started yet, 5xx/503 while the hub starts or stops
                retriedStatuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            }
            failuresInARow++;
            backOff.pause(Math.min(40L << Math.min(failuresInARow, 4), 640));
        }
    }

    private void accept(PlacedOrder order, HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body());
            order.location = response.headers().firstValue("Location").orElse(null);
            order.createdAt = Instant.parse(body.path("createdAt").asText());
            order.id = body.path("id").asText();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("201 for " + order.externalId + " with an unreadable body: " + response.body(), e);
        }
    }

    void hubRestarted() {
        backOff.hubRestarted();
    }

    boolean finished() {
        return finishedWorkers.get() == threads;
    }

    int created() {
        return created.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    List<Throwable> crashes() {
        return crashes;
    }

    long attempts() {
        return attempts.sum();
    }

    /** Attempts beyond the first of each order. */
    long retries() {
        return attempts.sum() - orders.stream().filter(o -> o.attempts > 0).count();
    }

    String summary() {
        Map<Integer, Long> statuses = new TreeMap<>();
        retriedStatuses.forEach((status, count) -> statuses.put(status, count.sum()));
        List<PlacedOrder> replayed = new ArrayList<>(orders.stream().filter(PlacedOrder::replayedAfterLostAnswer).toList());
        return "orders=" + orders.size() + ", created(201)=" + created.get() + ", attempts=" + attempts.sum()
                + ", retries=" + retries() + " (connection refused=" + refused.sum()
                + ", reset/timeout after sending=" + brokenOrTimedOut.sum() + ", retried statuses=" + statuses + ")"
                + ", 201s that replayed an order stored by an attempt whose answer was lost=" + replayed.size();
    }
}
