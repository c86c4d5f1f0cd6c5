package io.orderhub.inventory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stock held for orders after sourcing reserved it (io.orderhub.sourcing.SourcingService), until
 * it ships ({@link #consume}) or is given back ({@link #release}, {@link #releaseLines},
 * {@link #expireStale}). Each method joins the caller's transaction when there is one, so a
 * pipeline stage can record the order's status change and the stock change as one unit: a
 * redelivered message then finds both done or neither.
 */
@Service
public class Reservations {

    private static final Logger log = LoggerFactory.getLogger(Reservations.class);

    private final ReservationRepository reservations;
    private final StockRepository stock;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public Reservations(ReservationRepository reservations, StockRepository stock, TransactionTemplate transaction, Clock clock) {
        this.reservations = reservations;
        this.stock = stock;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Gives back everything still held for the order (cancel, payment decline, fraud reject).
     * Idempotent: a second call finds nothing held and changes nothing.
     */
    @Transactional
    public void release(String orderId, String reason) {
        Instant now = clock.instant();
        for (ReservationRepository.Held row : reservations.lockOrder(orderId)) {
            if (row.quantity() > 0) {
                stock.unreserve(row.locationId(), row.sku(), row.quantity(), now);
                reservations.release(row, row.quantity(), reason);
            }
        }
    }

    /**
     * Gives back {@code quantity} units of one line (a partial cancel), from the line's
     * locations in location-id order. Units beyond what is still held (already shipped, or never
     * reserved because backordered) are ignored. Not idempotent on its own, because it says how
     * many units to release now: call it in the transaction that records the cancellation.
     */
    @Transactional
    public void releaseLines(String orderId, int lineNumber, int quantity, String reason) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity to release must be positive, not " + quantity);
        }
        Instant now = clock.instant();
        int remaining = quantity;
        for (ReservationRepository.Held row : reservations.lockOrder(orderId)) {
            if (row.lineNumber() != lineNumber || row.quantity() == 0 || remaining == 0) {
                continue;
            }
            int released = Math.min(remaining, row.quantity());
            stock.unreserve(row.locationId(), row.sku(), released, now);
            reservations.release(row, released, reason);
            remaining -= released;
        }
        if (remaining > 0) {
            log.info("order {} line {}: {} of {} unit(s) to release were not held", orderId, lineNumber, remaining, quantity);
        }
    }

    /**
     * Gives back {@code quantity} units of one line held at one location (a partial cancel of a
     * fulfilment order not yet released): units held elsewhere for the line stay held. Like
     * {@link #releaseLines}, call it in the transaction that records the cancellation.
     */
    @Transactional
    public void releaseLineAt(String orderId, int lineNumber, String locationId, int quantity, String reason) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity to release must be positive, not " + quantity);
        }
        Instant now = clock.instant();
        int remaining = quantity;
        for (ReservationRepository.Held row : reservations.lockOrder(orderId)) {
            if (row.lineNumber() != lineNumber || !row.locationId().equals(locationId) || row.quantity() == 0 || remaining == 0) {
                continue;
            }
            int released = Math.min(remaining, row.quantity());
            stock.unreserve(row.locationId(), row.sku(), released, now);
            reservations.release(row, released, reason);
            remaining -= released;
        }
    }

    /**
     * Records a shipment: held units leave on-hand stock and the hold together.
     * {@code quantity} is CUMULATIVE: the total of this SKU shipped so far for the order from
     * this location. Only the increase over what was recorded before is applied, so a repeated
     * or late shipment event changes nothing, and a second parcel passes the new total.
     * Units shipped beyond what is still held (the hold expired or was released) come off
     * on-hand stock directly, if that many unreserved units are there.
     *
     * @throws IllegalArgumentException if the order never had this SKU reserved at this location
     * @throws InsufficientStockException if shipped units exceed both the hold and the unreserved stock
     */
    @Transactional
    public void consume(String orderId, String locationId, String sku, int quantity) {
        Instant now = clock.instant();
        List<ReservationRepository.Held> rows = reservations.lockOrder(orderId).stream()
                .filter(row -> row.locationId().equals(locationId) && row.sku().equals(sku))
                .toList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("order " + orderId + " has no " + sku + " reserved at " + locationId);
        }
        int recorded = rows.stream().mapToInt(ReservationRepository.Held::consumed).sum();
        int increase = quantity - recorded;
        if (increase <= 0) {
            return;
        }
        int remaining = increase;
        for (ReservationRepository.Held row : rows) {
            int fromHold = Math.min(remaining, row.quantity());
            if (fromHold > 0) {
                stock.ship(locationId, sku, fromHold, now);
                reservations.consume(row, fromHold, fromHold);
                remaining -= fromHold;
            }
        }
        if (remaining > 0) {
            if (!stock.shipUnreserved(locationId, sku, remaining, now)) {
                throw new InsufficientStockException(locationId, sku, "order " + orderId + " shipped " + remaining
                        + " unit(s) more than it holds, and fewer unreserved units are on hand");
            }
            log.warn("order {} shipped {} unit(s) of {} from {} that were no longer reserved for it", orderId, remaining, sku, locationId);
            reservations.consume(rows.get(0), 0, remaining);
        }
    }

    /**
     * Releases the stock of orders whose reservations outlived the configured TTL without any
     * shipment starting (a stuck or abandoned order must not hold stock forever). An order that
     * has begun shipping keeps its holds. Each order is released in its own transaction.
     *
     * @return how many orders had their reservations released
     */
    public int expireStale() {
        Instant now = clock.instant();
        int expired = 0;
        for (String orderId : reservations.staleOrders(now)) {
            Boolean released = transaction.execute(tx -> releaseIfStale(orderId, now));
            if (Boolean.TRUE.equals(released)) {
                expired++;
                log.warn("order {}: stock reservations expired unconsumed and were released", orderId);
            }
        }
        return expired;
    }

    /** Re-checked under the rows' locks: the order may have started shipping since it was found. */
    private boolean releaseIfStale(String orderId, Instant now) {
        List<ReservationRepository.Held> rows = reservations.lockOrder(orderId);
        boolean shipping = rows.stream().anyMatch(row -> row.consumed() > 0);
        boolean stale = rows.stream().anyMatch(row -> row.quantity() > 0 && !row.expiresAt().isAfter(now));
        if (shipping || !stale) {
            return false;
        }
        for (ReservationRepository.Held row : rows) {
            if (row.quantity() > 0) {
                stock.unreserve(row.locationId(), row.sku(), row.quantity(), now);
                reservations.release(row, row.quantity(), "reservation expired unconsumed");
            }
        }
        return true;
    }
}
