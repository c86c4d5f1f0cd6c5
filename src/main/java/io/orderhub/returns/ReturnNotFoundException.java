package io.orderhub.returns;

/** No return with this RMA number, or none the caller may see. */
public class ReturnNotFoundException extends RuntimeException {

    public ReturnNotFoundException(String returnId) {
        super("no return " + returnId);
    }
}
