package io.orderhub.inventory;

/** A stock update body that is not a JSON object at all. */
public class MalformedStockRequestException extends RuntimeException {

    public MalformedStockRequestException(String message) {
        super(message);
    }
}
