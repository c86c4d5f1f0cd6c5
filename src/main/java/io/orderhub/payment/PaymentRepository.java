package io.orderhub.payment;

import io.orderhub.order.Money;
import io.orderhub.order.OrderRepository;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Authorisations and captures the payment partner confirmed, per order. */
@Repository
public class PaymentRepository {

    public record Authorisation(String id, String orderId, Money amount, Instant expiresAt, String status) {
        public boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    private final JdbcTemplate jdbc;

    public PaymentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void saveAuthorisation(Authorisation authorisation, Instant at) {
        jdbc.update("""
                insert into payment_authorisations (authorisation_id, order_id, amount, currency, expires_at, status, created_at)
                select ?, ?, ?, ?, ?, ?, ? where not exists (select 1 from payment_authorisations where authorisation_id = ?)""",
                authorisation.id(), authorisation.orderId(), authorisation.amount().amount(),
                authorisation.amount().currency().getCurrencyCode(),
                authorisation.expiresAt() == null ? null : OrderRepository.utc(authorisation.expiresAt()),
                authorisation.status(), OrderRepository.utc(at), authorisation.id());
    }

    /** The newest authorisation of the order that is still usable (not voided, not replaced). */
    public Optional<Authorisation> currentAuthorisation(String orderId) {
        return jdbc.query("""
                select authorisation_id, order_id, amount, currency, expires_at, status from payment_authorisations
                where order_id = ? and status = 'AUTHORISED' order by created_at desc, authorisation_id desc""",
                (rs, n) -> {
                    OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
                    return new Authorisation(rs.getString(1), rs.getString(2),
                            new Money(rs.getBigDecimal(3), Currency.getInstance(rs.getString(4).trim())),
                            expires == null ? null : expires.toInstant(), rs.getString(6));
                }, orderId).stream().findFirst();
    }

    public void setAuthorisationStatus(String authorisationId, String status) {
        jdbc.update("update payment_authorisations set status = ? where authorisation_id = ?", status, authorisationId);
    }

    /** The hold after a partial reversal. */
    public void setAuthorisationAmount(String authorisationId, Money amount) {
        jdbc.update("update payment_authorisations set amount = ? where authorisation_id = ?", amount.amount(), authorisationId);
    }

    public void saveCapture(String captureId, String orderId, String authorisationId, String shipmentId, Money amount, Instant at) {
        jdbc.update("""
                insert into payment_captures (capture_id, order_id, authorisation_id, shipment_id, amount, currency, created_at)
                select ?, ?, ?, ?, ?, ?, ? where not exists (select 1 from payment_captures where order_id = ? and shipment_id = ?)""",
                captureId, orderId, authorisationId, shipmentId, amount.amount(), amount.currency().getCurrencyCode(),
                OrderRepository.utc(at), orderId, shipmentId);
    }

    public Money capturedTotal(String orderId, Currency currency) {
        var total = jdbc.queryForObject("select coalesce(sum(amount), 0) from payment_captures where order_id = ?",
                java.math.BigDecimal.class, orderId);
        return new Money(total, currency);
    }
}
