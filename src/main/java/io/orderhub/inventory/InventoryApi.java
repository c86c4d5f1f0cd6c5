package io.orderhub.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.InvalidQueryException;
import io.orderhub.order.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The inventory endpoints' HTTP side (routes/03-inventory-api.camel.yaml): parameters and bodies in, JSON out. */
@Component("inventoryApi")
public class InventoryApi {

    /** Most SKUs one availability request may ask about. */
    public static final int MAX_SKUS = 50;
    /** Most adjustments in one bulk request. */
    public static final int MAX_ADJUSTMENTS = 1000;

    private final Availability availability;
    private final StockAdmin admin;
    private final PostalRegions regions;
    private final ObjectMapper mapper;

    public InventoryApi(Availability availability, StockAdmin admin, PostalRegions regions, ObjectMapper mapper) {
        this.availability = availability;
        this.admin = admin;
        this.regions = regions;
        this.mapper = mapper;
    }

    /** GET /api/availability?sku=A&sku=B&postalCode=10115[&country=DE] */
    public String availability(Exchange exchange) throws JsonProcessingException {
        List<Violation> problems = new ArrayList<>();
        QueryParameters query = new QueryParameters(exchange, problems);
        List<String> skus = query.skus("sku", MAX_SKUS);
        String postalCode = query.postalCode("postalCode", false);
        String country = query.country("country", regions.defaultCountry());
        if (postalCode != null && country == null) {
            problems.add(new Violation("/country", "is required with a postal code (no default country is configured)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidQueryException(problems);
        }
        return mapper.writeValueAsString(availability.of(skus, postalCode, postalCode == null ? null : country));
    }

    /** GET /api/inventory/{locationId}/{sku} */
    public String get(String locationId, String sku) {
        requireSku(sku);
        return view(admin.get(locationId, sku)).toString();
    }

    /** PUT /api/inventory/{locationId}/{sku} with {"onHand": n, "safetyStock": n} (safetyStock optional). */
    public String put(String locationId, String sku, String body) {
        requireSku(sku);
        JsonNode update = parse(body);
        List<Violation> problems = new ArrayList<>();
        unknownFields(update, "", Set.of("onHand", "safetyStock"), problems);
        Integer onHand = units(update, "onHand", "", true, problems);
        Integer safetyStock = units(update, "safetyStock", "", false, problems);
        if (!problems.isEmpty()) {
            throw new InvalidStockRequestException(problems);
        }
        return view(admin.set(locationId, sku, onHand, safetyStock)).toString();
    }

    /** POST /api/inventory/adjustments with {"adjustments": [{"locationId", "sku", "delta" | "onHand"}]}: all or nothing. */
    public String adjust(String body) {
        JsonNode request = parse(body);
        List<Violation> problems = new ArrayList<>();
        unknownFields(request, "", Set.of("adjustments"), problems);
        JsonNode list = request.get("adjustments");
        List<StockAdmin.Adjustment> adjustments = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(new Violation("/adjustments", "is required: a list of one or more adjustments"));
        } else if (list.size() > MAX_ADJUSTMENTS) {
            problems.add(new Violation("/adjustments", "has " + list.size() + " entries; at most " + MAX_ADJUSTMENTS));
        } else {
            for (int i = 0; i < list.size(); i++) {
                adjustments.add(adjustment(list.get(i), "/adjustments/" + i, problems));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidStockRequestException(problems);
        }
        ObjectNode result = mapper.createObjectNode();
        result.put("applied", adjustments.size());
        ArrayNode stock = result.putArray("stock");
        admin.adjust(adjustments).forEach(level -> stock.add(view(level)));
        return result.toString();
    }

    private StockAdmin.Adjustment adjustment(JsonNode entry, String at, List<Violation> problems) {
        if (!entry.isObject()) {
            problems.add(new Violation(at, "must be an object"));
            return null;
        }
        unknownFields(entry, at, Set.of("locationId", "sku", "delta", "onHand"), problems);
        String locationId = entry.path("locationId").isTextual() ? entry.get("locationId").asText() : null;
        if (locationId == null) {
            problems.add(new Violation(at + "/locationId", "is required"));
        } else if (admin.locationIsUnknown(locationId)) {
            problems.add(new Violation(at + "/locationId", "'" + locationId + "' is not a configured location"));
        }
        String sku = entry.path("sku").isTextual() ? entry.get("sku").asText() : null;
        if (!QueryParameters.isSku(sku)) {
            problems.add(new Violation(at + "/sku", "is required: 1 to 64 of A-Z a-z 0-9 . _ / -"));
        }
        Integer delta = null;
        Integer onHand = null;
        if (entry.has("delta") == entry.has("onHand")) {
            problems.add(new Violation(at, "give exactly one of delta (a change) and onHand (a count)"));
        } else if (entry.has("delta")) {
            JsonNode value = entry.get("delta");
            if (!value.isIntegralNumber() || !value.canConvertToInt() || Math.abs(value.asLong()) > StockAdmin.MAX_UNITS) {
                problems.add(new Violation(at + "/delta", "must be a whole number from -" + StockAdmin.MAX_UNITS + " to " + StockAdmin.MAX_UNITS));
            } else if (value.asInt() == 0) {
                problems.add(new Violation(at + "/delta", "must not be 0"));
            } else {
                delta = value.asInt();
            }
        } else {
            onHand = units(entry, "onHand", at, true, problems);
        }
        return new StockAdmin.Adjustment(locationId, sku, delta, onHand);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedStockRequestException("the request body is empty; send a JSON object");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MalformedStockRequestException("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedStockRequestException("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Integer units(JsonNode node, String field, String at, boolean required, List<Violation> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(new Violation(at + "/" + field, "is required"));
            }
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0 || value.asInt() > StockAdmin.MAX_UNITS) {
            problems.add(new Violation(at + "/" + field, "must be a whole number from 0 to " + StockAdmin.MAX_UNITS));
            return null;
        }
        return value.asInt();
    }

    private static void unknownFields(JsonNode node, String at, Set<String> known, List<Violation> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(new Violation(at + "/" + name, "is not a known field"));
            }
        }
    }

    private static void requireSku(String sku) {
        if (!QueryParameters.isSku(sku)) {
            throw new InvalidQueryException(List.of(new Violation("/sku", "is not a SKU: 1 to 64 of A-Z a-z 0-9 . _ / -")));
        }
    }

    private ObjectNode view(StockLevel level) {
        ObjectNode node = mapper.createObjectNode();
        node.put("locationId", level.locationId());
        node.put("sku", level.sku());
        node.put("onHand", level.onHand());
        node.put("reserved", level.reserved());
        node.put("safetyStock", level.safetyStock());
        node.put("available", level.available());
        node.put("updatedAt", level.updatedAt() == null ? null : level.updatedAt().toString());
        return node;
    }
}
