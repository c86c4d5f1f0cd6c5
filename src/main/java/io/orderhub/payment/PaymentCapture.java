package io.orderhub.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.fulfilment.Shipments;
import io.orderhub.order.Money;
import io.orderhub.order.Order;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.pipeline.Effects;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Capture at shipment: only what shipped is charged (its lines plus their share of tax), and the
 * shipment that completes the order captures the rest of the total, so rounding never leaves a
 * cent behind. An authorisation that has expired (or was given back) is replaced by a new one
 * for the amount still to capture before anything is captured.
 */
@Component("paymentCapture")
public class PaymentCapture {

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final Shipments shipments;
    private final Effects effects;
    private final ObjectMapper mapper;
    private final Clock clock;

    public PaymentCapture(OrderRepository orders, PaymentRepository payments, Shipments shipments, Effects effects,
                          ObjectMapper mapper, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.shipments = shipments;
        this.effects = effects;
        this.mapper = mapper;
        this.clock = clock;
    }

    public String effectKey(String orderId, String shipmentId) {
        return orderId + ":capture:" + shipmentId;
    }

    public String reauthorisationKey(String orderId, String shipmentId) {
        return orderId + ":reauthorize:" + shipmentId;
    }

    /** True when there is no authorisation left that can still be captured. */
    public boolean needsNewAuthorisation(String orderId, String shipmentId) {
        if (effects.find(effectKey(orderId, shipmentId)) != null) {
            return false;
        }
        return payments.currentAuthorisation(orderId).map(auth -> auth.expiredAt(clock.instant())).orElse(true);
    }

    /** A new authorisation for what is still to be captured. */
    public String reauthorisationRequest(String orderId) {
        Order order = order(orderId);
        Money remaining = order.total().plus(negate(payments.capturedTotal(orderId, order.currency())));
        return mapper.createObjectNode()
                .put("orderId", orderId)
                .put("amount", remaining.toPlainString())
                .put("currency", order.currency().getCurrencyCode())
                .put("method", order.payment().method())
                .put("token", order.payment().token())
                .put("customerEmail", order.customer().email())
                .toString();
    }

    @Transactional
    public void reauthorised(String orderId, String shipmentId, String request, String response) throws Exception {
        JsonNode answer = mapper.readTree(response);
        if (!"authorised".equals(answer.path("status").asText())) {
            throw new IllegalStateException("re-authorisation of order " + orderId + " before capture was "
                    + answer.path("status").asText() + ": " + answer.path("reason").asText("no reason given"));
        }
        Order order = order(orderId);
        payments.currentAuthorisation(orderId).ifPresent(old -> payments.setAuthorisationStatus(old.id(), "REPLACED"));
        payments.saveAuthorisation(new PaymentRepository.Authorisation(answer.path("authorisationId").asText(), orderId,
                new Money(new BigDecimal(mapper.readTree(request).path("amount").asText()), order.currency()),
                answer.hasNonNull("expiresAt") ? Instant.parse(answer.get("expiresAt").asText()) : null, "AUTHORISED"),
                clock.instant());
        effects.record(reauthorisationKey(orderId, shipmentId), orderId, "reauthorize", response);
    }

    /** The canonical capture request for the shipment, or null when it was captured before. */
    public String request(String orderId, String shipmentId) {
        if (effects.find(effectKey(orderId, shipmentId)) != null) {
            return null;
        }
        Order order = order(orderId);
        var authorisation = payments.currentAuthorisation(orderId)
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " has no authorisation to capture"));
        return mapper.createObjectNode()
                .put("orderId", orderId)
                .put("shipmentId", shipmentId)
                .put("authorisationId", authorisation.id())
                .put("amount", amountFor(order, shipmentId).toPlainString())
                .put("currency", order.currency().getCurrencyCode())
                .toString();
    }

    /**
     * Records the capture. Returns "captured", or "expired" when the provider says the
     * authorisation can no longer be captured (it is then marked so, and the next attempt
     * re-authorises first).
     */
    @Transactional
    public String captured(String orderId, String shipmentId, String request, String response) throws Exception {
        JsonNode answer = mapper.readTree(response);
        String authorisationId = mapper.readTree(request).path("authorisationId").asText();
        switch (answer.path("status").asText()) {
            case "captured" -> {
                Order order = order(orderId);
                payments.saveCapture(answer.path("captureId").asText(), orderId, authorisationId, shipmentId,
                        new Money(new BigDecimal(mapper.readTree(request).path("amount").asText()), order.currency()), clock.instant());
                effects.record(effectKey(orderId, shipmentId), orderId, "capture", response);
                return "captured";
            }
            case "expired" -> {
                payments.setAuthorisationStatus(authorisationId, "EXPIRED");
                return "expired";
            }
            default -> throw new IllegalStateException("capture for shipment " + shipmentId + " of order " + orderId
                    + " refused: " + answer.path("reason").asText("no reason given"));
        }
    }

    Money amountFor(Order order, String shipmentId) {
        if (shipments.completesOrder(order, shipmentId, other -> effects.find(effectKey(order.id(), other)) != null)) {
            return order.total().plus(negate(payments.capturedTotal(order.id(), order.currency())));
        }
        Map<Integer, Money> lineTaxes = orders.lineTaxes(order);
        Money amount = Money.zero(order.currency());
        for (Map.Entry<Integer, Integer> shipped : shipments.linesOf(shipmentId).entrySet()) {
            Order.OrderLine line = order.line(shipped.getKey());
            int quantity = shipped.getValue();
            amount = amount.plus(line.unitPrice().times(quantity));
            Money lineTax = lineTaxes.get(line.lineNumber());
            if (lineTax != null) {
                BigDecimal share = lineTax.amount().multiply(BigDecimal.valueOf(quantity))
                        .divide(BigDecimal.valueOf(line.quantity()), order.currency().getDefaultFractionDigits(), RoundingMode.HALF_EVEN);
                amount = amount.plus(new Money(share, order.currency()));
            }
        }
        return amount;
    }

    private Order order(String orderId) {
        return orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
    }

    private static Money negate(Money money) {
        return new Money(money.amount().negate(), money.currency());
    }
}
