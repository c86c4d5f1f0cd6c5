package io.orderhub.inventory;

import io.orderhub.delivery.DeliveryRules;
import io.orderhub.sourcing.SourcingPlanner;
import io.orderhub.sourcing.SourcingRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Reads the inventory configuration files once at start (a broken file stops the hub) and schedules reservation expiry. */
@Configuration
@EnableScheduling
public class InventoryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InventoryConfiguration.class);

    @Bean
    PostalRegions postalRegions(InventoryProperties properties) {
        return PostalRegions.load(properties.postalRegionsFile());
    }

    @Bean
    Locations locations(InventoryProperties properties, PostalRegions regions) {
        Locations locations = Locations.load(properties.locationsFile(), regions);
        log.info("{} locations from {}", locations.all().size(), properties.locationsFile());
        return locations;
    }

    @Bean
    SourcingRules sourcingRules(InventoryProperties properties, Locations locations) {
        return SourcingRules.load(properties.sourcingRulesFile(), locations);
    }

    @Bean
    DeliveryRules deliveryRules(InventoryProperties properties) {
        return DeliveryRules.load(properties.deliveryOptionsFile());
    }

    @Bean
    SourcingPlanner sourcingPlanner(Locations locations, SourcingRules rules, InventoryProperties properties) {
        return new SourcingPlanner(locations, rules, properties.whenUnavailable());
    }

    /** Expiry runs every expiry-check-interval on Spring's scheduler, first after one interval. */
    @Bean
    SchedulingConfigurer reservationExpirySchedule(Reservations reservations, InventoryProperties properties) {
        return (ScheduledTaskRegistrar registrar) -> registrar.addFixedDelayTask(new FixedDelayTask(() -> {
            try {
                int expired = reservations.expireStale();
                if (expired > 0) {
                    log.info("released the expired stock reservations of {} order(s)", expired);
                }
            } catch (RuntimeException e) {
                // the next run tries again; a failure here must not stop the schedule
                log.error("reservation expiry failed", e);
            }
        }, properties.expiryCheckInterval(), properties.expiryCheckInterval()));
    }
}
