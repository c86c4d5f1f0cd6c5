package io.orderhub.sourcing;

/**
 * Units of one order line placed at one location (or backordered). A line split across two
 * locations appears once in each fulfilment with its part of the quantity. {@code personalisation}
 * carries the order line's instructions (engraving text) to the workshop that makes it.
 */
public record PlannedLine(int lineNumber, String sku, int quantity, String personalisation) {
}
