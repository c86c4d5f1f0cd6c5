package io.orderhub.carrier;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery tracking (routes/88-delivery-tracking.camel.yaml): how often the hub asks the carrier
 * about shipped parcels that are not delivered yet.
 *
 * @param interval     how often the poll runs
 * @param batch        parcels claimed per poll (per hub instance)
 * @param recheckAfter the least time between two questions about one parcel; a parcel with an
 *                     estimated delivery later than that is next asked about at that time
 * @param giveUpAfter  parcels shipped longer ago than this are no longer asked about
 */
@ConfigurationProperties("orderhub.delivery-tracking")
public record DeliveryTrackingProperties(
        @DefaultValue("5m") Duration interval,
        @DefaultValue("100") int batch,
        @DefaultValue("1h") Duration recheckAfter,
        @DefaultValue("30d") Duration giveUpAfter) {
}
