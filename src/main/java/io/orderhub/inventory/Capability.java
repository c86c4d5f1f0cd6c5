package io.orderhub.inventory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a location can do, as written in config/locations.yaml. */
public enum Capability {
    /** sends parcels to customers */
    SHIPS,
    /** hands orders over to customers who collect them */
    PICKUP,
    /** delivers within its metro area on the day of the order (courier) */
    SAME_DAY,
    /** engraves, prints or otherwise personalises products */
    PERSONALISES;

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Capability fromConfig(String value) {
        return Arrays.stream(values())
                .filter(capability -> capability.configName().equalsIgnoreCase(value.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown capability '" + value + "'; one of "
                        + Arrays.stream(values()).map(Capability::configName).toList()));
    }
}
