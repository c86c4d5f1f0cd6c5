package io.orderhub.order;

import static io.orderhub.order.OrderStatus.*;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.support.HubTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The lifecycle against the real database: refusals change nothing, concurrent moves serialise. */
@HubTest
class OrderLifecycleTest {

    private static final Actor TEST = Actor.system("lifecycle-test");

    @Autowired
    OrderLifecycle lifecycle;

    @Autowired
    OrderRepository orders;

    @Autowired
    OrderJson json;

    @Test
    void anAllowedMoveIsAppliedAndRecordedWithActorAndReason() {
        String id = storedOrder();

        lifecycle.transition(id, CANCELLED, new Actor(Actor.Kind.AGENT, "agent-7"), "customer called");

        Order order = orders.findById(id).orElseThrow();
        assertThat(order.status()).isEqualTo(CANCELLED);
        assertThat(order.version()).isEqualTo(1);
        StatusChange last = orders.history(id).get(orders.history(id).size() - 1);
        assertThat(last.from()).isEqualTo(RECEIVED);
        assertThat(last.to()).isEqualTo(CANCELLED);
        assertThat(last.actor()).isEqualTo(new Actor(Actor.Kind.AGENT, "agent-7"));
        assertThat(last.reason()).isEqualTo("customer called");
        assertThat(last.at()).isNotNull();
    }

    @Test
    void anIllegalMoveIsRefusedAndChangesNothing() {
        String id = storedOrder();

        assertThatThrownBy(() -> lifecycle.transition(id, SHIPPED, TEST, "skip ahead"))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("RECEIVED").hasMessageContaining("SHIPPED");

        Order order = orders.findById(id).orElseThrow();
        assertThat(order.status()).isEqualTo(RECEIVED);
        assertThat(order.version()).isZero();
        assertThat(orders.history(id)).hasSize(1);
    }

    @Test
    void aMoveOnAnUnknownOrderIsNotFound() {
        assertThatThrownBy(() -> lifecycle.transition("no-such-order", CANCELLED, TEST, "x"))
                .isInstanceOf(OrderNotFoundException.class);
    }

    @Test
    void advanceAppliesOnceAndRecognisesRepeats() {
        String id = storedOrder();

        assertThat(lifecycle.advance(id, RECEIVED, ACCEPTED, TEST, "first")).isEqualTo(OrderLifecycle.Outcome.APPLIED);
        assertThat(lifecycle.advance(id, RECEIVED, ACCEPTED, TEST, "redelivered")).isEqualTo(OrderLifecycle.Outcome.ALREADY_APPLIED);

        assertThat(orders.history(id)).extracting(StatusChange::to).containsExactly(RECEIVED, ACCEPTED);
    }

    @Test
    void advanceSkipsAnOrderThatWentElsewhere() {
        String id = storedOrder();
        lifecycle.transition(id, CANCELLED, TEST, "cancelled before the stage ran");

        assertThat(lifecycle.advance(id, RECEIVED, ACCEPTED, TEST, "late")).isEqualTo(OrderLifecycle.Outcome.SUPERSEDED);
        assertThat(orders.findById(id).orElseThrow().status()).isEqualTo(CANCELLED);
    }

    @Test
    void concurrentConflictingMovesLetExactlyOneWin() throws Exception {
        String id = storedOrder();
        AtomicInteger refused = new AtomicInteger();
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            OrderStatus target = i % 2 == 0 ? ACCEPTED : CANCELLED;
            racers.add(() -> {
                try {
                    lifecycle.transition(id, target, TEST, "race");
                    return true;
                } catch (IllegalTransitionException e) {
                    refused.incrementAndGet();
                    return false;
                }
            });
        }

        long winners = runAll(racers).stream().filter(Boolean::booleanValue).count();

        // ACCEPTED -> CANCELLED is allowed, so at most one of each can win, never two ACCEPTED
        List<StatusChange> history = orders.history(id);
        assertThat(history.stream().filter(change -> change.to() == ACCEPTED)).hasSizeLessThanOrEqualTo(1);
        assertThat(history.stream().filter(change -> change.to() == CANCELLED)).hasSize(1);
        assertThat(winners + refused.get()).isEqualTo(16);
        assertThat(orders.findById(id).orElseThrow().version()).isEqualTo(winners);
        assertHistoryIsAChain(history);
    }

    @Test
    void concurrentRepeatableMovesAreAllRecordedInOrder() throws Exception {
        String id = storedOrder();
        for (OrderStatus step : List.of(ACCEPTED, SCREENED, TAXED, PAYMENT_AUTHORISED, RESERVED, SOURCED, RELEASED, PARTIALLY_SHIPPED)) {
            lifecycle.transition(id, step, TEST, "setup");
        }
        long before = orders.findById(id).orElseThrow().version();
        List<Callable<Boolean>> shipments = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            shipments.add(() -> {
                lifecycle.transition(id, PARTIALLY_SHIPPED, TEST, "another parcel");
                return true;
            });
        }

        runAll(shipments);

        assertThat(orders.findById(id).orElseThrow().version()).isEqualTo(before + 20);
        List<StatusChange> history = orders.history(id);
        assertThat(history).hasSize(1 + 8 + 20);
        assertHistoryIsAChain(history);
    }

    private static void assertHistoryIsAChain(List<StatusChange> history) {
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).from()).as("entry " + i).isEqualTo(history.get(i - 1).to());
            assertThat(history.get(i).at()).isAfterOrEqualTo(history.get(i - 1).at());
        }
    }

    private String storedOrder() {
        var now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Order order = json.newOrder(UUID.randomUUID().toString(), sampleOrder(), now);
        orders.insert(order);
        orders.appendHistory(order.id(), new StatusChange(null, RECEIVED, TEST, "test order", now));
        return order.id();
    }

    private static <T> List<T> runAll(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
