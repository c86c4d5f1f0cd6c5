package io.orderhub.sourcing;

import java.util.List;

/**
 * Where each line of an order comes from: one fulfilment per location, the units no location
 * could supply ({@code backordered}), and the rule that decided each line.
 */
public record FulfilmentPlan(String orderId, List<PlannedFulfilment> fulfilments, List<PlannedLine> backordered,
                             List<RuleDecision> decisions) {

    public FulfilmentPlan {
        fulfilments = List.copyOf(fulfilments);
        backordered = List.copyOf(backordered);
        decisions = List.copyOf(decisions);
    }

    /** Nothing could be placed: every unit of every line waits for stock. */
    public boolean fullyBackordered() {
        return fulfilments.isEmpty() && !backordered.isEmpty();
    }

    /** Some units wait for stock. */
    public boolean hasBackorders() {
        return !backordered.isEmpty();
    }
}
