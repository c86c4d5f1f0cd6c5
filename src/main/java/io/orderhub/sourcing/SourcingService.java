package io.orderhub.sourcing;

import io.orderhub.inventory.InventoryProperties;
import io.orderhub.inventory.Locations;
import io.orderhub.inventory.PostalRegion;
import io.orderhub.inventory.PostalRegions;
import io.orderhub.inventory.ReservationRepository;
import io.orderhub.inventory.StockLevel;
import io.orderhub.inventory.StockRepository;
import io.orderhub.inventory.WhenUnavailable;
import io.orderhub.order.Order;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sources orders: plans where each line comes from ({@link SourcingPlanner}) and reserves the
 * stock for the plan. Reserving is optimistic: the plan is made on a plain read of stock, then
 * each planned (location, SKU) is reserved by a conditional UPDATE that re-checks availability.
 * If a concurrent order took stock the plan counted on, the attempt rolls back entirely and the
 * order is planned afresh; the last attempt locks the stock rows first, so it cannot lose.
 */
@Service
public class SourcingService {

    private static final Logger log = LoggerFactory.getLogger(SourcingService.class);

    private final SourcingPlanner planner;
    private final PostalRegions regions;
    private final StockRepository stock;
    private final ReservationRepository reservations;
    private final FulfilmentPlans plans;
    private final Locations locations;
    private final TransactionTemplate attempt;
    private final Clock clock;
    private final InventoryProperties properties;

    public SourcingService(SourcingPlanner planner, PostalRegions regions, StockRepository stock,
                           ReservationRepository reservations, FulfilmentPlans plans, Locations locations,
                           PlatformTransactionManager transactions, Clock clock, InventoryProperties properties) {
        this.planner = planner;
        this.regions = regions;
        this.stock = stock;
        this.reservations = reservations;
        this.plans = plans;
        this.locations = locations;
        // a savepoint inside the caller's transaction, or a transaction of its own: a lost race
        // rolls back this attempt only, never the pipeline stage that called
        this.attempt = new TransactionTemplate(transactions);
        this.attempt.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.properties = properties;
    }

    /** The plan the order would get now, and why; reserves nothing, stores nothing. */
    public FulfilmentPlan preview(Order order) {
        List<SourcingPlanner.Demand> demand = demand(order);
        return planner.plan(order.id(), demand, destination(order), available(stock.forSkus(skus(demand))));
    }

    /**
     * Plans the order and reserves its stock in one transaction. Idempotent per order id: if the
     * order was planned before, the stored plan is returned and nothing more is reserved, so a
     * redelivered message is harmless. Lines without stock are backordered (stored, nothing
     * reserved for them) or, with {@code when-unavailable: refuse}, the order is refused.
     *
     * @throws StockUnavailableException when refusing and some line cannot be placed; nothing is reserved or stored
     */
    public FulfilmentPlan reserveAndPlan(Order order) {
        List<SourcingPlanner.Demand> demand = demand(order);
        SourcingPlanner.Destination destination = destination(order);
        int attempts = properties.reservationAttempts();
        for (int number = 1; ; number++) {
            boolean lockStock = number == attempts;
            try {
                Optional<FulfilmentPlan> plan = attempt.execute(tx -> {
                    Optional<FulfilmentPlan> stored = plans.find(order.id());
                    if (stored.isPresent()) {
                        return stored;
                    }
                    Optional<FulfilmentPlan> reserved = reserve(order.id(), demand, destination, lockStock);
                    if (reserved.isEmpty()) {
                        tx.setRollbackOnly();
                    }
                    return reserved;
                });
                if (plan != null && plan.isPresent()) {
                    return plan.get();
                }
                log.debug("order {}: stock taken by a concurrent order during attempt {}; planning again", order.id(), number);
            } catch (DuplicateKeyException concurrentSameOrder) {
                // the same order reserved in parallel (a duplicate delivery): its plan is the answer
                return plans.find(order.id()).orElseThrow(() -> concurrentSameOrder);
            } catch (TransientDataAccessException lockTimeout) {
                if (number >= attempts) {
                    throw lockTimeout;
                }
                log.debug("order {}: attempt {} hit a lock timeout; planning again", order.id(), number);
            }
            if (number >= attempts) {
                // unreachable: the locking attempt plans on locked rows, so its reservations cannot fail
                throw new IllegalStateException("order " + order.id() + ": could not reserve stock in " + attempts + " attempts");
            }
        }
    }

    /**
     * Forgets the plan of an order whose stock was all given back (compensation after a
     * failure), so that the next {@link #reserveAndPlan} plans and reserves afresh. Refused when
     * anything of the order is still held or has shipped.
     */
    @org.springframework.transaction.annotation.Transactional
    public void forgetReleasedPlan(String orderId) {
        if (reservations.holdsOrShipped(orderId)) {
            throw new IllegalStateException("order " + orderId + " still holds or has shipped stock: its plan stands");
        }
        reservations.deleteForOrder(orderId);
        plans.delete(orderId);
    }

    /** One attempt: plan, store the plan, reserve; empty if a planned reservation was no longer possible. */
    private Optional<FulfilmentPlan> reserve(String orderId, List<SourcingPlanner.Demand> demand,
                                             SourcingPlanner.Destination destination, boolean lockStock) {
        Set<String> skus = skus(demand);
        List<StockLevel> levels = lockStock ? stock.lockForSkus(skus) : stock.forSkus(skus);
        FulfilmentPlan plan = planner.plan(orderId, demand, destination, available(levels));
        if (plan.hasBackorders() && planner.whenUnavailable() == WhenUnavailable.REFUSE) {
            throw new StockUnavailableException(plan);
        }
        Instant now = clock.instant();
        plans.insert(plan, now);
        // one UPDATE per (location, SKU), always in the same order, so concurrent orders never deadlock
        Map<SourcingPlanner.StockKey, Integer> perStock = new TreeMap<>(
                Comparator.comparing(SourcingPlanner.StockKey::locationId).thenComparing(SourcingPlanner.StockKey::sku));
        for (PlannedFulfilment fulfilment : plan.fulfilments()) {
            for (PlannedLine line : fulfilment.lines()) {
                perStock.merge(new SourcingPlanner.StockKey(fulfilment.locationId(), line.sku()), line.quantity(), Integer::sum);
            }
        }
        for (var entry : perStock.entrySet()) {
            if (!stock.reserve(entry.getKey().locationId(), entry.getKey().sku(), entry.getValue(), now)) {
                return Optional.empty();
            }
        }
        Instant expiresAt = now.plus(properties.reservationTtl());
        for (PlannedFulfilment fulfilment : plan.fulfilments()) {
            for (PlannedLine line : fulfilment.lines()) {
                reservations.insert(orderId, line.lineNumber(), fulfilment.locationId(), line.sku(), line.quantity(), now, expiresAt);
            }
        }
        return Optional.of(plan);
    }

    private List<SourcingPlanner.Demand> demand(Order order) {
        List<SourcingPlanner.Demand> demand = new ArrayList<>();
        for (Order.OrderLine line : order.lines()) {
            if (line.quantity() <= 0) {
                continue; // cancelled before it was sourced
            }
            String personalisation = line.personalisation() == null || line.personalisation().isBlank() ? null : line.personalisation();
            String pickupStore = line.fulfilment() != null && line.fulfilment().type() == Order.Fulfilment.Type.PICKUP
                    ? line.fulfilment().storeId() : null;
            demand.add(new SourcingPlanner.Demand(line.lineNumber(), line.sku(), line.quantity(), personalisation, pickupStore));
        }
        return demand;
    }

    private SourcingPlanner.Destination destination(Order order) {
        Order.Address address = order.shippingAddress();
        if (address == null) {
            return new SourcingPlanner.Destination(null, null, null);
        }
        Optional<PostalRegion> region = regions.find(address.country(), address.postalCode());
        return new SourcingPlanner.Destination(address.postalCode(), address.country(), region.map(PostalRegion::centre).orElse(null));
    }

    private static Set<String> skus(List<SourcingPlanner.Demand> demand) {
        Set<String> skus = new LinkedHashSet<>();
        demand.forEach(line -> skus.add(line.sku()));
        return skus;
    }

    /** ATP per (location, SKU), for configured locations only: stock at a location removed from the file is not sold. */
    private Map<SourcingPlanner.StockKey, Integer> available(List<StockLevel> levels) {
        Map<SourcingPlanner.StockKey, Integer> available = new HashMap<>();
        for (StockLevel level : levels) {
            if (locations.find(level.locationId()).isPresent()) {
                available.put(new SourcingPlanner.StockKey(level.locationId(), level.sku()), level.available());
            }
        }
        return available;
    }
}
