package io.orderhub.api;

public class UnsupportedMediaTypeException extends RuntimeException {

    public UnsupportedMediaTypeException(String contentType) {
        super("the body must be sent as application/json, not " + (contentType == null ? "without a Content-Type" : contentType));
    }
}
