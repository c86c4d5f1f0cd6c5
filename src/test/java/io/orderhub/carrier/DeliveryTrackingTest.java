package io.orderhub.carrier;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.OrderRepository;
import io.orderhub.sandbox.SandboxProperties;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Delivery tracking end to end: an order placed over the API ships in sandbox parcels, the poll
 * asks the sandbox carrier about them, and once the carrier says every parcel is delivered the
 * order is DELIVERED and the customer has one "delivered" email per parcel, never a second.
 */
@HubTest
class DeliveryTrackingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    DeliveryTracking tracking;

    @Autowired
    SandboxProperties sandbox;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
    }

    @Test
    void anOrderWhoseParcelsAllArriveIsDeliveredAndTheCustomerIsToldOncePerParcel() throws Exception {
        ObjectNode order = sampleOrder();
        String email = "delivery" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        ((ObjectNode) order.get("customer")).put("email", email);
        var placed = hub.placeOrder(order);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String id = json(placed).get("id").asText();
        String token = json(placed).at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "SHIPPED");
        List<String> trackingNumbers = jdbc.queryForList("select tracking_number from shipments where order_id = ?", String.class, id);
        assertThat(trackingNumbers).hasSize(3);
        // still on its way: asked about, not delivered
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "select count(*) from shipments where order_id = ? and tracking_status = 'label_created'", Integer.class, id) == 3);
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("SHIPPED");
        assertThat(mailsAbout(email, "delivered")).isEmpty();

        parcelsTravel(id, trackingNumbers, sandbox.carrierStep().multipliedBy(4));

        JsonNode delivered = pipeline.awaitStatus(id, "DELIVERED");
        assertThat(pipeline.statuses(delivered)).endsWith("SHIPPED", "DELIVERED");
        List<JsonNode> mails = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> mailsAbout(email, "delivered"), list -> list.size() == 3);
        assertThat(mails).extracting(mail -> mail.path("subject").asText())
                .containsOnly("Order " + order.get("externalId").asText() + " has been delivered");
        for (String trackingNumber : trackingNumbers) {
            assertThat(mails).filteredOn(mail -> mail.path("text").asText().contains("Tracking number: " + trackingNumber)).hasSize(1);
        }

        // the customer sees each parcel delivered, and when
        JsonNode view = json(hub.get("/api/track/" + token, null));
        assertThat(view.get("status").asText()).isEqualTo("delivered");
        assertThat(view.get("shipments")).hasSize(3).allSatisfy(parcel -> {
            assertThat(parcel.get("status").asText()).isEqualTo("delivered");
            String deliveredEvent = null;
            for (JsonNode event : parcel.get("events")) {
                if (event.path("status").asText().equals("delivered")) {
                    deliveredEvent = event.path("at").asText();
                }
            }
            assertThat(Instant.parse(parcel.get("deliveredAt").asText())).isEqualTo(Instant.parse(deliveredEvent));
        });

        // later polls (on this and any other instance) leave the delivered parcels alone ...
        NotifyBuilder twoMorePolls = new NotifyBuilder(camel).fromRoute("delivery-tracking").whenCompleted(2).create();
        jdbc.update("update shipments set tracking_checked_at = null where order_id = ?", id);
        assertThat(twoMorePolls.matches(10, TimeUnit.SECONDS)).isTrue();
        // ... and a check that raced the first one (claimed before the parcel was recorded) changes nothing
        String parcel = MAPPER.createObjectNode().put("orderId", id)
                .put("shipmentId", jdbc.queryForObject("select shipment_id from shipments where tracking_number = ?", String.class,
                        trackingNumbers.get(0)))
                .put("carrier", "sandbox-post").put("trackingNumber", trackingNumbers.get(0)).toString();
        String answer = MAPPER.createObjectNode().put("status", "delivered").toString();
        assertThat(tracking.tracked(parcel, answer)).isEqualTo("DELIVERED");
        assertThat(jdbc.queryForObject("select count(*) from outbox where order_id = ? and payload like '%\"delivered\"%'",
                Integer.class, id)).isEqualTo(3);
        // the hand-off would have published a fourth request by now: nothing more reaches the customer
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> mailsAbout(email, "delivered").size() == 3);
        JsonNode log = json(hub.get("/api/orders/" + id + "/notifications", AGENT)).path("notifications");
        List<String> deliveredEmails = new ArrayList<>();
        log.forEach(entry -> {
            if (entry.path("event").asText().equals("delivered") && entry.path("channel").asText().equals("email")) {
                deliveredEmails.add(entry.path("status").asText());
            }
        });
        assertThat(deliveredEmails).containsExactly("SENT", "SENT", "SENT");
        assertThat(pipeline.statuses(pipeline.order(id)).stream().filter("DELIVERED"::equals)).hasSize(1);
    }

    @Test
    void aParcelClaimedByOneInstanceIsNotClaimedByAnother() throws Exception {
        String orderId = pipelineOrderShipped();
        jdbc.update("update shipments set tracking_checked_at = null where order_id = ?", orderId);

        // two instances' timers at the same moment
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.Callable<List<String>> claimAtOnce = () -> {
            start.await();
            return tracking.claimDue();
        };
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<String> first;
        List<String> second;
        try {
            var a = pool.submit(claimAtOnce);
            var b = pool.submit(claimAtOnce);
            start.countDown();
            first = a.get(30, java.util.concurrent.TimeUnit.SECONDS);
            second = b.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        List<String> shipmentIds = jdbc.queryForList("select shipment_id from shipments where order_id = ?", String.class, orderId);
        // the timer route may have claimed some of them in between: what matters is that no parcel is claimed twice
        for (String shipmentId : shipmentIds) {
            long claims = first.stream().filter(claim -> claim.contains(shipmentId)).count()
                    + second.stream().filter(claim -> claim.contains(shipmentId)).count();
            assertThat(claims).as("claims of %s", shipmentId).isLessThanOrEqualTo(1);
        }
        assertThat(second).noneMatch(first::contains);
    }

    private String pipelineOrderShipped() {
        var placed = hub.placeOrder(sampleOrder());
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String id = json(placed).get("id").asText();
        pipeline.awaitStatus(id, "SHIPPED");
        return id;
    }

    /**
     * The sandbox carrier works out where a parcel is from when its label was made: moving that
     * back lets the parcels arrive without waiting; the hub's next check is then due at once.
     */
    private void parcelsTravel(String orderId, List<String> trackingNumbers, Duration age) {
        for (String trackingNumber : trackingNumbers) {
            jdbc.update("update sandbox_ledger set created_at = ? where partner = 'carrier' and operation = 'label' and reference = ?",
                    OrderRepository.utc(Instant.now().minus(age)), trackingNumber);
        }
        jdbc.update("update shipments set tracking_checked_at = null where order_id = ?", orderId);
    }

    private List<JsonNode> mailsAbout(String to, String what) {
        List<JsonNode> mails = new ArrayList<>();
        json(hub.get("/sandbox/admin/mail?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), ADMIN)).forEach(mail -> {
            if (mail.path("subject").asText().contains(what)) {
                mails.add(mail);
            }
        });
        return mails;
    }
}
