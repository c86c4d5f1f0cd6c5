package io.orderhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.inventory.InventoryFixtures;
import io.orderhub.inventory.Locations;
import io.orderhub.inventory.PostalRegions;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.inventory.StockRepository;
import io.orderhub.sourcing.SourcingPlanner;
import io.orderhub.support.HubTest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Promised dates from the shipped config/delivery-options.yaml, on real stock, at fixed instants.
 * Thursday 2026-11-26 09:00 UTC is 10:00 in Berlin: before every cut-off.
 */
@HubTest
class DeliveryOptionsTest {

    static final Instant THURSDAY_MORNING = Instant.parse("2026-11-26T09:00:00Z");
    static final Instant THURSDAY_LUNCHTIME = Instant.parse("2026-11-26T11:30:00Z");

    @Autowired
    DeliveryRules rules;

    @Autowired
    SourcingPlanner planner;

    @Autowired
    Locations locations;

    @Autowired
    PostalRegions regions;

    @Autowired
    StockRepository stock;

    @Autowired
    StockAdmin admin;

    @Test
    void fromABerlinStoreToBerlinEveryOptionIncludingSameDayAndPickup() {
        String tee = InventoryFixtures.sku("TEE");
        admin.set("store-berlin-mitte", tee, 5, 0);

        DeliveryOptions.Answer answer = at(THURSDAY_MORNING).options(List.of(new DeliveryOptions.Item(tee, 2)), "10115", "DE");

        assertThat(dates(answer)).containsExactly(
                Map.entry("standard", "2026-11-30"), Map.entry("express", "2026-11-27"), Map.entry("next-day", "2026-11-27"),
                Map.entry("same-day", "2026-11-26"), Map.entry("weekend", "2026-11-28"), Map.entry("pickup", "2026-11-26"));
        assertThat(answer.options().get(3).orderBy()).isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
        assertThat(answer.options().get(3).zone()).isEqualTo(Zone.METRO);
        assertThat(answer.options().get(5).locationIds()).containsExactly("store-berlin-mitte");
        assertThat(answer.unavailable()).isEmpty();
    }

    @Test
    void sameDayEndsAtItsCutOffWhileNextDayGoesOn() {
        String tee = InventoryFixtures.sku("TEE");
        admin.set("store-berlin-mitte", tee, 5, 0);

        DeliveryOptions.Answer answer = at(THURSDAY_LUNCHTIME).options(List.of(new DeliveryOptions.Item(tee, 1)), "10115", "DE");

        assertThat(dates(answer)).doesNotContainKey("same-day").containsEntry("next-day", "2026-11-27");
    }

    @Test
    void acrossTheCountryThereIsNoSameDayAndNoPickupNearby() {
        String tee = InventoryFixtures.sku("TEE");
        admin.set("store-berlin-mitte", tee, 5, 0);

        DeliveryOptions.Answer answer = at(THURSDAY_MORNING).options(List.of(new DeliveryOptions.Item(tee, 1)), "80331", "DE");

        assertThat(dates(answer)).containsExactly(Map.entry("standard", "2026-12-01"), Map.entry("express", "2026-11-30"),
                Map.entry("next-day", "2026-11-27"), Map.entry("weekend", "2026-11-28"));
        assertThat(answer.options()).allSatisfy(offer -> assertThat(offer.zone()).isEqualTo(Zone.DOMESTIC));
    }

    @Test
    void abroadOnlyTheOptionsWithInternationalTransit() {
        String tee = InventoryFixtures.sku("TEE");
        admin.set("wh-hamburg", tee, 5, 0);

        DeliveryOptions.Answer answer = at(THURSDAY_MORNING).options(List.of(new DeliveryOptions.Item(tee, 1)), "SW1Y 4JH", "GB");

        assertThat(dates(answer)).containsExactly(Map.entry("standard", "2026-12-03"), Map.entry("express", "2026-12-01"));
    }

    @Test
    void aSplitBasketIsPromisedWhenItsLastParcelArrives() {
        String harbour = InventoryFixtures.sku("POSTER");
        String alps = InventoryFixtures.sku("POSTER");
        admin.set("wh-hamburg", harbour, 5, 0);
        admin.set("wh-munich", alps, 5, 0);

        DeliveryOptions.Answer answer = at(THURSDAY_MORNING).options(
                List.of(new DeliveryOptions.Item(harbour, 1), new DeliveryOptions.Item(alps, 1)), "20095", "DE");

        // Hamburg ships metro (2 days), Munich domestic (3 days): the later one is the promise
        assertThat(answer.options().get(0).id()).isEqualTo("standard");
        assertThat(answer.options().get(0).promisedDate()).isEqualTo(LocalDate.parse("2026-12-01"));
        assertThat(answer.options().get(0).locationIds()).containsExactlyInAnyOrder("wh-hamburg", "wh-munich");
        assertThat(dates(answer)).doesNotContainKey("same-day");
    }

    @Test
    void withoutEnoughStockNoShippingOptionIsPromised() {
        String tee = InventoryFixtures.sku("TEE");
        admin.set("wh-hamburg", tee, 2, 0);

        DeliveryOptions.Answer answer = at(THURSDAY_MORNING).options(List.of(new DeliveryOptions.Item(tee, 5)), "20095", "DE");

        assertThat(answer.options()).isEmpty();
        assertThat(answer.unavailable()).containsExactly(new DeliveryOptions.Shortage(tee, 3));
    }

    private DeliveryOptions at(Instant now) {
        return new DeliveryOptions(rules, planner, locations, regions, stock, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Map<String, String> dates(DeliveryOptions.Answer answer) {
        return answer.options().stream().collect(Collectors.toMap(DeliveryOptions.Offer::id, offer -> offer.promisedDate().toString(),
                (a, b) -> a, LinkedHashMap::new));
    }
}
