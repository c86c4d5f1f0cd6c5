package io.orderhub.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Orders and their history in SQL that runs unchanged on H2 and PostgreSQL. */
@Repository
public class OrderRepository {

    /** The status and version of an order, read under a row lock. */
    public record StatusRow(OrderStatus status, long version) {
    }

    private static final String ORDER_COLUMNS =
            "id, status, version, document, created_at, updated_at, currency, tax_amount";

    private final JdbcTemplate jdbc;
    private final OrderJson json;

    public OrderRepository(JdbcTemplate jdbc, OrderJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(Order order) {
        jdbc.update("""
                insert into orders (id, channel, external_id, status, version, currency, total_amount,
                                    customer_email, customer_phone, document, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                order.id(), order.channel(), order.externalId(), order.status().name(), order.version(),
                order.currency().getCurrencyCode(), order.total().amount(),
                order.customer().email() == null ? null : order.customer().email().toLowerCase(java.util.Locale.ROOT),
                searchablePhone(order.customer().phone()), json.storedDocument(order),
                utc(order.createdAt()), utc(order.updatedAt()));
    }

    /**
     * A phone number as searches compare it: its digits, after a leading + if it has one, so
     * "+44 20 7946 0000", "+44 (0)20-7946-0000" aside, and "+442079460000" are one number. The
     * order's document keeps the number as given (texts go to it).
     */
    public static String searchablePhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String trimmed = phone.trim();
        String digits = trimmed.replaceAll("[^0-9]", "");
        return trimmed.startsWith("+") ? "+" + digits : digits;
    }

    public Optional<Order> findById(String id) {
        return jdbc.query("select " + ORDER_COLUMNS + " from orders where id = ?", orderMapper(), id)
                .stream().findFirst();
    }

    public Optional<String> findIdByExternalId(String channel, String externalId) {
        return jdbc.queryForList("select id from orders where channel = ? and external_id = ?",
                String.class, channel, externalId).stream().findFirst();
    }

    public Optional<OrderStatus> findStatus(String id) {
        return jdbc.queryForList("select status from orders where id = ?", String.class, id)
                .stream().findFirst().map(OrderStatus::valueOf);
    }

    /** Ids of the orders in {@code status}, those waiting longest first. */
    public List<String> oldestIn(OrderStatus status, int limit) {
        return jdbc.queryForList("select id from orders where status = ? order by created_at, id fetch first ? rows only",
                String.class, status.name(), limit);
    }

    public Optional<StatusRow> lockStatus(String id) {
        return jdbc.query("select status, version from orders where id = ? for update",
                (rs, n) -> new StatusRow(OrderStatus.valueOf(rs.getString(1)), rs.getLong(2)), id)
                .stream().findFirst();
    }

    public void updateStatus(String id, OrderStatus status, long expectedVersion, Instant at) {
        int updated = jdbc.update(
                "update orders set status = ?, version = version + 1, updated_at = ? where id = ? and version = ?",
                status.name(), utc(at), id, expectedVersion);
        if (updated != 1) {
            // the row lock makes this unreachable unless the lock was bypassed: fail loudly, never guess
            throw new IllegalStateException("order " + id + " changed under a row lock (version " + expectedVersion + ")");
        }
    }

    public void appendHistory(String orderId, StatusChange change) {
        jdbc.update("""
                insert into order_history (order_id, seq, from_status, to_status, actor_type, actor_id, reason, occurred_at)
                values (?, (select coalesce(max(seq), 0) + 1 from order_history where order_id = ?), ?, ?, ?, ?, ?, ?)""",
                orderId, orderId, change.from() == null ? null : change.from().name(), change.to().name(),
                change.actor().kind().name(), change.actor().id(), fitReason(change.reason()), utc(change.at()));
    }

    /** order_history.reason holds 1,000 characters: a longer reason is cut (marked with "…") rather than failing the move. */
    static String fitReason(String reason) {
        return reason == null || reason.length() <= REASON_LENGTH ? reason : reason.substring(0, REASON_LENGTH - 1) + "…";
    }

    static final int REASON_LENGTH = 1000;

    /** Stores the tax quote: the order's tax, each line's share, and the new total for searches. */
    public void saveTax(Order order, Money tax, java.util.Map<Integer, Money> lineTaxes) {
        jdbc.update("update orders set tax_amount = ?, total_amount = ? where id = ?",
                tax.amount(), order.subtotal().plus(tax).amount(), order.id());
        jdbc.update("delete from order_line_taxes where order_id = ?", order.id());
        lineTaxes.forEach((lineNumber, lineTax) -> jdbc.update(
                "insert into order_line_taxes (order_id, line_number, tax_amount) values (?, ?, ?)",
                order.id(), lineNumber, lineTax.amount()));
    }

    public java.util.Map<Integer, Money> lineTaxes(Order order) {
        java.util.Map<Integer, Money> taxes = new java.util.TreeMap<>();
        jdbc.query("select line_number, tax_amount from order_line_taxes where order_id = ?",
                rs -> {
                    taxes.put(rs.getInt(1), new Money(rs.getBigDecimal(2), order.currency()));
                }, order.id());
        return taxes;
    }

    /** How often the order entered a status: tells a first attempt at a step from a resumed one. */
    public int timesEntered(String orderId, OrderStatus status) {
        Integer count = jdbc.queryForObject(
                "select count(*) from order_history where order_id = ? and to_status = ?", Integer.class, orderId, status.name());
        return count == null ? 0 : count;
    }

    public boolean hasMoved(String orderId, OrderStatus from, OrderStatus to) {
        Integer count = jdbc.queryForObject(
                "select count(*) from order_history where order_id = ? and from_status = ? and to_status = ?",
                Integer.class, orderId, from.name(), to.name());
        return count != null && count > 0;
    }

    public List<StatusChange> history(String orderId) {
        return jdbc.query("""
                select from_status, to_status, actor_type, actor_id, reason, occurred_at
                from order_history where order_id = ? order by seq""",
                (rs, n) -> new StatusChange(
                        rs.getString(1) == null ? null : OrderStatus.valueOf(rs.getString(1)),
                        OrderStatus.valueOf(rs.getString(2)),
                        new Actor(Actor.Kind.valueOf(rs.getString(3)), rs.getString(4)),
                        rs.getString(5),
                        instant(rs, 6)),
                orderId);
    }

    /** One page of orders, newest first, after the (createdAt, id) position of the cursor. */
    public List<Order> search(OrderSearch search, int limit) {
        StringBuilder sql = new StringBuilder("select " + ORDER_COLUMNS + " from orders where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (search.id() != null) {
            sql.append(" and id = ?");
            args.add(search.id());
        }
        if (search.status() != null) {
            sql.append(" and status = ?");
            args.add(search.status().name());
        }
        if (search.channel() != null) {
            sql.append(" and channel = ?");
            args.add(search.channel());
        }
        if (search.externalId() != null) {
            sql.append(" and external_id = ?");
            args.add(search.externalId());
        }
        if (search.customerEmail() != null) {
            sql.append(" and customer_email = ?");
            args.add(search.customerEmail().toLowerCase(java.util.Locale.ROOT));
        }
        if (search.customerPhone() != null) {
            sql.append(" and customer_phone = ?");
            args.add(searchablePhone(search.customerPhone()));
        }
        if (search.createdFrom() != null) {
            sql.append(" and created_at >= ?");
            args.add(utc(search.createdFrom()));
        }
        if (search.createdBefore() != null) {
            sql.append(" and created_at < ?");
            args.add(utc(search.createdBefore()));
        }
        if (search.after() != null) {
            sql.append(" and (created_at < ? or (created_at = ? and id < ?))");
            args.add(utc(search.after().createdAt()));
            args.add(utc(search.after().createdAt()));
            args.add(search.after().id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), orderMapper(), args.toArray());
    }

    private RowMapper<Order> orderMapper() {
        return (rs, n) -> {
            try {
                Order order = json.read(rs.getString("id"), OrderStatus.valueOf(rs.getString("status")),
                        rs.getLong("version"), json.mapper().readTree(rs.getString("document")),
                        instant(rs, "created_at"), instant(rs, "updated_at"));
                java.math.BigDecimal tax = rs.getBigDecimal("tax_amount");
                return tax == null ? order : order.withTax(new Money(tax, order.currency()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored order " + rs.getString("id") + " is not valid JSON", e);
            }
        };
    }

    /** Instants are stored as UTC timestamps with time zone, the same on H2 and PostgreSQL. */
    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
