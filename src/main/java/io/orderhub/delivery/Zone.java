package io.orderhub.delivery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.orderhub.inventory.Location;
import io.orderhub.inventory.PostalRegion;
import java.util.Locale;

/** How far a parcel travels, from a dispatching location to the customer's postal region. */
public enum Zone {
    /** both in the same metro area */
    METRO,
    /** the same country */
    DOMESTIC,
    /** anything else */
    INTERNATIONAL;

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Zone fromConfig(String value) {
        for (Zone zone : values()) {
            if (zone.configName().equalsIgnoreCase(value.trim())) {
                return zone;
            }
        }
        throw new IllegalArgumentException("unknown zone '" + value + "'; one of metro, domestic, international");
    }

    /** {@code region} may be null (a postal code the table does not know): then metro is never assumed. */
    public static Zone between(Location from, String country, PostalRegion region) {
        if (from.metro() != null && region != null && from.metro().equals(region.metro())) {
            return METRO;
        }
        return from.country().equals(country) ? DOMESTIC : INTERNATIONAL;
    }
}
