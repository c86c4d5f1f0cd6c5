package io.orderhub.customer;

import static io.orderhub.order.OrderStatus.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.fulfilment.FulfilmentOrder;
import io.orderhub.fulfilment.FulfilmentOrders;
import io.orderhub.fulfilment.Shipments;
import io.orderhub.order.Order;
import io.orderhub.order.OrderJson;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import io.orderhub.order.StatusChange;
import io.orderhub.security.Caller;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the customer sees of their order: status, lines, parcels with carrier, tracking number, the
 * carrier's expected delivery and, once delivered, when, and the history in customer wording. Internal reasons, who
 * acted (agents, partners, the fraud review), payment details and other customers' data never
 * appear: every status maps to a customer phrase, and a fraud hold or a failure reads as
 * "processing".
 */
@Component("customerTracking")
public class CustomerTracking {

    /** A stable code clients can switch on, and the phrase shown to the customer. */
    record Phrase(String code, String text) {
    }

    private static final Map<OrderStatus, Phrase> PHRASES = new EnumMap<>(OrderStatus.class);

    static {
        Phrase processing = new Phrase("processing", "We have received your order and are processing it");
        for (OrderStatus status : List.of(RECEIVED, ACCEPTED, FRAUD_HOLD, SCREENED, TAXED, FAILED)) {
            PHRASES.put(status, processing);
        }
        PHRASES.put(PAYMENT_AUTHORISED, new Phrase("payment_confirmed", "Your payment is confirmed"));
        PHRASES.put(PAYMENT_DECLINED, new Phrase("payment_declined", "Your payment was declined"));
        Phrase preparing = new Phrase("preparing", "Your order is being prepared");
        PHRASES.put(RESERVED, preparing);
        PHRASES.put(SOURCED, preparing);
        PHRASES.put(BACKORDERED, new Phrase("waiting_for_stock", "We are waiting for stock of your items"));
        PHRASES.put(RELEASED, new Phrase("packing", "Your order is being packed"));
        PHRASES.put(PARTIALLY_SHIPPED, new Phrase("partially_shipped", "Part of your order has shipped"));
        PHRASES.put(SHIPPED, new Phrase("shipped", "Your order has shipped"));
        PHRASES.put(DELIVERED, new Phrase("delivered", "Your order has been delivered"));
        PHRASES.put(PARTIALLY_CANCELLED, new Phrase("partially_cancelled", "Part of your order was cancelled"));
        PHRASES.put(CANCELLED, new Phrase("cancelled", "Your order was cancelled"));
        PHRASES.put(RETURN_REQUESTED, new Phrase("return_requested", "Your return is on its way to us"));
        PHRASES.put(RETURN_RECEIVED, new Phrase("return_received", "We have received your return"));
        PHRASES.put(REFUNDED, new Phrase("refunded", "Your refund has been issued"));
    }

    private static final Map<String, String> CHANGE_PHRASES = Map.of(
            "SHIPPING_ADDRESS", "Your shipping details were changed",
            "CANCEL_LINES", "Some items of your order were cancelled");

    private final OrderRepository orders;
    private final OrderChanges changes;
    private final Shipments shipments;
    private final FulfilmentOrders fulfilments;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public CustomerTracking(OrderRepository orders, OrderChanges changes, Shipments shipments, FulfilmentOrders fulfilments,
                            JdbcTemplate jdbc, ObjectMapper mapper) {
        this.orders = orders;
        this.changes = changes;
        this.shipments = shipments;
        this.fulfilments = fulfilments;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    static Phrase phrase(OrderStatus status) {
        return PHRASES.get(status);
    }

    /** The order id the caller may track: 404 for an order that is not theirs (or does not exist). */
    public String trackedOrder(String orderId, Caller caller) {
        return orders.findById(orderId)
                .filter(order -> caller.maySee(order.id(), order.channel()))
                .map(Order::id)
                .orElseThrow(() -> new OrderNotFoundException(orderId));
    }

    /** The customer's view, from the order and the shipments answer of the shipments route ({orderId, shipments: [..]}). */
    public String view(String orderId, String shipmentsAnswer) throws Exception {
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        ObjectNode view = mapper.createObjectNode();
        view.put("orderId", order.id());
        view.put("orderNumber", order.externalId());
        Phrase now = phrase(order.status());
        view.put("status", now.code());
        view.put("statusText", now.text());
        view.put("placedAt", order.createdAt().toString());
        Map<Integer, Integer> cancelled = changes.cancelledUnits(orderId);
        Map<Integer, Integer> shipped = shipments.shippedQuantities(orderId);
        ArrayNode lines = view.putArray("lines");
        for (Order.OrderLine line : order.lines()) {
            ObjectNode node = lines.addObject()
                    .put("lineNumber", line.lineNumber())
                    .put("sku", line.sku())
                    .put("name", line.name())
                    .put("quantity", line.quantity())
                    .put("cancelledQuantity", cancelled.getOrDefault(line.lineNumber(), 0))
                    .put("shippedQuantity", shipped.getOrDefault(line.lineNumber(), 0))
                    .put("unitPrice", line.unitPrice().toPlainString())
                    .put("lineTotal", line.lineTotal().toPlainString());
            if (line.fulfilment().type() == Order.Fulfilment.Type.PICKUP) {
                node.put("pickupStoreId", line.fulfilment().storeId());
            }
        }
        OrderJson.putTotals(view, order);
        view.put("deliveryOption", order.deliveryOption());
        Order.Address to = order.shippingAddress();
        if (to != null) {
            ObjectNode address = view.putObject("shippingAddress");
            putIfPresent(address, "name", to.name());
            putIfPresent(address, "company", to.company());
            putIfPresent(address, "line1", to.line1());
            putIfPresent(address, "line2", to.line2());
            putIfPresent(address, "city", to.city());
            putIfPresent(address, "region", to.region());
            putIfPresent(address, "postalCode", to.postalCode());
            putIfPresent(address, "country", to.country());
        }
        ArrayNode parcels = view.putArray("shipments");
        // the order arrives with its last parcel: the carrier's estimate for each parcel shipped,
        // the hub's promise from sourcing for what has still to ship; unknown if any is missing
        List<LocalDate> arrivals = new ArrayList<>();
        boolean everyArrivalKnown = true;
        for (JsonNode shipment : mapper.readTree(shipmentsAnswer).path("shipments")) {
            ObjectNode parcel = parcels.addObject();
            parcel.put("carrier", shipment.path("carrier").asText(null));
            parcel.put("trackingNumber", shipment.path("trackingNumber").asText(null));
            parcel.put("shippedAt", shipment.path("shippedAt").asText(null));
            // as recorded by delivery tracking: shown even when the carrier cannot be asked right now
            parcel.put("deliveredAt", shipment.path("deliveredAt").asText(null));
            ArrayNode items = parcel.putArray("lines");
            for (JsonNode item : shipment.path("lines")) {
                int lineNumber = item.path("lineNumber").asInt();
                items.addObject().put("lineNumber", lineNumber).put("quantity", item.path("quantity").asInt())
                        .put("name", order.lines().stream().filter(line -> line.lineNumber() == lineNumber)
                                .findFirst().map(Order.OrderLine::name).orElse(null)); // the name is optional
            }
            JsonNode tracking = shipment.path("tracking");
            parcel.put("trackingAvailable", tracking.path("available").asBoolean(false));
            String estimated = null;
            if (tracking.path("available").asBoolean(false)) {
                parcel.put("status", tracking.path("status").asText(null));
                estimated = tracking.path("estimatedDelivery").asText(null);
                parcel.put("estimatedDelivery", estimated);
                parcel.set("events", tracking.path("events").deepCopy());
            }
            if (estimated == null) {
                everyArrivalKnown = false;
            } else {
                arrivals.add(LocalDate.parse(estimated.substring(0, Math.min(10, estimated.length()))));
            }
        }
        for (FulfilmentOrders.Promise promise : fulfilments.promises(orderId)) {
            if (promise.status() == FulfilmentOrder.Status.PLANNED || promise.status() == FulfilmentOrder.Status.RELEASED) {
                if (promise.date() == null) {
                    everyArrivalKnown = false;
                } else {
                    arrivals.add(promise.date());
                }
            }
        }
        view.put("promisedDelivery", everyArrivalKnown && !arrivals.isEmpty()
                ? arrivals.stream().max(LocalDate::compareTo).orElseThrow().toString() : null);
        view.set("history", history(orderId));
        return view.toString();
    }

    /** Status moves and changes, oldest first, in customer wording; repeated phrases shown once. */
    private ArrayNode history(String orderId) {
        record Entry(Instant at, String code, String text) {
        }
        List<Entry> entries = new ArrayList<>();
        for (StatusChange change : orders.history(orderId)) {
            if (change.from() == change.to()) {
                continue; // notes on the order (e.g. re-quoted tax), not customer news
            }
            Phrase phrase = phrase(change.to());
            entries.add(new Entry(change.at(), phrase.code(), phrase.text()));
        }
        jdbc.query("select kind, created_at from order_changes where order_id = ? and kind <> 'CANCEL_ORDER'", rs -> {
            String kind = rs.getString(1);
            entries.add(new Entry(rs.getObject(2, OffsetDateTime.class).toInstant(), kind.toLowerCase(java.util.Locale.ROOT),
                    CHANGE_PHRASES.get(kind)));
        }, orderId);
        entries.sort(Comparator.comparing(Entry::at));
        ArrayNode history = mapper.createArrayNode();
        String previous = null;
        for (Entry entry : entries) {
            if (entry.code().equals(previous)) {
                continue;
            }
            previous = entry.code();
            history.addObject().put("at", entry.at().toString()).put("status", entry.code()).put("text", entry.text());
        }
        return history;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
