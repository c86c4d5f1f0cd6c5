package io.orderhub.order;

import java.util.Objects;

/** Who caused a change: the hub itself, an agent, the customer or a partner system. */
public record Actor(Kind kind, String id) {

    public enum Kind { SYSTEM, AGENT, CUSTOMER, PARTNER, STOREFRONT, ADMIN }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static Actor system(String component) {
        return new Actor(Kind.SYSTEM, component);
    }
}
