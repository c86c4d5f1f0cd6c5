package io.orderhub.inventory;

import io.orderhub.order.Violation;
import java.util.List;

/**
 * A stock update that would leave fewer units on hand than are reserved for orders. Nothing was
 * changed (adjustments are all or nothing); release or ship the reservations first.
 */
public class StockConflictException extends RuntimeException {

    private final List<Violation> violations;

    public StockConflictException(List<Violation> violations) {
        super(violations.size() == 1 ? violations.get(0).detail()
                : violations.size() + " adjustment(s) would leave less stock on hand than is reserved; nothing was changed");
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
