package io.orderhub.inventory;

/** No location with this id is configured (config/locations.yaml). */
public class LocationNotFoundException extends RuntimeException {

    public LocationNotFoundException(String locationId) {
        super("no location '" + locationId + "' is configured");
    }
}
