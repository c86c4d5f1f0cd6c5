package io.orderhub.inventory;

import io.orderhub.delivery.DeliveryRules;
import io.orderhub.sourcing.LocationType;
import io.orderhub.sourcing.SourcingRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * What storefronts show on a product page: how many units of each SKU can still be promised,
 * where, and whether it can be shipped or picked up near the shopper. One indexed query on
 * the stock table; no partner is asked.
 */
@Service
public class Availability {

    /**
     * @param distanceKm from the shopper's postal region, or null when that is unknown
     */
    public record AtLocation(String locationId, String name, LocationType type, int available, boolean ships,
                             boolean pickup, Double distanceKm) {
    }

    /**
     * @param available       available-to-promise over all locations
     * @param canShip         some location that may ship it has it
     * @param canPickUpNearby some pickup store within the pickup distance has it; null without a known postal code
     */
    public record OfSku(String sku, int available, boolean canShip, Boolean canPickUpNearby, List<AtLocation> locations) {
    }

    public record Answer(String postalCode, String country, String region, List<OfSku> items) {
    }

    private final StockRepository stock;
    private final Locations locations;
    private final PostalRegions regions;
    private final SourcingRules sourcing;
    private final DeliveryRules delivery;

    public Availability(StockRepository stock, Locations locations, PostalRegions regions, SourcingRules sourcing,
                        DeliveryRules delivery) {
        this.stock = stock;
        this.locations = locations;
        this.regions = regions;
        this.sourcing = sourcing;
        this.delivery = delivery;
    }

    /** {@code postalCode} may be null: then distances and pickup nearby are unknown. */
    public Answer of(List<String> skus, String postalCode, String country) {
        Optional<PostalRegion> region = postalCode == null ? Optional.empty() : regions.find(country, postalCode);
        LinkedHashSet<String> distinct = new LinkedHashSet<>(skus);
        Map<String, List<StockLevel>> bySku = stock.forSkus(distinct).stream()
                .filter(level -> locations.find(level.locationId()).isPresent())
                .collect(Collectors.groupingBy(StockLevel::sku));
        List<OfSku> items = new ArrayList<>();
        for (String sku : distinct) {
            List<AtLocation> at = new ArrayList<>();
            boolean canShip = false;
            boolean nearby = false;
            for (StockLevel level : bySku.getOrDefault(sku, List.of())) {
                Location location = locations.get(level.locationId());
                Double distance = region.map(r -> Math.round(location.position().distanceKm(r.centre()) * 10) / 10.0).orElse(null);
                boolean ships = shipsThis(location, sku);
                boolean pickup = location.can(Capability.PICKUP);
                at.add(new AtLocation(location.id(), location.name(), location.type(), level.available(), ships, pickup, distance));
                canShip |= ships && level.available() > 0;
                nearby |= pickup && level.available() > 0 && distance != null && distance <= delivery.pickup().maxDistanceKm();
            }
            at.sort(Comparator.comparing((AtLocation location) -> location.distanceKm() == null ? Double.MAX_VALUE : location.distanceKm())
                    .thenComparing(AtLocation::locationId));
            int total = at.stream().mapToInt(AtLocation::available).sum();
            items.add(new OfSku(sku, total, canShip, region.isPresent() ? nearby : null, at));
        }
        return new Answer(postalCode, country, region.map(PostalRegion::name).orElse(null), items);
    }

    /** Ordinary lines ship from the configured location types; a workshop ships the SKUs it personalises. */
    private boolean shipsThis(Location location, String sku) {
        if (!location.can(Capability.SHIPS)) {
            return false;
        }
        return sourcing.shipFrom().contains(location.type())
                || sourcing.workshopFor(sku).map(rule -> rule.workshop().equals(location.id())).orElse(false);
    }
}
