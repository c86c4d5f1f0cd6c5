package io.orderhub.security;

import io.orderhub.order.Actor;

/**
 * The authenticated client of a request: which key, its role, for storefronts their channel, and
 * for a customer (access token) the one order the token opens.
 */
public record Caller(String keyName, Role role, String channel, String orderId) {

    /** Who an API key stands for: any order its role may see. */
    public Caller(String keyName, Role role, String channel) {
        this(keyName, role, channel, null);
    }

    /** A customer holding the access token of {@code orderId}. */
    public static Caller customer(String orderId) {
        return new Caller("customer", Role.CUSTOMER, null, orderId);
    }

    public Actor actor() {
        return switch (role) {
            case STOREFRONT -> new Actor(Actor.Kind.STOREFRONT, keyName);
            case AGENT -> new Actor(Actor.Kind.AGENT, keyName);
            case ADMIN -> new Actor(Actor.Kind.ADMIN, keyName);
            case CUSTOMER -> new Actor(Actor.Kind.CUSTOMER, keyName);
        };
    }

    /** The only channel this caller may see and place orders for, or null for all channels. */
    public String restrictedChannel() {
        return role == Role.STOREFRONT ? channel : null;
    }

    /** The only order this caller may see, or null when it is not bound to one. */
    public String restrictedOrder() {
        return role == Role.CUSTOMER ? orderId : null;
    }

    /** Whether this caller may see the order of {@code channel} and {@code id} (else it is "not found" to them). */
    public boolean maySee(String id, String orderChannel) {
        return (restrictedChannel() == null || restrictedChannel().equals(orderChannel))
                && (restrictedOrder() == null || restrictedOrder().equals(id));
    }

    /** Agents and admins act for customers: they must say why. */
    public boolean actsForCustomers() {
        return role == Role.AGENT || role == Role.ADMIN;
    }
}
