package io.orderhub.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The canonical order JSON (documented in README and mappings/order.schema.json) in and out.
 * Input is read only after {@link OrderValidator} accepted it. The stored document keeps the
 * payment token for the payment stage; the API view never shows it.
 */
@Component
public class OrderJson {

    private final ObjectMapper mapper;

    public OrderJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Builds a new order from a validated canonical body. */
    public Order newOrder(String id, JsonNode body, Instant now) {
        return read(id, OrderStatus.RECEIVED, 0, body, now, now);
    }

    public Order read(String id, OrderStatus status, long version, JsonNode doc, Instant createdAt, Instant updatedAt) {
        Currency currency = Currency.getInstance(text(doc, "currency").toUpperCase(Locale.ROOT));
        List<Order.OrderLine> lines = new ArrayList<>();
        int lineNumber = 0;
        for (JsonNode line : doc.path("lines")) {
            lineNumber++;
            lines.add(new Order.OrderLine(
                    lineNumber,
                    text(line, "sku"),
                    text(line, "name"),
                    line.path("quantity").asInt(),
                    new Money(decimal(line.path("unitPrice")), currency),
                    text(line, "personalisation"),
                    fulfilment(line.path("fulfilment"))));
        }
        JsonNode customer = doc.path("customer");
        JsonNode payment = doc.path("payment");
        JsonNode metadata = doc.get("metadata");
        return new Order(id, text(doc, "externalId"), text(doc, "channel"), status, version, currency,
                new Order.Customer(text(customer, "id"), text(customer, "name"), text(customer, "email"),
                        text(customer, "phone"), text(customer, "language")),
                List.copyOf(lines),
                address(doc.path("shippingAddress")),
                address(doc.path("billingAddress")),
                text(doc, "deliveryOption"),
                new Order.PaymentInstrument(text(payment, "method"), text(payment, "token")),
                metadata == null || metadata.isNull() ? null : metadata.deepCopy(),
                createdAt, updatedAt, null);
    }

    /** The document kept in the database: the canonical shape, token included. */
    public String storedDocument(Order order) {
        ObjectNode doc = canonical(order);
        ((ObjectNode) doc.get("payment")).put("token", order.payment().token());
        return doc.toString();
    }

    /** The order as the API shows it: canonical fields plus id, status, totals and history. */
    public ObjectNode view(Order order, List<StatusChange> history) {
        ObjectNode view = mapper.createObjectNode();
        view.put("id", order.id());
        view.put("status", order.status().name());
        view.put("version", order.version());
        view.setAll(canonical(order));
        ArrayNode lines = (ArrayNode) view.get("lines");
        for (int i = 0; i < order.lines().size(); i++) {
            ((ObjectNode) lines.get(i)).put("lineTotal", order.lines().get(i).lineTotal().toPlainString());
        }
        putTotals(view, order);
        view.put("createdAt", order.createdAt().toString());
        view.put("updatedAt", order.updatedAt().toString());
        if (history != null) {
            ArrayNode entries = view.putArray("history");
            for (StatusChange change : history) {
                ObjectNode entry = entries.addObject();
                entry.put("at", change.at().toString());
                entry.put("from", change.from() == null ? null : change.from().name());
                entry.put("to", change.to().name());
                entry.put("actor", change.actor().kind().name().toLowerCase(Locale.ROOT));
                entry.put("actorId", change.actor().id());
                entry.put("reason", change.reason());
            }
        }
        return view;
    }

    /** A list row: enough to find an order, without lines or history. */
    public ObjectNode summary(Order order) {
        ObjectNode row = mapper.createObjectNode();
        row.put("id", order.id());
        row.put("externalId", order.externalId());
        row.put("channel", order.channel());
        row.put("status", order.status().name());
        row.put("customerEmail", order.customer().email());
        row.put("currency", order.currency().getCurrencyCode());
        row.put("total", order.total().toPlainString());
        row.put("lineCount", order.lines().size());
        row.put("createdAt", order.createdAt().toString());
        row.put("updatedAt", order.updatedAt().toString());
        return row;
    }

    private ObjectNode canonical(Order order) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("externalId", order.externalId());
        doc.put("channel", order.channel());
        doc.put("currency", order.currency().getCurrencyCode());
        ObjectNode customer = doc.putObject("customer");
        putIfPresent(customer, "id", order.customer().id());
        customer.put("name", order.customer().name());
        customer.put("email", order.customer().email());
        putIfPresent(customer, "phone", order.customer().phone());
        putIfPresent(customer, "language", order.customer().language());
        ArrayNode lines = doc.putArray("lines");
        for (Order.OrderLine line : order.lines()) {
            ObjectNode node = lines.addObject();
            node.put("lineNumber", line.lineNumber());
            node.put("sku", line.sku());
            putIfPresent(node, "name", line.name());
            node.put("quantity", line.quantity());
            node.put("unitPrice", line.unitPrice().toPlainString());
            putIfPresent(node, "personalisation", line.personalisation());
            ObjectNode fulfilment = node.putObject("fulfilment");
            fulfilment.put("type", line.fulfilment().type().name().toLowerCase(Locale.ROOT));
            putIfPresent(fulfilment, "storeId", line.fulfilment().storeId());
        }
        doc.set("shippingAddress", address(order.shippingAddress()));
        doc.set("billingAddress", address(order.billingAddress()));
        doc.put("deliveryOption", order.deliveryOption());
        ObjectNode payment = doc.putObject("payment");
        payment.put("method", order.payment().method());
        if (order.metadata() != null) {
            doc.set("metadata", order.metadata());
        }
        return doc;
    }

    /** The order's money as every view shows it: {"totals": {currency, subtotal, tax (once known), total}}. */
    public static void putTotals(ObjectNode view, Order order) {
        ObjectNode totals = view.putObject("totals");
        totals.put("currency", order.currency().getCurrencyCode());
        totals.put("subtotal", order.subtotal().toPlainString());
        if (order.tax() != null) {
            totals.put("tax", order.tax().toPlainString());
        }
        totals.put("total", order.total().toPlainString());
    }

    private JsonNode address(Order.Address address) {
        if (address == null) {
            return mapper.nullNode();
        }
        ObjectNode node = mapper.createObjectNode();
        putIfPresent(node, "name", address.name());
        putIfPresent(node, "company", address.company());
        putIfPresent(node, "line1", address.line1());
        putIfPresent(node, "line2", address.line2());
        putIfPresent(node, "city", address.city());
        putIfPresent(node, "region", address.region());
        putIfPresent(node, "postalCode", address.postalCode());
        putIfPresent(node, "country", address.country());
        putIfPresent(node, "phone", address.phone());
        return node;
    }

    private static Order.Address address(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new Order.Address(text(node, "name"), text(node, "company"), text(node, "line1"),
                text(node, "line2"), text(node, "city"), text(node, "region"), text(node, "postalCode"),
                text(node, "country"), text(node, "phone"));
    }

    private static Order.Fulfilment fulfilment(JsonNode node) {
        if (node == null || !node.isObject() || !"pickup".equals(text(node, "type"))) {
            return Order.Fulfilment.SHIP;
        }
        return new Order.Fulfilment(Order.Fulfilment.Type.PICKUP, text(node, "storeId"));
    }

    static BigDecimal decimal(JsonNode value) {
        return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
