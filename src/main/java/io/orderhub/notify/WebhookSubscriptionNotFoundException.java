package io.orderhub.notify;

/** No webhook subscription of that name is configured (answered as 404). */
public class WebhookSubscriptionNotFoundException extends RuntimeException {

    public WebhookSubscriptionNotFoundException(String name) {
        super("no webhook subscription named '" + name + "' is configured");
    }
}
