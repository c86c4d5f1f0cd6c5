package io.orderhub.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.order.Money;
import io.orderhub.order.Order;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.pipeline.Effects;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives back an authorisation that will not be captured: the order was cancelled, or a stage
 * failed for good after payment. Only an authorisation with nothing captured on it is voided.
 */
@Component("paymentVoids")
public class PaymentVoids {

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final Effects effects;
    private final ObjectMapper mapper;

    public PaymentVoids(OrderRepository orders, PaymentRepository payments, Effects effects, ObjectMapper mapper) {
        this.orders = orders;
        this.payments = payments;
        this.effects = effects;
        this.mapper = mapper;
    }

    /** The canonical void request for the order's open authorisation, or null when there is none to void. */
    public String request(String orderId) {
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        var authorisation = payments.currentAuthorisation(orderId).orElse(null);
        if (authorisation == null || !payments.capturedTotal(orderId, order.currency()).equals(Money.zero(order.currency()))) {
            return null;
        }
        return mapper.createObjectNode().put("orderId", orderId).put("authorisationId", authorisation.id()).toString();
    }

    public String effectKey(String request) throws Exception {
        return mapper.readTree(request).path("authorisationId").asText() + ":void";
    }

    @Transactional
    public void apply(String orderId, String request, String response) throws Exception {
        JsonNode answer = mapper.readTree(response);
        String authorisationId = mapper.readTree(request).path("authorisationId").asText();
        if (!"voided".equals(answer.path("status").asText())) {
            throw new IllegalStateException("payment connector refused to void " + authorisationId + ": " + answer.path("reason").asText());
        }
        payments.setAuthorisationStatus(authorisationId, "VOIDED");
        effects.record(effectKey(request), orderId, "void", response);
    }
}
