package io.orderhub.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.OrderRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The order journey: every HTTP exchange a connector has with a partner, recorded from Camel's
 * own "exchange sent" events, so no route has to remember to log it. Connectors name the
 * partner and operation in exchange properties; stages name the order, stage and attempt.
 */
@Component("journey")
public class Journey extends EventNotifierSupport {

    public static final String PARTNER = "partner";
    public static final String OPERATION = "partnerOperation";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper mapper;

    public Journey(JdbcTemplate jdbc, Clock clock, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.mapper = mapper;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent sent
                && sent.getEndpoint().getEndpointUri().startsWith("http")
                && sent.getExchange().getProperty(Stages.ORDER_ID) != null;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Throwable failure = exchange.getException();
        String outcome;
        String detail = null;
        if (failure != null) {
            outcome = "ERROR";
            detail = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            if (failure instanceof org.apache.camel.http.base.HttpOperationFailedException http) {
                status = http.getStatusCode();
            }
        } else if (status != null && status >= 400) {
            outcome = "REFUSED";
        } else {
            outcome = "OK";
        }
        record(exchange, outcome, status, sent.getTimeTaken(), detail);
    }

    /** For a partner call that never reached the wire (open circuit, timeout before an answer). */
    public void recordNotSent(Exchange exchange) {
        if (exchange.getProperty(PARTNER) == null || exchange.getProperty(Stages.ORDER_ID) == null) {
            return;
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException
                || failure instanceof java.util.concurrent.TimeoutException) {
            record(exchange, failure instanceof java.util.concurrent.TimeoutException ? "TIMEOUT" : "CIRCUIT_OPEN",
                    null, 0, failure.getMessage());
        }
    }

    private void record(Exchange exchange, String outcome, Integer status, long millis, String detail) {
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
