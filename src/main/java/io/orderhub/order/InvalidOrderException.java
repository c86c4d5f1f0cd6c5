package io.orderhub.order;

import java.util.List;

/** The body is JSON but not a valid order; carries every problem found, not just the first. */
public class InvalidOrderException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidOrderException(List<Violation> violations) {
        super(violations.size() + " problem(s) in the order");
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
