package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderhub.order.OrderRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The simulated partners' books: every authorisation, capture, void, refund, label and release
 * they performed. Like real providers they keep the answer per Idempotency-Key and give it again
 * for a repeat, so a repeat never acts twice.
 */
@Component
@Profile("sandbox")
public class SandboxLedger {

    /** One operation; {@code parentRef} links a capture to its authorisation, a refund to its capture. */
    public record Entry(String partner, String operation, String idempotencyKey, String orderRef, String reference,
                        String parentRef, BigDecimal amount, String currency, String status, String detail) {
    }

    /** An entry with the time it was made: the simulated carrier works out a parcel's progress from it. */
    public record Dated(Entry entry, Instant at) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper mapper;

    public SandboxLedger(JdbcTemplate jdbc, Clock clock, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** The answer already given for this key, if any. */
    public Optional<Entry> byKey(String partner, String operation, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        return jdbc.query("""
                select partner, operation, idempotency_key, order_ref, reference, parent_ref, amount, currency, status, detail
                from sandbox_ledger where partner = ? and operation = ? and idempotency_key = ?""",
                (rs, n) -> entry(rs), partner, operation, idempotencyKey).stream().findFirst();
    }

    public Optional<Entry> byReference(String partner, String operation, String reference) {
        return jdbc.query("""
                select partner, operation, idempotency_key, order_ref, reference, parent_ref, amount, currency, status, detail
                from sandbox_ledger where partner = ? and operation = ? and reference = ?""",
                (rs, n) -> entry(rs), partner, operation, reference).stream().findFirst();
    }

    public Optional<Dated> datedByReference(String partner, String operation, String reference) {
        return jdbc.query("""
                select partner, operation, idempotency_key, order_ref, reference, parent_ref, amount, currency, status, detail, created_at
                from sandbox_ledger where partner = ? and operation = ? and reference = ?""",
                (rs, n) -> dated(rs), partner, operation, reference).stream().findFirst();
    }

    /** Everything done under one parent, oldest first, e.g. the interventions on one parcel. */
    public List<Dated> datedUnder(String partner, String operation, String parentRef) {
        return jdbc.query("""
                select partner, operation, idempotency_key, order_ref, reference, parent_ref, amount, currency, status, detail, created_at
                from sandbox_ledger where partner = ? and operation = ? and parent_ref = ? order by id""",
                (rs, n) -> dated(rs), partner, operation, parentRef);
    }

    public int countFor(String partner, String operation, String orderRef) {
        Integer count = jdbc.queryForObject("select count(*) from sandbox_ledger where partner = ? and operation = ? and order_ref = ?",
                Integer.class, partner, operation, orderRef);
        return count == null ? 0 : count;
    }

    /** What was done under one parent, e.g. everything captured on one authorisation. */
    public BigDecimal totalUnder(String partner, String operation, String parentRef) {
        return jdbc.queryForObject("""
                select coalesce(sum(amount), 0) from sandbox_ledger
                where partner = ? and operation = ? and parent_ref = ? and status = 'succeeded'""",
                BigDecimal.class, partner, operation, parentRef);
    }

    public void add(Entry entry) {
        jdbc.update("""
                insert into sandbox_ledger (partner, operation, idempotency_key, order_ref, reference, parent_ref, amount, currency, status, detail, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                entry.partner(), entry.operation(), entry.idempotencyKey(), entry.orderRef(), entry.reference(),
                entry.parentRef(), entry.amount(), entry.currency(), entry.status(), entry.detail(), OrderRepository.utc(clock.instant()));
    }

    public void setStatus(String partner, String operation, String reference, String status) {
        jdbc.update("update sandbox_ledger set status = ? where partner = ? and operation = ? and reference = ?",
                status, partner, operation, reference);
    }

    /** An authorisation's hold after a partial reversal: the entry shows what is held now. */
    public void setAmount(String partner, String operation, String reference, BigDecimal amount) {
        jdbc.update("update sandbox_ledger set amount = ? where partner = ? and operation = ? and reference = ?",
                amount, partner, operation, reference);
    }

    /** A release the site changed (units cancelled before shipping): what it will ship now, and its status. */
    public void setStatusAndDetail(String partner, String operation, String reference, String status, String detail) {
        jdbc.update("update sandbox_ledger set status = ?, detail = ? where partner = ? and operation = ? and reference = ?",
                status, detail, partner, operation, reference);
    }

    /** The ledger of one order (by the order reference the hub sent), for tests, benchmarks and people. */
    public ArrayNode forOrder(String orderRef) {
        ArrayNode rows = mapper.createArrayNode();
        jdbc.query("""
                select partner, operation, idempotency_key, reference, parent_ref, amount, currency, status, created_at
                from sandbox_ledger where order_ref = ? order by id""",
                rs -> {
                    rows.addObject()
                            .put("partner", rs.getString("partner"))
                            .put("operation", rs.getString("operation"))
                            .put("idempotencyKey", rs.getString("idempotency_key"))
                            .put("reference", rs.getString("reference"))
                            .put("parentReference", rs.getString("parent_ref"))
                            .put("amount", rs.getBigDecimal("amount") == null ? null : rs.getBigDecimal("amount").stripTrailingZeros().toPlainString())
                            .put("currency", rs.getString("currency") == null ? null : rs.getString("currency").trim())
                            .put("status", rs.getString("status"))
                            .put("at", rs.getObject("created_at", OffsetDateTime.class).toInstant().toString());
                }, orderRef);
        return rows;
    }

    private static Dated dated(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Dated(entry(rs), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBigDecimal(7), rs.getString(8) == null ? null : rs.getString(8).trim(),
                rs.getString(9), rs.getString(10));
    }
}
