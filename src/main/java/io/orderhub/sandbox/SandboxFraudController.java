package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A simulated fraud service with its own API shape. Deterministic: a buyer email containing
 * "+review" is sent to manual review, "+reject" is declined, orders over 10,000 are reviewed,
 * everything else is approved.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/fraud/v1")
public class SandboxFraudController {

    private final SandboxProperties properties;
    private final PartnerSwitches switches;
    private final ObjectMapper mapper;

    public SandboxFraudController(SandboxProperties properties, PartnerSwitches switches, ObjectMapper mapper) {
        this.properties = properties;
        this.switches = switches;
        this.mapper = mapper;
    }

    @PostMapping("/assessments")
    public JsonNode assess(@RequestHeader(value = "Authorization", required = false) String authorization,
                           @RequestBody JsonNode request) {
        SandboxPartner.admit("fraud", authorization, properties, switches);
        String email = request.at("/buyer/email").asText("");
        BigDecimal amount = new BigDecimal(request.at("/transaction/amount/value").asText("0"));
        ObjectNode assessment = mapper.createObjectNode();
        ObjectNode body = assessment.putObject("assessment");
        body.put("id", "fa_" + UUID.randomUUID());
        if (email.contains("+reject")) {
            body.put("recommendation", "DECLINE").put("riskScore", 97);
            body.putArray("reasons").add("email on deny list");
        } else if (email.contains("+review")) {
            body.put("recommendation", "REVIEW").put("riskScore", 64);
            body.putArray("reasons").add("email needs manual review");
        } else if (amount.compareTo(new BigDecimal("10000")) > 0) {
            body.put("recommendation", "REVIEW").put("riskScore", 71);
            body.putArray("reasons").add("unusually high amount");
        } else {
            body.put("recommendation", "APPROVE").put("riskScore", 8);
            body.putArray("reasons");
        }
        return assessment;
    }
}
