package io.orderhub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Builds the message a stage sends to the queue {@code notifications.requested} to have the
 * customer and subscribed systems told about an order event, e.g. in a route:
 * <pre>
 * - setBody:
 *     method:
 *       ref: notificationRequests
 *       method: "shipped(${exchangeProperty.orderId}, ${exchangeProperty.carrier}, ${exchangeProperty.trackingNumber})"
 * - to: activemq6:queue:notifications.requested
 * </pre>
 * Sent inside a transacted stage, the request commits with the stage's own work. Telling the
 * customer happens later, in its own stage: a notification that cannot be sent never holds up
 * or fails the order.
 */
@Component("notificationRequests")
public class NotificationRequests {

    /**
     * Data keys that tell apart repeated events of one order (a second shipment, a second return):
     * each occurrence is notified once. Without them an event is notified once per order.
     */
    public static final String SHIPMENT_ID = "shipmentId";
    public static final String RETURN_ID = "returnId";
    /** A change to the order (a partial cancellation): each is notified once. */
    public static final String CHANGE_ID = "changeId";
    /** A customer link (CustomerAccess): each is sent once, with a token of its own. */
    public static final String LINK_ID = "linkId";

    /**
     * Marks an agent's deliberate resend: the customer is told again (a new occurrence for the
     * once-per-event rule), subscribed systems are not (they were told, and drop repeats anyway).
     */
    public static final String RESEND_ID = "resendId";

    private final ObjectMapper mapper;
    private final Clock clock;

    public NotificationRequests(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** A request without event details, e.g. {@code request(orderId, "confirmed")}. */
    public String request(String orderId, String event) {
        return request(orderId, event, Map.of());
    }

    /**
     * A request with event details the templates and webhook payloads show, e.g. carrier and
     * trackingNumber for shipped, reason for cancelled, amount for refunded, plus shipmentId or
     * returnId for events that can happen more than once per order.
     *
     * @return the JSON text {"orderId", "event", "data": {..}, "requestedAt"}
     */
    public String request(String orderId, String event, Map<String, String> data) {
        if (orderId == null || orderId.isBlank()) {
            throw new IllegalArgumentException("a notification request needs an order id");
        }
        ObjectNode request = mapper.createObjectNode();
        request.put("orderId", orderId);
        request.put("event", NotificationEvent.of(event).wireName());
        ObjectNode details = request.putObject("data");
        if (data != null) {
            data.forEach((key, value) -> {
                if (value != null) {
                    details.put(key, value);
                }
            });
        }
        request.put("requestedAt", clock.instant().toString());
        return request.toString();
    }

    /** The order (or one shipment of it) has left; carrier and tracking number go to the customer. */
    public String shipped(String orderId, String carrier, String trackingNumber) {
        return request(orderId, "shipped", details("carrier", carrier, "trackingNumber", trackingNumber));
    }

    /** One parcel of the order has left: the shipment id tells a second parcel from a repeat of the first. */
    public String shipped(String orderId, String shipmentId, String carrier, String trackingNumber) {
        return request(orderId, "shipped", details("shipmentId", shipmentId, "carrier", carrier, "trackingNumber", trackingNumber));
    }

    /**
     * One parcel of the order was delivered (the carrier says so): told once per parcel, the
     * shipment id tells a second parcel from a repeat of the first.
     */
    public String delivered(String orderId, String shipmentId, String carrier, String trackingNumber, String deliveredAt) {
        return request(orderId, "delivered", details("shipmentId", shipmentId, "carrier", carrier,
                "trackingNumber", trackingNumber, "deliveredAt", deliveredAt));
    }

    /**
     * The order was cancelled. The reason goes to webhook subscribers; the default customer
     * templates leave it out, because internal reasons (a fraud decision) are not for customers.
     */
    public String cancelled(String orderId, String reason) {
        return request(orderId, "cancelled", details("reason", reason));
    }

    /** Some lines or units were cancelled (an order change): notified once per change. */
    public String cancelled(String orderId, String changeId, String reason) {
        return request(orderId, "cancelled", details("changeId", changeId, "reason", reason));
    }

    private static Map<String, String> details(String... keysAndValues) {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null && !keysAndValues[i + 1].isBlank()) {
                details.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return details;
    }
}
