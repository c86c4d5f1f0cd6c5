package io.orderhub.notify;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Customer notifications. The connection settings of the channels (orderhub.notifications.email.*,
 * orderhub.notifications.sms.base-url / api-key) are read by the routes; see docs/notifications.md.
 *
 * @param emailEvents     events customers are emailed about, unless an order opts out
 * @param smsEvents       events customers with a phone number get a text message about
 * @param defaultLanguage templates used when the order's language has none
 * @param smsSender       sender name or number shown on text messages
 */
@ConfigurationProperties("orderhub.notifications")
public record NotificationProperties(
        @DefaultValue({"confirmed", "shipped", "delivered", "cancelled", "return-received", "refunded", "customer-link"})
        List<String> emailEvents,
        @DefaultValue({"shipped", "cancelled"}) List<String> smsEvents,
        @DefaultValue("en") String defaultLanguage,
        @DefaultValue("OrderHub") String smsSender) {

    public NotificationProperties {
        // fail at start on a misspelt event, not when the first customer should have been told
        emailEvents = emailEvents.stream().map(event -> NotificationEvent.of(event).wireName()).toList();
        smsEvents = smsEvents.stream().map(event -> NotificationEvent.of(event).wireName()).toList();
    }
}
