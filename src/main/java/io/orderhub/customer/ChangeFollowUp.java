package io.orderhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The follow-up of an order change (routes/93-order-changes): the tax is quoted again for the
 * new address or the remaining lines, and the payment follows the new total. Every step is an
 * effect under the change id, so a redelivered message repeats none of them.
 *
 * <p>Payment: what the order still has to pay ("due") is its total less what it paid (captured,
 * less what changes refunded). While units are left to ship, the open authorisation follows what
 * is due: lowered by a partial reversal when it holds more, or, when it holds less, replaced by a
 * new authorisation for exactly what is due (a decline leaves the earlier one standing, recorded
 * in the history), the earlier one then voided. Once nothing is left to ship the charges are
 * final: the open authorisation is voided, what was captured above the new total is refunded,
 * and a new total above what was captured is not collected (the hub never charges more after
 * shipping without the customer paying again); the history says so.
 */
@Component("changeFollowUp")
public class ChangeFollowUp {

    private static final Actor HUB = Actor.system("order-changes");
    private static final String CHANGE_REFUND = "change-refund";

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
     * holds enough, nothing is left to capture, or this change re-authorised already.
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
        // a lower amount is a partial reversal of the open authorisation (reversalRequest)
        if (due.amount().compareTo(openAmount.amount()) <= 0) {
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

    public String reversalKey(String changeId) {
        return changeId + ":reverse";
    }

    /**
     * A partial reversal of the open authorisation down to what is due, or null: it is needed when
     * units are left to ship and the authorisation holds more than is due (a cancelled unit, a
     * lower tax). The hold drops; no second authorisation is taken.
     */
    public String reversalRequest(String orderId, String changeId) {
        if (effects.find(reversalKey(changeId)) != null || effects.find(authorisationKey(changeId)) != null) {
            return null;
        }
        Order order = order(orderId);
        var open = payments.currentAuthorisation(orderId).orElse(null);
        if (open == null || nothingLeftToShip(order)) {
            return null;
        }
        Money due = due(order);
        Money uncaptured = open.amount().plus(negate(capturedOn(open.id(), order)));
        // nothing due at all while units wait is not a reversal: those units are worth something
        if (due.amount().signum() <= 0 || due.amount().compareTo(uncaptured.amount()) >= 0) {
            return null;
        }
        return mapper.createObjectNode()
                .put("orderId", orderId)
                .put("authorisationId", open.id())
                .put("amount", uncaptured.plus(negate(due)).toPlainString())
                .put("currency", order.currency().getCurrencyCode())
                .toString();
    }

    /** Records the lowered hold (once); a refusal is recorded in the history and the hold stays as it was. */
    @Transactional
    public void reversed(String orderId, String changeId, String request, String response) throws Exception {
        JsonNode answer = mapper.readTree(response);
        JsonNode asked = mapper.readTree(request);
        Order order = order(orderId);
        String authorisationId = asked.path("authorisationId").asText();
        String currency = order.currency().getCurrencyCode();
        if ("reversed".equals(answer.path("status").asText())) {
            var open = payments.currentAuthorisation(orderId).filter(auth -> auth.id().equals(authorisationId))
                    .orElseThrow(() -> new IllegalStateException("authorisation " + authorisationId + " of order " + orderId + " is no longer open"));
            Money held = open.amount().plus(negate(new Money(new BigDecimal(asked.path("amount").asText()), order.currency())));
            payments.setAuthorisationAmount(authorisationId, held);
            history(orderId, "payment authorisation lowered by " + asked.path("amount").asText() + " " + currency
                    + " after the change; it now holds " + held.toPlainString() + " " + currency);
        } else {
            history(orderId, "payment authorisation could not be lowered by " + asked.path("amount").asText() + " " + currency
                    + " after the change (" + answer.path("reason").asText("no reason given") + "); it holds more than is due until captured or voided");
        }
        effects.record(reversalKey(changeId), orderId, "reverse", response);
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

    /**
     * The refunds, once nothing is left to ship, of what was captured above the new total: from the
     * newest capture back, each at most what is still unrefunded on it (returns included). Captures
     * this change refunded already are left out, so a redelivery plans the same rest.
     */
    public List<String> refundRequests(String orderId, String changeId) {
        Order order = order(orderId);
        if (!nothingLeftToShip(order)) {
            return List.of();
        }
        BigDecimal excess = due(order).amount().negate();
        List<String> requests = new ArrayList<>();
        for (Map<String, Object> capture : jdbc.queryForList(
                "select capture_id, amount from payment_captures where order_id = ? order by created_at desc, capture_id desc", orderId)) {
            if (excess.signum() <= 0) {
                break;
            }
            String captureId = (String) capture.get("capture_id");
            if (effects.find(refundKey(changeId, captureId)) != null) {
                continue;
            }
            BigDecimal refundable = ((BigDecimal) capture.get("amount")).subtract(refundedOn(orderId, captureId));
            BigDecimal amount = excess.min(refundable);
            if (amount.signum() > 0) {
                requests.add(mapper.createObjectNode()
                        .put("orderId", orderId)
                        .put("changeId", changeId)
                        .put("captureId", captureId)
                        .put("amount", new Money(amount, order.currency()).toPlainString())
                        .put("currency", order.currency().getCurrencyCode())
                        .toString());
                excess = excess.subtract(amount);
            }
        }
        return requests;
    }

    public String refundKey(String request) throws Exception {
        JsonNode refund = mapper.readTree(request);
        return refundKey(refund.path("changeId").asText(), refund.path("captureId").asText());
    }

    private static String refundKey(String changeId, String captureId) {
        return changeId + ":refund:" + captureId;
    }

    /**
     * Records a refund (once). A refusal is final for this change: it is recorded, the history
     * says an operator has to refund by hand, and it is not asked again.
     */
    @Transactional
    public void refunded(String request, String response) throws Exception {
        JsonNode refund = mapper.readTree(request);
        JsonNode answer = mapper.readTree(response);
        String orderId = refund.path("orderId").asText();
        String money = refund.path("amount").asText() + " " + refund.path("currency").asText();
        boolean done = "refunded".equals(answer.path("status").asText());
        ObjectNode recorded = mapper.createObjectNode()
                .put("captureId", refund.path("captureId").asText())
                .put("amount", refund.path("amount").asText())
                .put("refunded", done);
        recorded.set("answer", answer);
        effects.record(refundKey(request), orderId, CHANGE_REFUND, recorded.toString());
        history(orderId, done
                ? "refunded " + money + " of capture " + refund.path("captureId").asText() + ": the new total after the change is lower than what was paid"
                : "refund of " + money + " after the change was refused by the payment provider ("
                        + answer.path("reason").asText("no reason given") + "); refund it by hand");
    }

    public String shortfallKey(String changeId) {
        return changeId + ":not-collected";
    }

    /**
     * Records, once, a new total above what the order paid when nothing is left to ship: the
     * difference is not collected (there is no capture left to take it with, and charging again
     * would need the customer's consent). The history and the change's record say how much.
     */
    @Transactional
    public void recordShortfall(String orderId, String changeId) {
        if (effects.find(shortfallKey(changeId)) != null) {
            return;
        }
        Order order = order(orderId);
        Money due = due(order);
        if (!nothingLeftToShip(order) || due.amount().signum() <= 0) {
            return;
        }
        String currency = order.currency().getCurrencyCode();
        history(orderId, "not collected: the new total after the change is " + due.toPlainString() + " " + currency
                + " above what was paid (new total " + order.total().toPlainString() + " " + currency
                + "); every unit has shipped, so the hub does not charge the difference");
        jdbc.update("update order_changes set detail = ? where id = ?", withNotCollected(changeId, due), changeId);
        effects.record(shortfallKey(changeId), orderId, "not-collected", mapper.createObjectNode()
                .put("amount", due.toPlainString()).put("currency", currency).toString());
    }

    private String withNotCollected(String changeId, Money due) {
        try {
            ObjectNode detail = (ObjectNode) mapper.readTree(
                    jdbc.queryForObject("select detail from order_changes where id = ?", String.class, changeId));
            detail.put("notCollected", due.toPlainString());
            return detail.toString();
        } catch (Exception e) {
            throw new IllegalStateException("unreadable order change " + changeId, e);
        }
    }

    private boolean nothingLeftToShip(Order order) {
        Map<Integer, Integer> shipped = shipments.shippedQuantities(order.id());
        return order.lines().stream().allMatch(line -> shipped.getOrDefault(line.lineNumber(), 0) >= line.quantity());
    }

    /** The order's total less what it paid: captured, less what changes refunded. */
    private Money due(Order order) {
        return order.total().plus(negate(payments.capturedTotal(order.id(), order.currency()))).plus(refundedByChanges(order));
    }

    private Money refundedByChanges(Order order) {
        BigDecimal refunded = BigDecimal.ZERO;
        for (String result : jdbc.queryForList("select result from partner_effects where order_id = ? and step = ?",
                String.class, order.id(), CHANGE_REFUND)) {
            refunded = refunded.add(refundedIn(result));
        }
        return new Money(refunded, order.currency());
    }

    /** What is no longer refundable on a capture: planned return refunds and change refunds made. */
    private BigDecimal refundedOn(String orderId, String captureId) {
        BigDecimal refunded = jdbc.queryForObject("select coalesce(sum(amount), 0) from return_refunds where capture_id = ?",
                BigDecimal.class, captureId);
        for (String result : jdbc.queryForList("select result from partner_effects where order_id = ? and step = ?",
                String.class, orderId, CHANGE_REFUND)) {
            refunded = refunded.add(refundedIn(result, captureId));
        }
        return refunded;
    }

    private BigDecimal refundedIn(String result) {
        return refundedIn(result, null);
    }

    /** The amount a recorded change refund gave back (of the capture, when one is named). */
    private BigDecimal refundedIn(String result, String captureId) {
        try {
            JsonNode recorded = mapper.readTree(result);
            boolean counts = recorded.path("refunded").asBoolean()
                    && (captureId == null || captureId.equals(recorded.path("captureId").asText()));
            return counts ? new BigDecimal(recorded.path("amount").asText()) : BigDecimal.ZERO;
        } catch (Exception e) {
            throw new IllegalStateException("unreadable change refund " + result, e);
        }
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
