package io.orderhub.inventory;

/** A stock change that would take more units than there are. Nothing was changed. */
public class InsufficientStockException extends RuntimeException {

    private final String locationId;
    private final String sku;

    public InsufficientStockException(String locationId, String sku, String detail) {
        super(detail);
        this.locationId = locationId;
        this.sku = sku;
    }

    public String locationId() {
        return locationId;
    }

    public String sku() {
        return sku;
    }
}
