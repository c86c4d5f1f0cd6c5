package io.orderhub.carrier;

import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.sandbox.PartnerSwitches;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ship-from-store in the real pipeline: the hub buys the label from the carrier before the store
 * release, the store receives it with the release and ships under it, and it is bought once.
 * examples/order.json sends its pickup tee to store-berlin-mitte.
 */
@HubTest
class StoreLabelPipelineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    PartnerSwitches switches;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
    }

    @AfterEach
    void storeUp() {
        switches.set("store", PartnerSwitches.Mode.UP, Duration.ZERO);
    }

    @Test
    void theStoreIsReleasedWithALabelFromTheCarrierAndShipsUnderIt() throws Exception {
        String id = place(sampleOrder());
        pipeline.awaitStatus(id, "SHIPPED");
        String storeFulfilment = storeFulfilmentOf(id);

        JsonNode label = onlyLabel(pipeline.ledger(id), storeFulfilment);
        JsonNode release = storeRelease(storeFulfilment);

        assertThat(release.at("/label/tracking_no").asText()).isEqualTo(label.get("reference").asText());
        assertThat(release.at("/label/carrier").asText()).isEqualTo("sandbox-post");
        assertThat(jdbc.queryForObject("select tracking_number from shipments where fulfilment_order_id = ?", String.class,
                storeFulfilment)).as("the store shipped under the hub's label").isEqualTo(label.get("reference").asText());
        HttpResponse<String> document = hub.send(HttpRequest.newBuilder(URI.create(release.at("/label/label_url").asText())).build());
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(document.body()).startsWith("%PDF-");
        // the warehouse and the workshop booked their own: one label per parcel, no more
        assertThat(entries(pipeline.ledger(id), "label")).extracting(entry -> entry.get("reference").asText())
                .containsExactlyInAnyOrderElementsOf(jdbc.queryForList("select tracking_number from shipments where order_id = ?",
                        String.class, id));
    }

    @Test
    void aReleaseRetriedAfterTheStoreFailedOrRedeliveredLaterBuysNoSecondLabel() throws Exception {
        // the store's first answer is a 503: the label is bought, the release is rolled back and redelivered
        switches.failNext("store", 1);
        String id = place(sampleOrder());
        pipeline.awaitStatus(id, "SHIPPED");
        String storeFulfilment = storeFulfilmentOf(id);
        assertThat(switches.get("store").mode()).as("the store did fail once").isEqualTo(PartnerSwitches.Mode.UP);
        // the retry found the recorded label and did not call the carrier again
        assertThat(pipeline.journey(id)).filteredOn(call -> call.get("stage").asText().equals("release")
                        && !call.get("partner").asText().equals("warehouse"))
                .extracting(call -> call.get("partner").asText() + ":" + call.get("operation").asText() + ":" + call.get("outcome").asText())
                .containsExactly("carrier:label:OK", "store:release:ERROR", "store:release:OK");
        JsonNode ledgerBefore = pipeline.ledger(id);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("release").whenCompleted(2).create();

        for (int i = 0; i < 2; i++) {
            producer.sendBody("activemq6:queue:fulfilment.requested",
                    "{\"orderId\":\"" + id + "\",\"fulfilmentOrderId\":\"" + storeFulfilment + "\"}");
        }

        assertThat(done.matches(20, TimeUnit.SECONDS)).isTrue();
        onlyLabel(pipeline.ledger(id), storeFulfilment);
        assertThat(entries(ledgerBefore, "release")).filteredOn(entry -> entry.get("partner").asText().equals("store")).hasSize(1);
        assertThat(pipeline.ledger(id)).isEqualTo(ledgerBefore);
    }

    private String storeFulfilmentOf(String orderId) {
        return jdbc.queryForObject("select id from fulfilment_orders where order_id = ? and location_id = 'store-berlin-mitte'",
                String.class, orderId);
    }

    /** The one label the hub bought for the fulfilment order (its effect key names the order and the store). */
    private static JsonNode onlyLabel(JsonNode ledger, String fulfilmentOrderId) {
        List<JsonNode> labels = entries(ledger, "label").stream()
                .filter(entry -> entry.get("idempotencyKey").asText().equals(fulfilmentOrderId + ":label:store-berlin-mitte"))
                .toList();
        assertThat(labels).hasSize(1);
        return labels.get(0);
    }

    /** What the sandbox store received: the release in its own shape. */
    private JsonNode storeRelease(String fulfilmentOrderId) throws Exception {
        return MAPPER.readTree(jdbc.queryForObject(
                "select detail from sandbox_ledger where partner = 'store' and operation = 'release' and parent_ref = ?",
                String.class, fulfilmentOrderId));
    }

    private static List<JsonNode> entries(JsonNode ledger, String operation) {
        List<JsonNode> found = new ArrayList<>();
        ledger.forEach(entry -> {
            if (entry.get("operation").asText().equals(operation)) {
                found.add(entry);
            }
        });
        return found;
    }

    private String place(ObjectNode order) {
        var response = hub.placeOrder(order);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }
}
