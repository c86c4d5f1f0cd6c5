package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.inventory.Location;
import io.orderhub.inventory.Locations;
import io.orderhub.order.OrderRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The simulated sites ship what they accepted once the shipment delay has passed and report it
 * on the warehouse confirmation queue in their own format. Each parcel carries a label of the
 * simulated carrier ({@link SandboxCarrier}): the one the hub bought for a ship-from-store order,
 * or else one the site books itself. A recipient email containing "+partial" gets its first line in a parcel of
 * its own, the rest in a second parcel one delay later, to show partial shipment and capture. One
 * containing "+erp" is left to the ERP: its shipment confirmation comes in a file dropped into
 * the sandbox ERP's outbox (examples/erp/).
 * Pending work is in the ledger (the database), so a restart loses no shipment.
 */
@Component
@Profile("sandbox")
public class SandboxShipper {

    private static final Logger log = LoggerFactory.getLogger(SandboxShipper.class);

    /** What the sandbox sites weigh per unit: the hub's catalogue has no weights. */
    private static final int UNIT_WEIGHT_GRAMS = 500;

    /** The carrier product a site books for the order's service level. */
    private static final Map<String, String> PRODUCTS = Map.of(
            "express", "EXP", "next-day", "NXD", "same-day", "NXD", "weekend", "NXD");

    private final JdbcTemplate jdbc;
    private final SandboxCarrier carrier;
    private final Locations locations;
    private final SandboxProperties properties;
    private final ProducerTemplate producer;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String confirmationQueue;

    public SandboxShipper(JdbcTemplate jdbc, SandboxCarrier carrier, Locations locations, SandboxProperties properties,
                          ProducerTemplate producer,
                          ObjectMapper mapper, Clock clock,
                          @Value("${orderhub.partners.warehouse.confirmations-queue}") String confirmationQueue) {
        this.jdbc = jdbc;
        this.carrier = carrier;
        this.locations = locations;
        this.properties = properties;
        this.producer = producer;
        this.mapper = mapper;
        this.clock = clock;
        this.confirmationQueue = confirmationQueue;
    }

    @Scheduled(fixedDelayString = "${orderhub.sandbox.shipper-interval:250ms}")
    public void shipWhatIsDue() throws Exception {
        Instant due = clock.instant().minus(properties.shipmentDelay());
        var pending = jdbc.queryForList("""
                select partner, reference, status, detail from sandbox_ledger
                where operation = 'release' and status in ('accepted', 'partially_shipped') and created_at <= ?
                order by id""", OrderRepository.utc(due));
        for (Map<String, Object> release : pending) {
            try {
                ship((String) release.get("partner"), (String) release.get("reference"), (String) release.get("status"),
                        mapper.readTree((String) release.get("detail")));
            } catch (Exception e) {
                // one release the site cannot ship (it is tried again next round) must not hold up the others
                log.warn("sandbox site {} could not ship {}: {}", release.get("partner"), release.get("reference"), e.getMessage());
            }
        }
    }

    private void ship(String site, String reference, String status, JsonNode release) throws Exception {
        if (release.at("/recipient/email").asText("").contains("+erp")) {
            jdbc.update("update sandbox_ledger set status = 'left_to_erp' where partner = ? and operation = 'release' and reference = ?",
                    site, reference);
            log.info("sandbox site {} leaves {} to the ERP: drop its shipment file into the sandbox ERP's outbox", site, reference);
            return;
        }
        ArrayNode items = (ArrayNode) release.path("items");
        boolean splitIt = release.at("/recipient/email").asText("").contains("+partial") && items.size() > 1;
        ArrayNode parcelItems = mapper.createArrayNode();
        if (splitIt && status.equals("accepted")) {
            parcelItems.add(item(items.get(0)));
        } else if (splitIt) {
            for (int i = 1; i < items.size(); i++) {
                parcelItems.add(item(items.get(i)));
            }
        } else {
            items.forEach(item -> parcelItems.add(item(item)));
        }
        boolean firstParcel = status.equals("accepted");
        JsonNode hubLabel = release.path("label");
        // a label the hub bought (ship-from-store) goes on the first parcel; other parcels get one from the site
        JsonNode label = firstParcel && hubLabel.hasNonNull("tracking_no")
                ? hubLabel
                : bookLabel(reference + ":parcel-" + (firstParcel ? 1 : 2), release, parcelItems);
        String parcel = "PCL-" + UUID.randomUUID().toString().substring(0, 12).toUpperCase();
        ObjectNode confirmation = mapper.createObjectNode();
        confirmation.put("event", "SHIPPED");
        confirmation.put("fulfilment_ref", release.path("fulfilment_ref").asText());
        confirmation.put("order_ref", release.path("order_ref").asText());
        confirmation.put("site_ref", reference);
        confirmation.putObject("parcel").put("id", parcel).put("carrier", label.path("carrier").asText())
                .put("tracking_no", label.path("tracking_no").asText());
        confirmation.set("items", parcelItems);
        confirmation.put("shipped_at", clock.instant().toString());
        producer.sendBody("activemq6:queue:" + confirmationQueue, confirmation.toString());
        String next = splitIt && status.equals("accepted") ? "partially_shipped" : "shipped";
        // a second parcel is due one delay after the first
        jdbc.update("update sandbox_ledger set status = ?, created_at = ? where partner = ? and operation = 'release' and reference = ?",
                next, OrderRepository.utc(clock.instant()), site, reference);
    }

    /**
     * Books the parcel with the sandbox carrier as the site's own shipping software would: the
     * product its service level asks for, or standard where the carrier does not offer that
     * product; the key makes a repeat (after a crash before the status update) reuse the label.
     */
    private JsonNode bookLabel(String key, JsonNode release, ArrayNode parcelItems) throws Exception {
        Location site = locations.get(release.path("site").asText());
        JsonNode recipient = release.path("recipient");
        ObjectNode request = mapper.createObjectNode()
                .put("reference", release.path("order_ref").asText())
                .put("customer_reference", release.path("fulfilment_ref").asText());
        request.putObject("sender").put("country_code", site.country()).put("zip", site.postalCode());
        ObjectNode consignee = request.putObject("consignee")
                .put("full_name", recipient.path("name").asText())
                .put("town", recipient.path("city").asText())
                .put("zip", recipient.path("zip").asText())
                .put("country_code", recipient.path("country").asText())
                .put("phone_number", recipient.path("phone").asText(null));
        ArrayNode lines = consignee.putArray("address_lines").add(recipient.path("street").asText());
        if (recipient.hasNonNull("street2")) {
            lines.add(recipient.get("street2").asText());
        }
        int units = 0;
        for (JsonNode item : parcelItems) {
            units += item.path("qty").asInt();
        }
        // what one package cannot carry goes into more packages under the same label, as a site packs it
        // (one package for all units refused orders of more than 63 units: the carrier's limit is 31.5 kg)
        ArrayNode packages = request.putArray("packages");
        int perPackage = CarrierTariff.MAX_WEIGHT_GRAMS / UNIT_WEIGHT_GRAMS * UNIT_WEIGHT_GRAMS;
        int grams = units * UNIT_WEIGHT_GRAMS;
        do {
            packages.addObject().put("weight_kg", new BigDecimal(Math.min(grams, perPackage)).movePointLeft(3));
            grams -= perPackage;
        } while (grams > 0);
        request.put("product", PRODUCTS.getOrDefault(release.path("service_level").asText(), "STD"));
        SandboxCarrier.Answer answer = carrier.createShipment(key, request);
        if (answer.status() == 422 && "product_not_available".equals(answer.body().path("error").asText())) {
            answer = carrier.createShipment(key, request.put("product", "STD"));
        }
        if (answer.status() != 201) {
            throw new IllegalStateException("the sandbox carrier refused a label for " + key + ": " + answer.body());
        }
        return mapper.createObjectNode().put("carrier", answer.body().path("carrier_name").asText())
                .put("tracking_no", answer.body().path("tracking_code").asText());
    }

    private ObjectNode item(JsonNode item) {
        return mapper.createObjectNode().put("line", item.path("line").asInt()).put("qty", item.path("qty").asInt());
    }
}
