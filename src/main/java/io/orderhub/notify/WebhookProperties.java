package io.orderhub.notify;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound webhooks: the systems that want to be told about order events.
 *
 * @param subscriptions        who gets which events
 * @param disableAfterFailures consecutive failed delivery attempts after which a subscription is
 *                             disabled (until an admin enables it again)
 */
@ConfigurationProperties("orderhub.webhooks")
public record WebhookProperties(List<Subscription> subscriptions, @DefaultValue("20") int disableAfterFailures) {

    /** Every event, for {@code events: ["*"]}. */
    public static final String ALL_EVENTS = "*";

    /**
     * @param name   stable identifier: the delivery log and the disabled state are kept under it
     * @param url    where events are POSTed
     * @param events event names (confirmed, shipped, ...) or "*" for all
     * @param secret shared secret the deliveries are signed with (HMAC-SHA256)
     */
    public record Subscription(String name, String url, List<String> events, String secret) {

        public boolean wants(NotificationEvent event) {
            return events.contains(ALL_EVENTS) || events.contains(event.wireName());
        }

        /** Without the secret: configuration is printed in failure reports. */
        @Override
        public String toString() {
            return "Subscription[name=" + name + ", url=" + url + ", events=" + events + ", secret=****]";
        }
    }

    public WebhookProperties {
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        if (disableAfterFailures < 1) {
            throw new IllegalArgumentException("orderhub.webhooks.disable-after-failures must be at least 1");
        }
        Set<String> names = new HashSet<>();
        for (Subscription subscription : subscriptions) {
            String where = "orderhub.webhooks.subscriptions[" + subscriptions.indexOf(subscription) + "]";
            require(subscription.name(), where + ".name");
            require(subscription.url(), where + ".url");
            require(subscription.secret(), where + ".secret");
            if (unpassable(subscription.url()) || unpassable(subscription.secret())) {
                throw new IllegalArgumentException(where + ": a url or secret may hold ')' or '}', not both");
            }
            if (!subscription.url().startsWith("http://") && !subscription.url().startsWith("https://")) {
                throw new IllegalArgumentException(where + ".url must be an http(s) URL");
            }
            if (subscription.events() == null || subscription.events().isEmpty()) {
                throw new IllegalArgumentException(where + ".events must name at least one event, or \"*\"");
            }
            subscription.events().stream().filter(event -> !ALL_EVENTS.equals(event)).forEach(NotificationEvent::of);
            if (!names.add(subscription.name())) {
                throw new IllegalArgumentException(where + ".name '" + subscription.name() + "' is used twice");
            }
        }
    }

    public Subscription subscription(String name) {
        return subscriptions.stream().filter(subscription -> subscription.name().equals(name)).findFirst().orElse(null);
    }

    /** Values reach the connector as Camel RAW(..) or RAW{..} parameters (WebhookSubscriptions). */
    private static boolean unpassable(String value) {
        return value.contains(")") && value.contains("}");
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
    }
}
