package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A simulated payment provider with a Stripe-like shape. Tokens decide the outcome:
 * {@code tok_decline} is declined, {@code tok_flaky} fails twice with 503 (per Idempotency-Key)
 * and then works, {@code tok_expired} authorises but the authorisation expires at once (capture
 * needs a new one, which then lasts as usual); anything else authorises for the configured validity. An
 * authorisation can be partly reversed (its hold lowered, not below what was captured). Every operation
 * honours Idempotency-Key: a repeat gets the first answer and changes nothing.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/payments/v1")
public class SandboxPaymentsController {

    private static final String PARTNER = "payment";

    private final SandboxProperties properties;
    private final PartnerSwitches switches;
    private final SandboxLedger ledger;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Map<String, AtomicInteger> flakyAttempts = new ConcurrentHashMap<>();

    public SandboxPaymentsController(SandboxProperties properties, PartnerSwitches switches, SandboxLedger ledger,
                                     ObjectMapper mapper, Clock clock) {
        this.properties = properties;
        this.switches = switches;
        this.ledger = ledger;
        this.mapper = mapper;
        this.clock = clock;
    }

    @PostMapping("/authorizations")
    public synchronized ResponseEntity<JsonNode> authorize(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                           @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                           @RequestBody JsonNode request) throws Exception {
        SandboxPartner.admit(PARTNER, authorization, properties, switches);
        var earlier = ledger.byKey(PARTNER, "authorize", key);
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        String source = request.path("source").asText("");
        if (source.equals("tok_flaky") && flakyAttempts.computeIfAbsent(String.valueOf(key), k -> new AtomicInteger()).incrementAndGet() <= 2) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(error("temporarily_unavailable"));
        }
        BigDecimal amount = new BigDecimal(request.path("amount").asText());
        String currency = request.path("currency").asText();
        String reference = request.path("reference").asText();
        ObjectNode answer = mapper.createObjectNode();
        String id = "auth_" + UUID.randomUUID().toString().replace("-", "");
        answer.put("id", id);
        answer.put("amount", amount.toPlainString()).put("currency", currency);
        HttpStatus status;
        if (source.equals("tok_decline")) {
            answer.put("status", "declined").put("decline_code", "card_declined");
            status = HttpStatus.PAYMENT_REQUIRED;
        } else {
            Instant now = clock.instant();
            boolean firstForOrder = ledger.countFor(PARTNER, "authorize", reference) == 0;
            Instant expires = source.equals("tok_expired") && firstForOrder ? now : now.plus(properties.authorisationValidity());
            answer.put("status", "authorized").put("expires_at", expires.toString());
            status = HttpStatus.OK;
        }
        ledger.add(new SandboxLedger.Entry(PARTNER, "authorize", key, reference, id, null, amount, currency,
                answer.get("status").asText(), withStatus(answer, status)));
        return ResponseEntity.status(status).body(answer);
    }

    @PostMapping("/authorizations/{id}/captures")
    public synchronized ResponseEntity<JsonNode> capture(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                         @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                         @PathVariable String id, @RequestBody JsonNode request) throws Exception {
        SandboxPartner.admit(PARTNER, authorization, properties, switches);
        var earlier = ledger.byKey(PARTNER, "capture", key);
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        var auth = ledger.byReference(PARTNER, "authorize", id).orElse(null);
        if (auth == null || !"authorized".equals(auth.status())) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(error("authorization_not_capturable"));
        }
        JsonNode authAnswer = mapper.readTree(auth.detail()).path("body");
        if (!clock.instant().isBefore(Instant.parse(authAnswer.path("expires_at").asText()))) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(error("authorization_expired"));
        }
        BigDecimal amount = new BigDecimal(request.path("amount").asText());
        BigDecimal captured = ledger.totalUnder(PARTNER, "capture", id);
        if (amount.signum() <= 0 || amount.add(captured).compareTo(auth.amount()) > 0) {
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY).body(error("amount_exceeds_authorization"));
        }
        ObjectNode answer = mapper.createObjectNode()
                .put("id", "cap_" + UUID.randomUUID().toString().replace("-", ""))
                .put("authorization", id).put("amount", amount.toPlainString()).put("currency", auth.currency())
                .put("status", "succeeded");
        ledger.add(new SandboxLedger.Entry(PARTNER, "capture", key, auth.orderRef(), answer.get("id").asText(), id, amount,
                auth.currency(), "succeeded", withStatus(answer, HttpStatus.OK)));
        return ResponseEntity.ok(answer);
    }

    @PostMapping("/authorizations/{id}/void")
    public synchronized ResponseEntity<JsonNode> voidAuthorization(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                                   @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                                   @PathVariable String id) throws Exception {
        SandboxPartner.admit(PARTNER, authorization, properties, switches);
        var earlier = ledger.byKey(PARTNER, "void", key);
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        var auth = ledger.byReference(PARTNER, "authorize", id).orElse(null);
        if (auth == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("no_such_authorization"));
        }
        ledger.setStatus(PARTNER, "authorize", id, "voided");
        ObjectNode answer = mapper.createObjectNode().put("id", id).put("status", "voided");
        ledger.add(new SandboxLedger.Entry(PARTNER, "void", key, auth.orderRef(), id, id, auth.amount(), auth.currency(),
                "voided", withStatus(answer, HttpStatus.OK)));
        return ResponseEntity.ok(answer);
    }

    /**
     * Gives back part of an authorisation (a partial reversal): the hold drops by the amount, never
     * below what was captured on it. The authorisation keeps its id and expiry.
     */
    @PostMapping("/authorizations/{id}/reversals")
    public synchronized ResponseEntity<JsonNode> reverse(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                         @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                         @PathVariable String id, @RequestBody JsonNode request) throws Exception {
        SandboxPartner.admit(PARTNER, authorization, properties, switches);
        var earlier = ledger.byKey(PARTNER, "reverse", key);
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        var auth = ledger.byReference(PARTNER, "authorize", id).orElse(null);
        if (auth == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("no_such_authorization"));
        }
        if (!"authorized".equals(auth.status())) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(error("authorization_not_reversible"));
        }
        BigDecimal amount = new BigDecimal(request.path("amount").asText("0"));
        BigDecimal captured = ledger.totalUnder(PARTNER, "capture", id);
        BigDecimal remaining = auth.amount().subtract(amount);
        if (amount.signum() <= 0 || remaining.compareTo(captured) < 0) {
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY).body(error("amount_exceeds_uncaptured"));
        }
        ledger.setAmount(PARTNER, "authorize", id, remaining);
        ObjectNode answer = mapper.createObjectNode()
                .put("id", "rev_" + UUID.randomUUID().toString().replace("-", ""))
                .put("authorization", id).put("amount", amount.toPlainString())
                .put("authorized_amount", remaining.toPlainString()).put("currency", auth.currency())
                .put("status", "succeeded");
        ledger.add(new SandboxLedger.Entry(PARTNER, "reverse", key, auth.orderRef(), answer.get("id").asText(), id, amount,
                auth.currency(), "succeeded", withStatus(answer, HttpStatus.OK)));
        return ResponseEntity.ok(answer);
    }

    @PostMapping("/captures/{id}/refunds")
    public synchronized ResponseEntity<JsonNode> refund(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                        @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                        @PathVariable String id, @RequestBody JsonNode request) throws Exception {
        SandboxPartner.admit(PARTNER, authorization, properties, switches);
        var earlier = ledger.byKey(PARTNER, "refund", key);
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        var capture = ledger.byReference(PARTNER, "capture", id).orElse(null);
        if (capture == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("no_such_capture"));
        }
        BigDecimal amount = new BigDecimal(request.path("amount").asText());
        BigDecimal refunded = ledger.totalUnder(PARTNER, "refund", id);
        if (amount.signum() <= 0 || amount.add(refunded).compareTo(capture.amount()) > 0) {
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY).body(error("amount_exceeds_capture"));
        }
        ObjectNode answer = mapper.createObjectNode()
                .put("id", "re_" + UUID.randomUUID().toString().replace("-", ""))
                .put("capture", id).put("amount", amount.toPlainString()).put("currency", capture.currency())
                .put("status", "succeeded");
        ledger.add(new SandboxLedger.Entry(PARTNER, "refund", key, capture.orderRef(), answer.get("id").asText(), id, amount,
                capture.currency(), "succeeded", withStatus(answer, HttpStatus.OK)));
        return ResponseEntity.ok(answer);
    }

    private ResponseEntity<JsonNode> replay(SandboxLedger.Entry entry) throws Exception {
        JsonNode stored = mapper.readTree(entry.detail());
        return ResponseEntity.status(stored.path("status").asInt(200)).body(stored.path("body"));
    }

    private String withStatus(JsonNode body, HttpStatus status) {
        ObjectNode stored = mapper.createObjectNode();
        stored.put("status", status.value());
        stored.set("body", body);
        return stored.toString();
    }

    private JsonNode error(String code) {
        return mapper.createObjectNode().put("error", code);
    }
}
