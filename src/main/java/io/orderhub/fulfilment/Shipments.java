package io.orderhub.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.order.Actor;
import io.orderhub.order.Order;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import io.orderhub.pipeline.Effects;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Shipment confirmations from the locations (canonical: {fulfilmentOrderId, orderId, shipmentId,
 * carrier, trackingNumber, shippedAt, lines[{lineNumber, quantity}]}). Each shipment is recorded
 * once; once it is paid for, the order becomes PARTIALLY_SHIPPED or SHIPPED.
 */
@Component("shipments")
public class Shipments {

    private final JdbcTemplate jdbc;
    private final FulfilmentOrders fulfilments;
    private final io.orderhub.inventory.Reservations reservations;
    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final Effects effects;
    private final ObjectMapper mapper;
    private final Clock clock;

    public Shipments(JdbcTemplate jdbc, FulfilmentOrders fulfilments, io.orderhub.inventory.Reservations reservations,
                     OrderRepository orders, OrderLifecycle lifecycle, Effects effects, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.fulfilments = fulfilments;
        this.reservations = reservations;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.effects = effects;
        this.mapper = mapper;
        this.clock = clock;
    }

    public String shipmentId(String event) throws Exception {
        String id = mapper.readTree(event).path("shipmentId").asText("");
        if (id.isBlank()) {
            throw new IllegalArgumentException("shipment confirmation without shipmentId");
        }
        return id;
    }

    /** Records the shipment, once, after checking it against what the fulfilment order holds. */
    @Transactional
    public void record(String event) throws Exception {
        JsonNode shipment = mapper.readTree(event);
        String shipmentId = shipment.path("shipmentId").asText();
        Integer known = jdbc.queryForObject("select count(*) from shipments where shipment_id = ?", Integer.class, shipmentId);
        if (known != null && known > 0) {
            return;
        }
        String fulfilmentId = shipment.path("fulfilmentOrderId").asText();
        FulfilmentOrder fulfilment = fulfilments.find(fulfilmentId)
                .orElseThrow(() -> new IllegalArgumentException("shipment " + shipmentId + " names unknown fulfilment order " + fulfilmentId));
        if (!fulfilment.orderId().equals(shipment.path("orderId").asText())) {
            throw new IllegalArgumentException("shipment " + shipmentId + " names order " + shipment.path("orderId").asText()
                    + " but fulfilment order " + fulfilmentId + " belongs to " + fulfilment.orderId());
        }
        Map<Integer, Integer> alreadyShipped = shippedQuantities(fulfilment.orderId());
        for (JsonNode line : shipment.path("lines")) {
            int lineNumber = line.path("lineNumber").asInt();
            int quantity = line.path("quantity").asInt();
            int planned = fulfilment.lines().stream().filter(l -> l.lineNumber() == lineNumber)
                    .mapToInt(FulfilmentOrder.Line::quantity).sum();
            if (quantity <= 0 || alreadyShipped.getOrDefault(lineNumber, 0) + quantity > planned) {
                throw new IllegalArgumentException("shipment " + shipmentId + " ships " + quantity + " of line " + lineNumber
                        + " but fulfilment order " + fulfilmentId + " holds " + planned + " (already shipped "
                        + alreadyShipped.getOrDefault(lineNumber, 0) + ")");
            }
        }
        Instant shippedAt = shipment.hasNonNull("shippedAt") ? Instant.parse(shipment.get("shippedAt").asText()) : clock.instant();
        jdbc.update("""
                insert into shipments (shipment_id, order_id, fulfilment_order_id, carrier, tracking_number, lines, shipped_at)
                values (?, ?, ?, ?, ?, ?, ?)""",
                shipmentId, fulfilment.orderId(), fulfilmentId, shipment.path("carrier").asText(null),
                shipment.path("trackingNumber").asText(null), shipment.path("lines").toString(), OrderRepository.utc(shippedAt));
    }

    /**
     * What shipped is gone from the location's stock. Reservations take the running total per
     * SKU at the location, so reporting it again after a redelivery changes nothing.
     */
    private void consumeShippedStock(FulfilmentOrder fulfilment) {
        List<FulfilmentOrder> atLocation = fulfilments.forOrder(fulfilment.orderId()).stream()
                .filter(each -> each.locationId().equals(fulfilment.locationId())).toList();
        Map<Integer, String> skuOfLine = new HashMap<>();
        atLocation.forEach(each -> each.lines().forEach(line -> skuOfLine.put(line.lineNumber(), line.sku())));
        // by SKU in order: stock rows are locked in (location, SKU) order everywhere (sourcing locks them so too);
        // in hash order two shipments on PostgreSQL deadlocked on each other's rows
        Map<String, Integer> shippedBySku = new java.util.TreeMap<>();
        for (FulfilmentOrder each : atLocation) {
            // by order first: shipments are indexed by order, not by fulfilment order (a scan of every shipment otherwise)
            for (String shipment : jdbc.queryForList("select shipment_id from shipments where order_id = ? and fulfilment_order_id = ?",
                    String.class, each.orderId(), each.id())) {
                linesOf(shipment).forEach((line, quantity) -> shippedBySku.merge(skuOfLine.get(line), quantity, Integer::sum));
            }
        }
        shippedBySku.forEach((sku, total) -> reservations.consume(fulfilment.orderId(), fulfilment.locationId(), sku, total));
    }

    /** Per order line, how many units have shipped so far. */
    public Map<Integer, Integer> shippedQuantities(String orderId) {
        Map<Integer, Integer> shipped = new HashMap<>();
        for (String lines : jdbc.queryForList("select lines from shipments where order_id = ?", String.class, orderId)) {
            try {
                for (JsonNode line : mapper.readTree(lines)) {
                    shipped.merge(line.path("lineNumber").asInt(), line.path("quantity").asInt(), Integer::sum);
                }
            } catch (Exception e) {
                throw new IllegalStateException("unreadable shipment lines for order " + orderId, e);
            }
        }
        return shipped;
    }

    /** The lines and quantities of one shipment. */
    public Map<Integer, Integer> linesOf(String shipmentId) {
        Map<Integer, Integer> lines = new HashMap<>();
        String json = jdbc.queryForObject("select lines from shipments where shipment_id = ?", String.class, shipmentId);
        try {
            for (JsonNode line : mapper.readTree(json)) {
                lines.merge(line.path("lineNumber").asInt(), line.path("quantity").asInt(), Integer::sum);
            }
        } catch (Exception e) {
            throw new IllegalStateException("unreadable lines of shipment " + shipmentId, e);
        }
        return lines;
    }

    /**
     * Whether this shipment, together with the order's other shipments that are {@code done}
     * (paid for, or counted in the order's status), completes the order.
     */
    public boolean completesOrder(Order order, String shipmentId, java.util.function.Predicate<String> done) {
        Map<Integer, Integer> shipped = new HashMap<>(linesOf(shipmentId));
        for (String other : jdbc.queryForList("select shipment_id from shipments where order_id = ? and shipment_id <> ?",
                String.class, order.id(), shipmentId)) {
            if (done.test(other)) {
                linesOf(other).forEach((line, quantity) -> shipped.merge(line, quantity, Integer::sum));
            }
        }
        return order.lines().stream().allMatch(line -> shipped.getOrDefault(line.lineNumber(), 0) >= line.quantity());
    }

    /** After the shipment is paid for: moves the order to PARTIALLY_SHIPPED or SHIPPED, once per shipment. */
    @Transactional
    public String progress(String orderId, String shipmentId) {
        String doneKey = shipmentId + ":shipped";
        // shipments of one order arrive one at a time (message group), the lock guards the rest
        orders.lockStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        if (effects.find(doneKey) == null) {
            Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
            Map<String, Object> shipment = jdbc.queryForMap(
                    "select fulfilment_order_id, carrier, tracking_number from shipments where shipment_id = ?", shipmentId);
            int items = linesOf(shipmentId).values().stream().mapToInt(Integer::intValue).sum();
            OrderStatus next = completesOrder(order, shipmentId, other -> effects.find(other + ":shipped") != null) ? OrderStatus.SHIPPED : OrderStatus.PARTIALLY_SHIPPED;
            lifecycle.transition(orderId, next, new Actor(Actor.Kind.PARTNER, String.valueOf(shipment.get("fulfilment_order_id"))),
                    "shipment " + shipmentId + ": " + items + " item(s) via " + shipment.get("carrier")
                            + ", tracking " + shipment.get("tracking_number"));
            String fulfilmentId = String.valueOf(shipment.get("fulfilment_order_id"));
            FulfilmentOrder fulfilment = fulfilments.find(fulfilmentId).orElseThrow();
            Map<Integer, Integer> shipped = shippedQuantities(orderId);
            boolean fulfilmentDone = fulfilment.lines().stream()
                    .allMatch(line -> shipped.getOrDefault(line.lineNumber(), 0) >= line.quantity());
            if (fulfilmentDone) {
                fulfilments.move(fulfilmentId, FulfilmentOrder.Status.RELEASED, FulfilmentOrder.Status.SHIPPED, null);
            }
            consumeShippedStock(fulfilment);
            effects.record(doneKey, orderId, "shipped", "{\"status\":\"" + next.name() + "\"}");
        }
        return orders.findStatus(orderId).orElseThrow().name();
    }
}
