package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * the shipment confirmation back to the hub, as a real warehouse system would.
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

    private ObjectNode answer(String reference) {
        return mapper.createObjectNode().put("id", reference).put("state", "ACCEPTED");
    }
}
