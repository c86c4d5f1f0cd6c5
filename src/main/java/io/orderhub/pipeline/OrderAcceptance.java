package io.orderhub.pipeline;

import io.orderhub.order.Actor;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The first pipeline stage: the hub takes a received order into the pipeline (RECEIVED to
 * ACCEPTED). Safe under redelivery and duplicate hand-off: the move happens once.
 */
@Component("orderAcceptance")
public class OrderAcceptance {

    private static final Logger log = LoggerFactory.getLogger(OrderAcceptance.class);
    private static final Actor STAGE = Actor.system("acceptance");

    private final OrderLifecycle lifecycle;

    public OrderAcceptance(OrderLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Accepts the order once; returns what happened, for the route's log. */
    public OrderLifecycle.Outcome accept(String orderId) {
        var outcome = lifecycle.advance(orderId, OrderStatus.RECEIVED, OrderStatus.ACCEPTED, STAGE, "taken into the pipeline");
        if (outcome != OrderLifecycle.Outcome.APPLIED) {
            log.info("order {} not accepted again: {}", orderId, outcome);
        }
        return outcome;
    }
}
