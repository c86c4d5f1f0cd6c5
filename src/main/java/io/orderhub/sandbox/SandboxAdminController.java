package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** For people, tests and benchmarks: switch simulated partners, read their ledger (admin key). */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/admin")
public class SandboxAdminController {

    static final String SMTP = "smtp";

    private final PartnerSwitches switches;
    private final SandboxLedger ledger;
    private final SandboxSmtpServer smtp;
    private final ObjectMapper mapper;

    public SandboxAdminController(PartnerSwitches switches, SandboxLedger ledger, SandboxSmtpServer smtp, ObjectMapper mapper) {
        this.switches = switches;
        this.ledger = ledger;
        this.smtp = smtp;
        this.mapper = mapper;
    }

    /**
     * Body: {"mode": "up" | "slow" | "down", "delayMs": 2000, "calls": 3}; with calls, down for that
     * many calls only. The SMTP server ("smtp") knows only up and down: down, it stops listening.
     */
    @PutMapping("/partners/{partner}")
    public JsonNode switchPartner(@PathVariable String partner, @RequestBody JsonNode body) {
        PartnerSwitches.Mode mode;
        try {
            mode = PartnerSwitches.Mode.valueOf(body.path("mode").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "mode must be up, slow or down");
        }
        if (mode == PartnerSwitches.Mode.DOWN && body.path("calls").asInt(0) > 0) {
            switches.failNext(partner, body.path("calls").asInt());
        } else {
            switches.set(partner, mode, Duration.ofMillis(body.path("delayMs").asLong(0)));
        }
        if (SMTP.equals(partner)) {
            smtp.setRunning(mode != PartnerSwitches.Mode.DOWN);
        }
        return partners();
    }

    @GetMapping("/partners")
    public JsonNode partners() {
        ObjectNode result = mapper.createObjectNode();
        switches.all().forEach((partner, setting) -> result.putObject(partner)
                .put("mode", setting.mode().name().toLowerCase(Locale.ROOT))
                .put("delayMs", setting.delay().toMillis())
                .put("failingCalls", setting.failures()));
        return result;
    }

    @GetMapping("/ledger")
    public JsonNode ledger(@RequestParam String orderId) {
        return ledger.forOrder(orderId);
    }
}
