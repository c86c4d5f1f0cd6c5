package io.orderhub.returns;

import io.orderhub.order.Violation;
import java.util.List;

/** A well-formed return request the order does not allow: not shipped, more than shipped, outside the window. */
public class ReturnNotAllowedException extends RuntimeException {

    private final List<Violation> violations;

    public ReturnNotAllowedException(String message, List<Violation> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
