package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Simulated warehouses, stores and drop-ship partners taking fulfilment orders. Each accepted
 * order is in the ledger; {@link SandboxShipper} ships it after the configured delay and sends
 * the shipment confirmation back to the hub, as a real warehouse system would. Units not shipped
 * yet can be cancelled; once a site has shipped from an order it refuses ({@code already_shipped}).
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/fulfilment/v1")
public class SandboxFulfilmentController {

    static final Set<String> SITES = Set.of("warehouse", "store", "dropship");

    private final SandboxProperties properties;
    private final PartnerSwitches switches;
    private final SandboxLedger ledger;
    private final ObjectMapper mapper;

    public SandboxFulfilmentController(SandboxProperties properties, PartnerSwitches switches, SandboxLedger ledger,
                                       ObjectMapper mapper) {
        this.properties = properties;
        this.switches = switches;
        this.ledger = ledger;
        this.mapper = mapper;
    }

    @PostMapping("/{site}/orders")
    public synchronized ResponseEntity<JsonNode> accept(@PathVariable String site,
                                                        @RequestHeader(value = "Authorization", required = false) String authorization,
                                                        @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                        @RequestBody JsonNode request) throws Exception {
        if (!SITES.contains(site)) {
            return ResponseEntity.notFound().build();
        }
        SandboxPartner.admit(site, authorization, properties, switches);
        var earlier = ledger.byKey(site, "release", key);
        if (earlier.isPresent()) {
            return ResponseEntity.status(HttpStatus.CREATED).body(answer(earlier.get().reference()));
        }
        if (!request.path("items").isArray() || request.path("items").isEmpty()) {
            return ResponseEntity.unprocessableEntity().body(mapper.createObjectNode().put("error", "no_items"));
        }
        String reference = "FUL-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        ledger.add(new SandboxLedger.Entry(site, "release", key, request.path("order_ref").asText(), reference,
                request.path("fulfilment_ref").asText(), null, null, "accepted", request.toString()));
        return ResponseEntity.status(HttpStatus.CREATED).body(answer(reference));
    }

    /**
     * Takes units of an accepted order back before they ship: its items are lowered (all gone: the
     * order is cancelled). Once the site has shipped from it (or the order is unknown) it refuses.
     */
    @PostMapping("/{site}/orders/{reference}/cancellations")
    public synchronized ResponseEntity<JsonNode> cancel(@PathVariable String site, @PathVariable String reference,
                                                        @RequestHeader(value = "Authorization", required = false) String authorization,
                                                        @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                        @RequestBody JsonNode request) throws Exception {
        if (!SITES.contains(site)) {
            return ResponseEntity.notFound().build();
        }
        SandboxPartner.admit(site, authorization, properties, switches);
        var earlier = ledger.byKey(site, "cancel", key);
        if (earlier.isPresent()) {
            JsonNode stored = mapper.readTree(earlier.get().detail());
            return ResponseEntity.status(stored.path("status").asInt(200)).body(stored.path("body"));
        }
        var release = ledger.byReference(site, "release", reference).orElse(null);
        if (release == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(mapper.createObjectNode().put("error", "unknown_order"));
        }
        if (!Set.of("accepted", "left_to_erp").contains(release.status())) {
            return refuseCancel(site, key, release, release.status().equals("cancelled") ? "already_cancelled" : "already_shipped");
        }
        ObjectNode detail = (ObjectNode) mapper.readTree(release.detail());
        ArrayNode kept = mapper.createArrayNode();
        for (JsonNode item : detail.path("items")) {
            int cancelled = 0;
            for (JsonNode asked : request.path("items")) {
                if (asked.path("line").asInt() == item.path("line").asInt()) {
                    cancelled += asked.path("qty").asInt();
                }
            }
            if (cancelled > item.path("qty").asInt()) {
                return refuseCancel(site, key, release, "more_than_ordered");
            }
            if (item.path("qty").asInt() > cancelled) {
                kept.add(((ObjectNode) item.deepCopy()).put("qty", item.path("qty").asInt() - cancelled));
            }
        }
        detail.set("items", kept);
        String state = kept.isEmpty() ? "CANCELLED" : "PARTIALLY_CANCELLED";
        ledger.setStatusAndDetail(site, "release", reference, kept.isEmpty() ? "cancelled" : release.status(), detail.toString());
        ObjectNode answer = mapper.createObjectNode().put("id", reference).put("state", state);
        ledger.add(new SandboxLedger.Entry(site, "cancel", key, release.orderRef(), "CXL-" + UUID.randomUUID().toString().substring(0, 8),
                reference, null, null, state.toLowerCase(java.util.Locale.ROOT), stored(answer, HttpStatus.OK)));
        return ResponseEntity.ok(answer);
    }

    private ResponseEntity<JsonNode> refuseCancel(String site, String key, SandboxLedger.Entry release, String reason) {
        ObjectNode answer = mapper.createObjectNode().put("error", reason);
        ledger.add(new SandboxLedger.Entry(site, "cancel", key, release.orderRef(), "CXL-" + UUID.randomUUID().toString().substring(0, 8),
                release.reference(), null, null, "refused", stored(answer, HttpStatus.CONFLICT)));
        return ResponseEntity.status(HttpStatus.CONFLICT).body(answer);
    }

    private String stored(JsonNode body, HttpStatus status) {
        ObjectNode stored = mapper.createObjectNode();
        stored.put("status", status.value());
        stored.set("body", body);
        return stored.toString();
    }

    private ObjectNode answer(String reference) {
        return mapper.createObjectNode().put("id", reference).put("state", "ACCEPTED");
    }
}
