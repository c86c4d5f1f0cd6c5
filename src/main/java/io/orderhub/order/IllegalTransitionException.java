package io.orderhub.order;

/** A status change the lifecycle table does not allow. Never applied. */
public class IllegalTransitionException extends RuntimeException {

    private final OrderStatus from;
    private final OrderStatus to;

    public IllegalTransitionException(String orderId, OrderStatus from, OrderStatus to) {
        super("order " + orderId + " cannot move from " + from + " to " + to
                + " (allowed: " + OrderLifecycle.allowedFrom(from) + ")");
        this.from = from;
        this.to = to;
    }

    public OrderStatus from() {
        return from;
    }

    public OrderStatus to() {
        return to;
    }
}
