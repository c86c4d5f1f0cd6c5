package io.orderhub.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistoryReasonTest {

    @Test
    void aReasonLongerThanTheColumnIsCutAndMarked() {
        String cut = OrderRepository.fitReason("x".repeat(2490));
        assertThat(cut).hasSize(1000).endsWith("…");
    }

    @Test
    void shortReasonsAndNoReasonAreKept() {
        assertThat(OrderRepository.fitReason("order placed")).isEqualTo("order placed");
        assertThat(OrderRepository.fitReason("y".repeat(1000))).hasSize(1000).doesNotContain("…");
        assertThat(OrderRepository.fitReason(null)).isNull();
    }
}
