package io.orderhub.fulfilment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.inventory.InventoryProperties;
import io.orderhub.inventory.Reservations;
import io.orderhub.order.Actor;
import io.orderhub.order.Order;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import io.orderhub.sourcing.FulfilmentPlan;
import io.orderhub.sourcing.PlannedFulfilment;
import io.orderhub.sourcing.PlannedLine;
import io.orderhub.sourcing.SourcingService;
import io.orderhub.sourcing.StockUnavailableException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sourcing stage: reserves stock and decides where each line ships from (the rules in
 * config/sourcing-rules.yaml), then turns the plan into fulfilment orders, one per location.
 */
@Component("sourcing")
public class SourcingStage {

    private static final Actor SOURCING = Actor.system("sourcing");

    private final SourcingService sourcing;
    private final Reservations reservations;
    private final FulfilmentOrders fulfilments;
    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final ObjectMapper mapper;
    private final DeliveryPromises promises;
    private final int backorderBatch;

    public SourcingStage(SourcingService sourcing, Reservations reservations, FulfilmentOrders fulfilments,
                         OrderRepository orders, OrderLifecycle lifecycle, ObjectMapper mapper,
                         DeliveryPromises promises, InventoryProperties inventory) {
        this.sourcing = sourcing;
        this.reservations = reservations;
        this.fulfilments = fulfilments;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.mapper = mapper;
        this.promises = promises;
        this.backorderBatch = inventory.backorderRetryBatch();
    }

    /** Reserves and plans; returns the order's status afterwards (SOURCED, BACKORDERED or CANCELLED). */
    @Transactional
    public String plan(String orderId) throws Exception {
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        return reserveAndPlan(order, OrderStatus.PAYMENT_AUTHORISED);
    }

    /**
     * The backordered orders to try again, those waiting longest first: one event each for
     * {@link #retryBackorder}. Those whose stock has still not come in are left out.
     */
    public List<String> backordersToRetry() {
        return orders.oldestIn(OrderStatus.BACKORDERED, backorderBatch).stream()
                .filter(orderId -> orders.findById(orderId).map(order -> !sourcing.preview(order).fullyBackordered()).orElse(false))
                .map(orderId -> mapper.createObjectNode().put("orderId", orderId).toString())
                .toList();
    }

    /**
     * A backordered order whose stock may have come in: planned and reserved afresh, so what can
     * now ship goes on to SOURCED. Under the order's row lock, so two deliveries of the same event
     * (two hub instances' timers) plan it once; an order still without stock stays as it is.
     */
    @Transactional
    public String retryBackorder(String orderId) throws Exception {
        var row = orders.lockStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        Order order = orders.findById(orderId).orElseThrow();
        if (row.status() != OrderStatus.BACKORDERED || sourcing.preview(order).fullyBackordered()) {
            return row.status().name();
        }
        // its earlier plan reserved nothing: forget it, so the stock there is now is planned on
        sourcing.forgetReleasedPlan(orderId);
        return reserveAndPlan(order, OrderStatus.BACKORDERED);
    }

    private String reserveAndPlan(Order order, OrderStatus from) throws Exception {
        String orderId = order.id();
        FulfilmentPlan plan;
        try {
            plan = sourcing.reserveAndPlan(order);
        } catch (StockUnavailableException unavailable) {
            lifecycle.advance(orderId, from, OrderStatus.CANCELLED, SOURCING,
                    "out of stock: " + describe(unavailable.plan().backordered()));
            return orders.findStatus(orderId).orElseThrow().name();
        }
        if (plan.fullyBackordered()) {
            if (from != OrderStatus.BACKORDERED) {
                lifecycle.advance(orderId, from, OrderStatus.BACKORDERED, SOURCING,
                        "backordered: " + describe(plan.backordered()));
            }
            return orders.findStatus(orderId).orElseThrow().name();
        }
        var outcome = lifecycle.advance(orderId, from, OrderStatus.RESERVED, SOURCING,
                "reserved at " + plan.fulfilments().stream().map(PlannedFulfilment::locationId).collect(Collectors.joining(", "))
                        + (plan.hasBackorders() ? "; backordered: " + describe(plan.backordered()) : ""));
        // an order resumed after a failure may keep fulfilment orders that were already released
        if (outcome == OrderLifecycle.Outcome.APPLIED && fulfilments.forOrder(orderId).isEmpty()) {
            int number = 0;
            for (PlannedFulfilment planned : plan.fulfilments()) {
                number++;
                fulfilments.insert(new FulfilmentOrder(orderId + "-F" + number, orderId, planned.locationId(),
                        planned.locationType().name(), FulfilmentOrder.Status.PLANNED,
                        planned.lines().stream().map(line -> new FulfilmentOrder.Line(line.lineNumber(), line.sku(),
                                line.quantity(), line.personalisation())).toList(), null));
            }
            promises.promise(order);
        }
        if (outcome == OrderLifecycle.Outcome.APPLIED) {
            lifecycle.transition(orderId, OrderStatus.SOURCED, SOURCING, reason(plan.decisions()));
        }
        return orders.findStatus(orderId).orElseThrow().name();
    }

    /**
     * The history reason of the move to SOURCED: which rule placed which lines, e.g.
     * {@code "line 1: single-location"} or {@code "lines 1-40, 42: split-shipment; line 41: personalisation"}.
     * Runs of lines under the same rule are collapsed, so the reason stays short for large orders
     * (one entry per line overflowed the history's 1,000-character reason for 100-line orders).
     */
    static String reason(List<io.orderhub.sourcing.RuleDecision> decisions) {
        java.util.Map<String, List<Integer>> byRule = new java.util.LinkedHashMap<>();
        for (var decision : decisions) {
            byRule.computeIfAbsent(decision.rule(), rule -> new java.util.ArrayList<>()).add(decision.lineNumber());
        }
        return byRule.entrySet().stream()
                .map(entry -> (entry.getValue().size() == 1 ? "line " : "lines ") + ranges(entry.getValue()) + ": " + entry.getKey())
                .collect(Collectors.joining("; "));
    }

    private static String ranges(List<Integer> numbers) {
        List<Integer> sorted = numbers.stream().sorted().distinct().toList();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(sorted.get(i));
            if (j > i) {
                out.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }

    /** One event per fulfilment order still waiting to be released: the split the release stage consumes. */
    public List<String> pendingReleases(String orderId) {
        return fulfilments.forOrder(orderId).stream()
                .filter(fulfilment -> fulfilment.status() == FulfilmentOrder.Status.PLANNED)
                .map(fulfilment -> mapper.createObjectNode()
                        .put("orderId", orderId).put("fulfilmentOrderId", fulfilment.id()).toString())
                .toList();
    }

    /**
     * Compensation: gives back the stock the order holds, unless part of it was already released
     * to a site (that site ships it: its stock stays held until the shipment consumes it).
     */
    @Transactional
    public void releaseStock(String orderId, String reason) {
        if (fulfilments.forOrder(orderId).stream().allMatch(each -> each.status() == FulfilmentOrder.Status.PLANNED)) {
            reservations.release(orderId, reason);
        }
    }

    /**
     * Before a compensated order re-enters the pipeline: if its stock was given back, its plan
     * and unreleased fulfilment orders are forgotten so sourcing reserves and plans afresh.
     */
    @Transactional
    public void prepareToResume(String orderId) {
        var existing = fulfilments.forOrder(orderId);
        boolean nothingReleased = existing.stream().allMatch(each -> each.status() == FulfilmentOrder.Status.PLANNED);
        if (nothingReleased) {
            sourcing.forgetReleasedPlan(orderId);
            fulfilments.deleteForOrder(orderId);
        }
    }

    private static String describe(List<PlannedLine> lines) {
        return lines.stream().map(line -> line.quantity() + " x " + line.sku()).collect(Collectors.joining(", "));
    }
}
