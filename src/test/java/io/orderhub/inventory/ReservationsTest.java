package io.orderhub.inventory;

import static io.orderhub.inventory.InventoryFixtures.Line.personalised;
import static io.orderhub.inventory.InventoryFixtures.Line.pickup;
import static io.orderhub.inventory.InventoryFixtures.Line.shipped;
import static io.orderhub.inventory.InventoryFixtures.order;
import static io.orderhub.inventory.InventoryFixtures.sku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.order.Order;
import io.orderhub.order.OrderJson;
import io.orderhub.sourcing.FulfilmentPlan;
import io.orderhub.sourcing.FulfilmentPlans;
import io.orderhub.sourcing.LocationType;
import io.orderhub.sourcing.PlannedFulfilment;
import io.orderhub.sourcing.PlannedLine;
import io.orderhub.sourcing.RuleDecision;
import io.orderhub.sourcing.SourcingPlanner;
import io.orderhub.sourcing.SourcingService;
import io.orderhub.support.HubTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Sourcing against the real database and configuration: what gets reserved, released, shipped and expired. */
@HubTest
class ReservationsTest {

    static final String HAMBURG = "20095";
    static final String MUNICH = "80331";
    static final String FRANKFURT = "60311";
    static final String BERLIN = "10115";

    @Autowired
    SourcingService sourcing;

    @Autowired
    Reservations reservations;

    @Autowired
    StockAdmin admin;

    @Autowired
    OrderJson json;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SourcingPlanner planner;

    @Autowired
    PostalRegions regions;

    @Autowired
    StockRepository stock;

    @Autowired
    ReservationRepository reservationRows;

    @Autowired
    FulfilmentPlans plans;

    @Autowired
    Locations locations;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Clock clock;

    @Autowired
    InventoryProperties properties;

    @Test
    void reservingHoldsThePlannedStockAndARepeatReservesNothingMore() {
        String notebook = sku("NOTEBOOK");
        admin.set("wh-hamburg", notebook, 10, 1);
        Order order = order(json, HAMBURG, shipped(notebook, 3));

        FulfilmentPlan first = sourcing.reserveAndPlan(order);
        admin.set("wh-munich", notebook, 100, 0); // a different plan would now be possible
        FulfilmentPlan again = sourcing.reserveAndPlan(order);

        assertThat(first.fulfilments()).containsExactly(
                new PlannedFulfilment("wh-hamburg", LocationType.WAREHOUSE, List.of(new PlannedLine(1, notebook, 3, null))));
        assertThat(again).isEqualTo(first);
        assertThat(admin.get("wh-hamburg", notebook)).satisfies(level -> {
            assertThat(level.reserved()).isEqualTo(3);
            assertThat(level.available()).isEqualTo(6);
        });
        assertThat(admin.get("wh-munich", notebook).reserved()).isZero();
    }

    @Test
    void anOrderNoWarehouseCanFillAloneIsSplitAcrossTwoAndBothHalvesAreReserved() {
        String harbour = sku("POSTER");
        String alps = sku("POSTER");
        admin.set("wh-hamburg", harbour, 5, 0);
        admin.set("wh-munich", alps, 5, 0);

        FulfilmentPlan plan = sourcing.reserveAndPlan(order(json, FRANKFURT, shipped(harbour, 1), shipped(alps, 2)));

        assertThat(plan.fulfilments()).containsExactly(
                new PlannedFulfilment("wh-hamburg", LocationType.WAREHOUSE, List.of(new PlannedLine(1, harbour, 1, null))),
                new PlannedFulfilment("wh-munich", LocationType.WAREHOUSE, List.of(new PlannedLine(2, alps, 2, null))));
        assertThat(plan.decisions()).extracting(RuleDecision::rule).containsOnly(RuleDecision.SPLIT_SHIPMENT);
        assertThat(admin.get("wh-hamburg", harbour).reserved()).isEqualTo(1);
        assertThat(admin.get("wh-munich", alps).reserved()).isEqualTo(2);
    }

    @Test
    void aPersonalisedLineGoesToTheWorkshopWhileTheRestShipsFromTheNearestWarehouse() {
        String mug = sku("MUG");
        String notebook = sku("NOTEBOOK");
        admin.set("workshop-leipzig", mug, 4, 0);
        admin.set("wh-hamburg", mug, 40, 0);
        admin.set("wh-hamburg", notebook, 10, 0);
        admin.set("wh-munich", notebook, 10, 0);

        FulfilmentPlan plan = sourcing.reserveAndPlan(order(json, MUNICH, personalised(mug, 1, "For Grace"), shipped(notebook, 2)));

        assertThat(plan.fulfilments()).containsExactly(
                new PlannedFulfilment("wh-munich", LocationType.WAREHOUSE, List.of(new PlannedLine(2, notebook, 2, null))),
                new PlannedFulfilment("workshop-leipzig", LocationType.WORKSHOP, List.of(new PlannedLine(1, mug, 1, "For Grace"))));
        assertThat(admin.get("workshop-leipzig", mug).reserved()).isEqualTo(1);
        assertThat(admin.get("wh-hamburg", mug).reserved()).isZero();
    }

    @Test
    void aPickupLineIsReservedAtTheChosenStore() {
        String tee = sku("TEE");
        admin.set("store-berlin-mitte", tee, 2, 0);
        admin.set("wh-hamburg", tee, 50, 0);

        FulfilmentPlan plan = sourcing.reserveAndPlan(order(json, HAMBURG, pickup(tee, 2, "store-berlin-mitte")));

        assertThat(plan.fulfilments()).containsExactly(
                new PlannedFulfilment("store-berlin-mitte", LocationType.STORE, List.of(new PlannedLine(1, tee, 2, null))));
        assertThat(plan.decisions()).extracting(RuleDecision::rule).containsExactly(RuleDecision.PICKUP);
        assertThat(admin.get("store-berlin-mitte", tee).reserved()).isEqualTo(2);
    }

    @Test
    void whatIsMissingIsBackorderedAndOnlyWhatExistsIsReserved() {
        String lamp = sku("LAMP");
        admin.set("wh-munich", lamp, 3, 1);

        FulfilmentPlan partly = sourcing.reserveAndPlan(order(json, BERLIN, shipped(lamp, 5)));
        FulfilmentPlan nothing = sourcing.reserveAndPlan(order(json, BERLIN, shipped(lamp, 1)));

        assertThat(partly.fulfilments()).singleElement().satisfies(fulfilment ->
                assertThat(fulfilment.lines()).containsExactly(new PlannedLine(1, lamp, 2, null)));
        assertThat(partly.backordered()).containsExactly(new PlannedLine(1, lamp, 3, null));
        assertThat(partly.decisions()).extracting(RuleDecision::rule).containsExactly(RuleDecision.BACKORDER);
        assertThat(nothing.fullyBackordered()).isTrue();
        assertThat(plans.find(nothing.orderId())).hasValue(nothing);
        assertThat(admin.get("wh-munich", lamp)).satisfies(level -> {
            assertThat(level.reserved()).isEqualTo(2);
            assertThat(level.available()).isZero();
        });
    }

    @Test
    void releaseGivesEverythingBackOnceAndARepeatChangesNothing() {
        String harbour = sku("POSTER");
        String alps = sku("POSTER");
        admin.set("wh-hamburg", harbour, 5, 0);
        admin.set("wh-munich", alps, 5, 0);
        Order order = order(json, FRANKFURT, shipped(harbour, 2), shipped(alps, 3));
        sourcing.reserveAndPlan(order);

        reservations.release(order.id(), "cancelled by customer");
        reservations.release(order.id(), "cancelled by customer");
        FulfilmentPlan afterRelease = sourcing.reserveAndPlan(order);

        assertThat(admin.get("wh-hamburg", harbour).reserved()).isZero();
        assertThat(admin.get("wh-munich", alps).reserved()).isZero();
        assertThat(afterRelease.fulfilments()).hasSize(2); // the stored plan, not a new reservation
        assertThat(admin.get("wh-munich", alps).reserved()).isZero();
        assertThat(jdbc.queryForList("select release_reason from stock_reservations where order_id = ?", String.class, order.id()))
                .containsOnly("cancelled by customer");
    }

    @Test
    void releasingPartOfALineGivesBackOnlyThatPart() {
        String notebook = sku("NOTEBOOK");
        admin.set("wh-hamburg", notebook, 10, 0);
        Order order = order(json, HAMBURG, shipped(notebook, 4));
        sourcing.reserveAndPlan(order);

        reservations.releaseLines(order.id(), 1, 3, "customer removed 3");
        reservations.releaseLines(order.id(), 1, 5, "customer removed the rest");

        assertThat(admin.get("wh-hamburg", notebook).reserved()).isZero();
        assertThatThrownBy(() -> reservations.releaseLines(order.id(), 1, 0, "nothing")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shipmentsAreRecordedByTheirCumulativeTotalSoARepeatChangesNothing() {
        String notebook = sku("NOTEBOOK");
        admin.set("wh-hamburg", notebook, 10, 0);
        Order order = order(json, HAMBURG, shipped(notebook, 5));
        sourcing.reserveAndPlan(order);

        reservations.consume(order.id(), "wh-hamburg", notebook, 2);
        reservations.consume(order.id(), "wh-hamburg", notebook, 2);
        StockLevel afterFirstParcel = admin.get("wh-hamburg", notebook);
        reservations.consume(order.id(), "wh-hamburg", notebook, 5);

        assertThat(afterFirstParcel.onHand()).isEqualTo(8);
        assertThat(afterFirstParcel.reserved()).isEqualTo(3);
        assertThat(admin.get("wh-hamburg", notebook)).satisfies(level -> {
            assertThat(level.onHand()).isEqualTo(5);
            assertThat(level.reserved()).isZero();
        });
        reservations.release(order.id(), "late cancel after shipping");
        assertThat(admin.get("wh-hamburg", notebook).onHand()).isEqualTo(5);
    }

    @Test
    void shippingWhatIsNoLongerHeldTakesUnreservedStockAndShippingWhatWasNeverReservedIsRefused() {
        String notebook = sku("NOTEBOOK");
        admin.set("wh-hamburg", notebook, 10, 0);
        Order order = order(json, HAMBURG, shipped(notebook, 2));
        sourcing.reserveAndPlan(order);
        reservations.release(order.id(), "expired");

        reservations.consume(order.id(), "wh-hamburg", notebook, 2);

        assertThat(admin.get("wh-hamburg", notebook).onHand()).isEqualTo(8);
        assertThatThrownBy(() -> reservations.consume(order.id(), "wh-munich", notebook, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reservations.consume(order.id(), "wh-hamburg", notebook, 50))
                .isInstanceOf(InsufficientStockException.class);
        assertThat(admin.get("wh-hamburg", notebook).onHand()).isEqualTo(8);
    }

    @Test
    void reservationsOlderThanTheTtlThatNeverShippedExpireAndOthersStay() {
        String notebook = sku("NOTEBOOK");
        admin.set("wh-hamburg", notebook, 20, 0);
        // reserved "TTL and an hour ago", through a service whose clock stands then
        Clock past = Clock.offset(clock, properties.reservationTtl().plus(Duration.ofHours(1)).negated());
        SourcingService pastSourcing = new SourcingService(planner, regions, stock, reservationRows, plans, locations,
                transactions, past, properties);
        Order stale = order(json, HAMBURG, shipped(notebook, 3));
        Order staleButShipping = order(json, HAMBURG, shipped(notebook, 4));
        Order fresh = order(json, HAMBURG, shipped(notebook, 5));
        pastSourcing.reserveAndPlan(stale);
        pastSourcing.reserveAndPlan(staleButShipping);
        sourcing.reserveAndPlan(fresh);
        reservations.consume(staleButShipping.id(), "wh-hamburg", notebook, 1);

        reservations.expireStale();

        assertThat(held(stale)).isZero();
        assertThat(held(staleButShipping)).isEqualTo(3);
        assertThat(held(fresh)).isEqualTo(5);
        assertThat(admin.get("wh-hamburg", notebook).reserved()).isEqualTo(8);
        reservations.expireStale();
        assertThat(admin.get("wh-hamburg", notebook).reserved()).as("a second run releases nothing more").isEqualTo(8);
    }

    private int held(Order order) {
        return jdbc.queryForObject("select coalesce(sum(quantity), 0) from stock_reservations where order_id = ?", Integer.class, order.id());
    }
}
