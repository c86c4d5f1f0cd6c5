package io.orderhub.customer;

import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.sandbox.PartnerSwitches;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Changing shipping details and cancelling, by customers and agents: allowed and refused cases, with their effects on partners. */
@HubTest
class OrderChangesApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String US_ADDRESS = """
            {"name": "Ada Lovelace", "line1": "1 Main Street", "city": "Boston", "postalCode": "02108", "country": "US"}""";
    private static final String DE_ADDRESS = """
            {"name": "Ada Lovelace", "line1": "Unter den Linden 1", "city": "Berlin", "postalCode": "10117", "country": "DE"}""";
    private static final String HAMBURG_ADDRESS = """
            {"name": "Ada Lovelace", "line1": "Jungfernstieg 7", "city": "Hamburg", "postalCode": "20354", "country": "DE"}""";
    private static final String NL_ADDRESS = """
            {"name": "Ada Lovelace", "line1": "Damrak 1", "city": "Amsterdam", "postalCode": "1012 LG", "country": "NL"}""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    StockAdmin stock;

    @Autowired
    PartnerSwitches switches;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
    }

    @Test
    void beforeReleaseTheCustomersNewAddressIsWhatTheOrderIsTaxedAndShippedFor() {
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("customer")).put("email", "pat+review@example.com");
        JsonNode placed = place(order);
        String id = placed.get("id").asText();
        String token = placed.at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "FRAUD_HOLD");

        HttpResponse<String> changed = hub.post("/api/track/" + token + "/shipping-address", null,
                "{\"shippingAddress\": " + US_ADDRESS + ", \"deliveryOption\": \"express\"}");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed).at("/shippingAddress/country").asText()).isEqualTo("US");
        assertThat(json(changed).get("deliveryOption").asText()).isEqualTo("express");
        JsonNode agentView = pipeline.order(id);
        assertThat(agentView.at("/shippingAddress/city").asText()).isEqualTo("Boston");
        assertThat(agentView.get("history")).anySatisfy(entry -> {
            assertThat(entry.get("actor").asText()).isEqualTo("customer");
            assertThat(entry.get("reason").asText()).startsWith("shipping address changed");
        });
        hub.post("/api/orders/" + id + "/fraud-decision", AGENT, "{\"decision\": \"release\", \"reason\": \"verified\"}");
        JsonNode authorised = pipeline.awaitHistoryEntry(id, "PAYMENT_AUTHORISED");
        // the US is taxed at 0 in the sandbox; GB would have been 20%
        assertThat(new BigDecimal(authorised.at("/totals/tax").asText())).isEqualByComparingTo("0");
    }

    @Test
    void aDeliveryOptionTheBasketCannotHaveAtTheNewAddressIsRefused() {
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("customer")).put("email", "pat+review@example.com");
        ArrayNode lines = MAPPER.createArrayNode();
        lines.addObject().put("sku", "POSTER-ALPS").put("name", "Alps poster").put("quantity", 1).put("unitPrice", "15.00");
        order.set("lines", lines);
        JsonNode placed = place(order);
        String id = placed.get("id").asText();
        String token = placed.at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "FRAUD_HOLD");

        // the poster ships from Munich only: no same-day courier to Berlin
        HttpResponse<String> unavailable = hub.post("/api/track/" + token + "/shipping-address", null,
                "{\"shippingAddress\": " + DE_ADDRESS + ", \"deliveryOption\": \"same-day\"}");

        assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(422);
        assertThat(json(unavailable).at("/errors/0/pointer").asText()).isEqualTo("/deliveryOption");
        assertThat(json(unavailable).at("/errors/0/detail").asText())
                .contains("'same-day' is not available for this order to 10117 DE").contains("standard");
        assertThat(pipeline.order(id).get("deliveryOption").asText()).isEqualTo("standard");
        HttpResponse<String> express = hub.post("/api/track/" + token + "/shipping-address", null,
                "{\"shippingAddress\": " + DE_ADDRESS + ", \"deliveryOption\": \"express\"}");
        assertThat(express.statusCode()).as(express.body()).isEqualTo(200);
        assertThat(pipeline.order(id).get("deliveryOption").asText()).isEqualTo("express");
    }

    @Test
    void aChangedAddressIsTaxedAgainAndThePaymentFollowsExactlyOnce() throws Exception {
        String id = place(backorderedOrder(1)).get("id").asText();
        pipeline.awaitStatus(id, "BACKORDERED");
        assertThat(pipeline.order(id).at("/totals/total").asText()).isEqualTo("60.00");

        HttpResponse<String> withoutReason = hub.post("/api/orders/" + id + "/shipping-address", AGENT,
                "{\"shippingAddress\": " + DE_ADDRESS + "}");
        assertThat(withoutReason.statusCode()).isEqualTo(422);
        assertThat(json(withoutReason).at("/errors/0/pointer").asText()).isEqualTo("/reason");

        HttpResponse<String> changed = hub.post("/api/orders/" + id + "/shipping-address", AGENT,
                "{\"shippingAddress\": " + DE_ADDRESS + ", \"reason\": \"customer moved, said so on the phone\"}");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        // DE is taxed at 19%: the one authorisation (60.00) is lowered by 0.50 to 59.50; no second hold is taken
        JsonNode ledger = await().atMost(Duration.ofSeconds(60))
                .until(() -> pipeline.ledger(id), entries -> entries(entries, "reverse").size() == 1);
        assertThat(entries(ledger, "reverse")).extracting(entry -> entry.get("amount").asText()).containsExactly("0.5");
        assertThat(entries(ledger, "authorize")).extracting(entry -> entry.get("amount").asText()).containsExactly("59.5");
        assertThat(entries(ledger, "void")).isEmpty();
        assertThat(pipeline.order(id).at("/totals/total").asText()).isEqualTo("59.50");
        assertThat(pipeline.order(id).get("history")).anySatisfy(entry -> {
            assertThat(entry.get("actorId").asText()).isEqualTo("dev-agent");
            assertThat(entry.get("reason").asText()).contains("customer moved, said so on the phone");
        });
        // the hub records the lowered hold once the provider's answer is back: a moment after its ledger has it
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(jdbc.queryForList("select status || ' ' || cast(amount as varchar(32)) from payment_authorisations where order_id = ?",
                        String.class, id)).singleElement().satisfies(auth -> assertThat(auth).startsWith("AUTHORISED 59.5")));

        // the follow-up delivered again (redelivery, replay) acts on no partner again
        String changeId = jdbc.queryForObject("select id from order_changes where order_id = ?", String.class, id);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("order-changes").whenCompleted(1).create();
        producer.sendBody("activemq6:queue:orders.changed", "{\"orderId\": \"" + id + "\", \"changeId\": \"" + changeId + "\"}");
        assertThat(done.matches(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pipeline.ledger(id)).hasSize(ledger.size());
    }

    @Test
    void afterShippingEachParcelIsRedirectedOrTheChangeIsRefused() throws Exception {
        JsonNode placed = place(sampleOrder());
        String id = placed.get("id").asText();
        String token = placed.at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "SHIPPED");

        HttpResponse<String> newOption = hub.post("/api/track/" + token + "/shipping-address", null,
                "{\"shippingAddress\": " + DE_ADDRESS + ", \"deliveryOption\": \"express\"}");
        assertThat(newOption.statusCode()).isEqualTo(409);
        assertThat(json(newOption).get("type").asText()).endsWith("/delivery-option-fixed");

        HttpResponse<String> redirected = hub.post("/api/track/" + token + "/shipping-address", null,
                "{\"shippingAddress\": " + DE_ADDRESS + "}");

        assertThat(redirected.statusCode()).as(redirected.body()).isEqualTo(200);
        // the store pickup parcel is not redirected: the two parcels to the address are
        List<JsonNode> intercepts = entries(pipeline.ledger(id), "intercept");
        assertThat(intercepts).hasSize(2).allSatisfy(entry -> assertThat(entry.get("status").asText()).isEqualTo("accepted"));
        assertThat(pipeline.journey(id)).anySatisfy(call -> {
            assertThat(call.get("stage").asText()).isEqualTo("order-changes");
            assertThat(call.get("operation").asText()).isEqualTo("intercept");
        });
        assertThat(pipeline.order(id).at("/shippingAddress/country").asText()).isEqualTo("DE");
        // DE taxes 19%, GB 20%: what was captured above the new total is refunded, once
        BigDecimal captured = capturedTotal(id);
        JsonNode refunds = await().atMost(Duration.ofSeconds(60))
                .until(() -> MAPPER.valueToTree(entries(pipeline.ledger(id), "refund")), found -> found.size() == 1);
        BigDecimal newTotal = new BigDecimal(pipeline.order(id).at("/totals/total").asText());
        assertThat(newTotal).isLessThan(captured);
        assertThat(new BigDecimal(refunds.get(0).get("amount").asText())).isEqualByComparingTo(captured.subtract(newTotal));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(pipeline.order(id).get("history")).anySatisfy(entry ->
                assertThat(entry.get("reason").asText()).startsWith("refunded " + captured.subtract(newTotal).toPlainString() + " EUR")));
        String changeId = jdbc.queryForObject("select id from order_changes where order_id = ?", String.class, id);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("order-changes").whenCompleted(1).create();
        producer.sendBody("activemq6:queue:orders.changed", "{\"orderId\": \"" + id + "\", \"changeId\": \"" + changeId + "\"}");
        assertThat(done.matches(60, TimeUnit.SECONDS)).isTrue();
        assertThat(entries(pipeline.ledger(id), "refund")).hasSize(1);

        // the parcels were just intercepted: the carrier takes no second intervention now
        String parcel = intercepts.get(0).get("parentReference").asText();
        HttpResponse<String> refused = hub.post("/api/track/" + token + "/shipping-address", null,
                "{\"shippingAddress\": " + US_ADDRESS + "}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).get("type").asText()).endsWith("/redirect-refused");
        assertThat(json(refused).get("detail").asText()).contains(parcel).contains("already_intercepted");
        assertThat(pipeline.order(id).at("/shippingAddress/country").asText()).isEqualTo("DE");
    }

    @Test
    void aShippedOrderRedirectedToAHigherTaxIsNotChargedAgainAndTheHistorySaysWhatWasNotCollected() throws Exception {
        ObjectNode order = sampleOrder();
        order.set("shippingAddress", MAPPER.readTree(DE_ADDRESS));
        JsonNode placed = place(order);
        String id = placed.get("id").asText();
        pipeline.awaitStatus(id, "SHIPPED");
        BigDecimal captured = capturedTotal(id);

        HttpResponse<String> redirected = hub.post("/api/orders/" + id + "/shipping-address", AGENT,
                "{\"shippingAddress\": " + NL_ADDRESS + ", \"reason\": \"customer is staying in Amsterdam\"}");

        assertThat(redirected.statusCode()).as(redirected.body()).isEqualTo(200);
        // NL taxes 21%, DE 19%: the higher total is quoted, and the difference is recorded as not collected
        JsonNode history = await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.order(id).get("history"),
                entries -> entries.toString().contains("not collected"));
        BigDecimal newTotal = new BigDecimal(pipeline.order(id).at("/totals/total").asText());
        assertThat(newTotal).isGreaterThan(captured);
        assertThat(history).anySatisfy(entry -> assertThat(entry.get("reason").asText())
                .startsWith("not collected: the new total after the change is " + newTotal.subtract(captured).toPlainString() + " EUR above"));
        assertThat(jdbc.queryForObject("select detail from order_changes where order_id = ?", String.class, id))
                .contains("\"notCollected\":\"" + newTotal.subtract(captured).toPlainString() + "\"");
        JsonNode ledger = pipeline.ledger(id);
        assertThat(entries(ledger, "authorize")).hasSize(1);
        assertThat(entries(ledger, "refund")).isEmpty();
        assertThat(capturedTotal(id)).isEqualByComparingTo(captured);
    }

    @Test
    void aShipFromStoreParcelNotHandedOverYetIsRedirectedWithTheLabelTheHubBought() throws Exception {
        String sku = "SFS-" + UUID.randomUUID().toString().substring(0, 8);
        stock.set("store-berlin-mitte", sku, 5, 0);
        JsonNode placed = place(heldAtSite(sku));
        String id = placed.get("id").asText();
        pipeline.awaitStatus(id, "RELEASED");
        String labelTracking = entries(pipeline.ledger(id), "label").get(0).get("reference").asText();

        HttpResponse<String> redirected = hub.post("/api/track/" + placed.at("/customerAccess/token").asText() + "/shipping-address",
                null, "{\"shippingAddress\": " + HAMBURG_ADDRESS + "}");

        assertThat(redirected.statusCode()).as(redirected.body()).isEqualTo(200);
        assertThat(entries(pipeline.ledger(id), "intercept")).singleElement().satisfies(intercept -> {
            assertThat(intercept.get("parentReference").asText()).isEqualTo(labelTracking);
            assertThat(intercept.get("status").asText()).isEqualTo("accepted");
        });
        assertThat(pipeline.order(id).at("/shippingAddress/city").asText()).isEqualTo("Hamburg");
        assertThat(jdbc.queryForObject("select detail from order_changes where order_id = ?", String.class, id)).contains(labelTracking);
    }

    @Test
    void anAddressChangeIsRefusedWhileAWarehouseHoldsTheOrderWithNoCarrierParcel() throws Exception {
        String sku = "WHO-" + UUID.randomUUID().toString().substring(0, 8);
        stock.set("wh-hamburg", sku, 5, 0);
        JsonNode placed = place(heldAtSite(sku));
        String id = placed.get("id").asText();
        pipeline.awaitStatus(id, "RELEASED");

        HttpResponse<String> refused = hub.post("/api/orders/" + id + "/shipping-address", AGENT,
                "{\"shippingAddress\": " + HAMBURG_ADDRESS + ", \"reason\": \"customer moved\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).get("type").asText()).endsWith("/released-to-site");
        assertThat(json(refused).get("detail").asText()).contains("released to wh-hamburg (warehouse)").contains("no carrier parcel");
        assertThat(entries(pipeline.ledger(id), "intercept")).isEmpty();
        assertThat(pipeline.order(id).at("/shippingAddress/city").asText()).isEqualTo("Berlin");
        assertThat(jdbc.queryForObject("select count(*) from order_changes where order_id = ?", Integer.class, id)).isZero();
    }

    @Test
    void aHigherTotalBeforeShippingIsAuthorisedAnewThenTheEarlierAuthorisationIsVoided() {
        String id = place(backorderedOrder(1)).get("id").asText();
        pipeline.awaitStatus(id, "BACKORDERED");

        HttpResponse<String> changed = hub.post("/api/orders/" + id + "/shipping-address", AGENT,
                "{\"shippingAddress\": " + NL_ADDRESS + ", \"reason\": \"customer moved to Amsterdam\"}");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        // NL is taxed at 21%: 60.50 is authorised first, then the 60.00 is given back
        JsonNode ledger = await().atMost(Duration.ofSeconds(60))
                .until(() -> pipeline.ledger(id), entries -> entries(entries, "void").size() == 1);
        assertThat(entries(ledger, "authorize")).extracting(entry -> entry.get("amount").asText()).containsExactly("60", "60.5");
        assertThat(entries(ledger, "reverse")).isEmpty();
        assertThat(pipeline.order(id).at("/totals/total").asText()).isEqualTo("60.50");
        // recorded by the hub once the provider's answer is back, a moment after its ledger has it
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(jdbc.queryForList("select status from payment_authorisations where order_id = ? order by created_at", String.class, id))
                        .containsExactly("VOIDED", "AUTHORISED"));
    }

    @Test
    void aDeclinedReauthorisationLeavesTheEarlierAuthorisationAndSaysSo() {
        String id = place(backorderedOrder(1)).get("id").asText();
        pipeline.awaitStatus(id, "BACKORDERED");
        // the card was cancelled since the order was placed: the provider now declines it
        jdbc.update("update orders set document = replace(document, 'tok_visa', 'tok_decline') where id = ?", id);

        HttpResponse<String> changed = hub.post("/api/orders/" + id + "/shipping-address", AGENT,
                "{\"shippingAddress\": " + NL_ADDRESS + ", \"reason\": \"customer moved to Amsterdam\"}");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode history = await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.order(id).get("history"),
                entries -> entries.toString().contains("payment adjustment after the change was declined"));
        assertThat(history).anySatisfy(entry -> assertThat(entry.get("reason").asText())
                .isEqualTo("payment adjustment after the change was declined (card_declined); the earlier authorisation stands"));
        JsonNode ledger = pipeline.ledger(id);
        assertThat(entries(ledger, "authorize")).extracting(entry -> entry.get("status").asText()).containsExactly("authorized", "declined");
        assertThat(entries(ledger, "void")).isEmpty();
        assertThat(jdbc.queryForList("select status from payment_authorisations where order_id = ?", String.class, id))
                .containsExactly("AUTHORISED");
    }

    @Test
    void aCarrierThatIsDownRefusesTheRedirectAndTheAddressStays() {
        JsonNode placed = place(sampleOrder());
        String id = placed.get("id").asText();
        pipeline.awaitStatus(id, "SHIPPED");
        switches.set("carrier", PartnerSwitches.Mode.DOWN, Duration.ZERO);
        HttpResponse<String> refused;
        try {
            refused = hub.post("/api/track/" + placed.at("/customerAccess/token").asText() + "/shipping-address", null,
                    "{\"shippingAddress\": " + DE_ADDRESS + "}");
        } finally {
            switches.set("carrier", PartnerSwitches.Mode.UP, Duration.ZERO);
        }

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).get("type").asText()).endsWith("/redirect-refused");
        assertThat(json(refused).get("detail").asText()).contains("carrier_unavailable");
        assertThat(pipeline.order(id).at("/shippingAddress/country").asText()).isEqualTo("GB");
        assertThat(jdbc.queryForObject("select count(*) from order_changes where order_id = ?", Integer.class, id)).isZero();
        assertThat(pipeline.journey(id)).anySatisfy(call -> {
            assertThat(call.get("operation").asText()).isEqualTo("intercept");
            assertThat(call.get("outcome").asText()).isEqualTo("ERROR");
        });
    }

    @Test
    void releasedUnitsAreTakenBackFromTheWarehouseAndTheirStockIsAvailableAgain() throws Exception {
        String sku = "WHC-" + UUID.randomUUID().toString().substring(0, 8);
        stock.set("wh-hamburg", sku, 5, 0);
        JsonNode placed = place(heldAtSite(sku));
        String id = placed.get("id").asText();
        String token = placed.at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "RELEASED");
        assertThat(available("wh-hamburg", sku)).isEqualTo(3);

        HttpResponse<String> oneUnit = hub.post("/api/track/" + token + "/cancel", null, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}]}");

        assertThat(oneUnit.statusCode()).as(oneUnit.body()).isEqualTo(200);
        assertThat(available("wh-hamburg", sku)).isEqualTo(4);
        assertThat(entries(pipeline.ledger(id), "cancel")).singleElement()
                .satisfies(cancel -> assertThat(cancel.get("status").asText()).isEqualTo("partially_cancelled"));
        assertThat(jdbc.queryForObject("select lines from fulfilment_orders where order_id = ?", String.class, id)).contains("\"quantity\":1");
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("PARTIALLY_CANCELLED");
        // the one authorisation is lowered to the remaining unit (30.00 + 19% tax)
        await().atMost(Duration.ofSeconds(60)).until(() -> entries(pipeline.ledger(id), "reverse").size() == 1);
        assertThat(entries(pipeline.ledger(id), "authorize")).extracting(entry -> entry.get("amount").asText()).containsExactly("35.7");

        HttpResponse<String> rest = hub.post("/api/track/" + token + "/cancel", null, "");

        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(available("wh-hamburg", sku)).isEqualTo(5);
        assertThat(jdbc.queryForObject("select coalesce(sum(quantity), 0) from stock_reservations where order_id = ?", Integer.class, id))
                .isZero();
        assertThat(jdbc.queryForObject("select status from fulfilment_orders where order_id = ?", String.class, id)).isEqualTo("CANCELLED");
        assertThat(entries(pipeline.ledger(id), "cancel")).extracting(entry -> entry.get("status").asText())
                .containsExactly("partially_cancelled", "cancelled");
        await().atMost(Duration.ofSeconds(60)).until(() -> entries(pipeline.ledger(id), "void").size() == 1);
    }

    @Test
    void aSiteThatCannotBeReachedKeepsItsUnitsAndTheCancelIsRefused() throws Exception {
        String sku = "WHD-" + UUID.randomUUID().toString().substring(0, 8);
        stock.set("wh-hamburg", sku, 5, 0);
        JsonNode placed = place(heldAtSite(sku));
        String id = placed.get("id").asText();
        pipeline.awaitStatus(id, "RELEASED");
        switches.set("warehouse", PartnerSwitches.Mode.DOWN, Duration.ZERO);
        HttpResponse<String> refused;
        try {
            refused = hub.post("/api/orders/" + id + "/cancel", AGENT,
                    "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}], \"reason\": \"customer called\"}");
        } finally {
            switches.set("warehouse", PartnerSwitches.Mode.UP, Duration.ZERO);
        }

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).get("type").asText()).endsWith("/line-not-cancellable");
        assertThat(json(refused).get("detail").asText()).contains("2 released to wh-hamburg for shipping")
                .contains("wh-hamburg did not take back its units (site_unavailable)");
        assertThat(available("wh-hamburg", sku)).isEqualTo(3);
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("RELEASED");
        assertThat(jdbc.queryForObject("select count(*) from order_changes where order_id = ?", Integer.class, id)).isZero();
    }

    @Test
    void twoChangesOfOneOrderFollowedUpTogetherGiveBackOnlyTheRealExcess() {
        // 10 x 20.00 + 20% tax: 240.00 held
        String id = place(backorderedOrder(10)).get("id").asText();
        pipeline.awaitStatus(id, "BACKORDERED");
        String oneUnit = "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}], \"reason\": \"customer asked\"}";
        NotifyBuilder bothFollowedUp = new NotifyBuilder(camel).fromRoute("order-changes")
                .filter(exchange -> id.equals(exchange.getProperty("orderId"))).whenCompleted(2).create();
        // a slow provider keeps the first follow-up's reversal in flight while the second change arrives
        switches.set("payment", PartnerSwitches.Mode.SLOW, Duration.ofSeconds(2));
        try {
            HttpResponse<String> first = hub.post("/api/orders/" + id + "/cancel", AGENT, oneUnit);
            HttpResponse<String> second = hub.post("/api/orders/" + id + "/cancel", AGENT, oneUnit);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            assertThat(bothFollowedUp.matches(90, TimeUnit.SECONDS)).isTrue();
        } finally {
            switches.set("payment", PartnerSwitches.Mode.UP, Duration.ZERO);
        }

        // 8 units left: 192.00 is due, so 48.00 in all is given back, however the two reversals share it
        assertThat(pipeline.order(id).at("/totals/total").asText()).isEqualTo("192.00");
        BigDecimal reversed = entries(pipeline.ledger(id), "reverse").stream()
                .filter(entry -> entry.get("status").asText().equals("succeeded"))
                .map(entry -> new BigDecimal(entry.get("amount").asText())).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(reversed).isEqualByComparingTo("48.00");
        assertThat(entries(pipeline.ledger(id), "authorize")).extracting(entry -> new BigDecimal(entry.get("amount").asText()))
                .singleElement().satisfies(held -> assertThat(held).isEqualByComparingTo("192.00"));
        assertThat(jdbc.queryForObject("select amount from payment_authorisations where order_id = ?", BigDecimal.class, id))
                .isEqualByComparingTo("192.00");
    }

    @Test
    void aFailedOrderCannotBeCancelledInPartAndNoSiteIsAskedForIt() throws Exception {
        String sku = "WHF-" + UUID.randomUUID().toString().substring(0, 8);
        stock.set("wh-hamburg", sku, 5, 0);
        String id = place(heldAtSite(sku)).get("id").asText();
        pipeline.awaitStatus(id, "RELEASED");
        // a stage gave up on it: the dead-letter route fails the order
        producer.sendBody("activemq6:queue:DLQ.orders.change-follow-ups", "{\"orderId\": \"" + id + "\"}");
        pipeline.awaitStatus(id, "FAILED");

        HttpResponse<String> oneUnit = hub.post("/api/orders/" + id + "/cancel", AGENT,
                "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}], \"reason\": \"customer called\"}");

        assertThat(oneUnit.statusCode()).as(oneUnit.body()).isEqualTo(409);
        assertThat(json(oneUnit).get("type").asText()).endsWith("/order-failed");
        // the site was not asked: both units are still with it, and still the hub's
        assertThat(entries(pipeline.ledger(id), "cancel")).isEmpty();
        assertThat(jdbc.queryForObject("select lines from fulfilment_orders where order_id = ?", String.class, id)).contains("\"quantity\":2");
        assertThat(available("wh-hamburg", sku)).isEqualTo(3);

        HttpResponse<String> whole = hub.post("/api/orders/" + id + "/cancel", AGENT, "{\"reason\": \"operator gives up on it\"}");

        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        assertThat(pipeline.order(id).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(entries(pipeline.ledger(id), "cancel")).singleElement()
                .satisfies(cancel -> assertThat(cancel.get("status").asText()).isEqualTo("cancelled"));
        assertThat(available("wh-hamburg", sku)).isEqualTo(5);
    }

    @Test
    void twoCancelsSentAtOnceWithOneIdempotencyKeyTakeUnitsBackOnce() throws Exception {
        String sku = "WHK-" + UUID.randomUUID().toString().substring(0, 8);
        stock.set("wh-hamburg", sku, 5, 0);
        JsonNode placed = place(heldAtSite(sku));
        String id = placed.get("id").asText();
        String token = placed.at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "RELEASED");
        String oneUnit = "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}]}";
        // a slow site keeps both requests in their first step, each having passed the repeat check
        switches.set("warehouse", PartnerSwitches.Mode.SLOW, Duration.ofSeconds(1));
        List<HttpResponse<String>> answers;
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sent.add(callers.submit(() -> hub.post("/api/track/" + token + "/cancel", null, oneUnit, "Idempotency-Key", "cancel-at-once")));
            }
            answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
            switches.set("warehouse", PartnerSwitches.Mode.UP, Duration.ZERO);
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
        // the site was asked under one key: it took one unit back, and the hub cancelled one
        assertThat(entries(pipeline.ledger(id), "cancel")).singleElement()
                .satisfies(cancel -> assertThat(cancel.get("status").asText()).isEqualTo("partially_cancelled"));
        assertThat(jdbc.queryForObject("select lines from fulfilment_orders where order_id = ?", String.class, id)).contains("\"quantity\":1");
        assertThat(available("wh-hamburg", sku)).isEqualTo(4);
        assertThat(pipeline.order(id).at("/lines/0/quantity").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from order_changes where order_id = ?", Integer.class, id)).isOne();
    }

    @Test
    void aRetriedChangeWithItsIdempotencyKeyIsMadeOnce() {
        JsonNode placed = place(backorderedOrder(3));
        String id = placed.get("id").asText();
        String token = placed.at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "BACKORDERED");
        String oneUnit = "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}]}";

        HttpResponse<String> first = hub.post("/api/track/" + token + "/cancel", null, oneUnit, "Idempotency-Key", "cancel-1");
        HttpResponse<String> retried = hub.post("/api/track/" + token + "/cancel", null, oneUnit, "Idempotency-Key", "cancel-1");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(json(retried).at("/lines/0/quantity").asInt()).isEqualTo(2);
        assertThat(pipeline.order(id).at("/lines/0/quantity").asInt()).isEqualTo(2);
        HttpResponse<String> otherBody = hub.post("/api/track/" + token + "/cancel", null,
                "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 2}]}", "Idempotency-Key", "cancel-1");
        assertThat(otherBody.statusCode()).isEqualTo(422);
        assertThat(json(otherBody).get("type").asText()).endsWith("/idempotency-key-reused");
        // another key is another request
        assertThat(hub.post("/api/track/" + token + "/cancel", null, oneUnit, "Idempotency-Key", "cancel-2").statusCode()).isEqualTo(200);
        assertThat(pipeline.order(id).at("/lines/0/quantity").asInt()).isEqualTo(1);

        String move = "{\"shippingAddress\": " + DE_ADDRESS + ", \"reason\": \"customer moved\"}";
        assertThat(hub.post("/api/orders/" + id + "/shipping-address", AGENT, move, "Idempotency-Key", "move-1").statusCode()).isEqualTo(200);
        HttpResponse<String> movedAgain = hub.post("/api/orders/" + id + "/shipping-address", AGENT, move, "Idempotency-Key", "move-1");
        assertThat(movedAgain.statusCode()).as(movedAgain.body()).isEqualTo(200);
        assertThat(json(movedAgain).at("/shippingAddress/country").asText()).isEqualTo("DE");
        assertThat(jdbc.queryForList("select kind from order_changes where order_id = ? order by created_at", String.class, id))
                .containsExactly("CANCEL_LINES", "CANCEL_LINES", "SHIPPING_ADDRESS");
    }

    @Test
    void whileItsReleaseIsInFlightTheOrderTakesNoChange() throws Exception {
        String sku = "WHS-" + UUID.randomUUID().toString().substring(0, 8);
        stock.set("wh-hamburg", sku, 5, 0);
        // the warehouse answers after 2 s (within the connector's timeout): the order waits SOURCED meanwhile
        switches.set("warehouse", PartnerSwitches.Mode.SLOW, Duration.ofSeconds(2));
        String id;
        HttpResponse<String> busy;
        try {
            JsonNode placed = place(heldAtSite(sku));
            id = placed.get("id").asText();
            pipeline.awaitStatus(id, "SOURCED");
            busy = hub.post("/api/track/" + placed.at("/customerAccess/token").asText() + "/cancel", null,
                    "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}]}");
        } finally {
            switches.set("warehouse", PartnerSwitches.Mode.UP, Duration.ZERO);
        }

        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
        assertThat(json(busy).get("type").asText()).endsWith("/order-busy");
        pipeline.awaitStatus(id, "RELEASED");
        assertThat(jdbc.queryForObject("select lines from fulfilment_orders where order_id = ?", String.class, id)).contains("\"quantity\":2");
        assertThat(jdbc.queryForObject("select count(*) from order_changes where order_id = ?", Integer.class, id)).isZero();
    }

    @Test
    void theCustomerCancelsAWaitingOrderAndTheAuthorisationIsVoided() {
        JsonNode placed = place(backorderedOrder(1));
        String id = placed.get("id").asText();
        String token = placed.at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "BACKORDERED");

        HttpResponse<String> cancelled = hub.post("/api/track/" + token + "/cancel", null, "");

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("cancelled");
        JsonNode order = pipeline.order(id);
        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        JsonNode last = order.get("history").get(order.get("history").size() - 1);
        assertThat(last.get("actor").asText()).isEqualTo("customer");
        assertThat(last.get("reason").asText()).isEqualTo("cancelled by the customer");
        await().atMost(Duration.ofSeconds(60)).until(() -> entries(pipeline.ledger(id), "void").size() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> json(hub.get("/api/orders/" + id + "/notifications", AGENT)).toString(),
                notifications -> notifications.contains("\"cancelled\""));

        HttpResponse<String> again = hub.post("/api/track/" + token + "/cancel", null, "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("type").asText()).endsWith("/order-not-changeable");
    }

    @Test
    void unitsNotShippedAreCancelledOneByOneAndAShippedLineIsRefused() {
        ObjectNode order = backorderedOrder(2);
        ArrayNode lines = (ArrayNode) order.get("lines");
        lines.insert(0, MAPPER.createObjectNode().put("sku", "MUG-CLASSIC").put("name", "Classic mug").put("quantity", 1).put("unitPrice", "12.50"));
        JsonNode placed = place(order);
        String id = placed.get("id").asText();
        String token = placed.at("/customerAccess/token").asText();
        pipeline.awaitStatus(id, "PARTIALLY_SHIPPED");

        HttpResponse<String> shippedLine = hub.post("/api/track/" + token + "/cancel", null,
                "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 1}]}");
        assertThat(shippedLine.statusCode()).isEqualTo(409);
        assertThat(json(shippedLine).get("type").asText()).endsWith("/line-not-cancellable");
        assertThat(json(shippedLine).get("detail").asText()).contains("line 1 (MUG-CLASSIC)").contains("1 already shipped");

        HttpResponse<String> oneUnit = hub.post("/api/orders/" + id + "/cancel", AGENT,
                "{\"lines\": [{\"lineNumber\": 2, \"quantity\": 1}], \"reason\": \"customer asked by email\"}");

        assertThat(oneUnit.statusCode()).as(oneUnit.body()).isEqualTo(200);
        assertThat(json(oneUnit).get("status").asText()).isEqualTo("PARTIALLY_CANCELLED");
        assertThat(json(oneUnit).at("/lines/1/quantity").asInt()).isEqualTo(1);
        // 12.50 + 20.00 + 20% tax = 39.00, of which 15.00 was captured with the first parcel: the one
        // authorisation (63.00) is lowered by the cancelled unit's 24.00 to 39.00, still covering the 15.00 captured
        JsonNode ledger = await().atMost(Duration.ofSeconds(60))
                .until(() -> pipeline.ledger(id), entries -> entries(entries, "reverse").size() == 1);
        assertThat(entries(ledger, "reverse")).extracting(entry -> entry.get("amount").asText()).containsExactly("24");
        assertThat(entries(ledger, "authorize")).extracting(entry -> entry.get("amount").asText()).containsExactly("39");
        assertThat(entries(ledger, "void")).isEmpty();
        assertThat(pipeline.order(id).at("/totals/total").asText()).isEqualTo("39.00");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(pipeline.order(id).get("history")).anySatisfy(entry ->
                assertThat(entry.get("reason").asText()).contains("lowered by 24.00 EUR").contains("now holds 39.00 EUR")));
        String sku = order.at("/lines/1/sku").asText();
        assertThat(pipeline.order(id).get("history")).anySatisfy(entry -> {
            assertThat(entry.get("to").asText()).isEqualTo("PARTIALLY_CANCELLED");
            assertThat(entry.get("actorId").asText()).isEqualTo("dev-agent");
            assertThat(entry.get("reason").asText()).isEqualTo("cancelled by dev-agent: customer asked by email - 1 x " + sku + " (line 2)");
        });
        assertThat(jdbc.queryForObject("select count(*) from order_changes where order_id = ? and kind = 'CANCEL_LINES'", Integer.class, id))
                .isOne();
        // the customer is told about the partial cancellation
        await().atMost(Duration.ofSeconds(60)).until(() -> json(hub.get("/api/orders/" + id + "/notifications", AGENT)).toString(),
                notifications -> notifications.contains("\"cancelled\""));

        HttpResponse<String> rest = hub.post("/api/track/" + token + "/cancel", null, "{\"reason\": \"changed my mind\"}");

        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        JsonNode view = json(rest);
        assertThat(view.get("status").asText()).as("everything not cancelled has shipped").isEqualTo("shipped");
        assertThat(view.at("/lines/1/cancelledQuantity").asInt()).isEqualTo(2);
        assertThat(view.at("/lines/1/quantity").asInt()).isZero();
        // nothing left to capture: the open authorisation is given back, and nothing was captured too much
        await().atMost(Duration.ofSeconds(60)).until(() -> entries(pipeline.ledger(id), "void").size() == 1);
        assertThat(entries(pipeline.ledger(id), "refund")).isEmpty();
        assertThat(pipeline.order(id).at("/totals/total").asText()).isEqualTo("15.00");
        assertThat(jdbc.queryForObject("select count(*) from stock_reservations where order_id = ? and quantity > 0", Integer.class, id))
                .isZero();
    }

    @Test
    void badRequestsAndOrdersOfOthersAreRefusedClearly() {
        JsonNode placed = place(backorderedOrder(1));
        String id = placed.get("id").asText();
        String phoneOrder = json(hub.placeOnBehalf(sampleOrder().put("channel", "phone"))).get("id").asText();
        pipeline.awaitStatus(id, "BACKORDERED");

        HttpResponse<String> badAddress = hub.post("/api/orders/" + id + "/shipping-address", STOREFRONT,
                "{\"shippingAddress\": {\"name\": \"Ada\", \"country\": \"XX\", \"planet\": \"Mars\"}}");
        assertThat(badAddress.statusCode()).isEqualTo(422);
        assertThat(json(badAddress).get("errors").findValuesAsText("pointer")).contains("/shippingAddress/line1",
                "/shippingAddress/city", "/shippingAddress/postalCode", "/shippingAddress/country", "/shippingAddress/planet");
        HttpResponse<String> badLines = hub.post("/api/orders/" + id + "/cancel", STOREFRONT,
                "{\"lines\": [{\"lineNumber\": 7, \"quantity\": 1}, {\"lineNumber\": 1, \"quantity\": 0}]}");
        assertThat(badLines.statusCode()).isEqualTo(422);
        assertThat(hub.post("/api/orders/" + id + "/cancel", STOREFRONT, "not json").statusCode()).isEqualTo(400);
        assertThat(hub.post("/api/orders/" + id + "/cancel", STOREFRONT, "{}", "Content-Type", "text/plain").statusCode()).isEqualTo(415);
        HttpResponse<String> tooMany = hub.post("/api/orders/" + id + "/cancel", STOREFRONT, "{\"lines\": [{\"lineNumber\": 1, \"quantity\": 5}]}");
        assertThat(tooMany.statusCode()).isEqualTo(409);
        assertThat(json(tooMany).get("detail").asText()).contains("line 1").contains("1 of 1 can be cancelled");
        HttpResponse<String> otherChannel = hub.post("/api/orders/" + phoneOrder + "/cancel", STOREFRONT, "{}");
        assertThat(otherChannel.statusCode()).isEqualTo(404);
        assertThat(pipeline.order(phoneOrder).get("status").asText()).isNotEqualTo("CANCELLED");
    }

    /** An order whose line is in no location's stock: it waits, BACKORDERED, with its payment authorised. */
    private static ObjectNode backorderedOrder(int quantity) {
        ObjectNode order = sampleOrder();
        ArrayNode lines = MAPPER.createArrayNode();
        lines.addObject().put("sku", "NOT-STOCKED-" + UUID.randomUUID().toString().substring(0, 8)).put("name", "Rare print")
                .put("quantity", quantity).put("unitPrice", quantity == 1 ? "50.00" : "20.00");
        order.set("lines", lines);
        return order;
    }

    private int available(String locationId, String sku) {
        var level = stock.get(locationId, sku);
        return level.onHand() - level.reserved() - level.safetyStock();
    }

    private BigDecimal capturedTotal(String orderId) {
        return jdbc.queryForObject("select coalesce(sum(amount), 0) from payment_captures where order_id = ?", BigDecimal.class, orderId)
                .setScale(2);
    }

    /**
     * Two units of a line stocked at one site, to a Berlin address. The "+erp" recipient makes the
     * simulated site leave the shipment to the ERP, so the order stays RELEASED with the site.
     */
    private static ObjectNode heldAtSite(String sku) throws Exception {
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("customer")).put("email", "ada+erp@example.com");
        order.set("shippingAddress", MAPPER.readTree(DE_ADDRESS));
        ArrayNode lines = MAPPER.createArrayNode();
        lines.addObject().put("sku", sku).put("name", "Desk lamp").put("quantity", 2).put("unitPrice", "30.00");
        order.set("lines", lines);
        return order;
    }

    private JsonNode place(ObjectNode order) {
        HttpResponse<String> response = hub.post("/api/orders", STOREFRONT, order.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static List<JsonNode> entries(JsonNode ledger, String operation) {
        List<JsonNode> found = new ArrayList<>();
        ledger.forEach(entry -> {
            if (operation.equals(entry.get("operation").asText())) {
                found.add(entry);
            }
        });
        return found;
    }
}
