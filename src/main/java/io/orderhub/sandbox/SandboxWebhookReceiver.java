package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.notify.WebhookSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
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
 * A system that subscribed to the hub's webhooks, doing what docs/notifications.md asks of
 * receivers: it verifies the signature over the raw body with the shared secret and refuses
 * (401) what does not verify or is too old. Whatever it got is kept in memory (the newest
 * {@value #KEPT}) for people and tests at /sandbox/admin/webhooks. The partner switch
 * "webhooks" makes it slow or down (503), to see retries and disabling.
 */
@RestController
@Profile("sandbox")
public class SandboxWebhookReceiver {

    static final int KEPT = 10_000;

    /** One delivery as received, with the receiver's verdict. */
    public record Received(String eventId, String event, String orderId, String verification, String receivedAt, JsonNode body) {
    }

    private final SandboxMessagingProperties properties;
    private final PartnerSwitches switches;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Deque<Received> received = new ConcurrentLinkedDeque<>();

    public SandboxWebhookReceiver(SandboxMessagingProperties properties, PartnerSwitches switches, ObjectMapper mapper, Clock clock) {
        this.properties = properties;
        this.switches = switches;
        this.mapper = mapper;
        this.clock = clock;
    }

    @PostMapping("/sandbox/webhooks/receiver")
    public ResponseEntity<Void> receive(@RequestHeader(value = WebhookSignature.HEADER, required = false) String signature,
                                        @RequestHeader(value = "X-OrderHub-Event-Id", required = false) String eventId,
                                        @RequestHeader(value = "X-OrderHub-Event", required = false) String event,
                                        @RequestBody byte[] body) throws IOException {
        PartnerSwitches.Setting setting = switches.get("webhooks");
        if (setting.mode() == PartnerSwitches.Mode.DOWN) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        if (setting.mode() == PartnerSwitches.Mode.SLOW) {
            try {
                TimeUnit.MILLISECONDS.sleep(setting.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // verified over the bytes as they arrived: re-serialised JSON would not match
        WebhookSignature.Verification verification = WebhookSignature.verify(properties.webhookReceiver().secret(), signature,
                body, clock.instant(), properties.webhookReceiver().tolerance());
        JsonNode json = mapper.readTree(new String(body, StandardCharsets.UTF_8));
        received.addLast(new Received(eventId, event, json.at("/order/id").asText(null), verification.name(),
                clock.instant().toString(), json));
        while (received.size() > KEPT) {
            received.pollFirst();
        }
        return verification == WebhookSignature.Verification.VALID
                ? ResponseEntity.noContent().build()
                : ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
    }

    /** For people and tests (admin key): what arrived about one order, oldest first. */
    @GetMapping("/sandbox/admin/webhooks")
    public List<Received> receivedFor(@RequestParam String orderId) {
        List<Received> matching = new ArrayList<>();
        for (Received delivery : received) {
            if (orderId.equals(delivery.orderId())) {
                matching.add(delivery);
            }
        }
        return matching;
    }
}
