package io.orderhub.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The batch bookkeeping the aggregator calls (routes/86-erp-export, route erp-batches). */
class ErpBatchesTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:05:00Z");

    private final ErpBatches batches = new ErpBatches(null, new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anOrderIsAddedToABatchOnce() {
        String batch = batches.add(null, "a");
        batch = batches.add(batch, "b");
        batch = batches.add(batch, "a");
        assertThat(batch).isEqualTo("a\nb");
    }

    @Test
    void aBatchWaitsUntilItsIntervalAfterItsFirstOrderAndNeverWithoutADeadline() {
        long openedAt = NOW.toEpochMilli() - 10_000;
        // 30 s after the first order, 10 s of which have passed: 20 s left, however many orders came since
        assertThat(batches.waitMillis(openedAt, 30_000)).isEqualTo(20_000);
        // overdue: due at once, not "no timeout"
        assertThat(batches.waitMillis(openedAt, 5_000)).isEqualTo(1);
    }

    @Test
    void aBatchRequestNamesItsOrdersInOrderAndASortableBatchId() throws Exception {
        String request = batches.request("main", "b\na", "size");
        JsonNode json = new ObjectMapper().readTree(request);
        assertThat(json.get("connection").asText()).isEqualTo("main");
        assertThat(json.get("completedBy").asText()).isEqualTo("size");
        assertThat(json.get("orderIds")).extracting(JsonNode::asText).containsExactly("b", "a");
        assertThat(batches.batchId(request)).matches("20261127T100500000Z-[0-9a-f]{8}");
        assertThatThrownBy(() -> batches.batchId("{\"batchId\": \"../x\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}
