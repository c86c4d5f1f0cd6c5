package io.orderhub.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a simulated parcel is, worked out from nothing but when its label was made, the
 * interventions on it and the time now, so it is the same on every read and after a restart.
 * One step after the label the parcel is in transit, two steps out for delivery, three
 * delivered. A stop intercepts it and returns it to the sender one step later; a reroute
 * intercepts it and starts the journey again, towards the new address, from that moment.
 */
final class ParcelTimeline {

    /** The carrier's parcel states, by the codes its API uses. */
    enum State { PRE_TRANSIT, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, STOPPED, RETURNED_TO_SENDER }

    record Checkpoint(Instant at, State state, String place, String text) {
    }

    /** An accepted intervention: a stop, or a reroute to {@code newPlace}. */
    record Intervention(Instant at, boolean reroute, String newPlace) {
    }

    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final Instant eta;

    /**
     * @param origin      where the parcel starts, e.g. "10178 DE"
     * @param destination where it goes, e.g. "SW1Y 4JH GB"
     */
    ParcelTimeline(Instant labelledAt, String origin, String destination, List<Intervention> interventions,
                   Duration step, Instant now) {
        add(labelledAt, State.PRE_TRANSIT, origin, "Label created, parcel not yet handed over", now);
        Instant start = labelledAt;
        String goingTo = destination;
        Instant expected = labelledAt.plus(step.multipliedBy(3));
        for (Intervention intervention : interventions.stream().sorted(Comparator.comparing(Intervention::at)).toList()) {
            travel(start, origin, goingTo, step, intervention.at());
            String here = checkpoints.get(checkpoints.size() - 1).place();
            if (!intervention.reroute()) {
                add(intervention.at(), State.STOPPED, here, "Stopped at the sender's request", now);
                add(intervention.at().plus(step), State.RETURNED_TO_SENDER, origin, "Returned to the sender", now);
                expected = null;
                break;
            }
            add(intervention.at(), State.STOPPED, here, "Stopped to be rerouted to " + intervention.newPlace(), now);
            start = intervention.at();
            goingTo = intervention.newPlace();
            expected = start.plus(step.multipliedBy(3));
        }
        if (expected != null) {
            travel(start, origin, goingTo, step, now.plusNanos(1));
        }
        this.eta = expected;
    }

    /** The checkpoints reached so far, oldest first. */
    List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    State state() {
        return checkpoints.get(checkpoints.size() - 1).state();
    }

    /** When the parcel is (or was) delivered; null for a parcel going back to the sender. */
    Instant eta() {
        return eta;
    }

    /** A parcel can be stopped or rerouted until it is out for delivery. */
    boolean interceptable() {
        return state() == State.PRE_TRANSIT || state() == State.IN_TRANSIT;
    }

    /** The journey from {@code start} towards {@code destination}: checkpoints before {@code until}. */
    private void travel(Instant start, String origin, String destination, Duration step, Instant until) {
        add(start.plus(step), State.IN_TRANSIT, "Sandbox Post hub " + country(origin), "In transit", until.minusNanos(1));
        add(start.plus(step.multipliedBy(2)), State.OUT_FOR_DELIVERY, destination, "Out for delivery", until.minusNanos(1));
        add(start.plus(step.multipliedBy(3)), State.DELIVERED, destination, "Delivered", until.minusNanos(1));
    }

    private void add(Instant at, State state, String place, String text, Instant notAfter) {
        if (!at.isAfter(notAfter)) {
            checkpoints.add(new Checkpoint(at, state, place, text));
        }
    }

    private static String country(String place) {
        int space = place.lastIndexOf(' ');
        return space < 0 ? place : place.substring(space + 1);
    }
}
