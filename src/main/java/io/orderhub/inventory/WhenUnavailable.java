package io.orderhub.inventory;

/** What happens to an order that cannot be fully placed on the stock there is. */
public enum WhenUnavailable {
    /** reserve what can be placed; the rest waits for stock (the order is backordered) */
    BACKORDER,
    /** reserve nothing; the order is refused */
    REFUSE
}
