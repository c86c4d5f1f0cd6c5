package io.orderhub.order;

/** The body is not a JSON object at all. */
public class MalformedOrderException extends RuntimeException {

    public MalformedOrderException(String message) {
        super(message);
    }
}
