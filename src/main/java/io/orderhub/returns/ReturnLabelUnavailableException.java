package io.orderhub.returns;

/** The carrier could not issue a return label now; nothing was created, the request can be repeated. */
public class ReturnLabelUnavailableException extends RuntimeException {

    public ReturnLabelUnavailableException(String message) {
        super(message);
    }
}
