package io.orderhub.returns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.notify.NotificationRequests;
import io.orderhub.order.Actor;
import io.orderhub.order.Money;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.pipeline.Effects;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The returns stage (routes/92-returns.camel.yaml) after a receipt: refund what came back
 * through the payment connector, restock the resellable units, mark the return REFUNDED. Each
 * step is an effect under a key of order + return + step, so a redelivered message repeats none.
 */
@Component("returnRefunds")
public class ReturnRefunds {

    private static final Actor STAGE = Actor.system("returns");

    private final ReturnRepository returns;
    private final Returns service;
    private final OrderRepository orders;
    private final StockAdmin stock;
    private final Effects effects;
    private final NotificationRequests notifications;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ReturnRefunds(ReturnRepository returns, Returns service, OrderRepository orders, StockAdmin stock, Effects effects,
                         NotificationRequests notifications, ObjectMapper mapper, Clock clock) {
        this.returns = returns;
        this.service = service;
        this.orders = orders;
        this.stock = stock;
        this.effects = effects;
        this.notifications = notifications;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Canonical refund requests {orderId, returnId, captureId, amount, currency} of the return not yet made. */
    public List<String> pending(String returnId) {
        OrderReturn ret = find(returnId);
        List<String> requests = new ArrayList<>();
        for (ReturnRepository.PlannedRefund refund : returns.plannedRefunds(returnId)) {
            if (refund.refundId() == null) {
                requests.add(mapper.createObjectNode()
                        .put("orderId", ret.orderId())
                        .put("returnId", returnId)
                        .put("captureId", refund.captureId())
                        .put("amount", refund.amount().toPlainString())
                        .put("currency", refund.amount().currency().getCurrencyCode())
                        .toString());
            }
        }
        return requests;
    }

    public String effectKey(String request) throws Exception {
        JsonNode refund = mapper.readTree(request);
        return refund.path("orderId").asText() + ":return:" + refund.path("returnId").asText() + ":refund:"
                + refund.path("captureId").asText();
    }

    /** Records a refund the provider made; a refusal fails the stage (retried, then dead-lettered for an operator). */
    @Transactional
    public void refunded(String request, String response) throws Exception {
        JsonNode refund = mapper.readTree(request);
        JsonNode answer = mapper.readTree(response);
        if (!"refunded".equals(answer.path("status").asText())) {
            throw new IllegalStateException("the payment provider refused to refund " + refund.path("amount").asText() + " "
                    + refund.path("currency").asText() + " of capture " + refund.path("captureId").asText() + " for return "
                    + refund.path("returnId").asText() + ": " + answer.path("reason").asText("no reason given"));
        }
        returns.refunded(refund.path("returnId").asText(), refund.path("captureId").asText(), answer.path("refundId").asText(),
                clock.instant());
        effects.record(effectKey(request), refund.path("orderId").asText(), "refund", response);
    }

    /** Puts resellable units back into stock at the location that received them, once per return. */
    @Transactional
    public void restock(String returnId) {
        OrderReturn ret = find(returnId);
        String key = ret.orderId() + ":return:" + returnId + ":restock";
        // duplicates of the message running side by side wait here, then find the restock done
        returns.lockStatus(returnId).orElseThrow();
        if (effects.find(key) != null) {
            return;
        }
        var order = orders.findById(ret.orderId()).orElseThrow(() -> new OrderNotFoundException(ret.orderId()));
        List<StockAdmin.Adjustment> adjustments = new ArrayList<>();
        var restocked = mapper.createArrayNode();
        for (OrderReturn.Line line : ret.lines()) {
            int units = line.receivedResellable() == null ? 0 : line.receivedResellable();
            if (units > 0) {
                String sku = order.line(line.lineNumber()).sku();
                adjustments.add(new StockAdmin.Adjustment(ret.locationId(), sku, units, null));
                restocked.addObject().put("locationId", ret.locationId()).put("sku", sku).put("quantity", units);
            }
        }
        if (!adjustments.isEmpty()) {
            stock.adjust(adjustments);
        }
        effects.record(key, ret.orderId(), "restock", restocked.toString());
    }

    /**
     * Marks the return REFUNDED once every planned refund is made, moves the order on, and gives
     * the customer's "refunded" notice (with the return id: one per return, however often asked).
     */
    @Transactional
    public String complete(String orderId, String returnId) {
        OrderReturn ret = find(returnId);
        orders.lockStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        ReturnStatus status = returns.lockStatus(returnId).orElseThrow();
        List<ReturnRepository.PlannedRefund> refunds = returns.plannedRefunds(returnId);
        Money total = Money.zero(ret.amount().currency());
        for (ReturnRepository.PlannedRefund refund : refunds) {
            if (refund.refundId() == null) {
                throw new IllegalStateException("return " + returnId + " still has a refund to make against capture " + refund.captureId());
            }
            total = total.plus(refund.amount());
        }
        if (status.canMoveTo(ReturnStatus.REFUNDED)) {
            var now = clock.instant();
            returns.setRefundedAmount(returnId, total);
            returns.setStatus(returnId, ReturnStatus.REFUNDED, now);
            String summary = total.toPlainString() + " " + total.currency().getCurrencyCode() + " refunded in "
                    + refunds.size() + " payment refund(s)";
            returns.appendHistory(returnId, new ReturnRepository.Change(ReturnStatus.RECEIVED, ReturnStatus.REFUNDED, STAGE, summary, now));
            service.syncOrderStatus(orderId, STAGE, "return " + returnId + ": " + summary);
        }
        return notifications.request(orderId, "refunded",
                Map.of(NotificationRequests.RETURN_ID, returnId, "amount", total.toPlainString()));
    }

    private OrderReturn find(String returnId) {
        return returns.find(returnId).orElseThrow(() -> new ReturnNotFoundException(returnId));
    }
}
