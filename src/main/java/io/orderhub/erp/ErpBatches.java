package io.orderhub.erp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Orders out in batches, for connections with {@code batch-size} above 1 (routes/86-erp-export).
 * Camel's aggregator collects the order ids of a connection in its JDBC repository (table
 * erp_batches) with {@link #add}; a completed batch becomes a batch request ({@link #request})
 * on the queue {@code erp.batch.<name>}, whose route writes the orders still to be exported
 * ({@link #pending}) into one file.
 */
@Component("erpBatches")
public class ErpBatches {

    private static final Logger log = LoggerFactory.getLogger(ErpBatches.class);
    private static final DateTimeFormatter BATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final ErpExports exports;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ErpBatches(ErpExports exports, ObjectMapper mapper, Clock clock) {
        this.exports = exports;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * The aggregation: the batch so far (order ids, one a line) and the next order. An order the
     * batch holds already (a redelivered request) is not added twice.
     */
    public String add(String batch, String orderId) {
        if (batch == null || batch.isEmpty()) {
            return orderId;
        }
        return orderIds(batch).contains(orderId) ? batch : batch + "\n" + orderId;
    }

    /** When this export request joined the aggregator: the batch's first request keeps its time as the batch's. */
    public long now() {
        return clock.instant().toEpochMilli();
    }

    /**
     * How long the batch may still wait (the aggregator's completion timeout, worked out each time
     * an order joins): until batch-interval after its first order, however many come meanwhile.
     * At least 1 ms: 0 would leave the batch without a deadline.
     */
    public long waitMillis(long openedAt, long intervalMillis) {
        return Math.max(1, openedAt + intervalMillis - clock.instant().toEpochMilli());
    }

    /** The batch request for the queue erp.batch.<connection>: a new batch id, why the batch closed, its orders. */
    public String request(String connection, String batch, String completedBy) {
        ObjectNode request = mapper.createObjectNode()
                .put("connection", connection)
                .put("batchId", BATCH_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8))
                .put("completedBy", completedBy);
        ArrayNode ids = request.putArray("orderIds");
        orderIds(batch).forEach(ids::add);
        log.info("ERP {}: batch {} of {} order(s) closed (by {})", connection, request.get("batchId").asText(), ids.size(), completedBy);
        return request.toString();
    }

    /** The batch's orders not exported to the connection yet, each once, in the batch's order. */
    public List<String> pending(String request, String connection) {
        JsonNode batch = read(request);
        List<String> pending = new ArrayList<>();
        for (JsonNode id : batch.path("orderIds")) {
            if (!pending.contains(id.asText()) && exports.pending(id.asText(), connection)) {
                pending.add(id.asText());
            }
        }
        if (pending.isEmpty()) {
            log.info("ERP {}: every order of batch {} was exported before: no file", connection, batch.path("batchId").asText());
        }
        return pending;
    }

    /** The batch file's name: orders-<batchId>.<extension of the connection's format>. */
    public String batchId(String request) {
        String batchId = read(request).path("batchId").asText("");
        if (!batchId.matches("[0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("ERP batch request without a valid batchId: " + batchId);
        }
        return batchId;
    }

    private static Set<String> orderIds(String batch) {
        return new LinkedHashSet<>(List.of(batch.split("\n")));
    }

    private JsonNode read(String request) {
        try {
            return mapper.readTree(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable ERP batch request: " + e.getOriginalMessage(), e);
        }
    }
}
