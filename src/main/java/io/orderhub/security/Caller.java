package io.orderhub.security;

import io.orderhub.order.Actor;

/** The authenticated client of a request: which key, its role, and for storefronts their channel. */
public record Caller(String keyName, Role role, String channel) {

    public Actor actor() {
        return switch (role) {
            case STOREFRONT -> new Actor(Actor.Kind.STOREFRONT, keyName);
            case AGENT -> new Actor(Actor.Kind.AGENT, keyName);
            case ADMIN -> new Actor(Actor.Kind.ADMIN, keyName);
        };
    }

    /** The only channel this caller may see and place orders for, or null for all channels. */
    public String restrictedChannel() {
        return role == Role.STOREFRONT ? channel : null;
    }
}
