package io.orderhub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.OrderRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The configured webhook subscriptions and their health. Each failed delivery attempt counts, a
 * delivered one resets the count; at {@code orderhub.webhooks.disable-after-failures} in a row the
 * subscription is disabled, so a receiver that is gone stops costing retries. The state is in the
 * database, so it holds across restarts and hub instances; an admin enables it again.
 */
@Component("webhookSubscriptions")
public class WebhookSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(WebhookSubscriptions.class);

    private final WebhookProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Environment environment;

    public WebhookSubscriptions(WebhookProperties properties, JdbcTemplate jdbc, Clock clock, ObjectMapper mapper,
                                Environment environment) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
        this.mapper = mapper;
        this.environment = environment;
    }

    /** The enabled subscriptions that want this event. */
    public List<WebhookProperties.Subscription> activeFor(NotificationEvent event) {
        return properties.subscriptions().stream()
                .filter(subscription -> subscription.wants(event))
                .filter(subscription -> !isDisabled(subscription.name()))
                .toList();
    }

    public WebhookProperties.Subscription find(String name) {
        return properties.subscription(name);
    }

    public boolean isDisabled(String name) {
        return !jdbc.queryForList("select name from webhook_subscriptions where name = ? and disabled_at is not null",
                String.class, name).isEmpty();
    }

    /** The connector for the delivery the webhook route is working on (toD; the URI never sits in a property). */
    public String connectorFor(Exchange exchange) {
        return endpointUri(exchange.getProperty(WebhookDeliveries.DELIVERY, WebhookDelivery.class).subscription());
    }

    /**
     * The webhook-out connector for a subscription. Values are passed RAW, so a URL with a query or
     * a secret with any character arrives as configured; Camel masks the secret parameter wherever
     * it prints endpoint URIs.
     */
    public String endpointUri(String name) {
        WebhookProperties.Subscription subscription = properties.subscription(name);
        if (subscription == null) {
            throw new IllegalArgumentException("no webhook subscription named '" + name + "'");
        }
        // resolved now, not at start: a URL may name a value only known once the hub runs (${local.server.port})
        String url = environment.resolveRequiredPlaceholders(subscription.url());
        return "kamelet:webhook-out?url=" + raw(url) + "&secret=" + raw(subscription.secret());
    }

    public void recordSuccess(String name) {
        ensureRow(name);
        jdbc.update("update webhook_subscriptions set consecutive_failures = 0, updated_at = ? where name = ? and consecutive_failures <> 0",
                now(), name);
    }

    /** Counts a failed attempt; returns true when this one disabled the subscription. */
    public boolean recordFailure(String name) {
        ensureRow(name);
        jdbc.update("update webhook_subscriptions set consecutive_failures = consecutive_failures + 1, updated_at = ? where name = ?",
                now(), name);
        int threshold = properties.disableAfterFailures();
        boolean disabledNow = jdbc.update("""
                update webhook_subscriptions set disabled_at = ?, disabled_reason = ?, updated_at = ?
                where name = ? and disabled_at is null and consecutive_failures >= ?""",
                now(), threshold + " consecutive failed deliveries", now(), name, threshold) == 1;
        if (disabledNow) {
            log.warn("webhook subscription '{}' disabled after {} consecutive failed deliveries; enable it again with POST /api/webhooks/subscriptions/{}/enable",
                    name, threshold, name);
        }
        return disabledNow;
    }

    /** Enables a subscription again with a clean count. */
    public void enable(String name) {
        if (properties.subscription(name) == null) {
            throw new WebhookSubscriptionNotFoundException(name);
        }
        ensureRow(name);
        jdbc.update("update webhook_subscriptions set consecutive_failures = 0, disabled_at = null, disabled_reason = null, updated_at = ? where name = ?",
                now(), name);
        log.info("webhook subscription '{}' enabled", name);
    }

    /** Every configured subscription with its health, for admins. URLs without their query, which may hold a token. */
    public ArrayNode list() {
        ArrayNode list = mapper.createArrayNode();
        for (WebhookProperties.Subscription subscription : properties.subscriptions()) {
            ObjectNode entry = list.addObject();
            entry.put("name", subscription.name());
            entry.put("url", environment.resolvePlaceholders(subscription.url()).replaceFirst("\\?.*$", ""));
            ArrayNode events = entry.putArray("events");
            subscription.events().forEach(events::add);
            entry.put("enabled", true);
            entry.put("consecutiveFailures", 0);
            entry.putNull("disabledAt");
            entry.putNull("disabledReason");
            jdbc.query("select consecutive_failures, disabled_at, disabled_reason from webhook_subscriptions where name = ?",
                    rs -> {
                        OffsetDateTime disabledAt = rs.getObject("disabled_at", OffsetDateTime.class);
                        entry.put("enabled", disabledAt == null);
                        entry.put("consecutiveFailures", rs.getInt("consecutive_failures"));
                        entry.put("disabledAt", disabledAt == null ? null : disabledAt.toInstant().toString());
                        entry.put("disabledReason", rs.getString("disabled_reason"));
                    }, subscription.name());
        }
        return list;
    }

    private void ensureRow(String name) {
        try {
            jdbc.update("""
                    insert into webhook_subscriptions (name, consecutive_failures, updated_at)
                    select ?, 0, ? where not exists (select 1 from webhook_subscriptions where name = ?)""",
                    name, now(), name);
        } catch (DuplicateKeyException concurrentInsert) {
            // another consumer created the row at the same moment: it exists, which is all we need
        }
    }

    private OffsetDateTime now() {
        return OrderRepository.utc(clock.instant());
    }

    /** Camel's RAW(..) or, for a value with a ')', RAW{..}; WebhookProperties refuses values with both. */
    static String raw(String value) {
        return value.contains(")") ? "RAW{" + value + "}" : "RAW(" + value + ")";
    }
}
