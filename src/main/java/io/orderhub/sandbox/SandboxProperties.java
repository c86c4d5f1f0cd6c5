package io.orderhub.sandbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated partners of the sandbox profile.
 *
 * @param partnerKey            the API key the simulated partners expect from the hub's connectors
 * @param authorisationValidity how long a sandbox payment authorisation can be captured
 * @param shipmentDelay         how long the sandbox warehouse takes to ship a released fulfilment order
 * @param carrierStep           how long a sandbox parcel takes for each step of its journey: label created,
 *                              in transit, out for delivery, delivered
 */
@ConfigurationProperties("orderhub.sandbox")
public record SandboxProperties(
        @DefaultValue("sandbox-partner-key") String partnerKey,
        @DefaultValue("7d") Duration authorisationValidity,
        @DefaultValue("3s") Duration shipmentDelay,
        @DefaultValue("1m") Duration carrierStep) {
}
