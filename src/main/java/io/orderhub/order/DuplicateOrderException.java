package io.orderhub.order;

/** The channel already has an order with this externalId; a second is never created. */
public class DuplicateOrderException extends RuntimeException {

    private final String existingOrderId;

    public DuplicateOrderException(String channel, String externalId, String existingOrderId) {
        super("channel " + channel + " already has order " + externalId + " (" + existingOrderId + ")");
        this.existingOrderId = existingOrderId;
    }

    public String existingOrderId() {
        return existingOrderId;
    }
}
