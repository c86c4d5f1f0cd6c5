package io.orderhub.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Domain events written in the same transaction as the change they announce. The hand-off route
 * (routes/20-hand-off.camel.yaml) publishes them to the broker, so a stored order always reaches
 * the pipeline, even when the hub dies right after the commit.
 */
@Repository
public class Outbox {

    public static final String ORDER_RECEIVED = "OrderReceived";

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public Outbox(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public void add(String eventType, Order order, Instant at) {
        String eventId = UUID.randomUUID().toString();
        var payload = mapper.createObjectNode()
                .put("eventId", eventId)
                .put("type", eventType)
                .put("orderId", order.id())
                .put("channel", order.channel())
                .put("occurredAt", at.toString());
        insert(eventId, eventType, order.id(), payload.toString(), null, at);
    }

    /**
     * A message for a given queue, sent once the caller's transaction commits: how an API
     * decision (release a fraud hold, replay a dead letter) re-enters the pipeline durably.
     */
    public void send(String queue, String orderId, String body, Instant at) {
        insert(UUID.randomUUID().toString(), "Message", orderId, body, queue, at);
    }

    private void insert(String eventId, String eventType, String orderId, String payload, String destination, Instant at) {
        jdbc.update("insert into outbox (event_id, event_type, order_id, payload, destination, created_at) values (?, ?, ?, ?, ?, ?)",
                eventId, eventType, orderId, payload, destination, OrderRepository.utc(at));
    }
}
