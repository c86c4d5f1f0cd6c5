package io.orderhub.carrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.notify.NotificationRequests;
import io.orderhub.order.Actor;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import io.orderhub.order.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Follows shipped parcels until the carrier says they are delivered (routes/88-delivery-tracking).
 * Each poll {@link #claimDue claims} the parcels due for a question; the claim is a conditional
 * update, so with several hub instances each parcel is asked about by one. A delivered parcel is
 * {@link #tracked recorded} once, under the order's and the parcel's row locks: its delivery time,
 * the customer's "delivered" notice for that parcel (through the outbox, in the same transaction)
 * and, when it was the order's last parcel out, the move SHIPPED → DELIVERED.
 */
@Component("deliveryTracking")
public class DeliveryTracking {

    private static final Logger log = LoggerFactory.getLogger(DeliveryTracking.class);

    static final String DELIVERED = "delivered";
    /** Back at the sender: it will not be delivered, so it is not asked about again. */
    static final String RETURNED = "returned";

    private final JdbcTemplate jdbc;
    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final Outbox outbox;
    private final NotificationRequests notifications;
    private final DeliveryTrackingProperties properties;
    private final ObjectMapper mapper;
    private final Clock clock;

    public DeliveryTracking(JdbcTemplate jdbc, OrderRepository orders, OrderLifecycle lifecycle, Outbox outbox,
                            NotificationRequests notifications, DeliveryTrackingProperties properties, ObjectMapper mapper,
                            Clock clock) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.notifications = notifications;
        this.properties = properties;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * The parcels this instance asks the carrier about now, longest unasked first, at most
     * {@code batch}: each as JSON text {orderId, shipmentId, carrier, trackingNumber}. Claiming
     * pushes the parcel's next check {@code recheck-after} ahead, so another instance (or the
     * next poll) leaves it alone even if this check never completes.
     */
    public List<String> claimDue() {
        Instant now = clock.instant();
        OffsetDateTime nowUtc = OrderRepository.utc(now);
        List<Map<String, Object>> candidates = jdbc.queryForList("""
                select shipment_id, order_id, carrier, tracking_number from shipments
                where delivered_at is null and tracking_number is not null
                  and (tracking_status is null or tracking_status <> ?)
                  and shipped_at >= ? and (tracking_checked_at is null or tracking_checked_at <= ?)
                order by coalesce(tracking_checked_at, shipped_at), shipment_id fetch first ? rows only""",
                RETURNED, OrderRepository.utc(now.minus(properties.giveUpAfter())), nowUtc, properties.batch());
        List<String> claimed = new ArrayList<>();
        OffsetDateTime next = OrderRepository.utc(now.plus(properties.recheckAfter()));
        for (Map<String, Object> parcel : candidates) {
            int won = jdbc.update("""
                    update shipments set tracking_checked_at = ?
                    where shipment_id = ? and delivered_at is null and (tracking_checked_at is null or tracking_checked_at <= ?)""",
                    next, parcel.get("shipment_id"), nowUtc);
            if (won == 1) {
                claimed.add(mapper.createObjectNode()
                        .put("orderId", (String) parcel.get("order_id"))
                        .put("shipmentId", (String) parcel.get("shipment_id"))
                        .put("carrier", (String) parcel.get("carrier"))
                        .put("trackingNumber", (String) parcel.get("tracking_number"))
                        .toString());
            }
        }
        return claimed;
    }

    /**
     * Records the carrier's answer (canonical tracking: {status, events: [{at, status, ..}],
     * estimatedDelivery}) for the parcel. Returns the order's status afterwards.
     */
    @Transactional
    public String tracked(String parcelJson, String trackingJson) throws Exception {
        JsonNode parcel = mapper.readTree(parcelJson);
        JsonNode tracking = mapper.readTree(trackingJson);
        String orderId = parcel.path("orderId").asText();
        String shipmentId = parcel.path("shipmentId").asText();
        String status = tracking.path("status").asText(null);
        // the order first, then the parcel: the order's lock is what shipping takes too, so the last
        // two parcels delivered at once (two instances) cannot each miss the other
        OrderStatus orderStatus = orders.lockStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId)).status();
        List<OffsetDateTime> delivered = jdbc.query("select delivered_at from shipments where shipment_id = ? for update",
                (rs, n) -> rs.getObject(1, OffsetDateTime.class), shipmentId);
        if (delivered.isEmpty() || delivered.get(0) != null) {
            return orderStatus.name();
        }
        if (!DELIVERED.equals(status)) {
            Instant estimated = instant(tracking.path("estimatedDelivery").asText(null));
            Instant recheck = clock.instant().plus(properties.recheckAfter());
            // no use asking before the carrier expects to deliver
            Instant next = estimated != null && estimated.isAfter(recheck) ? estimated : recheck;
            jdbc.update("update shipments set tracking_status = ?, tracking_checked_at = ? where shipment_id = ?",
                    status, OrderRepository.utc(next), shipmentId);
            return orderStatus.name();
        }
        Instant deliveredAt = deliveryTime(tracking);
        jdbc.update("update shipments set tracking_status = ?, delivered_at = ? where shipment_id = ?",
                status, OrderRepository.utc(deliveredAt), shipmentId);
        outbox.send("notifications.requested", orderId, notifications.delivered(orderId, shipmentId,
                parcel.path("carrier").asText(null), parcel.path("trackingNumber").asText(null), deliveredAt.toString()),
                clock.instant());
        log.info("parcel {} of shipment {} delivered at {}", parcel.path("trackingNumber").asText(), shipmentId, deliveredAt);
        // parcels without a tracking number (store pickups, some drop-ship partners) are never tracked:
        // the order is delivered with its last tracked parcel
        Integer undelivered = jdbc.queryForObject("""
                select count(*) from shipments where order_id = ? and delivered_at is null and tracking_number is not null""",
                Integer.class, orderId);
        // only a fully shipped order is delivered; one with a return under way keeps its status
        if (orderStatus == OrderStatus.SHIPPED && undelivered != null && undelivered == 0) {
            lifecycle.advance(orderId, OrderStatus.SHIPPED, OrderStatus.DELIVERED,
                    new Actor(Actor.Kind.PARTNER, parcel.path("carrier").asText("carrier")),
                    "every parcel delivered; the last, shipment " + shipmentId + ", at " + deliveredAt);
        }
        return orders.findStatus(orderId).orElseThrow().name();
    }

    /** The carrier did not answer: the parcel is asked about again after {@code recheck-after}. */
    public void notTracked(String parcelJson, Throwable failure) throws Exception {
        JsonNode parcel = mapper.readTree(parcelJson);
        log.warn("tracking {} of shipment {} failed, asked again later: {}", parcel.path("trackingNumber").asText(),
                parcel.path("shipmentId").asText(),
                failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /** When the carrier's "delivered" event happened; now, if the carrier gives no time. */
    private Instant deliveryTime(JsonNode tracking) {
        Instant at = null;
        for (JsonNode event : tracking.path("events")) {
            if (DELIVERED.equals(event.path("status").asText())) {
                Instant eventAt = instant(event.path("at").asText(null));
                if (eventAt != null && (at == null || eventAt.isAfter(at))) {
                    at = eventAt;
                }
            }
        }
        return at != null ? at : clock.instant();
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            return null;
        }
    }
}
