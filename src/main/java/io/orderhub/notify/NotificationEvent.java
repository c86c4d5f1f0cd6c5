package io.orderhub.notify;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What customers and subscribed systems can be told about an order, by the name messages and configuration use. */
public enum NotificationEvent {
    CONFIRMED("confirmed"),
    SHIPPED("shipped"),
    DELIVERED("delivered"),
    CANCELLED("cancelled"),
    RETURN_RECEIVED("return-received"),
    REFUNDED("refunded"),
    /** a new tracking link for the customer (an agent placed the order or asked for one): to the customer only */
    CUSTOMER_LINK("customer-link");

    private final String wireName;

    NotificationEvent(String wireName) {
        this.wireName = wireName;
    }

    /** The name in notification requests, template file names, webhook payloads and configuration. */
    public String wireName() {
        return wireName;
    }

    public static NotificationEvent of(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(event -> event.wireName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a notification event; one of "
                        + Arrays.stream(values()).map(NotificationEvent::wireName).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
