package io.orderhub.order;

import static io.orderhub.order.OrderStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Properties of the transition table itself. */
class OrderLifecycleTableTest {

    @Test
    void theHappyPathIsAllowedStepByStep() {
        OrderStatus[] journey = {RECEIVED, ACCEPTED, SCREENED, TAXED, PAYMENT_AUTHORISED, RESERVED, SOURCED,
                RELEASED, PARTIALLY_SHIPPED, SHIPPED, DELIVERED, RETURN_REQUESTED, RETURN_RECEIVED, REFUNDED};
        for (int i = 1; i < journey.length; i++) {
            assertThat(OrderLifecycle.allows(journey[i - 1], journey[i])).as(journey[i - 1] + " -> " + journey[i]).isTrue();
        }
    }

    @Test
    void shortcutsAndGoingBackAreRefused() {
        assertThat(OrderLifecycle.allows(RECEIVED, SHIPPED)).isFalse();
        assertThat(OrderLifecycle.allows(TAXED, RECEIVED)).isFalse();
        assertThat(OrderLifecycle.allows(SHIPPED, CANCELLED)).as("a shipped order is returned, not cancelled").isFalse();
        assertThat(OrderLifecycle.allows(FRAUD_HOLD, TAXED)).as("a held order must be released by fraud review first").isFalse();
        assertThat(OrderLifecycle.allows(PAYMENT_DECLINED, PAYMENT_AUTHORISED)).isFalse();
    }

    @Test
    void cancelledIsFinal() {
        assertThat(OrderLifecycle.allowedFrom(CANCELLED)).isEmpty();
    }

    @Test
    void everyStatusCanBeReachedFromReceived() {
        Set<OrderStatus> reached = EnumSet.of(RECEIVED);
        var todo = new ArrayDeque<>(reached);
        while (!todo.isEmpty()) {
            for (OrderStatus next : OrderLifecycle.allowedFrom(todo.poll())) {
                if (reached.add(next)) {
                    todo.add(next);
                }
            }
        }
        assertThat(reached).containsExactlyInAnyOrder(OrderStatus.values());
    }

    @Test
    void everyNonFinalStatusCanStillEndSomewhere() {
        for (OrderStatus status : OrderStatus.values()) {
            if (status != CANCELLED) {
                assertThat(OrderLifecycle.allowedFrom(status)).as(status.name()).isNotEmpty();
            }
        }
    }
}
