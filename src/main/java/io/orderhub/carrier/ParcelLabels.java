package io.orderhub.carrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.fulfilment.FulfilmentOrder;
import io.orderhub.fulfilment.FulfilmentOrders;
import io.orderhub.inventory.Location;
import io.orderhub.inventory.Locations;
import io.orderhub.order.Order;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.pipeline.Effects;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Labels the hub buys from the carrier for ship-from-store fulfilment orders, so the store prints
 * the hub's label instead of booking a carrier itself. A label is an effect: bought once, under
 * {@link #effectKey} (also the Idempotency-Key), and its tracking number and label URL travel in
 * the release request the store receives. Canonical shapes: docs/carrier.md.
 */
@Component("parcelLabels")
public class ParcelLabels {

    private final FulfilmentOrders fulfilments;
    private final OrderRepository orders;
    private final Locations locations;
    private final Effects effects;
    private final ObjectMapper mapper;
    private final int parcelWeightGrams;

    public ParcelLabels(FulfilmentOrders fulfilments, OrderRepository orders, Locations locations, Effects effects,
                        ObjectMapper mapper, @Value("${orderhub.carrier.parcel-weight-grams}") int parcelWeightGrams) {
        this.fulfilments = fulfilments;
        this.orders = orders;
        this.locations = locations;
        this.effects = effects;
        this.mapper = mapper;
        this.parcelWeightGrams = parcelWeightGrams;
    }

    /**
     * One label per fulfilment order and shipping location: an order that failed and was sourced
     * again can get the same fulfilment order id at another store, whose parcel needs its own label.
     */
    public String effectKey(String fulfilmentOrderId) {
        return fulfilmentOrderId + ":label:" + fulfilment(fulfilmentOrderId).locationId();
    }

    /** The canonical label request: one parcel from the location to the order's shipping address. */
    public String request(String fulfilmentOrderId) {
        FulfilmentOrder fulfilment = fulfilment(fulfilmentOrderId);
        Order order = orders.findById(fulfilment.orderId()).orElseThrow(() -> new OrderNotFoundException(fulfilment.orderId()));
        Location from = locations.get(fulfilment.locationId());
        Order.Address to = order.shippingAddress();
        ObjectNode request = mapper.createObjectNode()
                .put("orderId", order.id())
                .put("fulfilmentOrderId", fulfilment.id())
                .put("service", order.deliveryOption());
        request.putObject("shipFrom").put("country", from.country()).put("postalCode", from.postalCode());
        ObjectNode shipTo = request.putObject("shipTo").put("name", to.name()).put("company", to.company());
        ArrayNode lines = shipTo.putArray("lines").add(to.line1());
        if (to.line2() != null && !to.line2().isBlank()) {
            lines.add(to.line2());
        }
        // the carrier calls the recipient about the delivery: the address's phone, else the customer's
        shipTo.put("city", to.city()).put("postalCode", to.postalCode()).put("country", to.country())
                .put("phone", to.phone() != null ? to.phone() : order.customer().phone());
        // the catalogue has no weights yet: every parcel is declared at the configured weight
        request.putArray("parcels").addObject().put("weightGrams", parcelWeightGrams);
        return request.toString();
    }

    /** Records the carrier's label (once) and gives it back; a refused label fails the release, to be looked at. */
    public String record(String fulfilmentOrderId, String response) throws Exception {
        JsonNode label = mapper.readTree(response);
        if (!label.hasNonNull("trackingNumber")) {
            throw new IllegalStateException("the carrier refused a label for fulfilment order " + fulfilmentOrderId + ": "
                    + label.path("reason").asText("no reason given"));
        }
        effects.record(effectKey(fulfilmentOrderId), fulfilment(fulfilmentOrderId).orderId(), "label", response);
        return response;
    }

    /** The canonical release request with the label added: {..., label: {carrier, trackingNumber, labelUrl}}. */
    public String addToRelease(String releaseRequest, String label) throws Exception {
        ObjectNode release = (ObjectNode) mapper.readTree(releaseRequest);
        JsonNode bought = mapper.readTree(label);
        release.putObject("label")
                .put("carrier", bought.path("carrier").asText(null))
                .put("trackingNumber", bought.path("trackingNumber").asText())
                .put("labelUrl", bought.path("labelUrl").asText(null));
        return release.toString();
    }

    private FulfilmentOrder fulfilment(String fulfilmentOrderId) {
        return fulfilments.find(fulfilmentOrderId)
                .orElseThrow(() -> new IllegalArgumentException("unknown fulfilment order " + fulfilmentOrderId));
    }
}
