package io.orderhub.security;

import java.util.Optional;

/** Finds the order a customer access token opens (io.orderhub.customer.CustomerAccess keeps them). */
public interface CustomerTokens {

    /** The order id, or empty when the token is unknown or revoked. */
    Optional<String> orderFor(String token);
}
