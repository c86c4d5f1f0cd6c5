package io.orderhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.inventory.Capability;
import io.orderhub.inventory.GeoPosition;
import io.orderhub.inventory.Location;
import io.orderhub.sourcing.LocationType;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dispatch days and arrival dates, at fixed instants. 2026-11-27 is a Friday; Berlin is UTC+1 then. */
class DeliveryCalendarTest {

    static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    static final Set<DayOfWeek> MONDAY_TO_SATURDAY = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY);

    final Location warehouse = location(WEEKDAYS, LocalTime.of(15, 0));

    @Test
    void anOrderBeforeTheCutOffLeavesTheSameDay() {
        var dispatch = DeliveryCalendar.dispatch(warehouse, null, Instant.parse("2026-11-27T13:59:00Z"));

        assertThat(dispatch.date()).isEqualTo(LocalDate.parse("2026-11-27"));
        assertThat(dispatch.orderBy()).isEqualTo(Instant.parse("2026-11-27T14:00:00Z"));
    }

    @Test
    void anOrderAfterFridaysCutOffLeavesOnMonday() {
        var dispatch = DeliveryCalendar.dispatch(warehouse, null, Instant.parse("2026-11-27T14:00:00Z"));

        assertThat(dispatch.date()).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(dispatch.orderBy()).isEqualTo(Instant.parse("2026-11-30T14:00:00Z"));
    }

    @Test
    void theEarlierOfTheOptionsAndTheLocationsCutOffApplies() {
        Instant elevenBerlin = Instant.parse("2026-11-27T10:00:00Z");

        assertThat(DeliveryCalendar.dispatch(warehouse, LocalTime.of(10, 30), elevenBerlin).date()).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(DeliveryCalendar.dispatch(warehouse, LocalTime.of(18, 0), elevenBerlin).date()).isEqualTo(LocalDate.parse("2026-11-27"));
    }

    @Test
    void aStoreOpenOnSaturdayDispatchesOnSaturday() {
        Location store = location(MONDAY_TO_SATURDAY, LocalTime.of(14, 0));

        assertThat(DeliveryCalendar.dispatch(store, null, Instant.parse("2026-11-27T20:00:00Z")).date())
                .isEqualTo(LocalDate.parse("2026-11-28"));
    }

    @Test
    void transitCountsOnlyCarrierDays() {
        LocalDate friday = LocalDate.parse("2026-11-27");

        assertThat(DeliveryCalendar.arrival(friday, 0, WEEKDAYS, Set.of())).isEqualTo(friday);
        assertThat(DeliveryCalendar.arrival(friday, 1, WEEKDAYS, Set.of())).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(DeliveryCalendar.arrival(friday, 3, WEEKDAYS, Set.of())).isEqualTo(LocalDate.parse("2026-12-02"));
    }

    @Test
    void saturdayDeliveryWaitsForTheNextSaturday() {
        LocalDate thursday = LocalDate.parse("2026-11-26");
        LocalDate friday = LocalDate.parse("2026-11-27");
        LocalDate monday = LocalDate.parse("2026-11-30");
        Set<DayOfWeek> saturday = EnumSet.of(DayOfWeek.SATURDAY);

        assertThat(DeliveryCalendar.arrival(thursday, 1, MONDAY_TO_SATURDAY, saturday)).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(DeliveryCalendar.arrival(friday, 1, MONDAY_TO_SATURDAY, saturday)).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(DeliveryCalendar.arrival(monday, 1, MONDAY_TO_SATURDAY, saturday)).isEqualTo(LocalDate.parse("2026-12-05"));
    }

    static Location location(Set<DayOfWeek> dispatchDays, LocalTime cutOff) {
        return new Location("loc", "loc", LocationType.WAREHOUSE, "DE", "10115", new GeoPosition(52.52, 13.40), null,
                ZoneId.of("Europe/Berlin"), cutOff, dispatchDays, Set.of(Capability.SHIPS));
    }
}
