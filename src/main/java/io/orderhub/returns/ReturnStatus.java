package io.orderhub.returns;

/** Where a return stands: requested (label or drop-off given), received (checked in), refunded. */
public enum ReturnStatus {
    REQUESTED,
    RECEIVED,
    REFUNDED;

    /** A return only moves forward, one step at a time. */
    public boolean canMoveTo(ReturnStatus next) {
        return switch (this) {
            case REQUESTED -> next == RECEIVED;
            case RECEIVED -> next == REFUNDED;
            case REFUNDED -> false;
        };
    }
}
