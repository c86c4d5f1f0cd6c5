package io.orderhub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderhub.order.OrderRepository;
import io.orderhub.pipeline.Stages;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What customers were sent, and each failed try. Sending is an effect, like a payment: the route
 * {@link #claim claims} a notification before sending and records it {@link #sent} after, so a
 * redelivered request, or a duplicate one processed at the same moment, does not send again.
 * The records are written outside the message's transaction, so they stay when the request is
 * rolled back for another try. The window left: the hub stopping after the server took the
 * message but before it was recorded; that notification is sent again (docs/notifications.md).
 */
@Component("notificationLog")
public class NotificationLog {

    private static final Logger log = LoggerFactory.getLogger(NotificationLog.class);

    private record Claim(String status, String claimedBy, OffsetDateTime at) {
    }

    /** The exchange property the notify route keeps the notification being sent in. */
    public static final String NOTIFICATION = "notification";
    /** Who holds the claim; kept apart because connectors strip the message's headers. */
    private static final String CLAIMANT = "notificationClaimant";

    /**
     * A claim this old is abandoned (its holder stopped mid-send and its message is not coming
     * back): far longer than any send may take, the connectors time out within seconds.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper mapper;

    public NotificationLog(JdbcTemplate jdbc, Clock clock, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.mapper = mapper;
    }

    /**
     * True when this request may send the notification now: nobody has, and nobody else is
     * sending it. A redelivery of the message that holds the claim takes it back (it had
     * stopped half-way); a duplicate request leaves it, the holder sends or will be retried.
     */
    public boolean claim(Exchange exchange) {
        CustomerNotification notification = notification(exchange);
        String messageId = exchange.getIn().getHeader("JMSMessageID", String.class);
        String claimant = messageId != null ? messageId : exchange.getExchangeId();
        exchange.setProperty(CLAIMANT, claimant);
        try {
            insert(notification, "SENDING", attempt(exchange), null, notification.key(), claimant);
            return true;
        } catch (DuplicateKeyException taken) {
            Claim holder = jdbc.query("select status, claimed_by, occurred_at from notifications where notification_key = ?",
                    (rs, n) -> new Claim(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)),
                    notification.key()).stream().findFirst().orElse(null);
            if (holder == null) {
                // given up by a failed try a moment ago: that request is rolled back and will try again
                return false;
            }
            if (!"SENDING".equals(holder.status())) {
                log.info("{} {} is {} already; not sent again", notification.event(), notification.channel(), holder.status());
                return false;
            }
            boolean abandoned = holder.at().toInstant().plus(ABANDONED_AFTER).isBefore(clock.instant());
            if (claimant.equals(holder.claimedBy()) || abandoned) {
                return jdbc.update("""
                        update notifications set claimed_by = ?, attempt = ?, occurred_at = ?
                        where notification_key = ? and status = 'SENDING' and claimed_by = ?""",
                        claimant, attempt(exchange), now(), notification.key(), holder.claimedBy()) == 1;
            }
            log.info("{} {} is being sent by a duplicate request; leaving it to that one", notification.event(), notification.channel());
            return false;
        }
    }

    public void sent(Exchange exchange) {
        CustomerNotification notification = notification(exchange);
        jdbc.update("update notifications set status = 'SENT', occurred_at = ? where notification_key = ? and claimed_by = ?",
                now(), notification.key(), claimant(exchange));
        log.info("{} {} sent to {} ({})", notification.event(), notification.channel(), notification.maskedRecipient(),
                notification.templateName());
    }

    /**
     * Records the claimed notification as EXPIRED, for good: what it would carry is no longer
     * valid (a customer link revoked or replaced after it was asked for). Nothing is sent, and
     * the message completes instead of being retried; its key stays, so no repeat sends it.
     */
    public void expired(Exchange exchange) {
        CustomerNotification notification = notification(exchange);
        jdbc.update("""
                update notifications set status = 'EXPIRED', detail = ?, occurred_at = ?
                where notification_key = ? and claimed_by = ?""",
                "not sent: the customer's links were revoked or a new one issued after this one was asked for",
                now(), notification.key(), claimant(exchange));
        log.info("{} {} to {} not sent: no longer current", notification.event(), notification.channel(), notification.maskedRecipient());
    }

    /**
     * Records the failed try, gives the claim up, and fails the exchange again, so the request is
     * rolled back and the broker redelivers it. The exception passed on names no recipient:
     * partner and SMTP errors often quote the address, and the error handler logs the message.
     */
    public void failed(Exchange exchange) throws NotificationFailedException {
        CustomerNotification notification = notification(exchange);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String detail = failure == null ? "unknown failure"
                : Masking.text(failure.getClass().getSimpleName() + ": " + failure.getMessage());
        jdbc.update("""
                update notifications set status = 'FAILED', notification_key = null, detail = ?, occurred_at = ?
                where notification_key = ? and claimed_by = ?""",
                detail.substring(0, Math.min(detail.length(), 1000)), now(), notification.key(), claimant(exchange));
        throw new NotificationFailedException(notification.event() + " " + notification.channel() + " to "
                + notification.maskedRecipient() + " failed: " + detail);
    }

    /** The order's notifications, oldest first, as the API shows them. */
    public ArrayNode forOrder(String orderId) {
        ArrayNode entries = mapper.createArrayNode();
        jdbc.query("""
                select event_type, channel, template, language, recipient, status, attempt, detail, occurred_at
                from notifications where order_id = ? order by id""",
                rs -> {
                    entries.addObject()
                            .put("at", rs.getObject("occurred_at", OffsetDateTime.class).toInstant().toString())
                            .put("event", rs.getString("event_type"))
                            .put("channel", rs.getString("channel"))
                            .put("template", rs.getString("template"))
                            .put("language", rs.getString("language"))
                            .put("recipient", rs.getString("recipient"))
                            .put("status", rs.getString("status"))
                            .put("attempt", rs.getInt("attempt"))
                            .put("detail", rs.getString("detail"));
                }, orderId);
        return entries;
    }

    private void insert(CustomerNotification notification, String status, int attempt, String detail, String key, String claimant) {
        jdbc.update("""
                insert into notifications (order_id, event_type, channel, template, language, recipient, status, attempt,
                                           detail, notification_key, claimed_by, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                notification.orderId(), notification.event().wireName(), notification.channel(), notification.templateName(),
                notification.language(), notification.maskedRecipient(), status, attempt, detail, key, claimant, now());
    }

    private static CustomerNotification notification(Exchange exchange) {
        return exchange.getProperty(NOTIFICATION, CustomerNotification.class);
    }

    /** The broker message being processed: the same across its redeliveries, different for a duplicate request. */
    private static String claimant(Exchange exchange) {
        return exchange.getProperty(CLAIMANT, String.class);
    }

    private static int attempt(Exchange exchange) {
        return exchange.getProperty(Stages.ATTEMPT, 1, Integer.class);
    }

    private OffsetDateTime now() {
        return OrderRepository.utc(clock.instant());
    }
}
