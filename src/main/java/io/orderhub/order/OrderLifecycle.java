package io.orderhub.order;

import static io.orderhub.order.OrderStatus.*;

import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way an order changes status. The table below is the whole state machine: a move that
 * is not in it is refused, never applied. Each applied move is recorded in the order's history
 * in the same transaction, under a row lock, so concurrent updates to one order serialise.
 */
@Component
public class OrderLifecycle {

    private static final Map<OrderStatus, Set<OrderStatus>> ALLOWED = new EnumMap<>(OrderStatus.class);

    static {
        allow(RECEIVED, ACCEPTED, CANCELLED, FAILED);
        allow(ACCEPTED, SCREENED, FRAUD_HOLD, CANCELLED, FAILED);
        allow(FRAUD_HOLD, SCREENED, CANCELLED);
        allow(SCREENED, TAXED, CANCELLED, FAILED);
        allow(TAXED, PAYMENT_AUTHORISED, PAYMENT_DECLINED, CANCELLED, FAILED);
        allow(PAYMENT_DECLINED, CANCELLED);
        allow(PAYMENT_AUTHORISED, RESERVED, BACKORDERED, CANCELLED, FAILED);
        allow(BACKORDERED, RESERVED, CANCELLED, FAILED);
        allow(RESERVED, SOURCED, CANCELLED, FAILED);
        // a site may ship its part before the other sites of the order have taken theirs
        allow(SOURCED, RELEASED, PARTIALLY_SHIPPED, SHIPPED, PARTIALLY_CANCELLED, CANCELLED, FAILED);
        allow(RELEASED, PARTIALLY_SHIPPED, SHIPPED, PARTIALLY_CANCELLED, CANCELLED, FAILED);
        // a further partial shipment is a move to the same status, recorded like any other
        allow(PARTIALLY_SHIPPED, PARTIALLY_SHIPPED, SHIPPED, PARTIALLY_CANCELLED, FAILED);
        allow(PARTIALLY_CANCELLED, PARTIALLY_CANCELLED, RELEASED, PARTIALLY_SHIPPED, SHIPPED, CANCELLED, FAILED);
        allow(SHIPPED, DELIVERED, RETURN_REQUESTED);
        allow(DELIVERED, RETURN_REQUESTED);
        // an order may have several returns (io.orderhub.returns): its status is what they add up
        // to, and each return's request, receipt and refund is a move, to the same status included
        allow(RETURN_REQUESTED, RETURN_REQUESTED, RETURN_RECEIVED, DELIVERED);
        allow(RETURN_RECEIVED, RETURN_RECEIVED, RETURN_REQUESTED, REFUNDED);
        allow(REFUNDED, RETURN_REQUESTED);
        // a replayed dead letter resumes the order where it failed (or, after compensation, at payment)
        allow(FAILED, RECEIVED, ACCEPTED, SCREENED, TAXED, PAYMENT_AUTHORISED, RESERVED, BACKORDERED, SOURCED,
                RELEASED, PARTIALLY_SHIPPED, PARTIALLY_CANCELLED, CANCELLED);
        allow(CANCELLED);
    }

    private static void allow(OrderStatus from, OrderStatus... to) {
        ALLOWED.put(from, to.length == 0 ? EnumSet.noneOf(OrderStatus.class) : EnumSet.of(to[0], to));
    }

    public static boolean allows(OrderStatus from, OrderStatus to) {
        return ALLOWED.getOrDefault(from, Set.of()).contains(to);
    }

    public static Set<OrderStatus> allowedFrom(OrderStatus from) {
        return Collections.unmodifiableSet(ALLOWED.getOrDefault(from, EnumSet.noneOf(OrderStatus.class)));
    }

    /** What a pipeline stage's {@link #advance} did. */
    public enum Outcome {
        /** the move was made now */
        APPLIED,
        /** the move had been made before: a redelivered message, nothing to do again */
        ALREADY_APPLIED,
        /** the order has left the expected status by another path (e.g. cancelled): skip the stage */
        SUPERSEDED
    }

    private final OrderRepository orders;
    private final Clock clock;
    private ApplicationEventPublisher events = event -> { };

    public OrderLifecycle(OrderRepository orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    /**
     * Listeners of {@link StatusChanged} run synchronously inside the move's transaction, so what
     * they write (e.g. an outbox message) commits or rolls back with the move itself.
     */
    @Autowired(required = false)
    public void setEvents(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** Published inside the transaction of every applied move. */
    public record StatusChanged(String orderId, OrderStatus from, OrderStatus to, java.time.Instant at) {
    }

    /**
     * Records a partner's document about the order (an invoice, an acknowledgement) in its
     * history without moving it: the entry's from and to are both the current status.
     */
    @Transactional
    public OrderStatus note(String orderId, Actor actor, String reason) {
        OrderRepository.StatusRow current = orders.lockStatus(orderId)
                .orElseThrow(() -> new OrderNotFoundException(orderId));
        orders.appendHistory(orderId, new StatusChange(current.status(), current.status(), actor, reason, clock.instant()));
        return current.status();
    }

    /** Moves an order to {@code to}, or throws {@link IllegalTransitionException}. */
    @Transactional
    public OrderStatus transition(String orderId, OrderStatus to, Actor actor, String reason) {
        OrderRepository.StatusRow current = orders.lockStatus(orderId)
                .orElseThrow(() -> new OrderNotFoundException(orderId));
        if (!allows(current.status(), to)) {
            throw new IllegalTransitionException(orderId, current.status(), to);
        }
        apply(orderId, current, to, actor, reason);
        return current.status();
    }

    /**
     * The at-least-once form for queue consumers: applies {@code expected -> to} once, and tells a
     * repeat (redelivery, replay, duplicate hand-off) apart from an order that went elsewhere.
     */
    @Transactional
    public Outcome advance(String orderId, OrderStatus expected, OrderStatus to, Actor actor, String reason) {
        OrderRepository.StatusRow current = orders.lockStatus(orderId)
                .orElseThrow(() -> new OrderNotFoundException(orderId));
        if (current.status() == expected) {
            if (!allows(expected, to)) {
                throw new IllegalTransitionException(orderId, expected, to);
            }
            apply(orderId, current, to, actor, reason);
            return Outcome.APPLIED;
        }
        return orders.hasMoved(orderId, expected, to) ? Outcome.ALREADY_APPLIED : Outcome.SUPERSEDED;
    }

    private void apply(String orderId, OrderRepository.StatusRow current, OrderStatus to, Actor actor, String reason) {
        var now = clock.instant();
        orders.updateStatus(orderId, to, current.version(), now);
        orders.appendHistory(orderId, new StatusChange(current.status(), to, actor, reason, now));
        events.publishEvent(new StatusChanged(orderId, current.status(), to, now));
    }
}
