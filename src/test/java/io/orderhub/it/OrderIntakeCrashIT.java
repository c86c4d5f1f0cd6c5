package io.orderhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.it.IntakeClient.PlacedOrder;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The intake guarantees against the real packaged hub in its own JVM, killed with SIGKILL:
 * an order answered 201 is never lost and never stored twice (retries with the same
 * Idempotency-Key replay the first answer), and every stored order reaches ACCEPTED exactly once,
 * also when its hand-off event was already in the broker, not yet consumed, when the hub died.
 *
 * <p>Runs in {@code mvn verify} after {@code package}. The hub uses the database its environment
 * chooses: the H2 file under its data directory by default, or PostgreSQL through
 * SPRING_DATASOURCE_URL. Ids are unique per run, so a database that outlives a run does no harm.
 */
class OrderIntakeCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT_KEY = "Bearer dev-agent";
    private static final String ADMIN_KEY = "Bearer dev-admin";
    private static final String HAND_OFF_ROUTES = "file:routes/20-hand-off.camel.yaml";
    private static final String ACCEPTANCE_ROUTES = "file:routes/30-acceptance.camel.yaml";
    /** Upper case letters, digits and '-' only: safe in a URL and in a SQL LIKE pattern. */
    private static final String RUN = runId();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final List<HubProcess> hubs = new ArrayList<>();
    private ExecutorService checks;

    @BeforeEach
    void startCheckers() {
        checks = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stopHubs() throws InterruptedException {
        for (HubProcess hub : hubs) {
            hub.close();
        }
        checks.shutdownNow();
    }

    /**
     * Scenario 1: eight storefront threads place orders while the hub is SIGKILLed and restarted
     * several times on the same data. Each order is retried with the same key and body until 201.
     */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void ordersAnswered201SurviveRepeatedSigkillUnderLoadAndAreAcceptedExactlyOnce() throws Exception {
        int orderCount = Integer.getInteger("orderhub.it.crash.orders", 480);
        int kills = Integer.getInteger("orderhub.it.crash.kills", 3);
        String prefix = "CRASH-" + RUN + "-L-";
        List<PlacedOrder> orders = orders(prefix, orderCount);
        HubProcess hub = hub(RUN + "-load");

        reportingLogsOnFailure(hub, () -> {
            Instant began = Instant.now();
            hub.start();
            hub.awaitReady();
            IntakeClient client = new IntakeClient(http, hub, JSON, orders, 8);
            client.start(Instant.now().plus(Duration.ofSeconds(240)), 2_000);

            for (int kill = 1; kill <= kills; kill++) {
                int killAt = orderCount * kill / (kills + 1);
                await("kill " + kill + " after " + killAt + " orders answered 201")
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(10))
                        .failFast("hub died without being killed by the test", () -> !hub.isAlive())
                        .until(() -> client.created() >= killAt || client.finished());
                assertThat(client.finished()).as("storefront still placing orders at kill %d", kill).isFalse();
                int created = client.created();
                int inFlight = client.inFlight();
                int exit = hub.sigkill();
                report("kill %d: SIGKILL (exit %d) after %d orders answered 201, %d requests in flight",
                        kill, exit, created, inFlight);
                hub.start();
                hub.awaitReady();
                client.hubRestarted();
                report("kill %d: hub ready again after %.1fs", kill, seconds(last(hub.startDurations())));
            }
            await("storefront done").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(100))
                    .failFast("hub died without being killed by the test", () -> !hub.isAlive())
                    .until(client::finished);
            report("storefront: %s", client.summary());
            assertThat(client.crashes()).as("storefront threads failed").isEmpty();
            assertEveryOrderPlaced(hub, orders);

            awaitAllAccepted(hub, orders);
            assertStoredAndAcceptedExactlyOnce(hub, orders, true);

            hub.sigkill();
            assertOneOutboxEventAndOneIdempotencyRecordEach(hub, prefix, orders);
            report("scenario 1: %d orders, %d kills, %d retries, %d duplicate OrderReceived deliveries ignored by acceptance, "
                    + "hub starts %s, %.0fs in all", orders.size(), kills, client.retries(), duplicateAcceptances(hub),
                    startTimes(hub), seconds(Duration.between(began, Instant.now())));
        });
    }

    /**
     * Scenario 2: the hand-off event of a stored order survives the hub's death at each step.
     * Run A stores orders with hand-off and acceptance removed (events stay in the outbox); run B
     * has only acceptance removed (events go to the broker's durable queue and stay there); run C
     * has every route. Each run ends with SIGKILL.
     *
     * <p>When B is killed, every event must be in the queue and marked published in the outbox, so
     * that C can only accept the orders from the messages KahaDB kept. The hand-off route handles
     * outbox rows one at a time in id order and marks a row right after its exchange completes, so
     * once a later "sentinel" order's exchange has completed (Camel's exchange counter for the
     * route), every earlier row is marked. The test reads the outbox only while the hub is down.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void storedOrdersWhoseHandOffIsPendingOrInTheQueueSurviveSigkillAndAreAcceptedExactlyOnce() throws Exception {
        String prefix = "CRASH-" + RUN + "-H-";
        List<PlacedOrder> orders = orders(prefix, 30);
        PlacedOrder sentinel = orders(prefix + "SENTINEL-", 1).get(0);
        List<PlacedOrder> all = new ArrayList<>(orders);
        all.add(sentinel);
        HubProcess hub = hub(RUN + "-hand-off");

        reportingLogsOnFailure(hub, () -> {
            Instant began = Instant.now();

            // A: intake only. The events stay in the outbox.
            hub.start("--camel.main.routes-exclude-pattern=" + HAND_OFF_ROUTES + "," + ACCEPTANCE_ROUTES);
            hub.awaitReady();
            assertThat(routeIds(hub)).as("routes of run A").contains("place-order").doesNotContain("hand-off", "acceptance");
            placeAll(hub, orders);
            assertAllInStatus(hub, orders, "RECEIVED");
            hub.sigkill();
            Map<String, OutboxState> outbox = outboxStates(hub, prefix);
            for (PlacedOrder order : orders) {
                assertThat(outbox.get(order.externalId)).as("outbox of %s after run A", order)
                        .isEqualTo(new OutboxState(order.id, 1, 0));
            }
            long pending = unpublishedEvents(hub);
            report("run A: %d orders stored, their events unpublished (%d unpublished events in the database)",
                    orders.size(), pending);

            // B: hand-off without acceptance. The events go to the queue and stay there.
            hub.start("--camel.main.routes-exclude-pattern=" + ACCEPTANCE_ROUTES);
            hub.awaitReady();
            assertThat(routeIds(hub)).as("routes of run B").contains("place-order", "hand-off").doesNotContain("acceptance");
            await("hand-off published the " + pending + " pending events").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> completedExchanges(hub, "hand-off") >= pending);
            placeAll(hub, List.of(sentinel));
            await("hand-off published the sentinel's event").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> completedExchanges(hub, "hand-off") >= pending + 1);
            assertAllInStatus(hub, all, "RECEIVED");
            hub.sigkill();
            outbox = outboxStates(hub, prefix);
            for (PlacedOrder order : orders) {
                assertThat(outbox.get(order.externalId)).as("outbox of %s after run B", order)
                        .isEqualTo(new OutboxState(order.id, 1, 1));
            }
            report("run B: %d events published to orders.received, none consumed; sentinel's event %s",
                    orders.size(), outbox.get(sentinel.externalId).published() == 1 ? "marked published" : "not marked yet");

            // C: every route. The orders are accepted from the messages the broker kept.
            hub.start();
            hub.awaitReady();
            assertThat(routeIds(hub)).as("routes of run C").contains("place-order", "hand-off", "acceptance");
            awaitAllAccepted(hub, all);
            assertStoredAndAcceptedExactlyOnce(hub, all, true);
            hub.sigkill();
            assertOneOutboxEventAndOneIdempotencyRecordEach(hub, prefix, all);
            report("scenario 2: %d orders accepted exactly once after kills in intake-only and hand-off-only runs "
                    + "(%d duplicate deliveries ignored); hub starts %s, %.0fs in all", all.size(), duplicateAcceptances(hub),
                    startTimes(hub), seconds(Duration.between(began, Instant.now())));
        });
    }

    // ---- orders and the API

    private static List<PlacedOrder> orders(String prefix, int count) throws IOException {
        ObjectNode template = (ObjectNode) JSON.readTree(Files.readString(HubProcess.basedir().resolve("examples/order.json")));
        List<PlacedOrder> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String externalId = prefix + String.format(Locale.ROOT, "%05d", i);
            ObjectNode body = template.deepCopy();
            body.put("externalId", externalId);
            ((ObjectNode) body.get("customer")).put("email", externalId.toLowerCase(Locale.ROOT) + "@example.com");
            orders.add(new PlacedOrder(i, externalId, externalId + "-key", JSON.writeValueAsString(body)));
        }
        return orders;
    }

    /** Places orders on a hub that stays up: each must be answered 201. */
    private void placeAll(HubProcess hub, List<PlacedOrder> orders) {
        IntakeClient client = new IntakeClient(http, hub, JSON, orders, Math.min(4, orders.size()));
        client.start(Instant.now().plus(Duration.ofSeconds(60)), 20);
        await("orders placed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(client::finished);
        assertThat(client.crashes()).isEmpty();
        assertThat(orders).as("orders answered 201").allMatch(PlacedOrder::created,
                "created; failures: " + orders.stream().filter(o -> !o.created()).map(o -> o + ": " + o.failure).toList());
        assertThat(client.retries()).as("retries needed by a hub that stayed up: %s", client.summary()).isZero();
    }

    private HttpResponse<String> get(HubProcess hub, String pathAndQuery, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(hub.uri(pathAndQuery)).timeout(Duration.ofSeconds(20))
                .header("Authorization", key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode order(HubProcess hub, PlacedOrder order) throws IOException, InterruptedException {
        HttpResponse<String> response = get(hub, "/api/orders/" + order.id, IntakeClient.STOREFRONT_KEY);
        assertThat(response.statusCode()).as("GET order %s: %s", order, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The agents' search by externalId: every stored order with it. */
    private JsonNode ordersWithExternalId(HubProcess hub, String externalId) throws IOException, InterruptedException {
        HttpResponse<String> response = get(hub,
                "/api/orders?externalId=" + URLEncoder.encode(externalId, StandardCharsets.UTF_8) + "&limit=10", AGENT_KEY);
        assertThat(response.statusCode()).as("list %s: %s", externalId, response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("items");
    }

    private HttpResponse<String> placeAgain(HubProcess hub, PlacedOrder order) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(hub.uri("/api/orders")).timeout(Duration.ofSeconds(20))
                .header("Authorization", IntakeClient.STOREFRONT_KEY)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", order.idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(order.body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- what must hold

    /** Every order was answered 201; one that was not must at least not be stored half or twice. */
    private void assertEveryOrderPlaced(HubProcess hub, List<PlacedOrder> orders) throws Exception {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        forEachParallel(orders.stream().filter(o -> !o.created()).toList(), order -> {
            JsonNode stored = ordersWithExternalId(hub, order.externalId);
            String state = stored.size() == 1 ? " stored once, status " + stored.get(0).path("status").asText()
                    : " stored " + stored.size() + " times";
            problems.add(order + ": no 201 (" + order.failure + ")," + state);
        });
        assertThat(problems).as("orders the storefront could not place").isEmpty();
    }

    private void assertAllInStatus(HubProcess hub, Collection<PlacedOrder> orders, String status) throws Exception {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        forEachParallel(orders, order -> {
            String actual = order(hub, order).path("status").asText();
            if (!status.equals(actual)) {
                problems.add(order + " is " + actual);
            }
        });
        assertThat(problems).as("orders not %s", status).isEmpty();
    }

    private void awaitAllAccepted(HubProcess hub, Collection<PlacedOrder> orders) throws Exception {
        Set<PlacedOrder> pending = ConcurrentHashMap.newKeySet();
        pending.addAll(orders);
        Map<PlacedOrder, String> last = new ConcurrentHashMap<>();
        Instant since = Instant.now();
        int[] pendingAtFirstCheck = {-1};
        try {
            await("all orders ACCEPTED").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        forEachParallel(pending, order -> {
                            JsonNode view = order(hub, order);
                            last.put(order, view.path("status").asText());
                            // the pipeline goes on past ACCEPTED: what counts is that the order got there
                            if (view.path("history").findValuesAsText("to").contains("ACCEPTED")) {
                                pending.remove(order);
                            }
                        });
                        if (pendingAtFirstCheck[0] < 0) {
                            pendingAtFirstCheck[0] = pending.size();
                        }
                        return pending.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            fail(pending.size() + " of " + orders.size() + " orders never reached ACCEPTED, e.g. "
                    + pending.stream().limit(10).map(o -> o + " " + last.get(o)).toList(), e);
        }
        report("all %d orders ACCEPTED %.1fs after the check began (%d not yet at the first look)",
                orders.size(), seconds(Duration.between(since, Instant.now())), pendingAtFirstCheck[0]);
    }

    /**
     * Each order: stored once under its externalId with the id of its 201; one RECEIVED entry and
     * one RECEIVED -> ACCEPTED entry in its history, and no later step of the pipeline recorded
     * twice (a further partial shipment is the one step that may repeat); and (with
     * {@code replay}) the same key and body once more are answered 201 with the same order.
     */
    private void assertStoredAndAcceptedExactlyOnce(HubProcess hub, Collection<PlacedOrder> orders, boolean replay) throws Exception {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        forEachParallel(orders, order -> {
            if (!Objects.equals(order.location, "/api/orders/" + order.id)) {
                problems.add(order + ": 201 with Location " + order.location);
            }
            JsonNode stored = ordersWithExternalId(hub, order.externalId);
            if (stored.size() != 1 || !order.id.equals(stored.get(0).path("id").asText())) {
                problems.add(order + ": stored as " + ids(stored));
            }
            JsonNode view = order(hub, order);
            JsonNode history = view.path("history");
            long received = entries(history, e -> e.path("from").isNull() && "RECEIVED".equals(e.path("to").asText()));
            long accepted = entries(history, e -> "RECEIVED".equals(e.path("from").asText()) && "ACCEPTED".equals(e.path("to").asText()));
            Set<String> steps = new java.util.HashSet<>();
            boolean repeatedStep = false;
            for (JsonNode entry : history) {
                String step = entry.path("from").asText() + "->" + entry.path("to").asText();
                if (!step.equals("PARTIALLY_SHIPPED->PARTIALLY_SHIPPED") && !steps.add(step)) {
                    repeatedStep = true;
                }
            }
            if (received != 1 || accepted != 1 || repeatedStep) {
                problems.add(order + ": status " + view.path("status").asText() + ", history " + history);
            }
            if (replay) {
                HttpResponse<String> again = placeAgain(hub, order);
                String againId = again.statusCode() == 201 ? JSON.readTree(again.body()).path("id").asText() : null;
                if (!order.id.equals(againId) || !Objects.equals(order.location, again.headers().firstValue("Location").orElse(null))) {
                    problems.add(order + ": same key and body again answered " + again.statusCode() + " " + again.body());
                }
            }
        });
        assertThat(problems).as("orders not stored and accepted exactly once (%d of %d)", problems.size(), orders.size())
                .isEmpty();
    }

    private static long entries(JsonNode history, java.util.function.Predicate<JsonNode> matching) {
        return StreamSupport.stream(history.spliterator(), false).filter(matching).count();
    }

    private static List<String> ids(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(i -> i.path("id").asText()).toList();
    }

    // ---- Camel's own counters (actuator metrics, admin key)

    /** Routes the hub runs: Camel registers its exchange counters per route when the route is added. */
    private Set<String> routeIds(HubProcess hub) throws IOException, InterruptedException {
        HttpResponse<String> response = get(hub, "/actuator/metrics/camel.exchanges.total", ADMIN_KEY);
        assertThat(response.statusCode()).as("camel metrics: %s", response.body()).isEqualTo(200);
        Set<String> routes = new LinkedHashSet<>();
        for (JsonNode tag : JSON.readTree(response.body()).path("availableTags")) {
            if ("routeId".equals(tag.path("tag").asText())) {
                tag.path("values").forEach(value -> routes.add(value.asText()));
            }
        }
        return routes;
    }

    private double completedExchanges(HubProcess hub, String routeId) throws IOException, InterruptedException {
        HttpResponse<String> response = get(hub, "/actuator/metrics/camel.exchanges.succeeded?tag=routeId:" + routeId, ADMIN_KEY);
        if (response.statusCode() == 404) {
            return 0;
        }
        assertThat(response.statusCode()).as("camel metrics: %s", response.body()).isEqualTo(200);
        for (JsonNode measurement : JSON.readTree(response.body()).path("measurements")) {
            if ("COUNT".equals(measurement.path("statistic").asText())) {
                return measurement.path("value").asDouble();
            }
        }
        return 0;
    }

    /** OrderAcceptance logs each OrderReceived event it had applied before (redelivery, repeated hand-off). */
    private static long duplicateAcceptances(HubProcess hub) {
        return hub.logLinesContaining("not accepted again");
    }

    // ---- the database, read only while the hub is down

    record OutboxState(String orderId, int events, int published) {
    }

    /**
     * Per externalId with the prefix: the order's id, its OrderReceived outbox events and how many
     * are marked published (messages of later stages, e.g. ERP export requests, are not counted).
     */
    private static Map<String, OutboxState> outboxStates(HubProcess hub, String prefix) throws SQLException {
        Map<String, OutboxState> states = new HashMap<>();
        try (Connection db = hub.openDatabase();
             PreparedStatement query = db.prepareStatement("""
                     select o.external_id, o.id, count(x.id), count(x.published_at)
                     from orders o left join outbox x on x.order_id = o.id and x.event_type = 'OrderReceived'
                     where o.external_id like ?
                     group by o.external_id, o.id""")) {
            query.setString(1, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    OutboxState previous = states.put(rows.getString(1),
                            new OutboxState(rows.getString(2), rows.getInt(3), rows.getInt(4)));
                    assertThat(previous).as("orders with externalId %s", rows.getString(1)).isNull();
                }
            }
        }
        return states;
    }

    /** Unpublished OrderReceived events in the whole database (a shared one may hold other runs'). */
    private static long unpublishedEvents(HubProcess hub) throws SQLException {
        try (Connection db = hub.openDatabase();
             PreparedStatement query = db.prepareStatement(
                     "select count(*) from outbox where published_at is null and event_type = 'OrderReceived'");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Storage level, after the last kill: one order row, one outbox event and one kept response per order. */
    private static void assertOneOutboxEventAndOneIdempotencyRecordEach(HubProcess hub, String prefix, List<PlacedOrder> orders)
            throws SQLException {
        Map<String, OutboxState> outbox = outboxStates(hub, prefix);
        Map<String, List<String>> keys = new HashMap<>();
        try (Connection db = hub.openDatabase();
             PreparedStatement query = db.prepareStatement(
                     "select idempotency_key, order_id from idempotency_keys where idempotency_key like ?")) {
            query.setString(1, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    keys.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (PlacedOrder order : orders) {
            OutboxState state = outbox.get(order.externalId);
            if (state == null || !order.id.equals(state.orderId()) || state.events() != 1) {
                problems.add(order + ": " + state);
            }
            if (!List.of(order.id).equals(keys.get(order.idempotencyKey))) {
                problems.add(order + ": idempotency records " + keys.get(order.idempotencyKey));
            }
        }
        assertThat(outbox).as("orders stored under this run's externalIds").hasSize(orders.size());
        assertThat(problems).as("orders without exactly one outbox event and one idempotency record").isEmpty();
    }

    // ---- plumbing

    private static String runId() {
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().withUpperCase().formatHex(random);
    }

    private HubProcess hub(String name) {
        HubProcess hub = new HubProcess(name, http);
        hubs.add(hub);
        report("hub %s: port %d, data %s, database %s", name, hub.port(), hub.dataDir(),
                Objects.requireNonNullElse(hub.databaseUrl(), "H2 file"));
        return hub;
    }

    interface Step {
        void run() throws Exception;
    }

    interface Check<T> {
        void accept(T item) throws Exception;
    }

    private static void reportingLogsOnFailure(HubProcess hub, Step scenario) throws Exception {
        try {
            scenario.run();
        } catch (Exception | AssertionError e) {
            System.out.println(hub.logTails());
            throw e;
        }
    }

    private <T> void forEachParallel(Collection<T> items, Check<T> check) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (T item : List.copyOf(items)) {
            running.add(checks.submit(() -> {
                check.accept(item);
                return null;
            }));
        }
        for (Future<?> future : running) {
            try {
                future.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }

    private static String startTimes(HubProcess hub) {
        return hub.startDurations().stream().map(d -> String.format(Locale.ROOT, "%.1fs", seconds(d)))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static void report(String format, Object... args) {
        System.out.println("[crash-it " + RUN + "] " + String.format(Locale.ROOT, format, args));
    }
}
