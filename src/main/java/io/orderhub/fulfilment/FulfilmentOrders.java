package io.orderhub.fulfilment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.order.OrderRepository;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

@Repository
public class FulfilmentOrders {

    private static final TypeReference<List<FulfilmentOrder.Line>> LINES = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;

    public FulfilmentOrders(JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
    }

    public void insert(FulfilmentOrder fulfilment) throws Exception {
        var now = OrderRepository.utc(clock.instant());
        jdbc.update("""
                insert into fulfilment_orders (id, order_id, location_id, location_type, status, lines, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""",
                fulfilment.id(), fulfilment.orderId(), fulfilment.locationId(), fulfilment.locationType(),
                fulfilment.status().name(), mapper.writeValueAsString(fulfilment.lines()), now, now);
    }

    public Optional<FulfilmentOrder> find(String id) {
        return jdbc.query("select * from fulfilment_orders where id = ?", mapper(), id).stream().findFirst();
    }

    public List<FulfilmentOrder> forOrder(String orderId) {
        return jdbc.query("select * from fulfilment_orders where order_id = ? order by id", mapper(), orderId);
    }

    /** Moves a fulfilment order on only from the expected status; false when it was not there (a repeat). */
    public boolean move(String id, FulfilmentOrder.Status from, FulfilmentOrder.Status to, String reference) {
        return jdbc.update("""
                update fulfilment_orders set status = ?, reference = coalesce(?, reference), updated_at = ?
                where id = ? and status = ?""",
                to.name(), reference, OrderRepository.utc(clock.instant()), id, from.name()) == 1;
    }

    /** A fulfilment order not yet released after some of its units were cancelled: its lines now. */
    public void replacePlannedLines(String id, List<FulfilmentOrder.Line> lines) throws Exception {
        int updated = jdbc.update("update fulfilment_orders set lines = ?, updated_at = ? where id = ? and status = 'PLANNED'",
                mapper.writeValueAsString(lines), OrderRepository.utc(clock.instant()), id);
        if (updated != 1) {
            throw new IllegalStateException("fulfilment order " + id + " is no longer waiting to be released");
        }
    }

    /** The day this fulfilment order is promised to the customer (null: no promise could be made). */
    public void promise(String id, LocalDate date) {
        jdbc.update("update fulfilment_orders set promised_date = ? where id = ?", date, id);
    }

    /** What one fulfilment order was promised: null when no promise could be made for it. */
    public record Promise(String fulfilmentId, FulfilmentOrder.Status status, LocalDate date) {
    }

    /** The promises of an order's fulfilment orders that were not cancelled. */
    public List<Promise> promises(String orderId) {
        return jdbc.query("""
                select id, status, promised_date from fulfilment_orders
                where order_id = ? and status <> 'CANCELLED' order by id""",
                (rs, n) -> new Promise(rs.getString("id"), FulfilmentOrder.Status.valueOf(rs.getString("status")),
                        rs.getObject("promised_date", LocalDate.class)), orderId);
    }

    /** A released fulfilment order after its site took some of its units back (a cancel): its lines now. */
    public void replaceReleasedLines(String id, List<FulfilmentOrder.Line> lines) throws Exception {
        int updated = jdbc.update("update fulfilment_orders set lines = ?, updated_at = ? where id = ? and status = 'RELEASED'",
                mapper.writeValueAsString(lines), OrderRepository.utc(clock.instant()), id);
        if (updated != 1) {
            throw new IllegalStateException("fulfilment order " + id + " is no longer with its site");
        }
    }

    public void deleteForOrder(String orderId) {
        jdbc.update("delete from fulfilment_orders where order_id = ?", orderId);
    }

    private RowMapper<FulfilmentOrder> mapper() {
        return (rs, n) -> {
            try {
                return new FulfilmentOrder(rs.getString("id"), rs.getString("order_id"), rs.getString("location_id"),
                        rs.getString("location_type"), FulfilmentOrder.Status.valueOf(rs.getString("status")),
                        mapper.readValue(rs.getString("lines"), LINES), rs.getString("reference"));
            } catch (Exception e) {
                throw new IllegalStateException("fulfilment order " + rs.getString("id") + " has unreadable lines", e);
            }
        };
    }
}
