package io.orderhub.returns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.inventory.Location;
import io.orderhub.inventory.Locations;
import io.orderhub.order.Order;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.pipeline.Effects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Prepaid labels for mailed returns, bought from the carrier connector (operation {@code label},
 * canonical shapes in docs/carrier.md): one parcel from the customer's shipping address to the
 * return location ({@code orderhub.returns.mail-to}). A label is an effect, bought once under
 * {@link #effectKey} (also the Idempotency-Key).
 */
@Component("returnLabels")
public class ReturnLabels {

    private static final Logger log = LoggerFactory.getLogger(ReturnLabels.class);

    private final OrderRepository orders;
    private final Locations locations;
    private final ReturnProperties properties;
    private final Effects effects;
    private final ObjectMapper mapper;
    private final int parcelWeightGrams;

    public ReturnLabels(OrderRepository orders, Locations locations, ReturnProperties properties, Effects effects,
                        ObjectMapper mapper, @Value("${orderhub.carrier.parcel-weight-grams}") int parcelWeightGrams) {
        this.orders = orders;
        this.locations = locations;
        this.properties = properties;
        this.effects = effects;
        this.mapper = mapper;
        this.parcelWeightGrams = parcelWeightGrams;
    }

    public String effectKey(Returns.PreparedReturn prepared) {
        return prepared.orderId() + ":return:" + prepared.id() + ":label";
    }

    /** The canonical label request: the customer sends one parcel back to the return location. */
    public String request(Returns.PreparedReturn prepared) {
        Order order = orders.findById(prepared.orderId()).orElseThrow(() -> new OrderNotFoundException(prepared.orderId()));
        Location to = locations.get(prepared.locationId());
        ReturnProperties.Address address = properties.addresses().get(to.id());
        if (address == null || address.line1() == null || address.city() == null) {
            throw new IllegalStateException("no street address configured for return location " + to.id()
                    + " (orderhub.returns.addresses." + to.id() + ")");
        }
        Order.Address from = order.shippingAddress();
        ObjectNode request = mapper.createObjectNode()
                .put("orderId", order.id())
                .put("returnId", prepared.id())
                .put("service", "standard");
        request.putObject("shipFrom").put("country", from.country()).put("postalCode", from.postalCode());
        ObjectNode shipTo = request.putObject("shipTo").put("name", address.name() != null ? address.name() : to.name()).putNull("company");
        ArrayNode lines = shipTo.putArray("lines").add(address.line1());
        if (address.line2() != null && !address.line2().isBlank()) {
            lines.add(address.line2());
        }
        shipTo.put("city", address.city()).put("postalCode", to.postalCode()).put("country", to.country()).put("phone", address.phone());
        request.putArray("parcels").addObject().put("weightGrams", parcelWeightGrams);
        return request.toString();
    }

    /** Records the carrier's label (once) on the prepared return; a refused label means no return now. */
    public Returns.PreparedReturn record(Returns.PreparedReturn prepared, String response) throws Exception {
        JsonNode label = mapper.readTree(response);
        if (!label.hasNonNull("trackingNumber")) {
            log.warn("the carrier refused a return label for order {}: {}", prepared.orderId(), label.path("reason").asText("no reason given"));
            throw new ReturnLabelUnavailableException("the carrier refused a return label ("
                    + label.path("reason").asText("no reason given") + "); choose a store drop-off instead");
        }
        effects.record(effectKey(prepared), prepared.orderId(), "return-label", response);
        return prepared.withLabel(new OrderReturn.Label(label.path("carrier").asText(null), label.path("trackingNumber").asText(),
                label.path("labelUrl").asText(null)));
    }

    /** The carrier did not answer (down, timeout, open circuit): no return is created, the customer may try again. */
    public void unavailable(Returns.PreparedReturn prepared, Exception failure) {
        log.warn("no return label for order {}: the carrier failed ({})", prepared.orderId(), failure.toString());
        throw new ReturnLabelUnavailableException("the carrier could not issue a return label just now; try again later or choose a store drop-off");
    }
}
