package io.orderhub.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.Actor;
import io.orderhub.order.Order;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fraud screening: what the fraud connector is asked (canonical request) and what its answer
 * (canonical response: decision accept | review | reject, score, reasons) does to the order.
 */
@Component("fraudScreening")
public class FraudScreening {

    private static final Actor FRAUD_PARTNER = new Actor(Actor.Kind.PARTNER, "fraud");

    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final ObjectMapper mapper;

    public FraudScreening(OrderRepository orders, OrderLifecycle lifecycle, ObjectMapper mapper) {
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.mapper = mapper;
    }

    public String request(String orderId) {
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        ObjectNode request = mapper.createObjectNode();
        request.put("orderId", order.id());
        request.put("channel", order.channel());
        request.put("currency", order.currency().getCurrencyCode());
        request.put("total", order.total().toPlainString());
        request.put("lineCount", order.lines().size());
        request.put("deliveryOption", order.deliveryOption());
        ObjectNode customer = request.putObject("customer");
        customer.put("id", order.customer().id());
        customer.put("name", order.customer().name());
        customer.put("email", order.customer().email());
        customer.put("phone", order.customer().phone());
        request.set("shippingAddress", PartnerJson.address(mapper, order.shippingAddress()));
        request.set("billingAddress", PartnerJson.address(mapper, order.billingAddress()));
        return request.toString();
    }

    /** Applies the partner's decision; returns the order's status afterwards. */
    @Transactional
    public String apply(String orderId, String response) throws Exception {
        JsonNode answer = mapper.readTree(response);
        String decision = answer.path("decision").asText("");
        String reason = "fraud " + decision + " (score " + answer.path("score").asText("?") + ")"
                + (answer.path("reasons").isArray() && !answer.path("reasons").isEmpty() ? ": " + join(answer.path("reasons")) : "");
        OrderStatus next = switch (decision) {
            case "accept" -> OrderStatus.SCREENED;
            case "review" -> OrderStatus.FRAUD_HOLD;
            case "reject" -> OrderStatus.CANCELLED;
            default -> throw new IllegalArgumentException("fraud connector answered an unknown decision '" + decision + "'");
        };
        lifecycle.advance(orderId, OrderStatus.ACCEPTED, next, FRAUD_PARTNER, reason);
        return orders.findStatus(orderId).orElseThrow().name();
    }

    private static String join(JsonNode reasons) {
        StringBuilder text = new StringBuilder();
        reasons.forEach(reason -> text.append(text.isEmpty() ? "" : ", ").append(reason.asText()));
        return text.toString();
    }
}
