package io.orderhub.fulfilment;

import java.util.List;

/**
 * The part of an order one location ships: the unit the warehouse, store, workshop or drop-ship
 * connectors receive. Its id is the order id plus a number, stable across redeliveries.
 */
public record FulfilmentOrder(String id, String orderId, String locationId, String locationType, Status status,
                              List<Line> lines, String reference) {

    public enum Status { PLANNED, RELEASED, SHIPPED, CANCELLED }

    public record Line(int lineNumber, String sku, int quantity, String personalisation) {
    }
}
