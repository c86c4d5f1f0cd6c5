package io.orderhub.sourcing;

import java.util.List;

/**
 * A fulfilment order: what one location must ship or hold for pickup, the unit the warehouse,
 * store and drop-ship connectors receive. Whether a line is shipped or picked up is the order
 * line's own fulfilment type.
 */
public record PlannedFulfilment(String locationId, LocationType locationType, List<PlannedLine> lines) {

    public PlannedFulfilment {
        lines = List.copyOf(lines);
    }
}
