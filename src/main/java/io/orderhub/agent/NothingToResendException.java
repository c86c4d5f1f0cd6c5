package io.orderhub.agent;

/** An agent asked to resend a notification the customer was never sent. */
public class NothingToResendException extends RuntimeException {

    public NothingToResendException(String message) {
        super(message);
    }
}
