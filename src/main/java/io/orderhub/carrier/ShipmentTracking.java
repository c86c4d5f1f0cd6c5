package io.orderhub.carrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The shipments API (routes/05-shipments-api.camel.yaml): an order's shipments as recorded from
 * the sites' confirmations, each with where its parcel is now according to the carrier. A
 * shipment the carrier cannot tell about has {"tracking": {"available": false, "reason": ..}};
 * the rest of the answer stands.
 */
@Component("shipmentTracking")
public class ShipmentTracking {

    private static final Logger log = LoggerFactory.getLogger(ShipmentTracking.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public ShipmentTracking(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * The order's shipments, each as JSON text: {shipmentId, fulfilmentOrderId, carrier,
     * trackingNumber, shippedAt, deliveredAt (null until delivery tracking saw it delivered), lines}.
     */
    public List<String> shipments(String orderId) {
        return jdbc.query("""
                select shipment_id, fulfilment_order_id, carrier, tracking_number, lines, shipped_at, delivered_at
                from shipments where order_id = ? order by shipped_at, shipment_id""",
                (rs, n) -> {
                    ObjectNode shipment = mapper.createObjectNode()
                            .put("shipmentId", rs.getString("shipment_id"))
                            .put("fulfilmentOrderId", rs.getString("fulfilment_order_id"))
                            .put("carrier", rs.getString("carrier"))
                            .put("trackingNumber", rs.getString("tracking_number"))
                            .put("shippedAt", rs.getObject("shipped_at", OffsetDateTime.class).toInstant().toString());
                    OffsetDateTime deliveredAt = rs.getObject("delivered_at", OffsetDateTime.class);
                    shipment.put("deliveredAt", deliveredAt == null ? null : deliveredAt.toInstant().toString());
                    try {
                        shipment.set("lines", mapper.readTree(rs.getString("lines")));
                    } catch (Exception e) {
                        throw new IllegalStateException("unreadable lines of shipment " + rs.getString("shipment_id"), e);
                    }
                    return shipment.toString();
                }, orderId);
    }

    /** The canonical tracking request for the shipment, or null when it has no tracking number. */
    public String trackingRequest(String shipment) throws Exception {
        JsonNode node = mapper.readTree(shipment);
        if (!node.hasNonNull("trackingNumber") || node.get("trackingNumber").asText().isBlank()) {
            return null;
        }
        return mapper.createObjectNode().put("trackingNumber", node.get("trackingNumber").asText()).toString();
    }

    /** The shipment with the carrier's canonical tracking answer. */
    public String tracked(String shipment, String tracking) throws Exception {
        ObjectNode node = (ObjectNode) mapper.readTree(shipment);
        ObjectNode answer = mapper.createObjectNode().put("available", true);
        answer.setAll((ObjectNode) mapper.readTree(tracking));
        node.set("tracking", answer);
        return node.toString();
    }

    public String withoutTrackingNumber(String shipment) throws Exception {
        return unavailable(shipment, "no tracking number was reported for this shipment");
    }

    /** The shipment marked as not trackable now; why the carrier failed goes to the log, not to the API caller. */
    public String carrierFailed(String shipment, Throwable failure) throws Exception {
        JsonNode node = mapper.readTree(shipment);
        log.warn("tracking {} of shipment {} failed: {}", node.path("trackingNumber").asText(), node.path("shipmentId").asText(),
                failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        return unavailable(shipment, "the carrier did not answer; try again later");
    }

    /** {orderId, shipments: [..]}, the first shipped first. */
    public String answer(String orderId, List<String> shipments) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String shipment : shipments) {
            nodes.add(mapper.readTree(shipment));
        }
        nodes.sort(Comparator.comparing((JsonNode node) -> Instant.parse(node.path("shippedAt").asText()))
                .thenComparing(node -> node.path("shipmentId").asText()));
        ObjectNode answer = mapper.createObjectNode().put("orderId", orderId);
        ArrayNode list = answer.putArray("shipments");
        nodes.forEach(list::add);
        return answer.toString();
    }

    private String unavailable(String shipment, String reason) throws Exception {
        ObjectNode node = (ObjectNode) mapper.readTree(shipment);
        node.putObject("tracking").put("available", false).put("reason", reason);
        return node.toString();
    }
}
