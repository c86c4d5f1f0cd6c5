package io.orderhub.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.Actor;
import io.orderhub.order.Money;
import io.orderhub.order.Order;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tax: the tax connector quotes each line for the shipping destination (canonical response:
 * lines[{lineNumber, tax}]); the hub stores each line's tax and the order's total tax.
 */
@Component("taxCalculation")
public class TaxCalculation {

    private static final Actor TAX_PARTNER = new Actor(Actor.Kind.PARTNER, "tax");

    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final ObjectMapper mapper;

    public TaxCalculation(OrderRepository orders, OrderLifecycle lifecycle, ObjectMapper mapper) {
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.mapper = mapper;
    }

    public String request(String orderId) {
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        ObjectNode request = mapper.createObjectNode();
        request.put("orderId", order.id());
        request.put("currency", order.currency().getCurrencyCode());
        request.set("shipTo", PartnerJson.address(mapper, order.shippingAddress()));
        ArrayNode lines = request.putArray("lines");
        for (Order.OrderLine line : order.lines()) {
            lines.addObject()
                    .put("lineNumber", line.lineNumber())
                    .put("sku", line.sku())
                    .put("quantity", line.quantity())
                    .put("unitPrice", line.unitPrice().toPlainString())
                    .put("amount", line.lineTotal().toPlainString());
        }
        return request.toString();
    }

    @Transactional
    public String apply(String orderId, String response) throws Exception {
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        Map<Integer, Money> lineTaxes = lineTaxes(order, response);
        Money tax = lineTaxes.values().stream().reduce(Money.zero(order.currency()), Money::plus);
        var outcome = lifecycle.advance(orderId, OrderStatus.SCREENED, OrderStatus.TAXED, TAX_PARTNER,
                "tax " + tax.toPlainString() + " " + order.currency().getCurrencyCode());
        if (outcome == OrderLifecycle.Outcome.APPLIED) {
            orders.saveTax(order, tax, lineTaxes);
        }
        return orders.findStatus(orderId).orElseThrow().name();
    }

    /** Each line's tax from the connector's canonical quote, rounded to the currency; every line must be quoted. */
    public Map<Integer, Money> lineTaxes(Order order, String response) throws Exception {
        JsonNode quote = mapper.readTree(response);
        Map<Integer, Money> lineTaxes = new TreeMap<>();
        for (JsonNode line : quote.path("lines")) {
            int lineNumber = line.path("lineNumber").asInt();
            order.line(lineNumber);
            // partners may quote more decimals than the currency has: round as tax authorities do
            BigDecimal amount = new BigDecimal(line.path("tax").asText())
                    .setScale(order.currency().getDefaultFractionDigits(), RoundingMode.HALF_EVEN);
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("tax connector quoted negative tax for line " + lineNumber);
            }
            lineTaxes.merge(lineNumber, new Money(amount, order.currency()), Money::plus);
        }
        if (lineTaxes.size() != order.lines().size()) {
            throw new IllegalArgumentException("tax connector quoted " + lineTaxes.size() + " of " + order.lines().size() + " lines");
        }
        return lineTaxes;
    }
}
