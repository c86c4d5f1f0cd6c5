package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The HTTP API of the simulated carrier ({@link SandboxCarrier}): quotes, shipments (labels),
 * tracking events and interventions need the partner key and honour the partner switch
 * "carrier"; label documents are plain links, as a store's printer fetches them.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/carrier/v1")
public class SandboxCarrierController {

    private final SandboxCarrier carrier;
    private final SandboxProperties properties;
    private final PartnerSwitches switches;

    public SandboxCarrierController(SandboxCarrier carrier, SandboxProperties properties, PartnerSwitches switches) {
        this.carrier = carrier;
        this.properties = properties;
        this.switches = switches;
    }

    @PostMapping("/quotes")
    public ResponseEntity<JsonNode> quote(@RequestHeader(value = "Authorization", required = false) String authorization,
                                          @RequestBody JsonNode request) {
        SandboxPartner.admit(SandboxCarrier.PARTNER, authorization, properties, switches);
        return respond(carrier.quote(request));
    }

    @PostMapping("/shipments")
    public ResponseEntity<JsonNode> createShipment(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                   @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                   @RequestBody JsonNode request) throws Exception {
        SandboxPartner.admit(SandboxCarrier.PARTNER, authorization, properties, switches);
        SandboxCarrier.Answer answer = carrier.createShipment(key, request);
        // the carrier keeps paths; callers get links they can open from where they are
        answer.body().path("documents").forEach(document -> ((ObjectNode) document).put("href",
                ServletUriComponentsBuilder.fromCurrentContextPath().path(document.path("href").asText()).toUriString()));
        return respond(answer);
    }

    @GetMapping("/shipments/{trackingCode}/events")
    public ResponseEntity<JsonNode> events(@RequestHeader(value = "Authorization", required = false) String authorization,
                                           @PathVariable String trackingCode) throws Exception {
        SandboxPartner.admit(SandboxCarrier.PARTNER, authorization, properties, switches);
        return respond(carrier.events(trackingCode));
    }

    @PostMapping("/shipments/{trackingCode}/interventions")
    public ResponseEntity<JsonNode> intervene(@RequestHeader(value = "Authorization", required = false) String authorization,
                                              @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                              @PathVariable String trackingCode, @RequestBody JsonNode request) throws Exception {
        SandboxPartner.admit(SandboxCarrier.PARTNER, authorization, properties, switches);
        return respond(carrier.intervene(key, trackingCode, request));
    }

    @GetMapping("/labels/{trackingCode}.pdf")
    public ResponseEntity<byte[]> label(@PathVariable String trackingCode) throws Exception {
        return carrier.labelDocument(trackingCode)
                .map(pdf -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(pdf))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static ResponseEntity<JsonNode> respond(SandboxCarrier.Answer answer) {
        return ResponseEntity.status(answer.status()).body(answer.body());
    }
}
