package io.orderhub.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.Actor;
import io.orderhub.order.Order;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import io.orderhub.pipeline.Effects;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payment authorisation for the order's total. The canonical response is
 * {status: authorised | declined, authorisationId, expiresAt, reason}. A decline cancels the
 * order; a partner failure is not a decline (it throws, and the stage is retried).
 */
@Component("paymentAuthorisation")
public class PaymentAuthorisation {

    private static final Actor PAYMENT_PARTNER = new Actor(Actor.Kind.PARTNER, "payment");

    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final PaymentRepository payments;
    private final Effects effects;
    private final ObjectMapper mapper;
    private final Clock clock;

    public PaymentAuthorisation(OrderRepository orders, OrderLifecycle lifecycle, PaymentRepository payments,
                                Effects effects, ObjectMapper mapper, Clock clock) {
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.payments = payments;
        this.effects = effects;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * The effect key (and partner Idempotency-Key) of the order's authorisation. An order that
     * failed and was compensated (authorisation voided) comes back to TAXED: that is a new
     * authorisation, with a new key.
     */
    public String effectKey(String orderId) {
        int round = orders.timesEntered(orderId, OrderStatus.TAXED);
        return orderId + ":authorize" + (round > 1 ? ":" + round : "");
    }

    public String request(String orderId) {
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        ObjectNode request = mapper.createObjectNode();
        request.put("orderId", order.id());
        request.put("amount", order.total().toPlainString());
        request.put("currency", order.currency().getCurrencyCode());
        request.put("method", order.payment().method());
        request.put("token", order.payment().token());
        request.put("customerEmail", order.customer().email());
        return request.toString();
    }

    /** Records the partner's answer (once) and moves the order; returns its status afterwards. */
    @Transactional
    public String apply(String orderId, String response) throws Exception {
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        JsonNode answer = mapper.readTree(response);
        String status = answer.path("status").asText("");
        switch (status) {
            case "authorised" -> {
                var outcome = lifecycle.advance(orderId, OrderStatus.TAXED, OrderStatus.PAYMENT_AUTHORISED, PAYMENT_PARTNER,
                        "authorised " + order.total().toPlainString() + " " + order.currency().getCurrencyCode());
                if (outcome == OrderLifecycle.Outcome.APPLIED) {
                    payments.saveAuthorisation(new PaymentRepository.Authorisation(
                            answer.path("authorisationId").asText(), orderId, order.total(),
                            answer.hasNonNull("expiresAt") ? Instant.parse(answer.get("expiresAt").asText()) : null,
                            "AUTHORISED"), clock.instant());
                }
            }
            case "declined" -> {
                var outcome = lifecycle.advance(orderId, OrderStatus.TAXED, OrderStatus.PAYMENT_DECLINED, PAYMENT_PARTNER,
                        "declined: " + answer.path("reason").asText("no reason given"));
                if (outcome == OrderLifecycle.Outcome.APPLIED) {
                    lifecycle.transition(orderId, OrderStatus.CANCELLED, Actor.system("payment"), "payment declined");
                }
            }
            default -> throw new IllegalArgumentException("payment connector answered an unknown status '" + status + "'");
        }
        effects.record(effectKey(orderId), orderId, "authorize", response);
        return orders.findStatus(orderId).orElseThrow().name();
    }
}
