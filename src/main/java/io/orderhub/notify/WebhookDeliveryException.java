package io.orderhub.notify;

/** A webhook delivery attempt failed; says which subscription and why, never the URL (it may hold a token). */
public class WebhookDeliveryException extends Exception {

    public WebhookDeliveryException(String message) {
        super(message);
    }
}
