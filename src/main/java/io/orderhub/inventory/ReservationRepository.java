package io.orderhub.inventory;

import static io.orderhub.inventory.StockRepository.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Rows of stock_reservations: units of one order line held at one location. */
@Repository
public class ReservationRepository {

    /** One reservation row as read (under lock) for a change. */
    public record Held(String orderId, int lineNumber, String locationId, String sku, int quantity, int consumed,
                       int released, Instant expiresAt) {
    }

    private static final String COLUMNS = "order_id, line_number, location_id, sku, quantity, consumed, released, expires_at";
    private static final RowMapper<Held> MAPPER = (rs, n) -> new Held(rs.getString("order_id"), rs.getInt("line_number"),
            rs.getString("location_id"), rs.getString("sku"), rs.getInt("quantity"), rs.getInt("consumed"),
            rs.getInt("released"), rs.getObject("expires_at", OffsetDateTime.class).toInstant());

    private final JdbcTemplate jdbc;

    public ReservationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String orderId, int lineNumber, String locationId, String sku, int quantity, Instant now, Instant expiresAt) {
        jdbc.update("""
                insert into stock_reservations (order_id, line_number, location_id, sku, quantity, consumed, released,
                                                created_at, expires_at)
                values (?, ?, ?, ?, ?, 0, 0, ?, ?)""",
                orderId, lineNumber, locationId, sku, quantity, utc(now), utc(expiresAt));
    }

    /** Every row of the order, locked, in the same (location, sku) order stock rows are locked in. */
    public List<Held> lockOrder(String orderId) {
        return jdbc.query("select " + COLUMNS + " from stock_reservations where order_id = ?"
                + " order by location_id, sku, line_number for update", MAPPER, orderId);
    }

    public List<Held> forOrder(String orderId) {
        return jdbc.query("select " + COLUMNS + " from stock_reservations where order_id = ?"
                + " order by location_id, sku, line_number", MAPPER, orderId);
    }

    /** Orders holding stock past its expiry that have not started shipping. */
    public List<String> staleOrders(Instant now) {
        return jdbc.queryForList("""
                select distinct r.order_id from stock_reservations r
                where r.quantity > 0 and r.expires_at <= ?
                  and not exists (select 1 from stock_reservations s where s.order_id = r.order_id and s.consumed > 0)
                order by r.order_id""", String.class, utc(now));
    }

    public void release(Held row, int quantity, String reason) {
        jdbc.update("""
                update stock_reservations set quantity = quantity - ?, released = released + ?, release_reason = ?
                where order_id = ? and line_number = ? and location_id = ?""",
                quantity, quantity, reason, row.orderId(), row.lineNumber(), row.locationId());
    }

    /** Records shipped units: {@code fromHold} of them leave the hold, {@code total} count as consumed. */
    public void consume(Held row, int fromHold, int total) {
        jdbc.update("""
                update stock_reservations set quantity = quantity - ?, consumed = consumed + ?
                where order_id = ? and line_number = ? and location_id = ?""",
                fromHold, total, row.orderId(), row.lineNumber(), row.locationId());
    }

    /** True while some unit of the order is held or has been shipped from its reservations. */
    public boolean holdsOrShipped(String orderId) {
        Integer rows = jdbc.queryForObject(
                "select count(*) from stock_reservations where order_id = ? and (consumed > 0 or quantity > 0)",
                Integer.class, orderId);
        return rows != null && rows > 0;
    }

    /** Removes the order's (fully released) reservation records, before it is planned afresh. */
    public void deleteForOrder(String orderId) {
        jdbc.update("delete from stock_reservations where order_id = ?", orderId);
    }
}
