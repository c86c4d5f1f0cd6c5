package io.orderhub.carrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.inventory.Location;
import io.orderhub.inventory.Locations;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Prices the delivery options a storefront is offered with the carrier connector's rates
 * (routes/03-inventory-api.camel.yaml, when orderhub.delivery.carrier-rates is on). The options
 * themselves come from the delivery rules; the carrier only adds what each costs. If the carrier
 * cannot quote, the options are still answered, marked as unpriced.
 */
@Component("deliveryRates")
public class DeliveryRates {

    private final Locations locations;
    private final ObjectMapper mapper;
    private final int parcelWeightGrams;

    public DeliveryRates(Locations locations, ObjectMapper mapper,
                         @Value("${orderhub.carrier.parcel-weight-grams}") int parcelWeightGrams) {
        this.locations = locations;
        this.mapper = mapper;
        this.parcelWeightGrams = parcelWeightGrams;
    }

    /**
     * The canonical rates request for the options' shipments: from the first location a shipped
     * option leaves from, to the asked postal code, one parcel per unit. Null when no option ships.
     */
    public String request(String answer) throws Exception {
        JsonNode options = mapper.readTree(answer);
        String from = null;
        for (JsonNode option : options.path("options")) {
            if (!"pickup".equals(option.path("id").asText()) && option.path("locationIds").size() > 0) {
                from = option.path("locationIds").get(0).asText();
                break;
            }
        }
        if (from == null) {
            return null;
        }
        Location origin = locations.get(from);
        ObjectNode request = mapper.createObjectNode();
        request.putObject("shipFrom").put("country", origin.country()).put("postalCode", origin.postalCode());
        request.putObject("shipTo").put("country", options.path("country").asText()).put("postalCode", options.path("postalCode").asText());
        ArrayNode parcels = request.putArray("parcels");
        int units = 0;
        for (JsonNode item : options.path("items")) {
            units += item.path("quantity").asInt(1);
        }
        parcels.addObject().put("weightGrams", Math.max(1, units) * parcelWeightGrams);
        return request.toString();
    }

    /** The options with each one's price and carrier service where the carrier quoted it. */
    public String priced(String answer, String rates) throws Exception {
        ObjectNode options = (ObjectNode) mapper.readTree(answer);
        JsonNode quoted = mapper.readTree(rates).path("rates");
        for (JsonNode option : options.path("options")) {
            for (JsonNode rate : quoted) {
                if (rate.path("deliveryOption").asText().equals(option.path("id").asText())) {
                    ((ObjectNode) option).putObject("price")
                            .put("amount", rate.path("amount").asText())
                            .put("currency", rate.path("currency").asText());
                    ((ObjectNode) option).put("carrierService", rate.path("service").asText());
                    break;
                }
            }
        }
        options.put("rates", "quoted");
        return options.toString();
    }

    /** The options as the rules give them, saying why they carry no prices. */
    public String unpriced(String answer, String reason) throws Exception {
        ObjectNode options = (ObjectNode) mapper.readTree(answer);
        options.put("rates", "unavailable");
        options.put("ratesReason", reason);
        return options.toString();
    }
}
