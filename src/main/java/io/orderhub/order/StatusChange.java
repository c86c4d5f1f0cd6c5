package io.orderhub.order;

import java.time.Instant;

/** One line of an order's history: a move between statuses, by whom and why. {@code from} is null at creation. */
public record StatusChange(OrderStatus from, OrderStatus to, Actor actor, String reason, Instant at) {
}
