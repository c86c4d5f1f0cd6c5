package io.orderhub.fulfilment;

import io.orderhub.delivery.DeliveryOptions;
import io.orderhub.order.Order;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The day each fulfilment order not yet released is promised to the customer: by the order's
 * delivery option from its location to the shipping address, or ready at the store for pickup
 * lines, made when the order is sourced. (Its shipping details change only while nothing is
 * planned, or after release, when the carrier's estimate for each parcel takes over.)
 */
@Component
public class DeliveryPromises {

    private final DeliveryOptions deliveryOptions;
    private final FulfilmentOrders fulfilments;

    public DeliveryPromises(DeliveryOptions deliveryOptions, FulfilmentOrders fulfilments) {
        this.deliveryOptions = deliveryOptions;
        this.fulfilments = fulfilments;
    }

    /** Promises every planned fulfilment order of the order; null where none can be made. */
    public void promise(Order order) {
        for (FulfilmentOrder fulfilment : fulfilments.forOrder(order.id())) {
            if (fulfilment.status() == FulfilmentOrder.Status.PLANNED) {
                fulfilments.promise(fulfilment.id(), promise(order, fulfilment).orElse(null));
            }
        }
    }

    private Optional<LocalDate> promise(Order order, FulfilmentOrder fulfilment) {
        boolean pickup = fulfilment.lines().stream().allMatch(line -> order.lines().stream()
                .anyMatch(ordered -> ordered.lineNumber() == line.lineNumber() && ordered.fulfilment() != null
                        && ordered.fulfilment().type() == Order.Fulfilment.Type.PICKUP));
        if (pickup || "pickup".equals(order.deliveryOption())) {
            return deliveryOptions.promise("pickup", fulfilment.locationId(), null, null);
        }
        Order.Address to = order.shippingAddress();
        return to == null ? Optional.empty()
                : deliveryOptions.promise(order.deliveryOption(), fulfilment.locationId(), to.country(), to.postalCode());
    }
}
