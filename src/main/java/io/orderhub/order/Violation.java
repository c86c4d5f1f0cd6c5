package io.orderhub.order;

/** One problem with a request body: where (RFC 6901 JSON pointer) and what. */
public record Violation(String pointer, String detail) {
}
