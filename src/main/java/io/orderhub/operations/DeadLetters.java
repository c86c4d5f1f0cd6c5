package io.orderhub.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.Actor;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import io.orderhub.order.Outbox;
import io.orderhub.order.StatusChange;
import io.orderhub.payment.PaymentRepository;
import io.orderhub.security.Caller;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages a stage gave up on. Each is kept with its cause; its order is marked FAILED (and
 * compensated by the compensation stage). An operator replays it after the repair: the order
 * resumes where it failed, or at payment when compensation gave its authorisation back.
 */
@Component("deadLetters")
public class DeadLetters {

    /** After compensation the order re-enters the pipeline at payment, so nothing runs on a voided authorisation. */
    private static final Set<OrderStatus> AFTER_PAYMENT = Set.of(OrderStatus.PAYMENT_AUTHORISED, OrderStatus.RESERVED,
            OrderStatus.BACKORDERED, OrderStatus.SOURCED, OrderStatus.RELEASED);

    private final JdbcTemplate jdbc;
    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final PaymentRepository payments;
    private final Outbox outbox;
    private final io.orderhub.fulfilment.SourcingStage sourcing;
    private final ObjectMapper mapper;
    private final Clock clock;

    public DeadLetters(JdbcTemplate jdbc, OrderRepository orders, OrderLifecycle lifecycle, PaymentRepository payments,
                       Outbox outbox, io.orderhub.fulfilment.SourcingStage sourcing, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.payments = payments;
        this.outbox = outbox;
        this.sourcing = sourcing;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Keeps a dead letter from DLQ.<queue>. Returns true when its order was marked FAILED and
     * needs compensating.
     */
    @Transactional
    public boolean store(String deadLetterQueue, String body, String cause) {
        String queue = deadLetterQueue.replaceFirst("^(queue://)?DLQ\\.", "");
        String orderId = orderIdOf(body);
        jdbc.update("""
                insert into dead_letters (id, queue, order_id, body, cause, status, received_at)
                values (?, ?, ?, ?, ?, 'NEW', ?)""",
                UUID.randomUUID().toString(), queue, orderId, body,
                cause == null ? null : cause.substring(0, Math.min(cause.length(), 2000)),
                OrderRepository.utc(clock.instant()));
        if (orderId == null || !isPipelineQueue(queue)) {
            // a notification, webhook or partner file that failed never fails the order itself
            return false;
        }
        OrderStatus status = orders.findStatus(orderId).orElse(null);
        if (status == null || !OrderLifecycle.allows(status, OrderStatus.FAILED)) {
            return false;
        }
        lifecycle.transition(orderId, OrderStatus.FAILED, Actor.system("dead-letters"),
                "gave up in " + queue + (cause == null ? "" : ": " + firstLine(cause)));
        return true;
    }

    private static boolean isPipelineQueue(String queue) {
        return queue.startsWith("orders.") || queue.startsWith("fulfilment.") || queue.startsWith("shipments.");
    }

    public ArrayNode list(String status) {
        ArrayNode rows = mapper.createArrayNode();
        String filter = status == null || status.isBlank() ? null : status.trim().toUpperCase(java.util.Locale.ROOT);
        // two statements rather than "? is null": PostgreSQL cannot type a null parameter there
        org.springframework.jdbc.core.RowCallbackHandler add = rs -> {
            rows.add(row(rs, false));
        };
        if (filter == null) {
            jdbc.query("select * from dead_letters order by received_at desc limit 500", add);
        } else {
            jdbc.query("select * from dead_letters where status = ? order by received_at desc limit 500", add, filter);
        }
        return rows;
    }

    public ObjectNode get(String id) {
        List<ObjectNode> found = jdbc.query("select * from dead_letters where id = ?", (rs, n) -> row(rs, true), id);
        if (found.isEmpty()) {
            throw new DeadLetterNotFoundException(id);
        }
        return found.get(0);
    }

    /** Sends the letter back into the pipeline once, and resumes its order; the caller is recorded. */
    @Transactional
    public ObjectNode replay(String id, Caller caller) {
        ObjectNode letter = get(id);
        int claimed = jdbc.update("update dead_letters set status = 'REPLAYED', replayed_at = ?, replayed_by = ? where id = ? and status = 'NEW'",
                OrderRepository.utc(clock.instant()), caller.keyName(), id);
        if (claimed != 1) {
            throw new DeadLetterAlreadyReplayedException(id);
        }
        String queue = letter.get("queue").asText();
        String body = letter.get("body").asText();
        String orderId = letter.hasNonNull("orderId") ? letter.get("orderId").asText() : null;
        if (orderId != null && orders.findStatus(orderId).orElse(null) == OrderStatus.FAILED) {
            OrderStatus failedFrom = failedFrom(orderId).orElseThrow();
            boolean compensated = AFTER_PAYMENT.contains(failedFrom) && payments.currentAuthorisation(orderId).isEmpty();
            OrderStatus resumeAt = compensated ? OrderStatus.TAXED : failedFrom;
            lifecycle.transition(orderId, resumeAt, caller.actor(), "dead letter " + id + " replayed"
                    + (compensated ? " (authorisation was given back: payment again)" : ""));
            if (compensated) {
                sourcing.prepareToResume(orderId);
                queue = "orders.taxed";
                body = mapper.createObjectNode().put("orderId", orderId).toString();
            }
        }
        outbox.send(queue, orderId == null ? "-" : orderId, body, clock.instant());
        return get(id);
    }

    private Optional<OrderStatus> failedFrom(String orderId) {
        List<StatusChange> history = orders.history(orderId);
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).to() == OrderStatus.FAILED) {
                return Optional.ofNullable(history.get(i).from());
            }
        }
        return Optional.empty();
    }

    private String orderIdOf(String body) {
        try {
            String id = mapper.readTree(body).path("orderId").asText(null);
            return id == null || id.isBlank() || orders.findStatus(id).isEmpty() ? null : id;
        } catch (Exception notJson) {
            return null;
        }
    }

    private ObjectNode row(java.sql.ResultSet rs, boolean withBody) throws java.sql.SQLException {
        ObjectNode row = mapper.createObjectNode();
        row.put("id", rs.getString("id"));
        row.put("queue", rs.getString("queue"));
        row.put("orderId", rs.getString("order_id"));
        row.put("status", rs.getString("status"));
        row.put("cause", rs.getString("cause"));
        row.put("receivedAt", rs.getObject("received_at", OffsetDateTime.class).toInstant().toString());
        OffsetDateTime replayed = rs.getObject("replayed_at", OffsetDateTime.class);
        row.put("replayedAt", replayed == null ? null : replayed.toInstant().toString());
        row.put("replayedBy", rs.getString("replayed_by"));
        if (withBody) {
            row.put("body", rs.getString("body"));
        }
        return row;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
