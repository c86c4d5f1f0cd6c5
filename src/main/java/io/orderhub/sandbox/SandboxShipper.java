package io.orderhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.OrderRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The simulated sites ship what they accepted once the shipment delay has passed, each parcel
 * with a label from the simulated carrier, and report it on the warehouse confirmation queue in
 * their own format. A recipient email containing "+partial" gets its first line in a parcel of
 * its own, the rest in a second parcel one delay later, to show partial shipment and capture.
 * Pending work is in the ledger (the database), so a restart loses no shipment.
 */
@Component
@Profile("sandbox")
public class SandboxShipper {

    private final JdbcTemplate jdbc;
    private final SandboxLedger ledger;
    private final SandboxProperties properties;
    private final ProducerTemplate producer;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String confirmationQueue;

    public SandboxShipper(JdbcTemplate jdbc, SandboxLedger ledger, SandboxProperties properties, ProducerTemplate producer,
                          ObjectMapper mapper, Clock clock,
                          @Value("${orderhub.partners.warehouse.confirmations-queue}") String confirmationQueue) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.properties = properties;
        this.producer = producer;
        this.mapper = mapper;
        this.clock = clock;
        this.confirmationQueue = confirmationQueue;
    }

    @Scheduled(fixedDelayString = "${orderhub.sandbox.shipper-interval:250ms}")
    public void shipWhatIsDue() throws Exception {
        Instant due = clock.instant().minus(properties.shipmentDelay());
        var pending = jdbc.queryForList("""
                select partner, reference, status, detail from sandbox_ledger
                where operation = 'release' and status in ('accepted', 'partially_shipped') and created_at <= ?
                order by id""", OrderRepository.utc(due));
        for (Map<String, Object> release : pending) {
            ship((String) release.get("partner"), (String) release.get("reference"), (String) release.get("status"),
                    mapper.readTree((String) release.get("detail")));
        }
    }

    private void ship(String site, String reference, String status, JsonNode release) {
        ArrayNode items = (ArrayNode) release.path("items");
        boolean splitIt = release.at("/recipient/email").asText("").contains("+partial") && items.size() > 1;
        ArrayNode parcelItems = mapper.createArrayNode();
        if (splitIt && status.equals("accepted")) {
            parcelItems.add(item(items.get(0)));
        } else if (splitIt) {
            for (int i = 1; i < items.size(); i++) {
                parcelItems.add(item(items.get(i)));
            }
        } else {
            items.forEach(item -> parcelItems.add(item(item)));
        }
        String tracking = "SBX" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
        String parcel = "PCL-" + UUID.randomUUID().toString().substring(0, 12).toUpperCase();
        ledger.add(new SandboxLedger.Entry("carrier", "label", null, release.path("order_ref").asText(), tracking, reference,
                null, null, "created", "{\"labelUrl\":\"/sandbox/carrier/v1/labels/" + tracking + ".pdf\"}"));
        ObjectNode confirmation = mapper.createObjectNode();
        confirmation.put("event", "SHIPPED");
        confirmation.put("fulfilment_ref", release.path("fulfilment_ref").asText());
        confirmation.put("order_ref", release.path("order_ref").asText());
        confirmation.put("site_ref", reference);
        confirmation.putObject("parcel").put("id", parcel).put("carrier", "sandbox-post").put("tracking_no", tracking);
        confirmation.set("items", parcelItems);
        confirmation.put("shipped_at", clock.instant().toString());
        producer.sendBody("activemq6:queue:" + confirmationQueue, confirmation.toString());
        String next = splitIt && status.equals("accepted") ? "partially_shipped" : "shipped";
        // a second parcel is due one delay after the first
        jdbc.update("update sandbox_ledger set status = ?, created_at = ? where partner = ? and operation = 'release' and reference = ?",
                next, OrderRepository.utc(clock.instant()), site, reference);
    }

    private ObjectNode item(JsonNode item) {
        return mapper.createObjectNode().put("line", item.path("line").asInt()).put("qty", item.path("qty").asInt());
    }
}
