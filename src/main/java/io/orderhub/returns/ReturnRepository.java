package io.orderhub.returns;

import io.orderhub.order.Actor;
import io.orderhub.order.Money;
import io.orderhub.order.OrderRepository;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Returns, their lines, history and planned refunds, in SQL that runs unchanged on H2 and PostgreSQL. */
@Repository
public class ReturnRepository {

    /** One line of a return's history. */
    public record Change(ReturnStatus from, ReturnStatus to, Actor actor, String reason, Instant at) {
    }

    /** A refund to make against one capture, and whether it was made. */
    public record PlannedRefund(String returnId, String captureId, Money amount, String refundId) {
    }

    /** A capture of the order, how much of it is already promised to refunds, and the lines of the parcel it paid for (JSON). */
    public record Capture(String captureId, Money amount, Money planned, String shipmentLines) {
        public Money refundable() {
            return new Money(amount.amount().subtract(planned.amount()), amount.currency());
        }
    }

    private final JdbcTemplate jdbc;

    public ReturnRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(OrderReturn ret) {
        jdbc.update("""
                insert into returns (id, order_id, status, method, location_id, carrier, tracking_number, label_url,
                                     currency, amount, reason, version, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""",
                ret.id(), ret.orderId(), ret.status().name(), ret.method().name(), ret.locationId(),
                ret.label() == null ? null : ret.label().carrier(), ret.label() == null ? null : ret.label().trackingNumber(),
                ret.label() == null ? null : ret.label().labelUrl(), ret.amount().currency().getCurrencyCode(),
                ret.amount().amount(), ret.reason(), OrderRepository.utc(ret.createdAt()), OrderRepository.utc(ret.updatedAt()));
        for (OrderReturn.Line line : ret.lines()) {
            jdbc.update("insert into return_lines (return_id, line_number, quantity, amount) values (?, ?, ?, ?)",
                    ret.id(), line.lineNumber(), line.quantity(), line.amount().amount());
        }
    }

    public Optional<OrderReturn> find(String id) {
        return jdbc.query("select * from returns where id = ?", (rs, n) -> map(rs), id).stream().findFirst();
    }

    /** The return's status, read under a row lock: receipts and refunds of one return serialise on it. */
    public Optional<ReturnStatus> lockStatus(String id) {
        return jdbc.queryForList("select status from returns where id = ? for update", String.class, id)
                .stream().findFirst().map(ReturnStatus::valueOf);
    }

    public List<OrderReturn> forOrder(String orderId) {
        return jdbc.query("select * from returns where order_id = ? order by created_at, id", (rs, n) -> map(rs), orderId);
    }

    /** Per order line, the units already asked back by the order's returns (whatever their status). */
    public Map<Integer, Integer> requestedQuantities(String orderId) {
        Map<Integer, Integer> requested = new HashMap<>();
        jdbc.query("""
                select l.line_number, sum(l.quantity) from return_lines l join returns r on r.id = l.return_id
                where r.order_id = ? group by l.line_number""",
                rs -> {
                    requested.put(rs.getInt(1), rs.getInt(2));
                }, orderId);
        return requested;
    }

    public void setStatus(String id, ReturnStatus status, Instant at) {
        jdbc.update("update returns set status = ?, version = version + 1, updated_at = ? where id = ?",
                status.name(), OrderRepository.utc(at), id);
    }

    public void setReceived(String id, int lineNumber, int resellable, int damaged) {
        jdbc.update("update return_lines set received_resellable = ?, received_damaged = ? where return_id = ? and line_number = ?",
                resellable, damaged, id, lineNumber);
    }

    public void setRefundedAmount(String id, Money amount) {
        jdbc.update("update returns set refunded_amount = ? where id = ?", amount.amount(), id);
    }

    public void appendHistory(String id, Change change) {
        jdbc.update("""
                insert into return_history (return_id, seq, from_status, to_status, actor_type, actor_id, reason, occurred_at)
                values (?, (select coalesce(max(seq), 0) + 1 from return_history where return_id = ?), ?, ?, ?, ?, ?, ?)""",
                id, id, change.from() == null ? null : change.from().name(), change.to().name(),
                change.actor().kind().name(), change.actor().id(), change.reason(), OrderRepository.utc(change.at()));
    }

    public List<Change> history(String id) {
        return jdbc.query("""
                select from_status, to_status, actor_type, actor_id, reason, occurred_at
                from return_history where return_id = ? order by seq""",
                (rs, n) -> new Change(rs.getString(1) == null ? null : ReturnStatus.valueOf(rs.getString(1)),
                        ReturnStatus.valueOf(rs.getString(2)), new Actor(Actor.Kind.valueOf(rs.getString(3)), rs.getString(4)),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()),
                id);
    }

    /** The order's captures, oldest first, with what refunds of any return already claim of each and what they paid for. */
    public List<Capture> captures(String orderId, Currency currency) {
        return jdbc.query("""
                select c.capture_id, c.amount,
                       (select coalesce(sum(f.amount), 0) from return_refunds f where f.capture_id = c.capture_id) planned,
                       s.lines
                from payment_captures c left join shipments s on s.shipment_id = c.shipment_id
                where c.order_id = ? order by c.created_at, c.capture_id""",
                (rs, n) -> new Capture(rs.getString(1), new Money(rs.getBigDecimal(2), currency), new Money(rs.getBigDecimal(3), currency),
                        rs.getString(4)),
                orderId);
    }

    public void planRefund(String returnId, String captureId, Money amount, Instant at) {
        jdbc.update("insert into return_refunds (return_id, capture_id, amount, currency, planned_at) values (?, ?, ?, ?, ?)",
                returnId, captureId, amount.amount(), amount.currency().getCurrencyCode(), OrderRepository.utc(at));
    }

    public List<PlannedRefund> plannedRefunds(String returnId) {
        return jdbc.query("select return_id, capture_id, amount, currency, refund_id from return_refunds where return_id = ? order by capture_id",
                (rs, n) -> new PlannedRefund(rs.getString(1), rs.getString(2),
                        new Money(rs.getBigDecimal(3), Currency.getInstance(rs.getString(4).trim())), rs.getString(5)),
                returnId);
    }

    public void refunded(String returnId, String captureId, String refundId, Instant at) {
        jdbc.update("update return_refunds set refund_id = ?, refunded_at = ? where return_id = ? and capture_id = ? and refund_id is null",
                refundId, OrderRepository.utc(at), returnId, captureId);
    }

    private OrderReturn map(ResultSet rs) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency").trim());
        String id = rs.getString("id");
        BigDecimal refunded = rs.getBigDecimal("refunded_amount");
        String tracking = rs.getString("tracking_number");
        List<OrderReturn.Line> lines = new ArrayList<>(jdbc.query("""
                select line_number, quantity, amount, received_resellable, received_damaged
                from return_lines where return_id = ? order by line_number""",
                (row, n) -> new OrderReturn.Line(row.getInt(1), row.getInt(2), new Money(row.getBigDecimal(3), currency),
                        (Integer) row.getObject(4, Integer.class), (Integer) row.getObject(5, Integer.class)),
                id));
        return new OrderReturn(id, rs.getString("order_id"), ReturnStatus.valueOf(rs.getString("status")),
                ReturnMethod.valueOf(rs.getString("method")), rs.getString("location_id"),
                tracking == null ? null : new OrderReturn.Label(rs.getString("carrier"), tracking, rs.getString("label_url")),
                new Money(rs.getBigDecimal("amount"), currency), refunded == null ? null : new Money(refunded, currency),
                rs.getString("reason"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(), lines);
    }
}
