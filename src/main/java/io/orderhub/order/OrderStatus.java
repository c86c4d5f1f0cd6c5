package io.orderhub.order;

/** Every state an order can be in over its whole journey. Allowed moves live in {@link OrderLifecycle}. */
public enum OrderStatus {
    RECEIVED,
    ACCEPTED,
    FRAUD_HOLD,
    SCREENED,
    TAXED,
    PAYMENT_AUTHORISED,
    PAYMENT_DECLINED,
    RESERVED,
    BACKORDERED,
    SOURCED,
    RELEASED,
    PARTIALLY_SHIPPED,
    SHIPPED,
    DELIVERED,
    PARTIALLY_CANCELLED,
    CANCELLED,
    RETURN_REQUESTED,
    RETURN_RECEIVED,
    REFUNDED,
    FAILED
}
