package io.orderhub.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.Actor;
import io.orderhub.order.Order;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import io.orderhub.pipeline.Effects;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Releasing fulfilment orders to the location that ships them. The canonical release request
 * carries the lines, the address and the delivery option; the canonical answer is
 * {status: accepted | refused, reference, reason}. When every fulfilment order of an order is
 * released, the order is RELEASED.
 */
@Component("fulfilmentRelease")
public class FulfilmentRelease {

    private final FulfilmentOrders fulfilments;
    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final Effects effects;
    private final ObjectMapper mapper;

    public FulfilmentRelease(FulfilmentOrders fulfilments, OrderRepository orders, OrderLifecycle lifecycle,
                             Effects effects, ObjectMapper mapper) {
        this.fulfilments = fulfilments;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.effects = effects;
        this.mapper = mapper;
    }

    public String fulfilmentOrderId(String event) throws Exception {
        return mapper.readTree(event).path("fulfilmentOrderId").asText();
    }

    /** The location type that decides which connector ships it, or null when it is no longer waiting to be released. */
    public String pendingLocationType(String fulfilmentOrderId) {
        return fulfilments.find(fulfilmentOrderId)
                .filter(fulfilment -> fulfilment.status() == FulfilmentOrder.Status.PLANNED)
                .map(FulfilmentOrder::locationType)
                .orElse(null);
    }

    public String effectKey(String fulfilmentOrderId) {
        return fulfilmentOrderId + ":release";
    }

    public String request(String fulfilmentOrderId) {
        FulfilmentOrder fulfilment = fulfilments.find(fulfilmentOrderId).orElseThrow();
        Order order = orders.findById(fulfilment.orderId()).orElseThrow(() -> new OrderNotFoundException(fulfilment.orderId()));
        ObjectNode request = mapper.createObjectNode();
        request.put("fulfilmentOrderId", fulfilment.id());
        request.put("orderId", order.id());
        request.put("externalId", order.externalId());
        request.put("locationId", fulfilment.locationId());
        request.put("locationType", fulfilment.locationType());
        request.put("deliveryOption", order.deliveryOption());
        ObjectNode customer = request.putObject("customer");
        customer.put("name", order.customer().name());
        customer.put("email", order.customer().email());
        customer.put("phone", order.customer().phone());
        Order.Address to = order.shippingAddress();
        request.putObject("shipTo")
                .put("name", to.name()).put("company", to.company()).put("line1", to.line1()).put("line2", to.line2())
                .put("city", to.city()).put("region", to.region()).put("postalCode", to.postalCode())
                .put("country", to.country()).put("phone", to.phone());
        ArrayNode lines = request.putArray("lines");
        for (FulfilmentOrder.Line line : fulfilment.lines()) {
            Order.OrderLine ordered = order.line(line.lineNumber());
            ObjectNode node = lines.addObject()
                    .put("lineNumber", line.lineNumber())
                    .put("sku", line.sku())
                    .put("name", ordered.name())
                    .put("quantity", line.quantity())
                    .put("personalisation", line.personalisation());
            if (ordered.fulfilment().type() == Order.Fulfilment.Type.PICKUP) {
                node.put("pickupStoreId", ordered.fulfilment().storeId());
            }
        }
        return request.toString();
    }

    /** Records the location's answer; returns the order's status afterwards. */
    @Transactional
    public String apply(String fulfilmentOrderId, String response) throws Exception {
        JsonNode answer = mapper.readTree(response);
        FulfilmentOrder fulfilment = fulfilments.find(fulfilmentOrderId).orElseThrow();
        if (!"accepted".equals(answer.path("status").asText())) {
            // a location that refuses work is a failure to look at, not a retryable glitch: it dead-letters
            throw new IllegalStateException(fulfilment.locationId() + " refused fulfilment order " + fulfilmentOrderId
                    + ": " + answer.path("reason").asText("no reason given"));
        }
        fulfilments.move(fulfilmentOrderId, FulfilmentOrder.Status.PLANNED, FulfilmentOrder.Status.RELEASED,
                answer.path("reference").asText(null));
        effects.record(effectKey(fulfilmentOrderId), fulfilment.orderId(), "release", response);
        boolean allReleased = fulfilments.forOrder(fulfilment.orderId()).stream()
                .allMatch(each -> each.status() != FulfilmentOrder.Status.PLANNED);
        if (allReleased) {
            lifecycle.advance(fulfilment.orderId(), OrderStatus.SOURCED, OrderStatus.RELEASED,
                    new Actor(Actor.Kind.PARTNER, fulfilment.locationId()), "released to " + describe(fulfilment.orderId()));
        }
        return orders.findStatus(fulfilment.orderId()).orElseThrow().name();
    }

    private String describe(String orderId) {
        StringBuilder text = new StringBuilder();
        for (FulfilmentOrder each : fulfilments.forOrder(orderId)) {
            text.append(text.isEmpty() ? "" : ", ").append(each.locationId()).append(" (").append(each.lines().size()).append(" line(s))");
        }
        return text.toString();
    }
}
