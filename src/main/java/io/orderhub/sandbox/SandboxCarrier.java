package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The simulated parcel carrier "Sandbox Post", in its own vocabulary (snake_case, product codes
 * STD / EXP / NXD, parcel states in capitals). Quotes come from {@link CarrierTariff}; every
 * label and intervention is in the {@link SandboxLedger} under its Idempotency-Key, and a repeat
 * gets the first answer; where a parcel is follows from its label's time ({@link ParcelTimeline},
 * {@code orderhub.sandbox.carrier-step} per step). The HTTP face is {@link SandboxCarrierController};
 * the simulated sites ({@link SandboxShipper}) book their own labels here directly.
 */
@Component
@Profile("sandbox")
public class SandboxCarrier {

    static final String PARTNER = "carrier";
    static final String NAME = "sandbox-post";
    static final String LABELS_PATH = "/sandbox/carrier/v1/labels/";

    /** An answer in the carrier's API shape with the HTTP status it goes with. */
    public record Answer(int status, JsonNode body) {
    }

    private final SandboxLedger ledger;
    private final SandboxProperties properties;
    private final ObjectMapper mapper;
    private final Clock clock;

    public SandboxCarrier(SandboxLedger ledger, SandboxProperties properties, ObjectMapper mapper, Clock clock) {
        this.ledger = ledger;
        this.properties = properties;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** {origin, destination: {country_code, zip}, packages: [{weight_kg}], product?} -> {quotes: [..]}. */
    public Answer quote(JsonNode request) {
        String problem = routeProblem(request.path("origin"), request.path("destination"));
        if (problem == null) {
            problem = packagesProblem(request.path("packages"));
        }
        List<CarrierTariff.Product> products = List.of(CarrierTariff.Product.values());
        if (problem == null && request.hasNonNull("product")) {
            products = CarrierTariff.Product.of(request.get("product").asText()).map(List::of).orElse(List.of());
            problem = products.isEmpty() ? "unknown_product" : null;
        }
        if (problem != null) {
            return refusal(problem);
        }
        CarrierTariff.Zone zone = CarrierTariff.zone(country(request.path("origin")), country(request.path("destination")));
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode quotes = answer.putArray("quotes");
        for (CarrierTariff.Product product : products) {
            CarrierTariff.quote(product, zone, grams(request.path("packages"))).ifPresent(quote -> quotes.addObject()
                    .put("product", product.name())
                    .put("product_name", product.displayName)
                    .put("transit_days", quote.transitDays())
                    .putObject("price").put("value", quote.price().toPlainString()).put("currency", CarrierTariff.CURRENCY));
        }
        return new Answer(200, answer);
    }

    /**
     * Books a parcel: {product, reference, customer_reference, sender: {country_code, zip},
     * consignee: {full_name, address_lines, town, zip, country_code, phone_number}, packages}
     * -> 201 {shipment_id, tracking_code, carrier_name, product, charge, documents: [{kind: LABEL, href}]}.
     * The label's href is a path on this server.
     */
    public synchronized Answer createShipment(String idempotencyKey, JsonNode request) throws Exception {
        var earlier = ledger.byKey(PARTNER, "label", idempotencyKey);
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        String problem = routeProblem(request.path("sender"), request.path("consignee"));
        if (problem == null) {
            problem = consigneeProblem(request.path("consignee"));
        }
        if (problem == null) {
            problem = packagesProblem(request.path("packages"));
        }
        Optional<CarrierTariff.Product> product = CarrierTariff.Product.of(request.path("product").asText());
        if (problem == null && product.isEmpty()) {
            problem = "unknown_product";
        }
        if (problem != null) {
            return refusal(problem);
        }
        CarrierTariff.Zone zone = CarrierTariff.zone(country(request.path("sender")), country(request.path("consignee")));
        Optional<CarrierTariff.Quote> quote = CarrierTariff.quote(product.get(), zone, grams(request.path("packages")));
        if (quote.isEmpty()) {
            return refusal("product_not_available");
        }
        String tracking = newTrackingCode();
        ObjectNode answer = mapper.createObjectNode()
                .put("shipment_id", "shp_" + UUID.randomUUID().toString().replace("-", ""))
                .put("tracking_code", tracking)
                .put("carrier_name", NAME)
                .put("product", product.get().name());
        answer.putObject("charge").put("value", quote.get().price().toPlainString()).put("currency", CarrierTariff.CURRENCY);
        answer.putArray("documents").addObject()
                .put("kind", "LABEL").put("mime", "application/pdf").put("href", LABELS_PATH + tracking + ".pdf");
        ledger.add(new SandboxLedger.Entry(PARTNER, "label", idempotencyKey, request.path("reference").asText(null), tracking,
                request.path("customer_reference").asText(null), quote.get().price(), CarrierTariff.CURRENCY, "created",
                stored(201, answer, request)));
        return new Answer(201, answer);
    }

    /** Where the parcel is: {tracking_code, state, eta, checkpoints: [{timestamp, code, place, text}]}; 404 if unknown. */
    public Answer events(String trackingCode) throws Exception {
        var label = ledger.datedByReference(PARTNER, "label", trackingCode);
        if (label.isEmpty()) {
            return new Answer(404, error("unknown_tracking_code"));
        }
        ParcelTimeline timeline = timeline(label.get());
        ObjectNode answer = mapper.createObjectNode().put("tracking_code", trackingCode).put("state", timeline.state().name());
        answer.put("eta", timeline.eta() == null ? null : timeline.eta().toString());
        ArrayNode checkpoints = answer.putArray("checkpoints");
        timeline.checkpoints().forEach(checkpoint -> checkpoints.addObject()
                .put("timestamp", checkpoint.at().toString())
                .put("code", checkpoint.state().name())
                .put("place", checkpoint.place())
                .put("text", checkpoint.text()));
        return new Answer(200, answer);
    }

    /**
     * Stops ({type: STOP}) or reroutes ({type: REROUTE, new_consignee: {..}}) a parcel: 200 with
     * result ACCEPTED until it is out for delivery, 409 with result REJECTED and a reason_code after.
     */
    public synchronized Answer intervene(String idempotencyKey, String trackingCode, JsonNode request) throws Exception {
        var earlier = ledger.byKey(PARTNER, "intercept", idempotencyKey);
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        var label = ledger.datedByReference(PARTNER, "label", trackingCode);
        if (label.isEmpty()) {
            return new Answer(404, error("unknown_tracking_code"));
        }
        String type = request.path("type").asText("");
        if (!type.equals("STOP") && !type.equals("REROUTE")) {
            return refusal("unknown_intervention_type");
        }
        if (type.equals("REROUTE") && (!locatable(request.path("new_consignee")) || consigneeProblem(request.path("new_consignee")) != null)) {
            return refusal("new_consignee_required");
        }
        ParcelTimeline timeline = timeline(label.get());
        String id = "int_" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode answer = mapper.createObjectNode().put("intervention_id", id).put("tracking_code", trackingCode).put("type", type);
        int status;
        if (timeline.interceptable()) {
            answer.put("result", "ACCEPTED");
            status = 200;
        } else {
            answer.put("result", "REJECTED").put("reason_code", switch (timeline.state()) {
                case OUT_FOR_DELIVERY -> "OUT_FOR_DELIVERY";
                case DELIVERED -> "ALREADY_DELIVERED";
                default -> "ALREADY_STOPPED";
            });
            status = 409;
        }
        ledger.add(new SandboxLedger.Entry(PARTNER, "intercept", idempotencyKey, label.get().entry().orderRef(), id, trackingCode,
                null, null, answer.get("result").asText().toLowerCase(Locale.ROOT), stored(status, answer, request)));
        return new Answer(status, answer);
    }

    /** The printable label of a parcel this carrier booked. */
    public Optional<byte[]> labelDocument(String trackingCode) throws Exception {
        var label = ledger.byReference(PARTNER, "label", trackingCode);
        if (label.isEmpty()) {
            return Optional.empty();
        }
        JsonNode request = mapper.readTree(label.get().detail()).path("request");
        JsonNode to = request.path("consignee");
        List<String> lines = new ArrayList<>();
        lines.add("SANDBOX POST - not a real label");
        lines.add(CarrierTariff.Product.of(request.path("product").asText()).map(p -> p.displayName).orElse(""));
        lines.add("Tracking: " + trackingCode);
        lines.add("");
        lines.add("From: " + place(request.path("sender")));
        lines.add("To: " + to.path("full_name").asText());
        to.path("address_lines").forEach(line -> lines.add("    " + line.asText()));
        lines.add("    " + to.path("zip").asText() + " " + to.path("town").asText());
        lines.add("    " + to.path("country_code").asText());
        lines.add("");
        lines.add("Ref: " + request.path("customer_reference").asText());
        return Optional.of(LabelDocument.render(lines));
    }

    private ParcelTimeline timeline(SandboxLedger.Dated label) throws Exception {
        JsonNode request = mapper.readTree(label.entry().detail()).path("request");
        List<ParcelTimeline.Intervention> interventions = new ArrayList<>();
        for (SandboxLedger.Dated intervention : ledger.datedUnder(PARTNER, "intercept", label.entry().reference())) {
            if (intervention.entry().status().equals("accepted")) {
                JsonNode asked = mapper.readTree(intervention.entry().detail()).path("request");
                interventions.add(new ParcelTimeline.Intervention(intervention.at(),
                        asked.path("type").asText().equals("REROUTE"), place(asked.path("new_consignee"))));
            }
        }
        return new ParcelTimeline(label.at(), place(request.path("sender")), place(request.path("consignee")),
                interventions, properties.carrierStep(), clock.instant());
    }

    private String newTrackingCode() {
        String code;
        do {
            code = "SBX" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 10_000_000_000L);
        } while (ledger.byReference(PARTNER, "label", code).isPresent());
        return code;
    }

    private static String routeProblem(JsonNode from, JsonNode to) {
        if (!locatable(from)) {
            return "origin_incomplete";
        }
        return locatable(to) ? null : "destination_incomplete";
    }

    /** Whether the address has what the tariff and the timeline need: a country code and a postal code. */
    private static boolean locatable(JsonNode address) {
        return country(address).matches("[A-Z]{2}") && !address.path("zip").asText("").isBlank();
    }

    private static String consigneeProblem(JsonNode consignee) {
        boolean complete = !consignee.path("full_name").asText("").isBlank() && !consignee.path("town").asText("").isBlank()
                && consignee.path("address_lines").isArray() && !consignee.path("address_lines").isEmpty();
        return complete ? null : "consignee_incomplete";
    }

    private static String packagesProblem(JsonNode packages) {
        if (!packages.isArray() || packages.isEmpty()) {
            return "no_packages";
        }
        for (int grams : grams(packages)) {
            if (grams <= 0) {
                return "package_weight_invalid";
            }
            if (grams > CarrierTariff.MAX_WEIGHT_GRAMS) {
                return "package_too_heavy";
            }
        }
        return null;
    }

    /** Package weights in whole grams, rounded up (the API takes kilograms, e.g. 1.25); 0 for a weight that is no number. */
    private static List<Integer> grams(JsonNode packages) {
        List<Integer> grams = new ArrayList<>();
        for (JsonNode pkg : packages) {
            try {
                BigDecimal value = new BigDecimal(pkg.path("weight_kg").asText("")).movePointRight(3).setScale(0, RoundingMode.CEILING);
                grams.add(value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 ? Integer.MAX_VALUE : value.intValue());
            } catch (NumberFormatException e) {
                grams.add(0);
            }
        }
        return grams;
    }

    private static String country(JsonNode address) {
        return address.path("country_code").asText("").toUpperCase(Locale.ROOT);
    }

    private static String place(JsonNode address) {
        return (address.path("zip").asText("") + " " + country(address)).trim();
    }

    private Answer replay(SandboxLedger.Entry entry) throws Exception {
        JsonNode stored = mapper.readTree(entry.detail());
        return new Answer(stored.path("status").asInt(200), stored.path("body"));
    }

    private String stored(int status, JsonNode body, JsonNode request) {
        ObjectNode stored = mapper.createObjectNode();
        stored.put("status", status);
        stored.set("body", body);
        stored.set("request", request);
        return stored.toString();
    }

    private Answer refusal(String code) {
        return new Answer(422, error(code));
    }

    private JsonNode error(String code) {
        return mapper.createObjectNode().put("error", code);
    }
}
