package io.orderhub.delivery;

import io.orderhub.inventory.Capability;
import io.orderhub.inventory.Location;
import io.orderhub.inventory.Locations;
import io.orderhub.inventory.PostalRegion;
import io.orderhub.inventory.PostalRegions;
import io.orderhub.inventory.StockLevel;
import io.orderhub.inventory.StockRepository;
import io.orderhub.sourcing.FulfilmentPlan;
import io.orderhub.sourcing.PlannedFulfilment;
import io.orderhub.sourcing.PlannedLine;
import io.orderhub.sourcing.SourcingPlanner;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The delivery options a basket can really get at a postal code, with the date each promises:
 * the basket is sourced as an order would be (without reserving), and an option is offered only
 * if every location it would ship from can honour it. Carrier prices are not part of this: the
 * carrier connector adds them where one is configured.
 */
@Service
public class DeliveryOptions {

    /** What the shopper wants: a quantity of one SKU. */
    public record Item(String sku, int quantity) {
    }

    /**
     * A way the basket can reach the shopper.
     *
     * @param promisedDate the day it arrives (shipping) or is ready (pickup), in the location's calendar
     * @param orderBy      the order must be placed before this instant for that promise
     * @param locationIds  where it ships from, or the pickup store
     * @param distanceKm   pickup only: the store's distance from the postal code
     */
    public record Offer(String id, String name, LocalDate promisedDate, Instant orderBy, List<String> locationIds,
                        Zone zone, Double distanceKm) {
    }

    /** A SKU (some of) whose quantity no location can supply, so no shipping option can be promised. */
    public record Shortage(String sku, int missing) {
    }

    public record Answer(String postalCode, String country, String region, List<Item> items, List<Offer> options,
                         List<Shortage> unavailable) {
    }

    private final DeliveryRules rules;
    private final SourcingPlanner planner;
    private final Locations locations;
    private final PostalRegions regions;
    private final StockRepository stock;
    private final Clock clock;

    public DeliveryOptions(DeliveryRules rules, SourcingPlanner planner, Locations locations, PostalRegions regions,
                           StockRepository stock, Clock clock) {
        this.rules = rules;
        this.planner = planner;
        this.locations = locations;
        this.regions = regions;
        this.stock = stock;
        this.clock = clock;
    }

    public Answer options(List<Item> items, String postalCode, String country) {
        Instant now = clock.instant();
        Optional<PostalRegion> region = regions.find(country, postalCode);
        List<SourcingPlanner.Demand> demand = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            demand.add(new SourcingPlanner.Demand(i + 1, items.get(i).sku(), items.get(i).quantity(), null, null));
        }
        LinkedHashSet<String> skus = new LinkedHashSet<>();
        items.forEach(item -> skus.add(item.sku()));
        Map<SourcingPlanner.StockKey, Integer> available = new HashMap<>();
        for (StockLevel level : stock.forSkus(skus)) {
            if (locations.find(level.locationId()).isPresent()) {
                available.put(new SourcingPlanner.StockKey(level.locationId(), level.sku()), level.available());
            }
        }
        FulfilmentPlan plan = planner.plan(null, demand,
                new SourcingPlanner.Destination(postalCode, country, region.map(PostalRegion::centre).orElse(null)), available);
        List<Offer> offers = new ArrayList<>();
        List<Shortage> shortages = shortages(plan);
        if (shortages.isEmpty()) {
            for (DeliveryRules.Option option : rules.options()) {
                shipping(option, plan, country, region.orElse(null), now).ifPresent(offers::add);
            }
        }
        offers.addAll(pickups(items, region.orElse(null), available, now));
        return new Answer(postalCode, country, region.map(PostalRegion::name).orElse(null), List.copyOf(items), offers, shortages);
    }

    /**
     * The day goods a location dispatches now for the order's delivery option are promised to
     * arrive, or to be ready at that store for {@code pickup}: what the customer's tracking shows
     * until the carrier estimates. Empty when the option is not offered from there (unknown
     * option, zone not served, a capability missing, same-day after the cut-off).
     */
    public Optional<LocalDate> promise(String optionId, String locationId, String country, String postalCode) {
        Optional<Location> location = locations.find(locationId);
        if (optionId == null || location.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if ("pickup".equals(optionId)) {
            return Optional.of(readyForPickup(location.get(), now).date());
        }
        PostalRegion region = regions.find(country, postalCode).orElse(null);
        return rules.options().stream().filter(option -> option.id().equals(optionId)).findFirst()
                .flatMap(option -> arrival(option, location.get(), country, region, now))
                .map(Arrival::date);
    }

    /** When goods dispatched from one location for an option arrive, and by when to order for that. */
    private record Arrival(LocalDate date, Instant orderBy, Zone zone) {
    }

    private Optional<Arrival> arrival(DeliveryRules.Option option, Location location, String country, PostalRegion region, Instant now) {
        Zone zone = Zone.between(location, country, region);
        Optional<Integer> transit = option.transitDays(zone);
        if (transit.isEmpty() || (option.requires() != null && !location.can(option.requires()))) {
            return Optional.empty();
        }
        DeliveryCalendar.Dispatch dispatch = DeliveryCalendar.dispatch(location, option.cutOff(), now);
        if (transit.get() == 0 && !dispatch.date().equals(now.atZone(location.timeZone()).toLocalDate())) {
            return Optional.empty(); // same-day after today's cut-off would be a next-day promise
        }
        return Optional.of(new Arrival(
                DeliveryCalendar.arrival(dispatch.date(), transit.get(), option.carrierDays(), option.deliveryDays()),
                dispatch.orderBy(), zone));
    }

    private Optional<Offer> shipping(DeliveryRules.Option option, FulfilmentPlan plan, String country, PostalRegion region, Instant now) {
        LocalDate promised = null;
        Instant orderBy = null;
        Zone widest = null;
        List<String> from = new ArrayList<>();
        for (PlannedFulfilment fulfilment : plan.fulfilments()) {
            Location location = locations.get(fulfilment.locationId());
            Optional<Arrival> arrival = arrival(option, location, country, region, now);
            if (arrival.isEmpty()) {
                return Optional.empty();
            }
            promised = promised == null || arrival.get().date().isAfter(promised) ? arrival.get().date() : promised;
            orderBy = orderBy == null || arrival.get().orderBy().isBefore(orderBy) ? arrival.get().orderBy() : orderBy;
            widest = widest == null || arrival.get().zone().compareTo(widest) > 0 ? arrival.get().zone() : widest;
            from.add(location.id());
        }
        if (promised == null) {
            return Optional.empty();
        }
        return Optional.of(new Offer(option.id(), option.name(), promised, orderBy, from, widest, null));
    }

    /** Stores near the postal code that have every item, nearest first. */
    private List<Offer> pickups(List<Item> items, PostalRegion region, Map<SourcingPlanner.StockKey, Integer> available, Instant now) {
        if (region == null) {
            return List.of();
        }
        Map<String, Integer> wanted = new HashMap<>();
        items.forEach(item -> wanted.merge(item.sku(), item.quantity(), Integer::sum));
        List<Offer> offers = new ArrayList<>();
        locations.all().stream()
                .filter(location -> location.can(Capability.PICKUP))
                .filter(location -> wanted.entrySet().stream().allMatch(need ->
                        available.getOrDefault(new SourcingPlanner.StockKey(location.id(), need.getKey()), 0) >= need.getValue()))
                .map(location -> Map.entry(location, location.position().distanceKm(region.centre())))
                .filter(near -> near.getValue() <= rules.pickup().maxDistanceKm())
                .sorted(Comparator.comparingDouble((Map.Entry<Location, Double> near) -> near.getValue())
                        .thenComparing(near -> near.getKey().id()))
                .forEach(near -> {
                    Location store = near.getKey();
                    DeliveryCalendar.Dispatch ready = readyForPickup(store, now);
                    offers.add(new Offer("pickup", "Pick up at " + store.name(), ready.date(), ready.orderBy(), List.of(store.id()),
                            null, Math.round(near.getValue() * 10) / 10.0));
                });
        return offers;
    }

    /** The day a store has goods ordered now ready for pickup, and by when to order for that day. */
    private DeliveryCalendar.Dispatch readyForPickup(Location store, Instant now) {
        DeliveryCalendar.Dispatch ready = DeliveryCalendar.dispatch(store, null, now);
        LocalDate date = ready.date();
        for (int day = 0; day < rules.pickup().readyDays(); day++) {
            date = DeliveryCalendar.next(date, store.dispatchDays());
        }
        return new DeliveryCalendar.Dispatch(date, ready.orderBy());
    }

    private static List<Shortage> shortages(FulfilmentPlan plan) {
        Map<String, Integer> missing = new LinkedHashMap<>();
        for (PlannedLine line : plan.backordered()) {
            missing.merge(line.sku(), line.quantity(), Integer::sum);
        }
        return missing.entrySet().stream().map(entry -> new Shortage(entry.getKey(), entry.getValue())).toList();
    }
}
