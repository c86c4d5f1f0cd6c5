package io.orderhub.notify;

import java.util.List;

/**
 * What one notification request turns into: messages to the customer, and the broker messages
 * that send them, one per channel (notifications.customer) and one per interested webhook
 * subscription (notifications.webhooks). Each is sent in a transaction of its own, so one
 * channel that is down holds back no other.
 */
public record NotificationPlan(List<CustomerNotification> customerNotifications, List<String> customerMessages,
                               List<String> webhookDeliveries) {
}
