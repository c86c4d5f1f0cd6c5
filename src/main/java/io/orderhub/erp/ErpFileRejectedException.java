package io.orderhub.erp;

/** An inbound ERP file the hub will not import as it is; the message is the reason written next to it in .error. */
public class ErpFileRejectedException extends RuntimeException {

    public ErpFileRejectedException(String message) {
        super(message);
    }
}
