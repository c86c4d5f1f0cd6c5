package io.orderhub.pipeline;

import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The first hop over the real embedded broker: outbox -> orders.received -> ACCEPTED, exactly once. */
@HubTest
class AcceptanceStageTest {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    @Test
    void aPlacedOrderIsHandedOffAndAcceptedByItself() {
        String id = json(hub.placeOrder(sampleOrder())).get("id").asText();

        JsonNode accepted = awaitHistoryEntry(id, "ACCEPTED");

        assertThat(accepted.at("/history/1/to").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.at("/history/1/actor").asText()).isEqualTo("system");
        assertThat(jdbc.queryForObject("select count(*) from outbox where order_id = ? and event_type = 'OrderReceived' and published_at is not null",
                Integer.class, id)).isEqualTo(1);
    }

    @Test
    void aRedeliveredOrDuplicatedHandOffChangesNothing() {
        String id = json(hub.placeOrder(sampleOrder())).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> json(hub.get("/api/orders/" + id, AGENT)).get("status").asText(), "SHIPPED"::equals);
        String event = jdbc.queryForObject("select payload from outbox where order_id = ? and event_type = 'OrderReceived'", String.class, id);
        JsonNode before = json(hub.get("/api/orders/" + id, AGENT));
        NotifyBuilder twoMore = new NotifyBuilder(camel).fromRoute("acceptance").whenCompleted(2).create();

        producer.sendBodyAndHeader("activemq6:queue:orders.received", event, "orderId", id);
        producer.sendBodyAndHeader("activemq6:queue:orders.received", event, "orderId", id);

        assertThat(twoMore.matches(20, TimeUnit.SECONDS)).isTrue();
        JsonNode after = json(hub.get("/api/orders/" + id, AGENT));
        assertThat(after.get("history")).isEqualTo(before.get("history"));
        assertThat(after.get("version")).isEqualTo(before.get("version"));
    }

    private JsonNode awaitHistoryEntry(String id, String status) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(hub.get("/api/orders/" + id, AGENT)),
                        order -> order.get("history").findValuesAsText("to").contains(status));
    }
}
