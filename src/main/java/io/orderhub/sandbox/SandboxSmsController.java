package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A simulated SMS provider with its own API shape: POST /sandbox/sms/v1/messages
 * {destination, sender, message, client_ref} answers 201 {id, state: "queued"}. Like real
 * providers it honours Idempotency-Key: a repeat gets the first answer and sends nothing more.
 * Messages are kept in memory (the newest {@value #KEPT}) and readable at /sandbox/admin/sms.
 */
@RestController
@Profile("sandbox")
public class SandboxSmsController {

    static final int KEPT = 10_000;

    /** A text message as the provider took it. */
    public record Sms(String id, String to, String from, String text, String clientRef, String receivedAt) {
    }

    private final SandboxProperties properties;
    private final PartnerSwitches switches;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Deque<Sms> sent = new ConcurrentLinkedDeque<>();
    private final Map<String, Sms> byIdempotencyKey = new ConcurrentHashMap<>();

    public SandboxSmsController(SandboxProperties properties, PartnerSwitches switches, ObjectMapper mapper, Clock clock) {
        this.properties = properties;
        this.switches = switches;
        this.mapper = mapper;
        this.clock = clock;
    }

    @PostMapping("/sandbox/sms/v1/messages")
    public synchronized ResponseEntity<JsonNode> send(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                      @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                      @RequestBody JsonNode request) {
        SandboxPartner.admit("sms", authorization, properties, switches);
        Sms earlier = key == null ? null : byIdempotencyKey.get(key);
        if (earlier != null) {
            return ResponseEntity.status(HttpStatus.CREATED).body(answer(earlier));
        }
        String to = request.path("destination").asText("");
        String text = request.path("message").asText("");
        if (to.isBlank() || text.isBlank()) {
            return ResponseEntity.unprocessableEntity().body(mapper.createObjectNode().put("error", "destination_and_message_required"));
        }
        Sms sms = new Sms("sms_" + UUID.randomUUID().toString().replace("-", ""), to, request.path("sender").asText(null),
                text, request.path("client_ref").asText(null), clock.instant().toString());
        sent.addLast(sms);
        if (key != null) {
            byIdempotencyKey.put(key, sms);
        }
        while (sent.size() > KEPT) {
            Sms oldest = sent.pollFirst();
            byIdempotencyKey.values().remove(oldest);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(answer(sms));
    }

    /** For people and tests (admin key): the messages sent to a number, oldest first. */
    @GetMapping("/sandbox/admin/sms")
    public List<Sms> sentTo(@RequestParam String to) {
        String digits = to.replaceAll("\\D", "");
        List<Sms> messages = new ArrayList<>();
        for (Sms sms : sent) {
            if (sms.to().replaceAll("\\D", "").equals(digits)) {
                messages.add(sms);
            }
        }
        return messages;
    }

    private ObjectNode answer(Sms sms) {
        return mapper.createObjectNode().put("id", sms.id()).put("state", "queued");
    }
}
