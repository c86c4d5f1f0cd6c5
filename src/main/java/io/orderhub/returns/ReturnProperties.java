package io.orderhub.returns;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Returns settings.
 *
 * @param window        how long after a parcel shipped its units can still be returned
 * @param mailTo        the location (config/locations.yaml) mailed returns go to and are restocked at
 * @param addresses     street addresses of locations, by location id: where a mailed return's label
 *                      is addressed to, and what a customer dropping a return at a store is shown
 * @param receiptsQueue where warehouses and stores may confirm receipts as messages
 */
@ConfigurationProperties("orderhub.returns")
public record ReturnProperties(
        @DefaultValue("P30D") Duration window,
        @DefaultValue("wh-hamburg") String mailTo,
        Map<String, Address> addresses,
        @DefaultValue("returns.receipts") String receiptsQueue) {

    /** A postal address; country and postal code come from the location itself. */
    public record Address(String name, String line1, String line2, String city, String phone) {
    }

    public ReturnProperties {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("orderhub.returns.window must be positive, e.g. P30D");
        }
        addresses = addresses == null ? Map.of() : Map.copyOf(addresses);
    }
}
