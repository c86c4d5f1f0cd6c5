package io.orderhub.inventory;

import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@HubTest
class AvailabilityApiTest {

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
    void perSkuTotalAndPerLocationAvailabilityNearestFirst() {
        String tee = InventoryFixtures.sku("TEE");
        String showroom = InventoryFixtures.sku("SHOWROOM");
        admin.set("store-berlin-mitte", tee, 3, 1);
        admin.set("wh-munich", tee, 5, 0);
        admin.set("store-hamburg-altona", showroom, 4, 0);

        JsonNode berlin = json(hub.get("/api/availability?sku=" + tee + "&sku=" + showroom + "&sku=" + tee + "&postalCode=10115", STOREFRONT));

        assertThat(berlin.get("region").asText()).isEqualTo("Berlin (centre)");
        assertThat(berlin.get("items")).hasSize(2);
        JsonNode teeItem = berlin.get("items").get(0);
        assertThat(teeItem.get("sku").asText()).isEqualTo(tee);
        assertThat(teeItem.get("available").asInt()).isEqualTo(7);
        assertThat(teeItem.get("canShip").asBoolean()).isTrue();
        assertThat(teeItem.get("canPickUpNearby").asBoolean()).isTrue();
        assertThat(teeItem.get("locations")).extracting(at -> at.get("locationId").asText() + "=" + at.get("available").asInt())
                .containsExactly("store-berlin-mitte=2", "wh-munich=5");
        assertThat(teeItem.at("/locations/0/distanceKm").asDouble()).isLessThan(5);
        JsonNode showroomItem = berlin.get("items").get(1);
        assertThat(showroomItem.get("canShip").asBoolean()).as("that store does not ship").isFalse();
        assertThat(showroomItem.get("canPickUpNearby").asBoolean()).as("Hamburg is not near Berlin").isFalse();
    }

    @Test
    void withoutAPostalCodeNearbyAndDistancesAreUnknownAndAnUnstockedSkuHasNothing() {
        String tee = InventoryFixtures.sku("TEE");
        String nothing = InventoryFixtures.sku("NOTHING");
        admin.set("store-berlin-mitte", tee, 3, 0);

        JsonNode answer = json(hub.get("/api/availability?sku=" + tee + "&sku=" + nothing, AGENT));

        assertThat(answer.at("/items/0/canPickUpNearby").isNull()).isTrue();
        assertThat(answer.at("/items/0/locations/0/distanceKm").isNull()).isTrue();
        assertThat(answer.at("/items/1/available").asInt()).isZero();
        assertThat(answer.at("/items/1/canShip").asBoolean()).isFalse();
        assertThat(answer.at("/items/1/locations")).isEmpty();
    }

    @Test
    void everyBadParameterIsReportedWithItsPointer() {
        HttpResponse<String> bad = hub.get("/api/availability?sku=MUG-CLASSIC&sku=not%20a%20sku&country=XX&postalCode=1&postalCode=2", AGENT);
        HttpResponse<String> noSku = hub.get("/api/availability?postalCode=10115", AGENT);
        String tooMany = IntStream.range(0, 51).mapToObj(i -> "sku=S" + i).collect(Collectors.joining("&"));
        HttpResponse<String> many = hub.get("/api/availability?" + tooMany, AGENT);
        HttpResponse<String> badPostalCode = hub.get("/api/availability?sku=A&postalCode=%3Cscript%3E", AGENT);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get("type").asText()).endsWith("/invalid-query");
        assertThat(json(bad).get("errors")).extracting(error -> error.get("pointer").asText())
                .containsExactlyInAnyOrder("/sku/1", "/country", "/postalCode");
        assertThat(json(noSku).get("errors")).extracting(error -> error.get("pointer").asText()).containsExactly("/sku");
        assertThat(json(many).get("errors")).extracting(error -> error.get("pointer").asText()).containsExactly("/sku");
        assertThat(json(badPostalCode).get("errors")).extracting(error -> error.get("pointer").asText()).containsExactly("/postalCode");
    }

    @Test
    void everyRoleMayAskButNotWithoutAKey() {
        assertThat(hub.get("/api/availability?sku=A", HubClient.ADMIN).statusCode()).isEqualTo(200);
        assertThat(hub.get("/api/availability?sku=A", null).statusCode()).isEqualTo(401);
    }
}
