package io.orderhub.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Currency;
import java.util.List;

/** The order aggregate as stored: what the customer bought and where it stands. Totals are derived, never taken from the client. */
public record Order(
        String id,
        String externalId,
        String channel,
        OrderStatus status,
        long version,
        Currency currency,
        Customer customer,
        List<OrderLine> lines,
        Address shippingAddress,
        Address billingAddress,
        String deliveryOption,
        PaymentInstrument payment,
        JsonNode metadata,
        Instant createdAt,
        Instant updatedAt,
        Money tax) {

    public record Customer(String id, String name, String email, String phone, String language) {
    }

    public record Address(String name, String company, String line1, String line2, String city,
                          String region, String postalCode, String country, String phone) {
    }

    /** How a line reaches the customer: shipped, or picked up at a store. */
    public record Fulfilment(Type type, String storeId) {
        public enum Type { SHIP, PICKUP }

        public static final Fulfilment SHIP = new Fulfilment(Type.SHIP, null);
    }

    /** A payment method and the payment provider's token for it; card numbers never reach the hub. */
    public record PaymentInstrument(String method, String token) {
    }

    public record OrderLine(int lineNumber, String sku, String name, int quantity, Money unitPrice,
                            String personalisation, Fulfilment fulfilment) {
        public Money lineTotal() {
            return unitPrice.times(quantity);
        }
    }

    public Money subtotal() {
        return lines.stream().map(OrderLine::lineTotal).reduce(Money.zero(currency), Money::plus);
    }

    /** What the customer owes: the lines plus tax once the tax stage has priced it (null before). */
    public Money total() {
        return tax == null ? subtotal() : subtotal().plus(tax);
    }

    public Order withTax(Money newTax) {
        return new Order(id, externalId, channel, status, version, currency, customer, lines,
                shippingAddress, billingAddress, deliveryOption, payment, metadata, createdAt, updatedAt, newTax);
    }

    public OrderLine line(int lineNumber) {
        return lines.stream().filter(line -> line.lineNumber() == lineNumber).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("order " + id + " has no line " + lineNumber));
    }
}
