package io.orderhub.inventory;

import io.orderhub.sourcing.LocationType;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * A place that holds stock: warehouse, store, workshop or drop-ship partner (config/locations.yaml).
 *
 * @param region       the postal region of its address; gives its metro area for same-day delivery
 * @param cutOff       local time until which an order still leaves on the same dispatch day
 * @param dispatchDays the days it hands parcels to carriers (stores: the days it is open for pickup)
 */
public record Location(String id, String name, LocationType type, String country, String postalCode,
                       GeoPosition position, PostalRegion region, ZoneId timeZone, LocalTime cutOff,
                       Set<DayOfWeek> dispatchDays, Set<Capability> capabilities) {

    public Location {
        dispatchDays = Set.copyOf(dispatchDays);
        capabilities = Set.copyOf(capabilities);
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }

    /** The metro area it serves same-day, or null. */
    public String metro() {
        return region == null ? null : region.metro();
    }
}
