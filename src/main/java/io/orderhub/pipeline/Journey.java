package io.orderhub.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.OrderRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The order journey: every exchange a connector has with a partner. Each connector marks the
 * call ({@link #starting}) and its answer ({@link #answered}); a call that fails (error status,
 * timeout, open circuit) is recorded by the stages' shared error handling ({@link #failed}).
 * Connectors name the partner and operation in exchange properties; stages name the order,
 * stage and attempt.
 */
@Component("journey")
public class Journey {

    public static final String PARTNER = "partner";
    public static final String OPERATION = "partnerOperation";
    private static final String STARTED = "partnerCallStartedNanos";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper mapper;

    public Journey(JdbcTemplate jdbc, Clock clock, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** Just before the partner is called. */
    public void starting(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
    }

    /** The partner answered (2xx, or a 4xx the connector treats as an answer, e.g. a decline). */
    public void answered(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        record(exchange, status != null && status >= 400 ? "REFUSED" : "OK", status, null);
    }

    /** The call failed: an error status, a timeout, or a circuit that did not let it through. */
    public void failed(Exchange exchange) {
        if (exchange.getProperty(STARTED) == null) {
            return; // the stage failed before or outside a partner call
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Integer status = null;
        String outcome = "ERROR";
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.camel.http.base.HttpOperationFailedException http) {
                status = http.getStatusCode();
            } else if (cause instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException) {
                outcome = "CIRCUIT_OPEN";
            } else if (cause instanceof java.util.concurrent.TimeoutException) {
                outcome = "TIMEOUT";
            }
        }
        record(exchange, outcome, status, failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    private void record(Exchange exchange, String outcome, Integer status, String detail) {
        Long started = exchange.getProperty(STARTED, Long.class);
        exchange.removeProperty(STARTED);
        if (started == null || exchange.getProperty(Stages.ORDER_ID) == null) {
            return;
        }
        long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        jdbc.update("""
                insert into partner_exchanges (order_id, stage, partner, operation, attempt, outcome, status_code,
                                               duration_ms, detail, correlation_id, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                exchange.getProperty(Stages.ORDER_ID, String.class),
                String.valueOf(exchange.getProperty(Stages.STAGE, "unknown", String.class)),
                String.valueOf(exchange.getProperty(PARTNER, "unknown", String.class)),
                String.valueOf(exchange.getProperty(OPERATION, "call", String.class)),
                exchange.getProperty(Stages.ATTEMPT, 1, Integer.class),
                outcome, status, millis,
                detail == null ? null : detail.substring(0, Math.min(detail.length(), 1000)),
                exchange.getProperty(Stages.CORRELATION_ID, "", String.class),
                OrderRepository.utc(clock.instant()));
    }

    /** The journey of one order, oldest first, as the API shows it. */
    public ArrayNode forOrder(String orderId) {
        ArrayNode entries = mapper.createArrayNode();
        jdbc.query("""
                select stage, partner, operation, attempt, outcome, status_code, duration_ms, detail, correlation_id, occurred_at
                from partner_exchanges where order_id = ? order by id""",
                rs -> {
                    ObjectNode entry = entries.addObject();
                    entry.put("at", rs.getObject("occurred_at", OffsetDateTime.class).toInstant().toString());
                    entry.put("stage", rs.getString("stage"));
                    entry.put("partner", rs.getString("partner"));
                    entry.put("operation", rs.getString("operation"));
                    entry.put("attempt", rs.getInt("attempt"));
                    entry.put("outcome", rs.getString("outcome"));
                    int code = rs.getInt("status_code");
                    if (rs.wasNull()) {
                        entry.putNull("statusCode");
                    } else {
                        entry.put("statusCode", code);
                    }
                    entry.put("durationMs", rs.getLong("duration_ms"));
                    entry.put("detail", rs.getString("detail"));
                    entry.put("correlationId", rs.getString("correlation_id"));
                }, orderId);
        return entries;
    }
}
