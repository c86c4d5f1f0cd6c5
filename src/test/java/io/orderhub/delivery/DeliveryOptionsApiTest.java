package io.orderhub.delivery;

import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.inventory.InventoryFixtures;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.net.http.HttpResponse;
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
