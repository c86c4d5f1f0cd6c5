package io.orderhub.order;

public class OrderNotFoundException extends RuntimeException {

    private final String orderId;

    public OrderNotFoundException(String orderId) {
        super("order " + orderId + " does not exist");
        this.orderId = orderId;
    }

    public String orderId() {
        return orderId;
    }
}
