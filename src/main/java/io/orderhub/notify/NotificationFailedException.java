package io.orderhub.notify;

/** A notification could not be sent this time; the message says which, with the recipient masked. */
public class NotificationFailedException extends Exception {

    public NotificationFailedException(String message) {
        // no cause: its message may quote the recipient in full, and causes end up in stack traces
        super(message);
    }
}
