package io.orderhub.security;

/** What an API key may do. */
public enum Role {
    /** places orders and reads its own channel's orders */
    STOREFRONT,
    /** customer service: sees every order, acts for customers */
    AGENT,
    /** operators: everything agents can, plus operations (dead letters, inventory) */
    ADMIN,
    /** a customer holding the access token of one order: never an API key's role */
    CUSTOMER;

    public String authority() {
        return "ROLE_" + name();
    }
}
