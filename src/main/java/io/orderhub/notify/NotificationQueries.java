package io.orderhub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import org.springframework.stereotype.Component;

/** GET /api/orders/{id}/notifications: what the customer was sent and what went to subscribed systems. */
@Component("notificationQueries")
public class NotificationQueries {

    private final OrderRepository orders;
    private final NotificationLog notifications;
    private final WebhookDeliveries webhooks;
    private final ObjectMapper mapper;

    public NotificationQueries(OrderRepository orders, NotificationLog notifications, WebhookDeliveries webhooks, ObjectMapper mapper) {
        this.orders = orders;
        this.notifications = notifications;
        this.webhooks = webhooks;
        this.mapper = mapper;
    }

    public ObjectNode forOrder(String orderId) {
        if (orders.findStatus(orderId).isEmpty()) {
            throw new OrderNotFoundException(orderId);
        }
        ObjectNode result = mapper.createObjectNode();
        result.put("orderId", orderId);
        result.set("notifications", notifications.forOrder(orderId));
        result.set("webhookDeliveries", webhooks.forOrder(orderId));
        return result;
    }
}
