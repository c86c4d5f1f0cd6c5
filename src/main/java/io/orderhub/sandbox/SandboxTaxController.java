package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A simulated tax service: standard VAT/sales-tax rate of the destination country applied to
 * each item's net amount, to four decimals (the hub rounds to the currency).
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/tax/v1")
public class SandboxTaxController {

    /** Standard rates in percent; a destination not listed is taxed at 0. */
    static final Map<String, BigDecimal> RATES = Map.of(
            "DE", new BigDecimal("19"), "AT", new BigDecimal("20"), "FR", new BigDecimal("20"),
            "GB", new BigDecimal("20"), "NL", new BigDecimal("21"), "IT", new BigDecimal("22"),
            "ES", new BigDecimal("21"), "CH", new BigDecimal("8.1"), "US", new BigDecimal("0"));

    private final SandboxProperties properties;
    private final PartnerSwitches switches;
    private final ObjectMapper mapper;

    public SandboxTaxController(SandboxProperties properties, PartnerSwitches switches, ObjectMapper mapper) {
        this.properties = properties;
        this.switches = switches;
        this.mapper = mapper;
    }

    @PostMapping("/quotes")
    public JsonNode quote(@RequestHeader(value = "Authorization", required = false) String authorization,
                          @RequestBody JsonNode request) {
        SandboxPartner.admit("tax", authorization, properties, switches);
        BigDecimal rate = RATES.getOrDefault(request.at("/destination/country").asText(""), BigDecimal.ZERO);
        ObjectNode response = mapper.createObjectNode();
        ObjectNode quote = response.putObject("quote");
        quote.put("rate_percent", rate.toPlainString());
        ArrayNode items = quote.putArray("items");
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode item : request.path("items")) {
            BigDecimal tax = new BigDecimal(item.path("net_amount").asText("0"))
                    .multiply(rate).divide(new BigDecimal("100"), 4, RoundingMode.HALF_EVEN);
            total = total.add(tax);
            items.addObject().put("ref", item.path("ref").asText()).put("tax", tax.toPlainString());
        }
        quote.put("total_tax", total.toPlainString());
        return response;
    }
}
