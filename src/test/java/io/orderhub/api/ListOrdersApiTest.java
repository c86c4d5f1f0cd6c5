package io.orderhub.api;

import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@HubTest
class ListOrdersApiTest {

    @LocalServerPort
    int port;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    @Test
    void pagesThroughEveryMatchingOrderNewestFirstWithoutRepeats() {
        String email = "pager-" + UUID.randomUUID() + "@example.com";
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ObjectNode order = sampleOrder();
            ((ObjectNode) order.get("customer")).put("email", email);
            placed.add(json(hub.placeOrder(order)).get("id").asText());
        }

        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(hub.get("/api/orders?limit=3&customerEmail=" + email
                    + (cursor == null ? "" : "&cursor=" + cursor), AGENT));
            page.get("items").forEach(item -> listed.add(item.get("id").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        java.util.Collections.reverse(placed);
        assertThat(listed).containsExactlyElementsOf(placed);
    }

    @Test
    void findsAnOrderByItsStatusAloneAndWithTheDayItWasPlaced() {
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("customer")).put("email", "status-" + UUID.randomUUID() + "+review@example.com");
        String id = json(hub.placeOrder(order)).get("id").asText();
        new Pipeline(hub).awaitStatus(id, "FRAUD_HOLD");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        assertThat(everyId("status=FRAUD_HOLD")).contains(id);
        assertThat(everyId("status=FRAUD_HOLD&createdFrom=" + today + "&createdTo=" + today)).contains(id);
        assertThat(everyId("status=FRAUD_HOLD&createdTo=" + yesterday)).doesNotContain(id);
        assertThat(everyId("status=SHIPPED&createdFrom=" + today)).doesNotContain(id);
    }

    @Test
    void findsAnOrderByIdWithinWhatTheCallerMaySee() {
        String id = json(hub.placeOrder(sampleOrder())).get("id").asText();
        String phoneOrder = json(hub.placeOnBehalf(sampleOrder().put("channel", "phone"))).get("id").asText();

        assertThat(everyId("id=" + id)).containsExactly(id);
        assertThat(everyId("id=" + id + "&status=CANCELLED")).isEmpty();
        assertThat(json(hub.get("/api/orders?id=" + phoneOrder, STOREFRONT)).get("items")).as("another channel's order").isEmpty();
    }

    /** Every id the agents' search lists for {@code query}, following the cursor page by page. */
    private List<String> everyId(String query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            JsonNode answer = json(hub.get("/api/orders?limit=200&" + query + (cursor == null ? "" : "&cursor=" + cursor), AGENT));
            answer.get("items").forEach(item -> ids.add(item.get("id").asText()));
            if (answer.get("nextCursor").isNull()) {
                return ids;
            }
            cursor = answer.get("nextCursor").asText();
        }
        throw new AssertionError("more than 100 pages for " + query);
    }

    @Test
    void filtersByExternalIdStatusAndEmailCaseInsensitively() {
        ObjectNode order = sampleOrder();
        String email = "Filter-" + UUID.randomUUID() + "@Example.com";
        ((ObjectNode) order.get("customer")).put("email", email);
        String id = json(hub.placeOrder(order)).get("id").asText();

        JsonNode byExternalId = json(hub.get("/api/orders?externalId=" + order.get("externalId").asText(), AGENT));
        JsonNode byEmail = json(hub.get("/api/orders?customerEmail=" + email.toLowerCase(), AGENT));
        JsonNode byWrongStatus = json(hub.get("/api/orders?status=SHIPPED&externalId=" + order.get("externalId").asText(), AGENT));

        assertThat(byExternalId.get("items")).singleElement().satisfies(item -> {
            assertThat(item.get("id").asText()).isEqualTo(id);
            assertThat(item.get("total").asText()).isEqualTo("69.89");
        });
        assertThat(byEmail.get("items")).singleElement().satisfies(item -> assertThat(item.get("id").asText()).isEqualTo(id));
        assertThat(byWrongStatus.get("items")).isEmpty();
    }

    @Test
    void aStorefrontListsOnlyItsOwnChannel() {
        ObjectNode phoneOrder = sampleOrder();
        phoneOrder.put("channel", "phone");
        hub.placeOnBehalf(phoneOrder);

        JsonNode own = json(hub.get("/api/orders?externalId=" + phoneOrder.get("externalId").asText(), STOREFRONT));
        var foreign = hub.get("/api/orders?channel=phone", STOREFRONT);

        assertThat(own.get("items")).isEmpty();
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(json(hub.get("/api/orders?limit=200", STOREFRONT)).get("items"))
                .allSatisfy(item -> assertThat(item.get("channel").asText()).isEqualTo("web"));
    }

    @Test
    void badParametersAreReportedTogether() {
        var response = hub.get("/api/orders?limit=0&status=LOST&cursor=%21%21", AGENT);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("errors")).extracting(error -> error.get("pointer").asText())
                .containsExactlyInAnyOrder("/limit", "/status", "/cursor");
    }
}
