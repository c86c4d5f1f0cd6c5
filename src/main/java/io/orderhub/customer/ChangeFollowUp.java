package io.orderhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.fulfilment.Shipments;
import io.orderhub.order.Actor;
import io.orderhub.order.Money;
import io.orderhub.order.Order;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.StatusChange;
import io.orderhub.payment.PaymentRepository;
import io.orderhub.pipeline.Effects;
import io.orderhub.pipeline.TaxCalculation;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The follow-up of an order change (routes/93-order-changes): the tax is quoted again for the
 * new address or the remaining lines, and the payment follows the new total. Every step is an
 * effect under the change id, so a redelivered message repeats none of them.
 *
 * <p>Payment: what the order still has to pay is its total less what was captured. When that no
 * longer matches the open authorisation, the difference is not patched: a new authorisation for
 * exactly that amount is taken first (a decline leaves the earlier one standing, recorded in the
 * history), then the earlier one is voided. When nothing is left to capture (every unit not
 * cancelled has shipped), the open authorisation is voided.
 */
@Component("changeFollowUp")
public class ChangeFollowUp {

    private static final Actor HUB = Actor.system("order-changes");

    private final OrderRepository orders;
    private final TaxCalculation taxCalculation;
    private final PaymentRepository payments;
    private final Shipments shipments;
    private final Effects effects;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ChangeFollowUp(OrderRepository orders, TaxCalculation taxCalculation, PaymentRepository payments, Shipments shipments,
                          Effects effects, JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        this.orders = orders;
        this.taxCalculation = taxCalculation;
        this.payments = payments;
        this.shipments = shipments;
        this.effects = effects;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
    }

    public String changeId(String event) throws Exception {
        String changeId = mapper.readTree(event).path("changeId").asText("");
        if (changeId.isBlank()) {
            throw new IllegalArgumentException("order change event without changeId");
        }
        return changeId;
    }

    /** A partial cancellation, which the customer is told about (a whole one goes through the cancellation stage). */
    public boolean isCancellation(String changeId) {
        return "CANCEL_LINES".equals(jdbc.queryForObject("select kind from order_changes where id = ?", String.class, changeId));
    }

    public String taxKey(String changeId) {
        return changeId + ":tax";
    }

    /** Whether the order had been taxed (else the tax stage will quote it as it now is) and this change is not re-taxed yet. */
    public boolean needsTax(String orderId, String changeId) {
        return order(orderId).tax() != null && effects.find(taxKey(changeId)) == null;
    }

    /** Stores the new quote (canonical {lines: [{lineNumber, tax}]}) as the order's tax. */
    @Transactional
    public void retaxed(String orderId, String changeId, String response) throws Exception {
        Order order = order(orderId);
        Map<Integer, Money> lineTaxes = taxCalculation.lineTaxes(order, response);
        Money tax = lineTaxes.values().stream().reduce(Money.zero(order.currency()), Money::plus);
        // each line's share matters for partial captures even when the order's total tax stays the same
        orders.saveTax(order, tax, lineTaxes);
        if (!tax.equals(order.tax())) {
            history(orderId, "tax quoted again after the change: " + tax.toPlainString() + " " + order.currency().getCurrencyCode()
                    + " (was " + order.tax().toPlainString() + ")");
        }
        effects.record(taxKey(changeId), orderId, "tax", response);
    }

    public String authorisationKey(String changeId) {
        return changeId + ":authorize";
    }

    /**
     * A new authorisation for what the order still has to pay, or null when none is needed: the
     * order has no authorisation yet (the payment stage takes one for the new total), the open one
     * matches, nothing is left to capture, or this change re-authorised already.
     */
    public String reauthorisationRequest(String orderId, String changeId) {
        if (effects.find(authorisationKey(changeId)) != null) {
            return null;
        }
        Order order = order(orderId);
        var open = payments.currentAuthorisation(orderId).orElse(null);
        if (open == null || nothingLeftToShip(order)) {
            return null;
        }
        Money due = due(order);
        Money openAmount = open.amount().plus(negate(capturedOn(open.id(), order)));
        if (due.amount().signum() <= 0 || due.equals(openAmount)) {
            return null;
        }
        return mapper.createObjectNode()
                .put("orderId", orderId)
                .put("amount", due.toPlainString())
                .put("currency", order.currency().getCurrencyCode())
                .put("method", order.payment().method())
                .put("token", order.payment().token())
                .put("customerEmail", order.customer().email())
                .put("replaces", open.id())
                .toString();
    }

    /** Records the new authorisation (once); a decline is recorded in the history and the earlier one stands. */
    @Transactional
    public void reauthorised(String orderId, String changeId, String request, String response) throws Exception {
        JsonNode answer = mapper.readTree(response);
        JsonNode asked = mapper.readTree(request);
        Order order = order(orderId);
        if ("authorised".equals(answer.path("status").asText())) {
            payments.saveAuthorisation(new PaymentRepository.Authorisation(answer.path("authorisationId").asText(), orderId,
                    new Money(new BigDecimal(asked.path("amount").asText()), order.currency()),
                    answer.hasNonNull("expiresAt") ? Instant.parse(answer.get("expiresAt").asText()) : null, "AUTHORISED"),
                    clock.instant());
            history(orderId, "payment authorised again for " + asked.path("amount").asText() + " " + order.currency().getCurrencyCode()
                    + " after the change; the earlier authorisation is given back");
        } else {
            history(orderId, "payment adjustment after the change was " + answer.path("status").asText("refused") + " ("
                    + answer.path("reason").asText("no reason given") + "); the earlier authorisation stands");
        }
        var recorded = mapper.createObjectNode();
        recorded.set("answer", answer);
        recorded.put("replaces", asked.path("replaces").asText());
        effects.record(authorisationKey(changeId), orderId, "reauthorize", recorded.toString());
    }

    /**
     * The void of the authorisation this change replaced (once the new one is in place), or of the
     * open one when nothing is left to capture; null when there is nothing to give back.
     */
    public String voidRequest(String orderId, String changeId) throws Exception {
        String reauthorised = effects.find(authorisationKey(changeId));
        String toVoid = null;
        if (reauthorised != null) {
            JsonNode recorded = mapper.readTree(reauthorised);
            if ("authorised".equals(recorded.path("answer").path("status").asText())) {
                toVoid = recorded.path("replaces").asText();
            }
        } else {
            Order order = order(orderId);
            var open = payments.currentAuthorisation(orderId).orElse(null);
            if (open != null && nothingLeftToShip(order)) {
                toVoid = open.id();
            }
        }
        if (toVoid == null || !"AUTHORISED".equals(authorisationStatus(toVoid))) {
            return null;
        }
        return mapper.createObjectNode().put("orderId", orderId).put("authorisationId", toVoid).toString();
    }

    @Transactional
    public void voided(String orderId, String request, String response) throws Exception {
        JsonNode answer = mapper.readTree(response);
        String authorisationId = mapper.readTree(request).path("authorisationId").asText();
        if (!"voided".equals(answer.path("status").asText())) {
            throw new IllegalStateException("payment connector refused to void " + authorisationId + ": " + answer.path("reason").asText());
        }
        payments.setAuthorisationStatus(authorisationId, "VOIDED");
        effects.record(authorisationId + ":void", orderId, "void", response);
    }

    private boolean nothingLeftToShip(Order order) {
        Map<Integer, Integer> shipped = shipments.shippedQuantities(order.id());
        return order.lines().stream().allMatch(line -> shipped.getOrDefault(line.lineNumber(), 0) >= line.quantity());
    }

    private Money due(Order order) {
        return order.total().plus(negate(payments.capturedTotal(order.id(), order.currency())));
    }

    private Money capturedOn(String authorisationId, Order order) {
        BigDecimal captured = jdbc.queryForObject("select coalesce(sum(amount), 0) from payment_captures where authorisation_id = ?",
                BigDecimal.class, authorisationId);
        return new Money(captured, order.currency());
    }

    private String authorisationStatus(String authorisationId) {
        return jdbc.queryForList("select status from payment_authorisations where authorisation_id = ?", String.class, authorisationId)
                .stream().findFirst().orElse(null);
    }

    private void history(String orderId, String reason) {
        // under the row lock, like every history entry, so entries of one order never collide
        var status = orders.lockStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId)).status();
        orders.appendHistory(orderId, new StatusChange(status, status, HUB, reason, clock.instant()));
    }

    private Order order(String orderId) {
        return orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
    }

    private static Money negate(Money money) {
        return new Money(money.amount().negate(), money.currency());
    }
}
