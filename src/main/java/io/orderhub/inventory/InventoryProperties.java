package io.orderhub.inventory;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Inventory, sourcing and delivery settings. The rules themselves live in the files named
 * here, read once at start (see docs/inventory.md).
 *
 * @param locationsFile       warehouses, stores, workshops and drop-ship partners
 * @param postalRegionsFile   postal-code prefixes with their approximate positions and metro areas
 * @param sourcingRulesFile   which location fills which order line
 * @param deliveryOptionsFile delivery options, transit days per zone, pickup radius
 * @param whenUnavailable     backorder what cannot be placed, or refuse the order
 * @param reservationTtl      how long stock stays reserved for an order that never starts shipping
 * @param expiryCheckInterval how often stale reservations are looked for
 * @param reservationAttempts how often a reservation is planned afresh when concurrent orders took
 *                            the stock it planned on; the last attempt locks the stock rows instead
 * @param sandboxStockFile    demo stock loaded at start in the sandbox profile (missing rows only)
 * @param backorderRetryInterval how often backordered orders are looked at again (routes/70-sourcing)
 * @param backorderRetryBatch    at most this many of them each time, those waiting longest first
 */
@ConfigurationProperties("orderhub.inventory")
public record InventoryProperties(
        @DefaultValue("config/locations.yaml") Path locationsFile,
        @DefaultValue("config/postal-regions.yaml") Path postalRegionsFile,
        @DefaultValue("config/sourcing-rules.yaml") Path sourcingRulesFile,
        @DefaultValue("config/delivery-options.yaml") Path deliveryOptionsFile,
        @DefaultValue("backorder") WhenUnavailable whenUnavailable,
        @DefaultValue("7d") Duration reservationTtl,
        @DefaultValue("5m") Duration expiryCheckInterval,
        @DefaultValue("4") int reservationAttempts,
        @DefaultValue("config/sandbox-stock.csv") Path sandboxStockFile,
        @DefaultValue("1m") Duration backorderRetryInterval,
        @DefaultValue("100") int backorderRetryBatch) {

    public InventoryProperties {
        if (reservationAttempts < 1) {
            throw new IllegalArgumentException("orderhub.inventory.reservation-attempts must be at least 1");
        }
        if (backorderRetryBatch < 1) {
            throw new IllegalArgumentException("orderhub.inventory.backorder-retry-batch must be at least 1");
        }
        if (reservationTtl.isNegative() || reservationTtl.isZero()) {
            throw new IllegalArgumentException("orderhub.inventory.reservation-ttl must be positive");
        }
    }
}
