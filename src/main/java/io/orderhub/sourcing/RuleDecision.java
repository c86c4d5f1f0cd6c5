package io.orderhub.sourcing;

/** Which sourcing rule placed an order line, and why, in words an agent can read. One per line. */
public record RuleDecision(int lineNumber, String rule, String explanation) {

    /** a personalised line, sent to the workshop configured for its product kind */
    public static final String PERSONALISATION = "personalisation";
    /** a pickup line, held at the store the customer chose */
    public static final String PICKUP = "pickup";
    /** every shipped line from one location, the nearest that can fill them all */
    public static final String SINGLE_LOCATION = "single-location";
    /** no single location can fill the shipped lines: the fewest locations that can */
    public static final String SPLIT_SHIPMENT = "split-shipment";
    /** not (fully) available: the rest of the line waits for stock */
    public static final String BACKORDER = "backorder";
    /** not (fully) available and orderhub.inventory.when-unavailable=refuse: the order is refused */
    public static final String REFUSE = "refuse";
}
