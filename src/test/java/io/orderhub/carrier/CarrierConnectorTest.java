package io.orderhub.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.orderhub.order.OrderRepository;
import io.orderhub.sandbox.PartnerSwitches;
import io.orderhub.sandbox.SandboxProperties;
import io.orderhub.support.HubTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The carrier connector against the sandbox carrier, one operation at a time. Rates and
 * intercept have no caller in the pipeline yet (delivery options and address changes will use
 * them), so the test calls the Kamelet as a route does: a ProducerTemplate sends the canonical
 * request to {@code kamelet:carrier-http} with the exchange properties partnerOperation (and
 * idempotencyKey) set. That covers the request and response mappings, the HTTP call and the
 * circuit breaker; a route adds nothing to them. The URI here has no breaker settings, so it is
 * a Kamelet instance of its own: these calls never count against the pipeline's carrier breaker.
 */
@HubTest
class CarrierConnectorTest {

    private static final String CARRIER =
            "kamelet:carrier-http?baseUrl={{orderhub.partners.carrier.base-url}}&apiKey={{orderhub.partners.carrier.api-key}}";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Autowired
    ProducerTemplate producer;

    @Autowired
    PartnerSwitches switches;

    @Autowired
    SandboxProperties sandbox;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void carrierUp() {
        switches.set("carrier", PartnerSwitches.Mode.UP, Duration.ZERO);
    }

    @Test
    void ratesComeFromTheZoneAndWeightOfEachParcel() {
        JsonNode abroad = answer(call(CARRIER, "rates", null, route("DE", "10178", "GB", "SW1Y 4JH", 1_200, 4_000)));
        // outside the EU: standard and express, no next-day; a price per parcel by weight band
        assertThat(abroad.get("rates")).hasSize(2);
        assertThat(abroad.at("/rates/0/deliveryOption").asText()).isEqualTo("standard");
        assertThat(abroad.at("/rates/0/service").asText()).isEqualTo("Sandbox Post Standard");
        assertThat(abroad.at("/rates/0/amount").asText()).isEqualTo("69.80");
        assertThat(abroad.at("/rates/0/currency").asText()).isEqualTo("EUR");
        assertThat(abroad.at("/rates/0/estimatedDays").asInt()).isEqualTo(7);
        assertThat(abroad.at("/rates/1/deliveryOption").asText()).isEqualTo("express");
        assertThat(abroad.at("/rates/1/amount").asText()).isEqualTo("114.80");

        ObjectNode domesticNextDay = route("DE", "10178", "DE", "80331", 500).put("deliveryOption", "next-day");
        JsonNode nextDay = answer(call(CARRIER, "rates", null, domesticNextDay));
        assertThat(nextDay.get("rates")).singleElement().satisfies(rate -> {
            assertThat(rate.get("deliveryOption").asText()).isEqualTo("next-day");
            assertThat(rate.get("amount").asText()).isEqualTo("14.90");
            assertThat(rate.get("estimatedDays").asInt()).isEqualTo(1);
        });

        JsonNode eu = answer(call(CARRIER, "rates", null, route("DE", "10178", "FR", "75001", 2_000).put("deliveryOption", "standard")));
        assertThat(eu.at("/rates/0/amount").asText()).isEqualTo("13.90");
    }

    @Test
    void ratesTheCarrierCannotGiveAreEmptyWithTheReason() {
        JsonNode tooHeavy = answer(call(CARRIER, "rates", null, route("DE", "10178", "DE", "80331", 40_000)));
        assertThat(tooHeavy.get("rates")).isEmpty();
        assertThat(tooHeavy.get("reason").asText()).isEqualTo("package_too_heavy");

        JsonNode sameDay = answer(call(CARRIER, "rates", null, route("DE", "10178", "DE", "10115", 500).put("deliveryOption", "same-day")));
        assertThat(sameDay.get("rates")).isEmpty();
        assertThat(sameDay.get("reason").asText()).isEqualTo("unknown_product");
    }

    @Test
    void aLabelIsBoughtOncePerKeyAndItsParcelCanBeTracked() {
        String key = "label-" + UUID.randomUUID();
        ObjectNode request = labelRequest();

        JsonNode label = answer(call(CARRIER, "label", key, request));
        JsonNode again = answer(call(CARRIER, "label", key, request));

        assertThat(label.get("trackingNumber").asText()).startsWith("SBX");
        assertThat(label.get("carrier").asText()).isEqualTo("sandbox-post");
        assertThat(label.get("labelUrl").asText()).endsWith("/sandbox/carrier/v1/labels/" + label.get("trackingNumber").asText() + ".pdf");
        assertThat(again).isEqualTo(label);
        assertThat(jdbc.queryForObject("select count(*) from sandbox_ledger where partner = 'carrier' and operation = 'label' and order_ref = ?",
                Integer.class, request.get("orderId").asText())).isEqualTo(1);

        JsonNode tracking = track(label);
        assertThat(tracking.get("status").asText()).isEqualTo("label_created");
        assertThat(tracking.get("events")).singleElement().satisfies(event -> {
            assertThat(event.get("status").asText()).isEqualTo("label_created");
            assertThat(event.get("location").asText()).isEqualTo("10178 DE");
        });
        assertThat(tracking.get("estimatedDelivery").asText()).isNotEmpty();
    }

    @Test
    void aParcelMovesOnOneStatusPerStepUntilDelivered() {
        JsonNode label = answer(call(CARRIER, "label", "label-" + UUID.randomUUID(), labelRequest()));

        age(label, steps(1.5));
        assertThat(track(label).get("status").asText()).isEqualTo("in_transit");
        age(label, steps(2.5));
        assertThat(track(label).get("status").asText()).isEqualTo("out_for_delivery");
        age(label, steps(3.5));
        JsonNode delivered = track(label);
        assertThat(delivered.get("status").asText()).isEqualTo("delivered");
        assertThat(delivered.get("events")).extracting(event -> event.get("status").asText())
                .containsExactly("label_created", "in_transit", "out_for_delivery", "delivered");
        assertThat(delivered.at("/events/3/location").asText()).isEqualTo("SW1Y 4JH GB");
    }

    @Test
    void aParcelInTransitIsCancelledOnceAndThenCannotBeInterceptedAgain() {
        JsonNode label = answer(call(CARRIER, "label", "label-" + UUID.randomUUID(), labelRequest()));
        age(label, steps(1.5));
        String key = "intercept-" + UUID.randomUUID();

        JsonNode cancelled = answer(call(CARRIER, "intercept", key, intercept(label, "cancel")));
        JsonNode repeated = answer(call(CARRIER, "intercept", key, intercept(label, "cancel")));
        JsonNode another = answer(call(CARRIER, "intercept", "intercept-" + UUID.randomUUID(), intercept(label, "cancel")));

        assertThat(cancelled.get("status").asText()).isEqualTo("intercepted");
        assertThat(repeated).isEqualTo(cancelled);
        assertThat(another.get("status").asText()).isEqualTo("refused");
        assertThat(another.get("reason").asText()).isEqualTo("already_intercepted");
        JsonNode tracking = track(label);
        assertThat(tracking.get("status").asText()).isEqualTo("intercepted");
        assertThat(tracking.get("events")).extracting(event -> event.get("status").asText())
                .containsExactly("label_created", "in_transit", "intercepted");
        assertThat(tracking.get("estimatedDelivery").isNull()).as("a stopped parcel goes back, it is not delivered").isTrue();
    }

    @Test
    void anInterceptIsRefusedOnceTheParcelIsOutForDelivery() {
        JsonNode label = answer(call(CARRIER, "label", "label-" + UUID.randomUUID(), labelRequest()));

        age(label, steps(2.5));
        JsonNode outForDelivery = answer(call(CARRIER, "intercept", "intercept-" + UUID.randomUUID(), intercept(label, "cancel")));
        age(label, steps(3.5));
        JsonNode delivered = answer(call(CARRIER, "intercept", "intercept-" + UUID.randomUUID(), intercept(label, "cancel")));

        assertThat(outForDelivery.get("status").asText()).isEqualTo("refused");
        assertThat(outForDelivery.get("reason").asText()).isEqualTo("out_for_delivery");
        assertThat(delivered.get("status").asText()).isEqualTo("refused");
        assertThat(delivered.get("reason").asText()).isEqualTo("delivered");
        assertThat(track(label).get("status").asText()).isEqualTo("delivered");
    }

    @Test
    void aRedirectedParcelStartsAgainTowardsTheNewAddress() {
        JsonNode label = answer(call(CARRIER, "label", "label-" + UUID.randomUUID(), labelRequest()));
        age(label, steps(0.5));
        Instant firstEstimate = Instant.parse(track(label).get("estimatedDelivery").asText());
        ObjectNode redirect = intercept(label, "redirect");
        redirect.putObject("newAddress").put("name", "Ada Lovelace").put("city", "Paris").put("postalCode", "75001")
                .put("country", "FR").putArray("lines").add("1 Rue de Rivoli");

        JsonNode withoutAddress = answer(call(CARRIER, "intercept", "intercept-" + UUID.randomUUID(), intercept(label, "redirect")));
        JsonNode redirected = answer(call(CARRIER, "intercept", "intercept-" + UUID.randomUUID(), redirect));

        assertThat(withoutAddress.get("status").asText()).isEqualTo("refused");
        assertThat(withoutAddress.get("reason").asText()).isEqualTo("new_consignee_required");
        assertThat(redirected.get("status").asText()).isEqualTo("intercepted");
        JsonNode tracking = track(label);
        assertThat(tracking.get("status").asText()).isEqualTo("intercepted");
        assertThat(tracking.at("/events/1/description").asText()).contains("75001 FR");
        // three steps from the redirect, which came half a step after the label
        assertThat(Instant.parse(tracking.get("estimatedDelivery").asText())).isAfterOrEqualTo(firstEstimate.plus(steps(0.5)));
    }

    @Test
    void anUnknownTrackingNumberOrOperationIsAFailureNotAnAnswer() {
        Exchange unknownParcel = call(CARRIER, "tracking", null, MAPPER.createObjectNode().put("trackingNumber", "SBX0000000000"));
        Exchange unknownOperation = call(CARRIER, "pickup", null, MAPPER.createObjectNode());

        assertThat(failure(unknownParcel, HttpOperationFailedException.class).getStatusCode()).isEqualTo(404);
        assertThat(unknownOperation.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no operation 'pickup'");
    }

    @Test
    void aCallLongerThanTheConfiguredTimeoutFails() {
        switches.set("carrier", PartnerSwitches.Mode.SLOW, Duration.ofMillis(1_500));
        long started = System.nanoTime();

        Exchange slow = call(CARRIER + "&timeoutMillis=200", "rates", null, route("DE", "10178", "DE", "80331", 500));

        assertThat(slow.getException()).isInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void theCircuitOpensAfterTheConfiguredFailuresAndStopsCallingTheCarrier() {
        // its own breaker (other parameters, another Kamelet instance), so the pipeline's stays closed
        String fragile = CARRIER + "&minimumCalls=2&failureRateThreshold=50&openStateSeconds=60";
        switches.failNext("carrier", 3);

        Exchange first = call(fragile, "rates", null, route("DE", "10178", "DE", "80331", 500));
        Exchange second = call(fragile, "rates", null, route("DE", "10178", "DE", "80331", 500));
        Exchange third = call(fragile, "rates", null, route("DE", "10178", "DE", "80331", 500));

        assertThat(failure(first, HttpOperationFailedException.class).getStatusCode()).isEqualTo(503);
        assertThat(failure(second, HttpOperationFailedException.class).getStatusCode()).isEqualTo(503);
        assertThat(third.getException()).isInstanceOf(CallNotPermittedException.class);
        assertThat(switches.get("carrier").failures()).as("the third call never reached the carrier").isEqualTo(1);
    }

    private Exchange call(String uri, String operation, String idempotencyKey, JsonNode request) {
        return producer.send(uri, exchange -> {
            exchange.setProperty("partnerOperation", operation);
            exchange.setProperty("idempotencyKey", idempotencyKey);
            exchange.getIn().setBody(request.toString());
        });
    }

    /** The failure of the given type the call ended with (the circuit breaker wraps what the HTTP call threw). */
    private static <T extends Throwable> T failure(Exchange exchange, Class<T> type) {
        Throwable failure = exchange.getException();
        while (failure != null && !type.isInstance(failure)) {
            failure = failure.getCause();
        }
        assertThat(failure).as("a %s in %s", type.getSimpleName(), exchange.getException()).isNotNull();
        return type.cast(failure);
    }

    private static JsonNode answer(Exchange exchange) {
        assertThat(exchange.getException()).isNull();
        try {
            return MAPPER.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + exchange.getMessage().getBody(), e);
        }
    }

    private JsonNode track(JsonNode label) {
        return answer(call(CARRIER, "tracking", null, MAPPER.createObjectNode().put("trackingNumber", label.get("trackingNumber").asText())));
    }

    /**
     * The sandbox carrier works out where a parcel is from when its label was made: moving that
     * time back is how the test lets the parcel travel, without waiting and without a race.
     */
    private void age(JsonNode label, Duration age) {
        jdbc.update("update sandbox_ledger set created_at = ? where partner = 'carrier' and operation = 'label' and reference = ?",
                OrderRepository.utc(Instant.now().minus(age)), label.get("trackingNumber").asText());
    }

    private Duration steps(double steps) {
        return Duration.ofMillis(Math.round(sandbox.carrierStep().toMillis() * steps));
    }

    private static ObjectNode route(String fromCountry, String fromPostalCode, String toCountry, String toPostalCode, int... grams) {
        ObjectNode request = MAPPER.createObjectNode();
        request.putObject("shipFrom").put("country", fromCountry).put("postalCode", fromPostalCode);
        request.putObject("shipTo").put("country", toCountry).put("postalCode", toPostalCode);
        var parcels = request.putArray("parcels");
        for (int weight : grams) {
            parcels.addObject().put("weightGrams", weight);
        }
        return request;
    }

    private static ObjectNode labelRequest() {
        String orderId = UUID.randomUUID().toString();
        ObjectNode request = route("DE", "10178", "GB", "SW1Y 4JH", 1_200)
                .put("orderId", orderId).put("fulfilmentOrderId", orderId + "-F1").put("service", "standard");
        ((ObjectNode) request.get("shipTo")).put("name", "Ada Lovelace").put("city", "London").put("phone", "+44 20 7946 0958")
                .putArray("lines").add("12 St James's Square");
        return request;
    }

    private static ObjectNode intercept(JsonNode label, String action) {
        return MAPPER.createObjectNode().put("trackingNumber", label.get("trackingNumber").asText()).put("action", action);
    }
}
