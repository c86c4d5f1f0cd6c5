package io.orderhub.delivery;

import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.inventory.InventoryFixtures;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.sandbox.PartnerSwitches;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The HTTP side of delivery options; the dates themselves are pinned down in DeliveryOptionsTest. */
@HubTest
class DeliveryOptionsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    StockAdmin admin;

    @Autowired
    PartnerSwitches switches;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    @Test
    void aStorefrontGetsTheOptionsWithIsoDates() {
        String tee = InventoryFixtures.sku("TEE");
        admin.set("wh-hamburg", tee, 10, 0);

        HttpResponse<String> response = hub.get("/api/delivery-options?sku=" + tee + "&qty=2&postalCode=20095", STOREFRONT);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.get("country").asText()).as("the configured default").isEqualTo("DE");
        assertThat(answer.at("/items/0/quantity").asInt()).isEqualTo(2);
        assertThat(answer.get("options")).extracting(option -> option.get("id").asText()).contains("standard", "express");
        assertThat(answer.get("options")).allSatisfy(option -> {
            assertThat(LocalDate.parse(option.get("promisedDate").asText())).isNotNull();
            assertThat(option.get("orderBy").asText()).endsWith("Z");
        });
        assertThat(answer.get("unavailable")).isEmpty();
    }

    @Test
    void shippedOptionsArePricedWithTheCarriersRatesAndStillAnsweredWhenItCannotQuote() {
        String tee = InventoryFixtures.sku("TEE");
        admin.set("wh-hamburg", tee, 10, 0);
        String query = "/api/delivery-options?sku=" + tee + "&qty=2&postalCode=20095";

        JsonNode priced = json(hub.get(query, STOREFRONT));
        switches.set("carrier", PartnerSwitches.Mode.DOWN, Duration.ZERO);
        HttpResponse<String> carrierDown;
        try {
            carrierDown = hub.get(query, STOREFRONT);
        } finally {
            switches.set("carrier", PartnerSwitches.Mode.UP, Duration.ZERO);
        }

        assertThat(priced.get("rates").asText()).isEqualTo("quoted");
        JsonNode standard = option(priced, "standard");
        assertThat(new BigDecimal(standard.at("/price/amount").asText())).isPositive();
        assertThat(standard.at("/price/currency").asText()).isEqualTo("EUR");
        assertThat(standard.get("carrierService").asText()).isNotBlank();
        assertThat(carrierDown.statusCode()).isEqualTo(200);
        JsonNode unpriced = json(carrierDown);
        assertThat(unpriced.get("rates").asText()).isEqualTo("unavailable");
        assertThat(unpriced.get("options")).extracting(option -> option.get("id").asText())
                .containsExactlyElementsOf(priced.get("options").findValuesAsText("id"));
        assertThat(unpriced.get("options")).allSatisfy(option -> assertThat(option.has("price")).isFalse());
    }

    private static JsonNode option(JsonNode answer, String id) {
        for (JsonNode option : answer.get("options")) {
            if (option.get("id").asText().equals(id)) {
                return option;
            }
        }
        throw new AssertionError("no option " + id + " in " + answer);
    }

    @Test
    void everyBadParameterIsReportedWithItsPointer() {
        HttpResponse<String> bad = hub.get("/api/delivery-options?sku=A&sku=B&qty=1&qty=zero&country=Germany", STOREFRONT);
        HttpResponse<String> mismatch = hub.get("/api/delivery-options?sku=A&sku=B&qty=1&postalCode=10115", STOREFRONT);
        HttpResponse<String> nothing = hub.get("/api/delivery-options", STOREFRONT);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors")).extracting(error -> error.get("pointer").asText())
                .containsExactlyInAnyOrder("/qty/1", "/postalCode", "/country");
        assertThat(json(mismatch).get("errors")).extracting(error -> error.get("pointer").asText()).containsExactly("/qty");
        assertThat(json(nothing).get("errors")).extracting(error -> error.get("pointer").asText())
                .containsExactlyInAnyOrder("/sku", "/postalCode");
    }
}
