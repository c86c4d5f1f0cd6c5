package io.orderhub.inventory;

import io.orderhub.order.Violation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operators' stock changes (counts, deliveries, write-offs). On-hand stock may never drop
 * below what is reserved for orders: such a change is refused, not clamped, because the
 * reserved units belong to orders that still expect them.
 */
@Service
public class StockAdmin {

    /** The most units one stock row may hold; keeps sums far from integer overflow. */
    public static final int MAX_UNITS = 1_000_000_000;

    /** Set on-hand to {@code onHand}, or change it by {@code delta}: exactly one of the two. */
    public record Adjustment(String locationId, String sku, Integer delta, Integer onHand) {
    }

    private final StockRepository stock;
    private final Locations locations;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public StockAdmin(StockRepository stock, Locations locations, TransactionTemplate transaction, Clock clock) {
        this.stock = stock;
        this.locations = locations;
        this.transaction = transaction;
        this.clock = clock;
    }

    public boolean locationIsUnknown(String locationId) {
        return locations.find(locationId).isEmpty();
    }

    /** The stock of a SKU at a configured location; all zero if it never held any. */
    public StockLevel get(String locationId, String sku) {
        locations.get(locationId);
        return stock.find(locationId, sku).orElse(StockLevel.none(locationId, sku));
    }

    /** Sets on-hand and, if given, safety stock (else it stays as it is). */
    public StockLevel set(String locationId, String sku, int onHand, Integer safetyStock) {
        locations.get(locationId);
        return retryingNewRow(() -> transaction.execute(tx -> {
            Instant now = clock.instant();
            stock.ensureRow(locationId, sku, now);
            StockLevel current = stock.lock(locationId, sku).orElseThrow();
            if (onHand < current.reserved()) {
                throw new StockConflictException(List.of(new Violation("/onHand", belowReserved(current, onHand))));
            }
            stock.set(locationId, sku, onHand, safetyStock == null ? current.safetyStock() : safetyStock, now);
            return stock.find(locationId, sku).orElseThrow();
        }));
    }

    /**
     * Applies every adjustment or none. Rows are changed in (location, SKU) order so that two
     * concurrent batches cannot deadlock; adjustments of the same row apply in the order given.
     *
     * @return the resulting stock of each row touched, in (location, SKU) order
     */
    public List<StockLevel> adjust(List<Adjustment> adjustments) {
        List<Integer> order = IntStream.range(0, adjustments.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> adjustments.get(i).locationId())
                        .thenComparing(i -> adjustments.get(i).sku()))
                .toList();
        return retryingNewRow(() -> transaction.execute(tx -> {
            Instant now = clock.instant();
            List<Violation> conflicts = new ArrayList<>();
            for (int i : order) {
                Adjustment adjustment = adjustments.get(i);
                stock.ensureRow(adjustment.locationId(), adjustment.sku(), now);
                StockLevel current = stock.lock(adjustment.locationId(), adjustment.sku()).orElseThrow();
                long target = adjustment.delta() != null ? (long) current.onHand() + adjustment.delta() : adjustment.onHand();
                String field = "/adjustments/" + i + (adjustment.delta() != null ? "/delta" : "/onHand");
                if (target < current.reserved()) {
                    conflicts.add(new Violation(field, belowReserved(current, target)));
                } else if (target > MAX_UNITS) {
                    conflicts.add(new Violation(field, "would leave " + target + " units on hand; at most " + MAX_UNITS));
                } else {
                    stock.set(adjustment.locationId(), adjustment.sku(), (int) target, current.safetyStock(), now);
                }
            }
            if (!conflicts.isEmpty()) {
                conflicts.sort(Comparator.comparing(Violation::pointer));
                throw new StockConflictException(conflicts);
            }
            List<StockLevel> result = new ArrayList<>();
            order.stream().map(adjustments::get).map(a -> List.of(a.locationId(), a.sku())).distinct()
                    .forEach(key -> result.add(stock.find(key.get(0), key.get(1)).orElseThrow()));
            return result;
        }));
    }

    private static String belowReserved(StockLevel current, long onHand) {
        return "would leave " + onHand + " unit(s) of " + current.sku() + " on hand at " + current.locationId() + ", fewer than the "
                + current.reserved() + " reserved for orders; release or ship those first";
    }

    /** Two first writes of the same new (location, SKU) race on its insert: the loser simply runs again. */
    private static <T> T retryingNewRow(Supplier<T> work) {
        try {
            return work.get();
        } catch (DuplicateKeyException raceOnNewRow) {
            return work.get();
        }
    }
}
