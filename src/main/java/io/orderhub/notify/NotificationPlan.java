package io.orderhub.notify;

import java.util.List;

/**
 * What one notification request turns into: messages to the customer, sent by the notify route
 * itself, and one webhook delivery message per interested subscription, for the webhook route.
 */
public record NotificationPlan(List<CustomerNotification> customerNotifications, List<String> webhookDeliveries) {
}
