package io.orderhub.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The message broker. By default an ActiveMQ Classic broker runs inside the hub and keeps its
 * messages in KahaDB under the data directory; set {@code embedded=false} and {@code url} to use
 * an external broker ({@code tcp://broker:61616}) shared by several hub instances.
 *
 * @param embedded           start the in-process broker
 * @param url                where to connect; the default reaches the embedded broker in-process
 * @param listen             optional transport the embedded broker also accepts, e.g. tcp://0.0.0.0:61616
 * @param user               broker user for an external broker
 * @param password           broker password for an external broker
 * @param maxRedeliveries    rolled-back deliveries of one message before it goes to the stage's dead-letter queue
 * @param redeliveryDelay    wait before the first redelivery; doubles each time
 * @param maxRedeliveryDelay ceiling for the doubling
 * @param maxConnections     pooled connections to the broker
 * @param webhookRedelivery  the queue notifications.webhooks has its own, longer policy: a receiver
 *                           that is down for a while (a deploy, an outage) still gets the event
 */
@ConfigurationProperties("orderhub.broker")
public record BrokerProperties(
        @DefaultValue("true") boolean embedded,
        @DefaultValue("vm://orderhub?create=false") String url,
        String listen,
        String user,
        String password,
        @DefaultValue("6") int maxRedeliveries,
        @DefaultValue("1s") Duration redeliveryDelay,
        @DefaultValue("60s") Duration maxRedeliveryDelay,
        @DefaultValue("8") int maxConnections,
        @DefaultValue Redelivery webhookRedelivery) {

    /** The queue whose deliveries to webhook receivers are retried by {@link #webhookRedelivery}. */
    public static final String WEBHOOK_QUEUE = "notifications.webhooks";

    /**
     * Redeliveries of one queue's messages: wait {@code delay}, doubling each time up to
     * {@code maxDelay}; after {@code maxRedeliveries} the message goes to the queue's DLQ. The
     * defaults retry a webhook for about four and a half hours (10 s, 20 s, .. 1 h, 1 h, 1 h).
     */
    public record Redelivery(
            @DefaultValue("12") int maxRedeliveries,
            @DefaultValue("10s") Duration delay,
            @DefaultValue("1h") Duration maxDelay) {
    }
}
