package io.orderhub.pipeline;

import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import org.apache.camel.Exchange;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * What every pipeline stage does first: learn which order the message is about, which delivery
 * attempt this is, and where the order stands, so the route can decide whether there is work.
 */
@Component("stages")
public class Stages {

    /** Exchange properties the stages, connectors and the journey share. */
    public static final String ORDER_ID = "orderId";
    public static final String STAGE = "stage";
    public static final String ATTEMPT = "attempt";
    public static final String CORRELATION_ID = "correlationId";

    private final OrderRepository orders;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    public Stages(OrderRepository orders, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.orders = orders;
        this.mapper = mapper;
    }

    /**
     * Reads the order id from the event (JSON text with "orderId"), and sets the stage's
     * properties. The order id is also the correlation id sent to partners and put in logs.
     */
    public void begin(Exchange exchange, String stage) throws Exception {
        String orderId = mapper.readTree(exchange.getIn().getBody(String.class)).path("orderId").asText(null);
        if (orderId == null || orderId.isBlank()) {
            throw new IllegalArgumentException("event without orderId reached stage " + stage);
        }
        Integer deliveryCount = exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class);
        exchange.setProperty(ORDER_ID, orderId);
        exchange.setProperty(STAGE, stage);
        exchange.setProperty(ATTEMPT, deliveryCount == null ? 1 : deliveryCount);
        exchange.setProperty(CORRELATION_ID, orderId);
        MDC.put("orderId", orderId);
    }

    /** The order's current status, by name, for the routes' content-based routers. */
    public String statusOf(String orderId) {
        return orders.findStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId)).name();
    }

    /** Why the order last moved to {@code status} (its history's reason), e.g. for the customer's cancellation notice. */
    public String reasonFor(String orderId, String status) {
        var history = orders.history(orderId);
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).to().name().equals(status)) {
                return history.get(i).reason();
            }
        }
        return null;
    }

    /** The event the next stage receives: just the order id; stages read the order itself. */
    public String event(String orderId) {
        return mapper.createObjectNode().put("orderId", orderId).toString();
    }
}
