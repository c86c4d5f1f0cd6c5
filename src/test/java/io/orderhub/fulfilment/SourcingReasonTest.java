package io.orderhub.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.sourcing.RuleDecision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcingReasonTest {

    @Test
    void oneLineReadsAsBefore() {
        assertThat(SourcingStage.reason(List.of(new RuleDecision(1, RuleDecision.SINGLE_LOCATION, "nearest"))))
                .isEqualTo("line 1: single-location");
    }

    @Test
    void runsOfLinesUnderOneRuleAreCollapsed() {
        List<RuleDecision> decisions = new ArrayList<>();
        for (int line = 1; line <= 100; line++) {
            decisions.add(new RuleDecision(line, line == 41 ? RuleDecision.PERSONALISATION : RuleDecision.SPLIT_SHIPMENT, "why"));
        }
        assertThat(SourcingStage.reason(decisions))
                .isEqualTo("lines 1-40, 42-100: split-shipment; line 41: personalisation");
    }

    @Test
    void aHundredLinesEachUnderAnotherRuleStillFitTheHistory() {
        List<RuleDecision> decisions = new ArrayList<>();
        for (int line = 1; line <= 100; line++) {
            decisions.add(new RuleDecision(line, line % 2 == 0 ? RuleDecision.SPLIT_SHIPMENT : RuleDecision.PICKUP, "why"));
        }
        assertThat(SourcingStage.reason(decisions)).hasSizeLessThan(1000);
    }
}
