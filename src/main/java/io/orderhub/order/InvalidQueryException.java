package io.orderhub.order;

import java.util.List;

/** Bad query parameters; the pointers name the parameters (e.g. /limit). */
public class InvalidQueryException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidQueryException(List<Violation> violations) {
        super(violations.size() + " problem(s) in the query");
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
