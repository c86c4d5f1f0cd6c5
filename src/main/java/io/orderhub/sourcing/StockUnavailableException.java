package io.orderhub.sourcing;

/**
 * The order cannot be fully placed on the stock there is, and the hub is configured to refuse
 * such orders (orderhub.inventory.when-unavailable: refuse). Nothing was reserved; {@link #plan()}
 * shows which lines fell short and why.
 */
public class StockUnavailableException extends RuntimeException {

    private final transient FulfilmentPlan plan;

    public StockUnavailableException(FulfilmentPlan plan) {
        super("order " + plan.orderId() + " cannot be fully placed: " + plan.backordered().size()
                + " line(s) short of stock, and unavailable orders are refused");
        this.plan = plan;
    }

    public FulfilmentPlan plan() {
        return plan;
    }
}
