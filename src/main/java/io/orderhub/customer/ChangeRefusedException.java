package io.orderhub.customer;

/**
 * A change the order cannot take now (a shipped line, a parcel the carrier cannot redirect, an
 * order still being processed): answered as problem+json with the status and the reason.
 */
public class ChangeRefusedException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    public ChangeRefusedException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /** 409: not possible in the order's state. */
    public static ChangeRefusedException conflict(String type, String title, String detail) {
        return new ChangeRefusedException(409, type, title, detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }
}
