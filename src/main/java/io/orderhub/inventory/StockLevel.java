package io.orderhub.inventory;

import java.time.Instant;

/**
 * Stock of one SKU at one location. {@code reserved} units are promised to orders and not yet
 * shipped; {@code safetyStock} is kept back from sale (display units, counting errors).
 *
 * @param updatedAt when it last changed, or null for a SKU the location has never held
 */
public record StockLevel(String locationId, String sku, int onHand, int reserved, int safetyStock, Instant updatedAt) {

    public static StockLevel none(String locationId, String sku) {
        return new StockLevel(locationId, sku, 0, 0, 0, null);
    }

    /** Available to promise: what new orders may still reserve. Never negative. */
    public int available() {
        return Math.max(0, onHand - reserved - safetyStock);
    }
}
