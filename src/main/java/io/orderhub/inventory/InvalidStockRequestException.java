package io.orderhub.inventory;

import io.orderhub.order.Violation;
import java.util.List;

/** A stock update body that is JSON but not a valid update; every problem with its JSON pointer. */
public class InvalidStockRequestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidStockRequestException(List<Violation> violations) {
        super(violations.size() + " problem(s) in the stock update");
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
