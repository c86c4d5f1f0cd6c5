package io.orderhub.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.api.RequestBodies;
import io.orderhub.carrier.ShipmentTracking;
import io.orderhub.customer.CustomerAccess;
import io.orderhub.notify.NotificationEvent;
import io.orderhub.notify.NotificationQueries;
import io.orderhub.notify.NotificationRequests;
import io.orderhub.order.Actor;
import io.orderhub.order.InvalidRequestException;
import io.orderhub.order.OrderIntake;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderQueries;
import io.orderhub.order.Outbox;
import io.orderhub.order.Violation;
import io.orderhub.pipeline.Journey;
import io.orderhub.returns.OrderReturn;
import io.orderhub.returns.ReturnRepository;
import io.orderhub.returns.Returns;
import io.orderhub.security.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What service agents do for customers beyond the order API: place an order on a customer's
 * behalf, see everything about an order in one answer, resend a notification. Each action
 * records the agent and the reason ({@link AgentActions}).
 */
@Service("agentDesk")
public class AgentDesk {


    private final OrderIntake intake;
    private final OrderQueries queries;
    private final Journey journey;
    private final ShipmentTracking shipments;
    private final Returns returns;
    private final ReturnRepository returnRepository;
    private final NotificationQueries notifications;
    private final NotificationRequests notificationRequests;
    private final AgentActions actions;
    private final Outbox outbox;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final CustomerAccess customerAccess;
    private final OrderLifecycle lifecycle;

    public AgentDesk(OrderIntake intake, OrderQueries queries, Journey journey, ShipmentTracking shipments, Returns returns,
                     ReturnRepository returnRepository, NotificationQueries notifications,
                     NotificationRequests notificationRequests, AgentActions actions, Outbox outbox, JdbcTemplate jdbc,
                     ObjectMapper mapper, Clock clock, CustomerAccess customerAccess, OrderLifecycle lifecycle) {
        this.intake = intake;
        this.queries = queries;
        this.journey = journey;
        this.shipments = shipments;
        this.returns = returns;
        this.returnRepository = returnRepository;
        this.notifications = notifications;
        this.notificationRequests = notificationRequests;
        this.actions = actions;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
        this.customerAccess = customerAccess;
        this.lifecycle = lifecycle;
    }

    /**
     * Body: {"reason": "...", "order": {the canonical order}}. The order goes through intake like
     * any other (validation, Idempotency-Key, duplicate check); its first history entry names the
     * agent and says it was placed on the customer's behalf, and why. The customer gets their
     * tracking link by email (the agent does not see it), committed with the order.
     */
    public OrderIntake.Response placeOnBehalf(String body, String idempotencyKey, Caller caller) {
        JsonNode request = RequestBodies.object(mapper, body);
        List<Violation> problems = new ArrayList<>();
        String reason = RequestBodies.reason(request, problems);
        JsonNode order = request.path("order");
        if (!order.isObject()) {
            problems.add(new Violation("/order", "is required: the order, as POST /api/orders takes it"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Actor agent = caller.actor();
        return intake.accept(order.toString(), idempotencyKey, caller,
                "placed by " + agent.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + agent.id()
                        + " on behalf of the customer: " + reason,
                orderId -> {
                    actions.record(orderId, AgentActions.PLACE_ON_BEHALF, agent, reason,
                            "channel " + order.path("channel").asText() + ", externalId " + order.path("externalId").asText());
                    customerAccess.sendLink(orderId, agent, reason);
                });
    }

    /** The order with its history, partner journey, shipments, returns, notifications and agents' actions. */
    public ObjectNode fullView(String orderId, Caller caller) throws Exception {
        ObjectNode view = mapper.createObjectNode();
        view.set("order", queries.get(orderId, caller));
        view.set("journey", journey.forOrder(orderId));
        ArrayNode parcels = view.putArray("shipments");
        for (String shipment : shipments.shipments(orderId)) {
            parcels.add(mapper.readTree(shipment));
        }
        view.set("returns", returns.listFor(orderId));
        ObjectNode told = notifications.forOrder(orderId);
        view.set("notifications", told.get("notifications"));
        view.set("webhookDeliveries", told.get("webhookDeliveries"));
        view.set("agentActions", actions.forOrder(orderId));
        return view;
    }

    /**
     * Sends the customer a notification again. Body: {"reason": "...", "shipmentId"?, "returnId"?}
     * (a return event needs its returnId). Only a notification the customer was sent before can be
     * resent; the resend is a new occurrence, deliberately past the once-per-event rule
     * (docs/notifications.md), and reaches the customer only, not webhook subscribers. The request
     * and the record of the action are committed together (outbox), so neither exists alone.
     */
    @Transactional
    public ObjectNode resend(String orderId, String eventName, String body, Caller caller) {
        queries.get(orderId, caller);
        JsonNode request = RequestBodies.object(mapper, body);
        List<Violation> problems = new ArrayList<>();
        String reason = RequestBodies.reason(request, problems);
        NotificationEvent event = null;
        try {
            event = NotificationEvent.of(eventName);
        } catch (IllegalArgumentException e) {
            problems.add(new Violation("/event", e.getMessage()));
        }
        if (event == NotificationEvent.CUSTOMER_LINK) {
            problems.add(new Violation("/event", "a customer link is not resent: ask for a new one (POST /api/orders/{id}/customer-access)"));
            event = null;
        }
        String shipmentId = text(request, "shipmentId");
        String returnId = text(request, "returnId");
        OrderReturn ret = null;
        if (returnId != null) {
            ret = returnRepository.find(returnId).filter(found -> found.orderId().equals(orderId)).orElse(null);
            if (ret == null) {
                problems.add(new Violation("/returnId", "is not a return of order " + orderId));
            }
        }
        boolean returnEvent = event == NotificationEvent.RETURN_RECEIVED || event == NotificationEvent.REFUNDED;
        if (returnEvent && returnId == null) {
            problems.add(new Violation("/returnId", "is required for " + event.wireName() + ": which return"));
        }
        if (shipmentId != null && jdbc.queryForObject("select count(*) from shipments where order_id = ? and shipment_id = ?",
                Integer.class, orderId, shipmentId) == 0) {
            problems.add(new Violation("/shipmentId", "is not a shipment of order " + orderId));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        String occurrence = returnEvent ? returnId : shipmentId;
        String keyPrefix = orderId + ":" + event.wireName() + ":" + (occurrence == null ? "" : occurrence + ":");
        Integer sent = jdbc.queryForObject("""
                select count(*) from notifications
                where order_id = ? and event_type = ? and status = 'SENT' and notification_key like ?""",
                Integer.class, orderId, event.wireName(), keyPrefix + "%");
        if (sent == null || sent == 0) {
            throw new NothingToResendException("the customer was never sent '" + event.wireName() + "'"
                    + (occurrence == null ? "" : " for " + occurrence) + " for order " + orderId + "; there is nothing to resend");
        }
        String resendId = UUID.randomUUID().toString();
        Map<String, String> data = new LinkedHashMap<>();
        data.put(NotificationRequests.RESEND_ID, resendId);
        if (shipmentId != null) {
            data.put(NotificationRequests.SHIPMENT_ID, shipmentId);
        }
        if (ret != null) {
            data.put(NotificationRequests.RETURN_ID, ret.id());
            if (event == NotificationEvent.REFUNDED && ret.refundedAmount() != null) {
                data.put("amount", ret.refundedAmount().toPlainString());
            }
        }
        outbox.send("notifications.requested", orderId, notificationRequests.request(orderId, event.wireName(), data), clock.instant());
        String what = event.wireName() + (occurrence == null ? "" : " " + occurrence) + " (resend " + resendId + ")";
        actions.record(orderId, AgentActions.RESEND_NOTIFICATION, caller.actor(), reason, what);
        lifecycle.note(orderId, caller.actor(), "notification resent: " + what + " - " + reason);
        return mapper.createObjectNode().put("orderId", orderId).put("event", event.wireName()).put("resendId", resendId)
                .put("status", "queued");
    }

    private static String text(JsonNode request, String field) {
        String value = request.path(field).asText("").trim();
        return value.isEmpty() ? null : value;
    }
}
