package io.orderhub.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * Stock levels in SQL that runs unchanged on H2 and PostgreSQL. Every change that could
 * oversell is one conditional UPDATE whose WHERE clause re-checks the stock it needs; the
 * database evaluates it under the row lock, so concurrent orders cannot both take the last unit.
 */
@Repository
public class StockRepository {

    private static final String COLUMNS = "location_id, sku, on_hand, reserved, safety_stock, updated_at";
    private static final RowMapper<StockLevel> MAPPER = StockRepository::map;

    private final JdbcTemplate jdbc;

    public StockRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StockLevel> find(String locationId, String sku) {
        return jdbc.query("select " + COLUMNS + " from stock_levels where location_id = ? and sku = ?", MAPPER, locationId, sku)
                .stream().findFirst();
    }

    /** Every location's stock of these SKUs. */
    public List<StockLevel> forSkus(Collection<String> skus) {
        if (skus.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(skus.size(), "?"));
        return jdbc.query("select " + COLUMNS + " from stock_levels where sku in (" + marks + ") order by location_id, sku",
                MAPPER, skus.toArray());
    }

    /** The same rows, locked until the transaction ends, in one fixed order so that lockers never deadlock. */
    public List<StockLevel> lockForSkus(Collection<String> skus) {
        if (skus.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(skus.size(), "?"));
        return jdbc.query("select " + COLUMNS + " from stock_levels where sku in (" + marks + ") order by location_id, sku for update",
                MAPPER, skus.toArray());
    }

    /** Locks one row (if it exists) for a read-modify-write. */
    public Optional<StockLevel> lock(String locationId, String sku) {
        return jdbc.query("select " + COLUMNS + " from stock_levels where location_id = ? and sku = ? for update",
                MAPPER, locationId, sku).stream().findFirst();
    }

    /** Creates an empty row unless one exists, so that later updates have a row to change. */
    public void ensureRow(String locationId, String sku, Instant now) {
        jdbc.update("""
                insert into stock_levels (location_id, sku, on_hand, reserved, safety_stock, updated_at)
                select ?, ?, 0, 0, 0, ?
                where not exists (select 1 from stock_levels where location_id = ? and sku = ?)""",
                locationId, sku, utc(now), locationId, sku);
    }

    /** Sets on-hand and safety stock, unless that would leave fewer units on hand than are reserved. */
    public boolean set(String locationId, String sku, int onHand, int safetyStock, Instant now) {
        return jdbc.update("""
                update stock_levels set on_hand = ?, safety_stock = ?, updated_at = ?
                where location_id = ? and sku = ? and reserved <= ?""",
                onHand, safetyStock, utc(now), locationId, sku, onHand) == 1;
    }

    /** Adds (or with a negative delta removes) units on hand, unless fewer would remain than are reserved. */
    public boolean adjust(String locationId, String sku, int delta, Instant now) {
        return jdbc.update("""
                update stock_levels set on_hand = on_hand + ?, updated_at = ?
                where location_id = ? and sku = ? and on_hand + ? >= reserved""",
                delta, utc(now), locationId, sku, delta) == 1;
    }

    /** Reserves units if they are still available to promise; false when another order took them first. */
    public boolean reserve(String locationId, String sku, int quantity, Instant now) {
        return jdbc.update("""
                update stock_levels set reserved = reserved + ?, updated_at = ?
                where location_id = ? and sku = ? and on_hand - reserved - safety_stock >= ?""",
                quantity, utc(now), locationId, sku, quantity) == 1;
    }

    /** Gives reserved units back to sale. */
    public void unreserve(String locationId, String sku, int quantity, Instant now) {
        int updated = jdbc.update("""
                update stock_levels set reserved = reserved - ?, updated_at = ?
                where location_id = ? and sku = ? and reserved >= ?""",
                quantity, utc(now), locationId, sku, quantity);
        if (updated != 1) {
            // reservations and stock rows change together in one transaction: a mismatch is a bug, never guessed around
            throw new IllegalStateException("stock " + locationId + "/" + sku + " holds fewer than " + quantity + " reserved units");
        }
    }

    /** Shipped units leave the building: off on-hand and off reserved together. */
    public void ship(String locationId, String sku, int quantity, Instant now) {
        int updated = jdbc.update("""
                update stock_levels set reserved = reserved - ?, on_hand = on_hand - ?, updated_at = ?
                where location_id = ? and sku = ? and reserved >= ?""",
                quantity, quantity, utc(now), locationId, sku, quantity);
        if (updated != 1) {
            throw new IllegalStateException("stock " + locationId + "/" + sku + " holds fewer than " + quantity + " reserved units");
        }
    }

    /**
     * Shipped units that were no longer held for the order (its reservation expired or was
     * released): off on-hand only, and only if that many unreserved units are there.
     */
    public boolean shipUnreserved(String locationId, String sku, int quantity, Instant now) {
        return jdbc.update("""
                update stock_levels set on_hand = on_hand - ?, updated_at = ?
                where location_id = ? and sku = ? and on_hand - reserved >= ?""",
                quantity, utc(now), locationId, sku, quantity) == 1;
    }

    private static StockLevel map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime updated = rs.getObject("updated_at", OffsetDateTime.class);
        return new StockLevel(rs.getString("location_id"), rs.getString("sku"), rs.getInt("on_hand"),
                rs.getInt("reserved"), rs.getInt("safety_stock"), updated == null ? null : updated.toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
