package io.orderhub.inventory;

import static io.orderhub.inventory.InventoryFixtures.Line.shipped;
import static io.orderhub.inventory.InventoryFixtures.order;
import static io.orderhub.inventory.InventoryFixtures.sku;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.order.Order;
import io.orderhub.order.OrderJson;
import io.orderhub.sourcing.FulfilmentPlan;
import io.orderhub.sourcing.FulfilmentPlans;
import io.orderhub.sourcing.PlannedFulfilment;
import io.orderhub.sourcing.SourcingPlanner;
import io.orderhub.sourcing.SourcingRules;
import io.orderhub.sourcing.SourcingService;
import io.orderhub.sourcing.StockUnavailableException;
import io.orderhub.support.HubTest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Many orders at once for the last units: exactly as many succeed as there are units, whether
 * the rest are backordered or refused, and stock never goes negative or over-reserved.
 */
@HubTest
class ReservationConcurrencyTest {

    static final int ORDERS = 40;
    static final int THREADS = 12;

    @Autowired
    SourcingService sourcing;

    @Autowired
    StockAdmin admin;

    @Autowired
    OrderJson json;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    FulfilmentPlans plans;

    ExecutorService pool;

    @BeforeEach
    void threads() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theLastUnitsGoToExactlyAsManyOrdersAndTheRestAreBackordered() throws Exception {
        String sku = sku("LAST");
        // 5 units to promise, in two warehouses: losers of a race re-plan onto the other one
        admin.set("wh-hamburg", sku, 4, 1);
        admin.set("wh-munich", sku, 2, 0);

        List<FulfilmentPlan> outcomes = race(sku, sourcing::reserveAndPlan);

        assertThat(outcomes.stream().filter(plan -> !plan.fulfilments().isEmpty())).hasSize(5);
        assertThat(outcomes.stream().filter(FulfilmentPlan::fullyBackordered)).hasSize(ORDERS - 5);
        assertThat(outcomes.stream().flatMap(plan -> plan.fulfilments().stream()).map(PlannedFulfilment::locationId))
                .containsOnly("wh-hamburg", "wh-munich");
        assertStockIntact(sku, 5);
    }

    @Test
    void whenConfiguredToRefuseTheLosersAreRefusedAndNothingIsKeptForThem(
            @Autowired Locations locations, @Autowired SourcingRules rules,
            @Autowired PostalRegions regions, @Autowired StockRepository stock, @Autowired ReservationRepository reservations,
            @Autowired PlatformTransactionManager transactions, @Autowired Clock clock,
            @Autowired InventoryProperties properties) throws Exception {
        SourcingService refusing = new SourcingService(new SourcingPlanner(locations, rules, WhenUnavailable.REFUSE), regions,
                stock, reservations, plans, locations, transactions, clock, properties);
        String sku = sku("LAST");
        admin.set("wh-hamburg", sku, 3, 0);
        List<String> refused = Collections.synchronizedList(new ArrayList<>());

        List<FulfilmentPlan> outcomes = race(sku, order -> {
            try {
                return refusing.reserveAndPlan(order);
            } catch (StockUnavailableException e) {
                refused.add(order.id());
                return null;
            }
        });

        assertThat(outcomes.stream().filter(Objects::nonNull)).hasSize(3)
                .allSatisfy(plan -> assertThat(plan.hasBackorders()).isFalse());
        assertThat(refused).hasSize(ORDERS - 3).allSatisfy(id -> assertThat(plans.find(id)).isEmpty());
        assertStockIntact(sku, 3);
    }

    @Test
    void theSameOrderDeliveredManyTimesAtOnceIsReservedOnce() throws Exception {
        String sku = sku("DUP");
        admin.set("wh-hamburg", sku, 10, 0);
        Order order = order(json, "20095", shipped(sku, 2));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<FulfilmentPlan>> calls = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            calls.add(pool.submit(() -> {
                start.await();
                return sourcing.reserveAndPlan(order);
            }));
        }
        start.countDown();

        List<FulfilmentPlan> outcomes = new ArrayList<>();
        for (Future<FulfilmentPlan> call : calls) {
            outcomes.add(call.get(60, TimeUnit.SECONDS));
        }

        assertThat(outcomes).containsOnly(outcomes.get(0));
        assertThat(admin.get("wh-hamburg", sku).reserved()).isEqualTo(2);
    }

    /** One order of one unit per caller, all released at once; each outcome in submission order. */
    private List<FulfilmentPlan> race(String sku, Function<Order, FulfilmentPlan> reserve)
            throws InterruptedException, ExecutionException, TimeoutException {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<FulfilmentPlan>> calls = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            Order order = order(json, "60311", shipped(sku, 1));
            Callable<FulfilmentPlan> call = () -> {
                start.await();
                return reserve.apply(order);
            };
            calls.add(pool.submit(call));
        }
        start.countDown();
        List<FulfilmentPlan> outcomes = new ArrayList<>();
        for (Future<FulfilmentPlan> call : calls) {
            outcomes.add(call.get(60, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    private void assertStockIntact(String sku, int reservedUnits) {
        List<StockLevel> levels = List.of(admin.get("wh-hamburg", sku), admin.get("wh-munich", sku));
        assertThat(levels).allSatisfy(level -> {
            assertThat(level.onHand()).isNotNegative();
            assertThat(level.reserved()).isBetween(0, level.onHand());
            assertThat(level.onHand() - level.reserved()).isGreaterThanOrEqualTo(level.safetyStock());
        });
        assertThat(levels.stream().mapToInt(StockLevel::reserved).sum()).isEqualTo(reservedUnits);
        assertThat(jdbc.queryForObject("select coalesce(sum(quantity), 0) from stock_reservations where sku = ?", Integer.class, sku))
                .isEqualTo(reservedUnits);
    }
}
