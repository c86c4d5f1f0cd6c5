package io.orderhub.sourcing;

import io.orderhub.inventory.Capability;
import io.orderhub.inventory.GeoPosition;
import io.orderhub.inventory.Location;
import io.orderhub.inventory.Locations;
import io.orderhub.inventory.WhenUnavailable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides where each order line comes from, on a snapshot of available-to-promise stock. The
 * rules apply in this order, each to the lines the earlier ones left:
 * <ol>
 *   <li>personalised lines go to the workshop the sourcing rules name for their SKU;</li>
 *   <li>pickup lines are held at the store the customer chose;</li>
 *   <li>the remaining (shipped) lines all come from one location if one can fill them all:
 *       the nearest to the customer;</li>
 *   <li>else from the fewest locations that can fill them together (split shipment), up to
 *       the configured maximum; among equally few, the smallest total distance;</li>
 *   <li>what no location can supply is backordered, or the order refused, per configuration.</li>
 * </ol>
 * Ties are broken by distance and then by location id, so the same stock always gives the same
 * plan. Pure: it reads no database and reserves nothing.
 */
public class SourcingPlanner {

    /** One order line as sourcing sees it; {@code pickupStoreId} is null for a shipped line. */
    public record Demand(int lineNumber, String sku, int quantity, String personalisation, String pickupStoreId) {
    }

    /** Where shipped lines go. {@code position} is null when the postal code is in no known region. */
    public record Destination(String postalCode, String country, GeoPosition position) {
    }

    /** Available-to-promise units are looked up by location and SKU. */
    public record StockKey(String locationId, String sku) {
    }

    private record Candidate(Location location, double distanceKm) {
        String id() {
            return location.id();
        }
    }

    private record Combination(List<Candidate> members, int covered, double distanceKm, String key) {
    }

    private final Locations locations;
    private final SourcingRules rules;
    private final WhenUnavailable whenUnavailable;

    public SourcingPlanner(Locations locations, SourcingRules rules, WhenUnavailable whenUnavailable) {
        this.locations = locations;
        this.rules = rules;
        this.whenUnavailable = whenUnavailable;
    }

    public WhenUnavailable whenUnavailable() {
        return whenUnavailable;
    }

    public FulfilmentPlan plan(String orderId, List<Demand> lines, Destination destination, Map<StockKey, Integer> available) {
        Work work = new Work(available);
        List<Demand> shipped = new ArrayList<>();
        for (Demand line : lines) {
            if (line.personalisation() != null) {
                personalised(line, work);
            } else if (line.pickupStoreId() != null) {
                pickup(line, work);
            } else {
                shipped.add(line);
            }
        }
        ship(shipped, destination, work);
        return work.toPlan(orderId);
    }

    private void personalised(Demand line, Work work) {
        Optional<SourcingRules.WorkshopRule> rule = rules.workshopFor(line.sku());
        if (rule.isEmpty()) {
            shortfall(work, line, 0, "personalised, but no personalisation rule names a workshop for SKU " + line.sku());
            return;
        }
        String workshop = rule.get().workshop();
        int placed = work.take(workshop, line, line.quantity());
        String why = "personalised: " + workshop + " makes " + rule.get().skus();
        if (placed == line.quantity()) {
            work.decide(line, RuleDecision.PERSONALISATION, why + " and has the " + units(placed) + " to personalise");
        } else {
            shortfall(work, line, placed, why + ", but has only " + placed + " of " + units(line.quantity()));
        }
    }

    private void pickup(Demand line, Work work) {
        Optional<Location> store = locations.find(line.pickupStoreId()).filter(location -> location.can(Capability.PICKUP));
        if (store.isEmpty()) {
            shortfall(work, line, 0, "to be picked up at '" + line.pickupStoreId() + "', which is not a pickup location");
            return;
        }
        int placed = work.take(store.get().id(), line, line.quantity());
        String why = "picked up at " + store.get().id() + " as the customer chose";
        if (placed == line.quantity()) {
            work.decide(line, RuleDecision.PICKUP, why + "; the store has the " + units(placed));
        } else {
            shortfall(work, line, placed, why + ", which has only " + placed + " of " + units(line.quantity()));
        }
    }

    private void ship(List<Demand> shipped, Destination destination, Work work) {
        if (shipped.isEmpty()) {
            return;
        }
        Map<String, Integer> demand = new LinkedHashMap<>();
        shipped.forEach(line -> demand.merge(line.sku(), line.quantity(), Integer::sum));
        List<Candidate> candidates = locations.all().stream()
                .filter(location -> rules.shipFrom().contains(location.type()) && location.can(Capability.SHIPS))
                .filter(location -> demand.keySet().stream().anyMatch(sku -> work.available(location.id(), sku) > 0))
                .map(location -> new Candidate(location, distance(location, destination)))
                .sorted(Comparator.comparingDouble(Candidate::distanceKm).thenComparing(Candidate::id))
                .toList();
        String ranking = destination.position() == null
                ? " (distance to postal code " + destination.postalCode() + " unknown, so by location id)"
                : "";
        if (candidates.isEmpty()) {
            for (Demand line : shipped) {
                shortfall(work, line, 0, "shipped, but no location that ships has SKU " + line.sku());
            }
            return;
        }
        List<Candidate> fillEverything = candidates.stream()
                .filter(candidate -> demand.entrySet().stream()
                        .allMatch(need -> work.available(candidate.id(), need.getKey()) >= need.getValue()))
                .toList();
        if (!fillEverything.isEmpty()) {
            Candidate nearest = fillEverything.get(0);
            String why = nearest.id() + " can ship every shipped line; " + (destination.position() == null
                    ? "first" + ranking : "nearest to the customer (" + km(nearest) + ")")
                    + " of " + fillEverything.size() + " location(s) that can";
            for (Demand line : shipped) {
                work.take(nearest.id(), line, line.quantity());
                work.decide(line, RuleDecision.SINGLE_LOCATION, why);
            }
            return;
        }
        List<Candidate> pool = candidates.subList(0, Math.min(candidates.size(), rules.candidateLimit()));
        int wanted = demand.values().stream().mapToInt(Integer::intValue).sum();
        Combination best = bestCombination(pool, demand, work, wanted);
        String members = best.members().stream()
                .map(member -> destination.position() == null ? member.id() : member.id() + " (" + km(member) + ")")
                .collect(Collectors.joining(", "));
        String why = best.covered() == wanted
                ? "no single location can ship every shipped line; the fewest that can together are " + best.members().size()
                        + ": " + members + ranking
                : "no " + rules.maxLocations() + " or fewer locations can ship every shipped line together; the "
                        + (best.members().size() == 1 ? "location" : "locations") + " covering most units: " + members + ranking;
        String rule = best.members().size() == 1 ? RuleDecision.SINGLE_LOCATION : RuleDecision.SPLIT_SHIPMENT;
        for (Demand line : shipped) {
            Map<String, Integer> from = assign(line, best.members(), work);
            int placed = from.values().stream().mapToInt(Integer::intValue).sum();
            String source = from.isEmpty() ? "" : "; this line from " + from.entrySet().stream()
                    .map(part -> part.getKey() + " (" + part.getValue() + ")").collect(Collectors.joining(" and "));
            if (placed == line.quantity()) {
                work.decide(line, rule, why + source);
            } else {
                shortfall(work, line, placed, why + source);
            }
        }
    }

    /**
     * Of all sets of up to maxLocations candidates: the one covering most units, then the one
     * with fewest locations, then the smallest total distance, then by location ids.
     */
    private Combination bestCombination(List<Candidate> pool, Map<String, Integer> demand, Work work, int wanted) {
        Combination best = null;
        for (int size = 1; size <= Math.min(rules.maxLocations(), pool.size()); size++) {
            int[] index = new int[size];
            for (int i = 0; i < size; i++) {
                index[i] = i;
            }
            while (true) {
                List<Candidate> members = new ArrayList<>(size);
                for (int i : index) {
                    members.add(pool.get(i));
                }
                Combination combination = evaluate(members, demand, work);
                if (best == null || better(combination, best)) {
                    best = combination;
                }
                if (!nextCombination(index, pool.size())) {
                    break;
                }
            }
            if (best.covered() == wanted) {
                break; // fewer locations always win: no larger set can beat a full cover of this size
            }
        }
        return best;
    }

    private static Combination evaluate(List<Candidate> members, Map<String, Integer> demand, Work work) {
        int covered = 0;
        for (var need : demand.entrySet()) {
            int held = members.stream().mapToInt(member -> work.available(member.id(), need.getKey())).sum();
            covered += Math.min(need.getValue(), held);
        }
        double distance = members.stream().mapToDouble(Candidate::distanceKm).sum();
        String key = members.stream().map(Candidate::id).sorted().collect(Collectors.joining(","));
        return new Combination(members, covered, distance, key);
    }

    private static boolean better(Combination candidate, Combination best) {
        if (candidate.covered() != best.covered()) {
            return candidate.covered() > best.covered();
        }
        if (candidate.members().size() != best.members().size()) {
            return candidate.members().size() < best.members().size();
        }
        int byDistance = Double.compare(candidate.distanceKm(), best.distanceKm());
        if (byDistance != 0) {
            return byDistance < 0;
        }
        return candidate.key().compareTo(best.key()) < 0;
    }

    /** Advances to the next k-subset of 0..n-1 in lexicographic order; false after the last. */
    private static boolean nextCombination(int[] index, int n) {
        int k = index.length;
        int i = k - 1;
        while (i >= 0 && index[i] == n - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        index[i]++;
        for (int j = i + 1; j < k; j++) {
            index[j] = index[j - 1] + 1;
        }
        return true;
    }

    /** A whole line from the nearest member that has it all; else spread over the members, nearest first. */
    private static Map<String, Integer> assign(Demand line, List<Candidate> members, Work work) {
        Map<String, Integer> from = new LinkedHashMap<>();
        for (Candidate member : members) {
            if (work.available(member.id(), line.sku()) >= line.quantity()) {
                from.put(member.id(), work.take(member.id(), line, line.quantity()));
                return from;
            }
        }
        int missing = line.quantity();
        for (Candidate member : members) {
            int taken = work.take(member.id(), line, missing);
            if (taken > 0) {
                from.put(member.id(), taken);
                missing -= taken;
            }
        }
        return from;
    }

    private void shortfall(Work work, Demand line, int placed, String why) {
        int missing = line.quantity() - placed;
        work.backorder(line, missing);
        String outcome = whenUnavailable == WhenUnavailable.REFUSE
                ? "; " + units(missing) + " unavailable, so the order is refused (when-unavailable: refuse)"
                : "; " + units(missing) + " backordered until stock arrives";
        work.decide(line, whenUnavailable == WhenUnavailable.REFUSE ? RuleDecision.REFUSE : RuleDecision.BACKORDER, why + outcome);
    }

    private static double distance(Location location, Destination destination) {
        return destination.position() == null ? Double.POSITIVE_INFINITY : location.position().distanceKm(destination.position());
    }

    private static String km(Candidate candidate) {
        return String.format(Locale.ROOT, "%.0f km", candidate.distanceKm());
    }

    private static String units(int count) {
        return count + (count == 1 ? " unit" : " units");
    }

    /** The plan being built: stock still unclaimed, what is placed where, and why. */
    private final class Work {

        private final Map<StockKey, Integer> available;
        private final Map<String, Map<Integer, Integer>> placed = new TreeMap<>();
        private final Map<Integer, Integer> backordered = new TreeMap<>();
        private final Map<Integer, RuleDecision> decisions = new TreeMap<>();
        private final Map<Integer, Demand> lines = new HashMap<>();

        Work(Map<StockKey, Integer> available) {
            this.available = new HashMap<>(available);
        }

        int available(String locationId, String sku) {
            return Math.max(0, available.getOrDefault(new StockKey(locationId, sku), 0));
        }

        int take(String locationId, Demand line, int wanted) {
            lines.put(line.lineNumber(), line);
            int taken = Math.min(wanted, available(locationId, line.sku()));
            if (taken > 0) {
                available.put(new StockKey(locationId, line.sku()), available(locationId, line.sku()) - taken);
                placed.computeIfAbsent(locationId, id -> new TreeMap<>()).merge(line.lineNumber(), taken, Integer::sum);
            }
            return taken;
        }

        void backorder(Demand line, int quantity) {
            lines.put(line.lineNumber(), line);
            if (quantity > 0) {
                backordered.merge(line.lineNumber(), quantity, Integer::sum);
            }
        }

        void decide(Demand line, String rule, String explanation) {
            decisions.put(line.lineNumber(), new RuleDecision(line.lineNumber(), rule, explanation));
        }

        FulfilmentPlan toPlan(String orderId) {
            List<PlannedFulfilment> fulfilments = new ArrayList<>();
            placed.forEach((locationId, byLine) -> fulfilments.add(new PlannedFulfilment(locationId,
                    locations.get(locationId).type(), plannedLines(byLine))));
            return new FulfilmentPlan(orderId, fulfilments, plannedLines(backordered), List.copyOf(decisions.values()));
        }

        private List<PlannedLine> plannedLines(Map<Integer, Integer> quantities) {
            List<PlannedLine> planned = new ArrayList<>();
            quantities.forEach((lineNumber, quantity) -> {
                Demand line = lines.get(lineNumber);
                planned.add(new PlannedLine(lineNumber, line.sku(), quantity, line.personalisation()));
            });
            return planned;
        }
    }
}
