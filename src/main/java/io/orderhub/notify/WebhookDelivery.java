package io.orderhub.notify;

/**
 * One event on its way to one subscription (a message on notifications.webhooks).
 *
 * @param payload the JSON text POSTed and signed: fixed when the event was planned, so every attempt sends the same event
 * @param attempt which delivery of the message this is (1 = first)
 * @param send    false when there is nothing to do: delivered before, or the subscription is disabled or gone
 */
public record WebhookDelivery(String subscription, String eventId, String event, String orderId, String payload,
                              int attempt, boolean send) {
}
