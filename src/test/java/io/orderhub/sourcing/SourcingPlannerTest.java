package io.orderhub.sourcing;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.inventory.Capability;
import io.orderhub.inventory.GeoPosition;
import io.orderhub.inventory.Location;
import io.orderhub.inventory.Locations;
import io.orderhub.inventory.WhenUnavailable;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each sourcing rule on its own, on locations and stock made up for the test. */
class SourcingPlannerTest {

    static final GeoPosition HAMBURG = new GeoPosition(53.55, 10.00);
    static final GeoPosition MUNICH = new GeoPosition(48.14, 11.58);
    static final GeoPosition BERLIN = new GeoPosition(52.52, 13.40);
    static final GeoPosition COLOGNE = new GeoPosition(50.94, 6.96);
    static final GeoPosition LEIPZIG = new GeoPosition(51.34, 12.37);
    static final GeoPosition FRANKFURT = new GeoPosition(50.11, 8.68);

    static final Locations LOCATIONS = new Locations(List.of(
            location("wh-north", LocationType.WAREHOUSE, HAMBURG, Capability.SHIPS),
            location("wh-south", LocationType.WAREHOUSE, MUNICH, Capability.SHIPS),
            location("wh-west", LocationType.WAREHOUSE, COLOGNE, Capability.SHIPS),
            location("store-berlin", LocationType.STORE, BERLIN, Capability.SHIPS, Capability.PICKUP),
            location("store-hamburg", LocationType.STORE, HAMBURG, Capability.PICKUP),
            location("workshop", LocationType.WORKSHOP, LEIPZIG, Capability.PERSONALISES, Capability.SHIPS)));

    static final SourcingRules RULES = rules(3);

    final Map<SourcingPlanner.StockKey, Integer> stock = new HashMap<>();
    SourcingPlanner planner = new SourcingPlanner(LOCATIONS, RULES, WhenUnavailable.BACKORDER);

    @Test
    void aPersonalisedLineGoesToTheWorkshopForItsKindWithItsInstructionsWhileTheRestShipsFromAWarehouse() {
        put("workshop", "MUG-ENGRAVED", 5);
        put("wh-north", "MUG-ENGRAVED", 50); // nearer and fuller, but it does not engrave
        put("wh-north", "NOTEBOOK", 10);

        FulfilmentPlan plan = plan(HAMBURG, personalised(1, "MUG-ENGRAVED", 2, "For Ada"), shipped(2, "NOTEBOOK", 3));

        assertThat(plan.fulfilments()).containsExactly(
                new PlannedFulfilment("wh-north", LocationType.WAREHOUSE, List.of(new PlannedLine(2, "NOTEBOOK", 3, null))),
                new PlannedFulfilment("workshop", LocationType.WORKSHOP, List.of(new PlannedLine(1, "MUG-ENGRAVED", 2, "For Ada"))));
        assertThat(plan.decisions()).extracting(RuleDecision::rule)
                .containsExactly(RuleDecision.PERSONALISATION, RuleDecision.SINGLE_LOCATION);
        assertThat(plan.decisions().get(0).explanation()).contains("workshop", "MUG-*");
        assertThat(plan.hasBackorders()).isFalse();
    }

    @Test
    void aPickupLineIsHeldAtTheChosenStoreEvenWhenAWarehouseIsNearer() {
        put("store-hamburg", "TEE", 2);
        put("wh-north", "TEE", 100);

        FulfilmentPlan plan = plan(HAMBURG, pickup(1, "TEE", 2, "store-hamburg"));

        assertThat(plan.fulfilments()).containsExactly(
                new PlannedFulfilment("store-hamburg", LocationType.STORE, List.of(new PlannedLine(1, "TEE", 2, null))));
        assertThat(plan.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.rule()).isEqualTo(RuleDecision.PICKUP);
            assertThat(decision.explanation()).contains("store-hamburg");
        });
    }

    @Test
    void theNearestLocationThatCanFillEveryShippedLineShipsThemAll() {
        for (String warehouse : List.of("wh-north", "wh-south", "wh-west")) {
            put(warehouse, "A", 10);
            put(warehouse, "B", 10);
        }

        FulfilmentPlan toMunich = plan(MUNICH, shipped(1, "A", 2), shipped(2, "B", 2));
        FulfilmentPlan toHamburg = plan(HAMBURG, shipped(1, "A", 2), shipped(2, "B", 2));

        assertThat(toMunich.fulfilments()).extracting(PlannedFulfilment::locationId).containsExactly("wh-south");
        assertThat(toHamburg.fulfilments()).extracting(PlannedFulfilment::locationId).containsExactly("wh-north");
        assertThat(toMunich.decisions()).allSatisfy(decision -> {
            assertThat(decision.rule()).isEqualTo(RuleDecision.SINGLE_LOCATION);
            assertThat(decision.explanation()).contains("nearest", "of 3 location(s)");
        });
    }

    @Test
    void oneLocationForEverythingBeatsANearerSplit() {
        put("store-berlin", "A", 5);
        put("store-berlin", "B", 5);
        put("wh-north", "C", 5);
        put("wh-south", "A", 5);
        put("wh-south", "B", 5);
        put("wh-south", "C", 5);

        FulfilmentPlan plan = plan(BERLIN, shipped(1, "A", 1), shipped(2, "B", 1), shipped(3, "C", 1));

        assertThat(plan.fulfilments()).extracting(PlannedFulfilment::locationId).containsExactly("wh-south");
    }

    @Test
    void equallyNearLocationsAreChosenByLocationId() {
        Locations twins = new Locations(List.of(
                location("wh-b", LocationType.WAREHOUSE, FRANKFURT, Capability.SHIPS),
                location("wh-a", LocationType.WAREHOUSE, FRANKFURT, Capability.SHIPS)));
        planner = new SourcingPlanner(twins, RULES, WhenUnavailable.BACKORDER);
        put("wh-a", "A", 5);
        put("wh-b", "A", 5);

        assertThat(plan(BERLIN, shipped(1, "A", 1)).fulfilments()).extracting(PlannedFulfilment::locationId).containsExactly("wh-a");
        assertThat(plan(null, shipped(1, "A", 1)).decisions().get(0).explanation()).contains("unknown, so by location id");
    }

    @Test
    void anOrderNoSingleWarehouseCanFillIsSplitAcrossTwo() {
        put("wh-north", "POSTER-HARBOUR", 5);
        put("wh-south", "POSTER-ALPS", 5);
        put("wh-south", "MUG", 5);

        FulfilmentPlan plan = plan(FRANKFURT, shipped(1, "POSTER-HARBOUR", 1), shipped(2, "POSTER-ALPS", 1), shipped(3, "MUG", 2));

        assertThat(plan.fulfilments()).containsExactly(
                new PlannedFulfilment("wh-north", LocationType.WAREHOUSE, List.of(new PlannedLine(1, "POSTER-HARBOUR", 1, null))),
                new PlannedFulfilment("wh-south", LocationType.WAREHOUSE,
                        List.of(new PlannedLine(2, "POSTER-ALPS", 1, null), new PlannedLine(3, "MUG", 2, null))));
        assertThat(plan.decisions()).allSatisfy(decision -> {
            assertThat(decision.rule()).isEqualTo(RuleDecision.SPLIT_SHIPMENT);
            assertThat(decision.explanation()).contains("fewest that can together are 2");
        });
    }

    @Test
    void aSplitUsesTheFewestLocationsEvenWhenMoreWouldBeNearer() {
        put("store-berlin", "A", 5);
        put("wh-north", "B", 5);
        put("wh-west", "C", 5);
        put("wh-south", "A", 5);
        put("wh-south", "B", 5);

        FulfilmentPlan plan = plan(BERLIN, shipped(1, "A", 1), shipped(2, "B", 1), shipped(3, "C", 1));

        assertThat(plan.fulfilments()).extracting(PlannedFulfilment::locationId).containsExactly("wh-south", "wh-west");
    }

    @Test
    void aLineLargerThanAnyOneStockIsSplitNearestFirst() {
        put("wh-north", "A", 6);
        put("wh-south", "A", 6);

        FulfilmentPlan plan = plan(HAMBURG, shipped(1, "A", 10));

        assertThat(plan.fulfilments()).containsExactly(
                new PlannedFulfilment("wh-north", LocationType.WAREHOUSE, List.of(new PlannedLine(1, "A", 6, null))),
                new PlannedFulfilment("wh-south", LocationType.WAREHOUSE, List.of(new PlannedLine(1, "A", 4, null))));
        assertThat(plan.decisions().get(0).explanation()).contains("wh-north (6) and wh-south (4)");
    }

    @Test
    void whatNoLocationHasIsBackordered() {
        put("wh-north", "A", 3);

        FulfilmentPlan partly = plan(HAMBURG, shipped(1, "A", 5));
        FulfilmentPlan none = plan(HAMBURG, shipped(1, "MISSING", 1));

        assertThat(partly.fulfilments()).containsExactly(
                new PlannedFulfilment("wh-north", LocationType.WAREHOUSE, List.of(new PlannedLine(1, "A", 3, null))));
        assertThat(partly.backordered()).containsExactly(new PlannedLine(1, "A", 2, null));
        assertThat(partly.decisions().get(0).rule()).isEqualTo(RuleDecision.BACKORDER);
        assertThat(partly.decisions().get(0).explanation()).contains("2 units backordered");
        assertThat(partly.hasBackorders()).isTrue();
        assertThat(partly.fullyBackordered()).isFalse();
        assertThat(none.fullyBackordered()).isTrue();
        assertThat(none.decisions().get(0).explanation()).contains("no location that ships has SKU MISSING");
    }

    @Test
    void whenConfiguredToRefuseTheShortLinesSaySoInsteadOfBackordering() {
        planner = new SourcingPlanner(LOCATIONS, RULES, WhenUnavailable.REFUSE);
        put("wh-north", "A", 3);

        FulfilmentPlan plan = plan(HAMBURG, shipped(1, "A", 5));

        assertThat(plan.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.rule()).isEqualTo(RuleDecision.REFUSE);
            assertThat(decision.explanation()).contains("refused");
        });
    }

    @Test
    void aSplitNeverUsesMoreLocationsThanConfigured() {
        planner = new SourcingPlanner(LOCATIONS, rules(2), WhenUnavailable.BACKORDER);
        put("wh-north", "A", 1);
        put("wh-south", "B", 1);
        put("wh-west", "C", 2);

        FulfilmentPlan plan = plan(FRANKFURT, shipped(1, "A", 1), shipped(2, "B", 1), shipped(3, "C", 2));

        // the two locations covering most units: wh-west (2 of C) and the nearer of the others
        assertThat(plan.fulfilments()).extracting(PlannedFulfilment::locationId).hasSize(2).contains("wh-west");
        assertThat(plan.backordered()).hasSize(1);
        assertThat(plan.decisions()).filteredOn(decision -> decision.rule().equals(RuleDecision.BACKORDER))
                .singleElement().satisfies(decision -> assertThat(decision.explanation()).contains("no 2 or fewer locations"));
    }

    @Test
    void personalisedLinesWithoutAWorkshopAndPickupsAtUnknownStoresAreBackorderedWithTheReason() {
        put("wh-north", "PEN", 10);

        FulfilmentPlan plan = plan(HAMBURG, personalised(1, "PEN", 1, "initials"), pickup(2, "PEN", 1, "store-nowhere"),
                pickup(3, "PEN", 1, "wh-north"));

        assertThat(plan.fulfilments()).isEmpty();
        assertThat(plan.decisions()).extracting(RuleDecision::explanation).satisfiesExactly(
                first -> assertThat(first).contains("no personalisation rule names a workshop for SKU PEN"),
                second -> assertThat(second).contains("'store-nowhere', which is not a pickup location"),
                third -> assertThat(third).contains("'wh-north', which is not a pickup location"));
    }

    @Test
    void theWorkshopsOwnShortageIsBackorderedNotSourcedElsewhere() {
        put("workshop", "MUG-ENGRAVED", 1);
        put("wh-north", "MUG-ENGRAVED", 10);

        FulfilmentPlan plan = plan(HAMBURG, personalised(1, "MUG-ENGRAVED", 3, "Hi"));

        assertThat(plan.fulfilments()).extracting(PlannedFulfilment::locationId).containsExactly("workshop");
        assertThat(plan.backordered()).containsExactly(new PlannedLine(1, "MUG-ENGRAVED", 2, "Hi"));
    }

    @Test
    void skuPatternsAreGlobs() {
        assertThat(SourcingRules.glob("MUG-*").matcher("MUG-ENGRAVED").matches()).isTrue();
        assertThat(SourcingRules.glob("MUG-*").matcher("XMUG-ENGRAVED").matches()).isFalse();
        assertThat(SourcingRules.glob("TEE-?").matcher("TEE-M").matches()).isTrue();
        assertThat(SourcingRules.glob("A.B").matcher("AxB").matches()).isFalse();
    }

    private FulfilmentPlan plan(GeoPosition customer, SourcingPlanner.Demand... lines) {
        return planner.plan("order-1", List.of(lines), new SourcingPlanner.Destination("00000", "DE", customer), stock);
    }

    private void put(String locationId, String sku, int available) {
        stock.put(new SourcingPlanner.StockKey(locationId, sku), available);
    }

    static SourcingPlanner.Demand shipped(int lineNumber, String sku, int quantity) {
        return new SourcingPlanner.Demand(lineNumber, sku, quantity, null, null);
    }

    static SourcingPlanner.Demand personalised(int lineNumber, String sku, int quantity, String text) {
        return new SourcingPlanner.Demand(lineNumber, sku, quantity, text, null);
    }

    static SourcingPlanner.Demand pickup(int lineNumber, String sku, int quantity, String storeId) {
        return new SourcingPlanner.Demand(lineNumber, sku, quantity, null, storeId);
    }

    static SourcingRules rules(int maxLocations) {
        return new SourcingRules(List.of(new SourcingRules.WorkshopRule("MUG-*", "workshop", SourcingRules.glob("MUG-*"))),
                EnumSet.of(LocationType.WAREHOUSE, LocationType.STORE), maxLocations, 20);
    }

    static Location location(String id, LocationType type, GeoPosition position, Capability... capabilities) {
        return new Location(id, id, type, "DE", "00000", position, null, ZoneId.of("Europe/Berlin"), LocalTime.of(15, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Set.of(capabilities));
    }
}
