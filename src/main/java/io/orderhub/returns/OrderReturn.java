package io.orderhub.returns;

import io.orderhub.order.Money;
import java.time.Instant;
import java.util.List;

/** A return (RMA) as stored: which units of which order lines come back, how, and where it stands. */
public record OrderReturn(String id, String orderId, ReturnStatus status, ReturnMethod method, String locationId,
                          Label label, Money amount, Money refundedAmount, String reason, Instant createdAt,
                          Instant updatedAt, List<Line> lines) {

    /** The carrier's prepaid label for a mailed return; null for a store drop-off. */
    public record Label(String carrier, String trackingNumber, String labelUrl) {
    }

    /**
     * Units of one order line: requested, and once received how many in each condition.
     *
     * @param amount what the requested units are worth: their price plus their share of the line's tax
     */
    public record Line(int lineNumber, int quantity, Money amount, Integer receivedResellable, Integer receivedDamaged) {
    }
}
