package io.orderhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.sandbox.ParcelTimeline.Intervention;
import io.orderhub.sandbox.ParcelTimeline.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a sandbox parcel is, at fixed instants: one state per step, and what stops and reroutes change. */
class ParcelTimelineTest {

    private static final Instant LABELLED = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(10);

    @Test
    void aParcelMovesOnAtEachStepAndIsDeliveredAfterThree() {
        assertThat(at(0).state()).isEqualTo(State.PRE_TRANSIT);
        assertThat(at(9).state()).isEqualTo(State.PRE_TRANSIT);
        assertThat(at(10).state()).isEqualTo(State.IN_TRANSIT);
        assertThat(at(20).state()).isEqualTo(State.OUT_FOR_DELIVERY);
        ParcelTimeline delivered = at(30);
        assertThat(delivered.state()).isEqualTo(State.DELIVERED);
        assertThat(delivered.checkpoints()).extracting(ParcelTimeline.Checkpoint::place)
                .containsExactly("10178 DE", "Sandbox Post hub DE", "SW1Y 4JH GB", "SW1Y 4JH GB");
        assertThat(delivered.eta()).isEqualTo(LABELLED.plus(STEP.multipliedBy(3)));
    }

    @Test
    void itCanBeInterceptedOnlyBeforeItIsOutForDelivery() {
        assertThat(at(0).interceptable()).isTrue();
        assertThat(at(19).interceptable()).isTrue();
        assertThat(at(20).interceptable()).isFalse();
        assertThat(at(45).interceptable()).isFalse();
    }

    @Test
    void aStoppedParcelGoesBackToTheSenderOneStepLater() {
        Intervention stop = new Intervention(LABELLED.plus(Duration.ofMinutes(15)), false, null);

        ParcelTimeline justStopped = timeline(List.of(stop), 16);
        ParcelTimeline returned = timeline(List.of(stop), 60);

        assertThat(justStopped.state()).isEqualTo(State.STOPPED);
        assertThat(justStopped.interceptable()).isFalse();
        assertThat(returned.checkpoints()).extracting(ParcelTimeline.Checkpoint::state)
                .containsExactly(State.PRE_TRANSIT, State.IN_TRANSIT, State.STOPPED, State.RETURNED_TO_SENDER);
        assertThat(returned.checkpoints().get(3).place()).isEqualTo("10178 DE");
        assertThat(returned.eta()).isNull();
    }

    @Test
    void aReroutedParcelStartsItsJourneyAgainTowardsTheNewAddress() {
        Intervention reroute = new Intervention(LABELLED.plus(Duration.ofMinutes(5)), true, "75001 FR");

        ParcelTimeline delivered = timeline(List.of(reroute), 35);

        assertThat(delivered.checkpoints()).extracting(ParcelTimeline.Checkpoint::state)
                .containsExactly(State.PRE_TRANSIT, State.STOPPED, State.IN_TRANSIT, State.OUT_FOR_DELIVERY, State.DELIVERED);
        assertThat(delivered.checkpoints().get(4).place()).isEqualTo("75001 FR");
        assertThat(delivered.checkpoints().get(4).at()).isEqualTo(LABELLED.plus(Duration.ofMinutes(35)));
        assertThat(delivered.eta()).isEqualTo(LABELLED.plus(Duration.ofMinutes(35)));
    }

    private static ParcelTimeline at(int minutesAfterLabel) {
        return timeline(List.of(), minutesAfterLabel);
    }

    private static ParcelTimeline timeline(List<Intervention> interventions, int minutesAfterLabel) {
        return new ParcelTimeline(LABELLED, "10178 DE", "SW1Y 4JH GB", interventions, STEP,
                LABELLED.plus(Duration.ofMinutes(minutesAfterLabel)));
    }
}
