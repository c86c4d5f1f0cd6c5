package io.orderhub.delivery;

import io.orderhub.inventory.Location;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Set;

/** Date arithmetic of delivery promises: when a location dispatches, and when a parcel arrives. */
public final class DeliveryCalendar {

    /** The day an order placed now leaves {@code location}, and until when it must be placed for that. */
    public record Dispatch(LocalDate date, Instant orderBy) {
    }

    private DeliveryCalendar() {
    }

    /**
     * The first of the location's dispatch days whose cut-off is still ahead: today if it is a
     * dispatch day and the local time is before the cut-off, else the next dispatch day.
     *
     * @param optionCutOff an option's own cut-off; the earlier of it and the location's applies; may be null
     */
    public static Dispatch dispatch(Location location, LocalTime optionCutOff, Instant now) {
        LocalTime cutOff = optionCutOff != null && optionCutOff.isBefore(location.cutOff()) ? optionCutOff : location.cutOff();
        ZonedDateTime local = now.atZone(location.timeZone());
        LocalDate day = local.toLocalDate();
        if (!(location.dispatchDays().contains(day.getDayOfWeek()) && local.toLocalTime().isBefore(cutOff))) {
            day = next(day, location.dispatchDays());
        }
        return new Dispatch(day, day.atTime(cutOff).atZone(location.timeZone()).toInstant());
    }

    /** {@code transitDays} carrier days after dispatch, then on to the next delivery day if any are set. */
    public static LocalDate arrival(LocalDate dispatched, int transitDays, Set<DayOfWeek> carrierDays, Set<DayOfWeek> deliveryDays) {
        LocalDate day = dispatched;
        for (int remaining = transitDays; remaining > 0; remaining--) {
            day = next(day, carrierDays);
        }
        if (!deliveryDays.isEmpty() && !deliveryDays.contains(day.getDayOfWeek())) {
            day = next(day, deliveryDays);
        }
        return day;
    }

    /** The first day after {@code day} that is one of {@code days} (never empty: configuration checks it). */
    static LocalDate next(LocalDate day, Set<DayOfWeek> days) {
        LocalDate next = day.plusDays(1);
        while (!days.contains(next.getDayOfWeek())) {
            next = next.plusDays(1);
        }
        return next;
    }
}
