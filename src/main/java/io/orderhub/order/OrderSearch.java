package io.orderhub.order;

import java.time.Instant;

/**
 * Filters for the agents' order list; null means "any". {@code createdFrom} is inclusive,
 * {@code createdBefore} exclusive. {@code after} is the decoded cursor.
 */
public record OrderSearch(String id, OrderStatus status, String channel, String externalId, String customerEmail,
                          String customerPhone, Instant createdFrom, Instant createdBefore, Position after) {

    /** Where the previous page ended: orders are listed newest first by (createdAt, id). */
    public record Position(Instant createdAt, String id) {
    }
}
