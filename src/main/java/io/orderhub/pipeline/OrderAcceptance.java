package io.orderhub.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private final ObjectMapper mapper;

    public OrderAcceptance(OrderLifecycle lifecycle, ObjectMapper mapper) {
        this.lifecycle = lifecycle;
        this.mapper = mapper;
    }

    /** Takes an OrderReceived event (JSON text) and returns what happened, for the route's log. */
    public OrderLifecycle.Outcome accept(String orderReceivedEvent) throws JsonProcessingException {
        JsonNode event = mapper.readTree(orderReceivedEvent);
        String orderId = event.path("orderId").asText(null);
        if (orderId == null) {
            throw new IllegalArgumentException("OrderReceived event without orderId: " + event.path("eventId").asText());
        }
        var outcome = lifecycle.advance(orderId, OrderStatus.RECEIVED, OrderStatus.ACCEPTED, STAGE, "taken into the pipeline");
        if (outcome != OrderLifecycle.Outcome.APPLIED) {
            log.info("order {} not accepted again: {}", orderId, outcome);
        }
        return outcome;
    }
}
