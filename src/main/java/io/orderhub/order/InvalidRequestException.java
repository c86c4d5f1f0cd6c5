package io.orderhub.order;

import java.util.List;

/** A request body (other than an order) with problems; every problem carries a JSON pointer. */
public class InvalidRequestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.size() + " problem(s) in the request");
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
