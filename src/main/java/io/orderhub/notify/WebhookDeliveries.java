package io.orderhub.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.messaging.BrokerProperties;
import io.orderhub.order.InvalidQueryException;
import io.orderhub.order.OrderQueries;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.Violation;
import io.orderhub.pipeline.Stages;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivers events to webhook subscriptions, one message per (event, subscription). A failed
 * attempt rolls the message back and the broker redelivers it with exponential back-off; every
 * attempt is written to the delivery log (webhook_deliveries) outside that transaction. The
 * back-off is the queue's own ({@code orderhub.broker.webhook-redelivery.*}, hours by default). After
 * the last attempt the message goes to DLQ.notifications.webhooks. Outcomes: DELIVERED, FAILED
 * (will be retried), GAVE_UP (last attempt, or the failure that disabled the subscription),
 * SKIPPED (subscription disabled or no longer configured).
 */
@Component("webhookDeliveries")
public class WebhookDeliveries {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);

    /** The exchange property the webhook route keeps the delivery in. */
    public static final String DELIVERY = "webhookDelivery";

    private final WebhookSubscriptions subscriptions;
    private final BrokerProperties broker;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper mapper;

    public WebhookDeliveries(WebhookSubscriptions subscriptions, BrokerProperties broker, JdbcTemplate jdbc, Clock clock,
                             ObjectMapper mapper) {
        this.subscriptions = subscriptions;
        this.broker = broker;
        this.jdbc = jdbc;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** Reads the delivery message and decides whether there is anything to send. */
    public WebhookDelivery open(Exchange exchange) throws Exception {
        JsonNode message = mapper.readTree(exchange.getIn().getBody(String.class));
        int attempt = exchange.getProperty(Stages.ATTEMPT, 1, Integer.class);
        WebhookDelivery delivery = new WebhookDelivery(message.path("subscription").asText(), message.path("eventId").asText(),
                message.path("event").asText(), message.path("orderId").asText(),
                mapper.writeValueAsString(message.path("payload")), attempt, true);
        String skipped = null;
        if (subscriptions.find(delivery.subscription()) == null) {
            skipped = "subscription no longer configured";
        } else if (subscriptions.isDisabled(delivery.subscription())) {
            skipped = "subscription disabled";
        } else if (deliveredBefore(delivery)) {
            log.info("webhook event {} was delivered to '{}' before; not sent again", delivery.eventId(), delivery.subscription());
            return withSend(delivery, false);
        }
        if (skipped != null) {
            record(delivery, null, "SKIPPED", skipped);
            log.info("webhook event {} not sent to '{}': {}", delivery.eventId(), delivery.subscription(), skipped);
            return withSend(delivery, false);
        }
        return delivery;
    }

    /** After the connector's answer ({"statusCode": n}). */
    public void delivered(Exchange exchange) throws Exception {
        WebhookDelivery delivery = exchange.getProperty(DELIVERY, WebhookDelivery.class);
        int statusCode = mapper.readTree(exchange.getIn().getBody(String.class)).path("statusCode").asInt();
        record(delivery, statusCode, "DELIVERED", null);
        subscriptions.recordSuccess(delivery.subscription());
    }

    /**
     * Logs the failed attempt and counts it against the subscription. Fails the exchange again so
     * the broker redelivers, unless this failure disabled the subscription: then there is no one
     * left to retry for.
     */
    public void failed(Exchange exchange) throws WebhookDeliveryException {
        WebhookDelivery delivery = exchange.getProperty(DELIVERY, WebhookDelivery.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // the circuit breaker wraps what the HTTP call threw
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        Integer statusCode = http == null ? null : http.getStatusCode();
        // HTTP failures name the URL, which may carry a token: keep the status, not the message
        String detail = statusCode != null ? "receiver answered " + statusCode
                : failure == null ? "unknown failure" : Masking.text(failure.getClass().getSimpleName() + ": " + failure.getMessage());
        boolean disabledNow = subscriptions.recordFailure(delivery.subscription());
        boolean lastAttempt = delivery.attempt() > broker.webhookRedelivery().maxRedeliveries();
        record(delivery, statusCode, disabledNow || lastAttempt ? "GAVE_UP" : "FAILED",
                disabledNow ? detail + "; subscription disabled" : detail);
        if (!disabledNow) {
            throw new WebhookDeliveryException("webhook event " + delivery.eventId() + " to '" + delivery.subscription()
                    + "' failed (attempt " + delivery.attempt() + "): " + detail);
        }
    }

    /** The delivery log of one order, oldest first. */
    public ArrayNode forOrder(String orderId) {
        ArrayNode entries = mapper.createArrayNode();
        jdbc.query("""
                select subscription, event_id, event_type, attempt, status_code, outcome, detail, occurred_at
                from webhook_deliveries where order_id = ? order by id""",
                rs -> {
                    entries.add(entry(rs));
                }, orderId);
        return entries;
    }

    /**
     * A subscription's delivery log, newest first: {subscription, items: [{id, at, eventId, event,
     * orderId, attempt, statusCode, outcome, detail}], nextCursor}. {@code cursor} is the
     * nextCursor of the page before; {@code limit} 1..200, 50 if not given.
     */
    public ObjectNode forSubscription(String name, String cursor, String limit) {
        if (subscriptions.find(name) == null) {
            throw new WebhookSubscriptionNotFoundException(name);
        }
        List<Violation> problems = new ArrayList<>();
        Long before = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = Long.parseLong(cursor.trim());
            } catch (NumberFormatException e) {
                problems.add(new Violation("/cursor", "not a cursor this endpoint gave out"));
            }
        }
        int pageSize = OrderQueries.parseLimit(limit, problems);
        if (!problems.isEmpty()) {
            throw new InvalidQueryException(problems);
        }
        ObjectNode result = mapper.createObjectNode().put("subscription", name);
        ArrayNode items = result.putArray("items");
        List<Object> args = new ArrayList<>(List.of(name));
        if (before != null) {
            args.add(before);
        }
        args.add(pageSize + 1);
        jdbc.query("select id, subscription, event_id, event_type, order_id, attempt, status_code, outcome, detail, occurred_at"
                + " from webhook_deliveries where subscription = ?" + (before == null ? "" : " and id < ?")
                + " order by id desc fetch first ? rows only",
                rs -> {
                    ObjectNode entry = entry(rs);
                    entry.put("id", rs.getLong("id"));
                    entry.put("orderId", rs.getString("order_id"));
                    entry.remove("subscription");
                    items.add(entry);
                }, args.toArray());
        if (items.size() > pageSize) {
            items.remove(pageSize);
            result.put("nextCursor", String.valueOf(items.get(pageSize - 1).path("id").asLong()));
        } else {
            result.putNull("nextCursor");
        }
        return result;
    }

    private ObjectNode entry(ResultSet rs) throws SQLException {
        ObjectNode entry = mapper.createObjectNode();
        entry.put("at", rs.getObject("occurred_at", OffsetDateTime.class).toInstant().toString());
        entry.put("subscription", rs.getString("subscription"));
        entry.put("eventId", rs.getString("event_id"));
        entry.put("event", rs.getString("event_type"));
        entry.put("attempt", rs.getInt("attempt"));
        int code = rs.getInt("status_code");
        if (rs.wasNull()) {
            entry.putNull("statusCode");
        } else {
            entry.put("statusCode", code);
        }
        entry.put("outcome", rs.getString("outcome"));
        entry.put("detail", rs.getString("detail"));
        return entry;
    }

    private boolean deliveredBefore(WebhookDelivery delivery) {
        return !jdbc.queryForList("""
                select id from webhook_deliveries where subscription = ? and event_id = ? and outcome = 'DELIVERED'""",
                Long.class, delivery.subscription(), delivery.eventId()).isEmpty();
    }

    private void record(WebhookDelivery delivery, Integer statusCode, String outcome, String detail) {
        jdbc.update("""
                insert into webhook_deliveries (subscription, event_id, event_type, order_id, attempt, status_code, outcome, detail, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                delivery.subscription(), delivery.eventId(), delivery.event(), delivery.orderId(), delivery.attempt(),
                statusCode, outcome, detail == null ? null : detail.substring(0, Math.min(detail.length(), 1000)),
                OrderRepository.utc(clock.instant()));
    }

    private static WebhookDelivery withSend(WebhookDelivery delivery, boolean send) {
        return new WebhookDelivery(delivery.subscription(), delivery.eventId(), delivery.event(), delivery.orderId(),
                delivery.payload(), delivery.attempt(), send);
    }
}
