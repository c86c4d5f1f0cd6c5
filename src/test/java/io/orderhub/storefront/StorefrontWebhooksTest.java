package io.orderhub.storefront;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Shopify and WooCommerce order webhooks (the sandbox's shops demo-shopify and demo-woocommerce):
 * signed as the platforms sign them, mapped to the canonical order, placed once however often
 * the platform repeats a delivery, and refused without the shop's signature.
 */
@HubTest
class StorefrontWebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOPIFY_SECRET = "sandbox-shopify-webhook-secret";
    private static final String WOO_SECRET = "sandbox-woocommerce-webhook-secret";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
    }

    @Test
    void aShopifyOrderIsMappedToTheCanonicalOrderAndTakesThePipeline() throws Exception {
        String shopifyId = newShopifyId();
        String body = shopifyOrder(shopifyId).toString();

        HttpResponse<String> answer = shopify(body, sign(SHOPIFY_SECRET, body), UUID.randomUUID().toString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(json(answer).has("customerAccess")).as("no customer token for a platform that drops it").isFalse();
        String id = json(answer).get("id").asText();
        JsonNode order = pipeline.awaitHistoryEntry(id, "ACCEPTED");
        assertThat(order.get("channel").asText()).isEqualTo("shopify-demo");
        assertThat(order.get("externalId").asText()).isEqualTo(shopifyId);
        assertThat(order.get("currency").asText()).isEqualTo("EUR");
        assertThat(order.get("deliveryOption").asText()).as("Shopify's shipping code Express").isEqualTo("express");
        assertThat(order.at("/customer/name").asText()).isEqualTo("Grace Hopper");
        assertThat(order.at("/customer/email").asText()).isEqualTo("grace@example.com");
        assertThat(order.at("/customer/language").asText()).isEqualTo("de");
        assertThat(order.at("/lines/0/sku").asText()).isEqualTo("MUG-CLASSIC");
        assertThat(order.at("/lines/0/quantity").asInt()).isEqualTo(2);
        assertThat(order.at("/lines/0/unitPrice").asText()).isEqualTo("12.50");
        assertThat(order.at("/lines/1/personalisation").asText())
                .as("visible line item properties only").isEqualTo("Engraving: To Amazing Grace");
        assertThat(order.at("/shippingAddress/line1").asText()).isEqualTo("Jungfernstieg 1");
        assertThat(order.at("/shippingAddress/postalCode").asText()).isEqualTo("20095");
        assertThat(order.at("/shippingAddress/country").asText()).isEqualTo("DE");
        assertThat(order.at("/shippingAddress/line2").isMissingNode()).as("Shopify's empty address2").isTrue();
        assertThat(order.at("/metadata/orderName").asText()).isEqualTo("#1042");
        assertThat(order.at("/history/0/actor").asText()).isEqualTo("storefront");
        assertThat(order.at("/history/0/actorId").asText()).isEqualTo("storefront:demo-shopify");
        assertThat(order.at("/history/0/reason").asText()).isEqualTo("order placed by shopify shop demo-shopify");
        // the shop's channel is a storefront's: a storefront key of another channel does not see it
        assertThat(hub.get("/api/orders/" + id, STOREFRONT).statusCode()).isEqualTo(404);
    }

    @Test
    void aRepeatedDeliveryAnswersAsTheFirstAndAnotherDeliveryOfTheSameOrderPlacesNothing() throws Exception {
        String shopifyId = newShopifyId();
        String body = shopifyOrder(shopifyId).toString();
        String webhookId = UUID.randomUUID().toString();

        HttpResponse<String> first = shopify(body, sign(SHOPIFY_SECRET, body), webhookId);
        HttpResponse<String> repeat = shopify(body, sign(SHOPIFY_SECRET, body), webhookId);
        HttpResponse<String> otherDelivery = shopify(body, sign(SHOPIFY_SECRET, body), UUID.randomUUID().toString());

        assertThat(first.statusCode()).isEqualTo(201);
        String id = json(first).get("id").asText();
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.body()).as("the first answer, as it was").isEqualTo(first.body());
        assertThat(otherDelivery.statusCode()).as("a 2xx, or the platform would go on sending it").isEqualTo(200);
        assertThat(json(otherDelivery).get("id").asText()).isEqualTo(id);
        assertThat(json(otherDelivery).get("duplicate").asBoolean()).isTrue();
        assertThat(ordersWithExternalId(shopifyId)).isEqualTo(1);
    }

    @Test
    void withoutTheShopsSignatureNothingIsPlaced() throws Exception {
        String shopifyId = newShopifyId();
        String body = shopifyOrder(shopifyId).toString();
        String tampered = body.replace("\"quantity\":2", "\"quantity\":20");

        HttpResponse<String> unsigned = hub.post("/api/storefronts/demo-shopify/orders", null, body);
        HttpResponse<String> withAKeyInstead = hub.post("/api/storefronts/demo-shopify/orders", STOREFRONT, body);
        HttpResponse<String> wrongSecret = shopify(body, sign("someone-elses-secret-0000", body), "w1");
        HttpResponse<String> bodyChangedAfterSigning = shopify(tampered, sign(SHOPIFY_SECRET, body), "w2");
        HttpResponse<String> wooSignatureForAShopifyShop = hub.post("/api/storefronts/demo-shopify/orders", null, body,
                "X-WC-Webhook-Signature", sign(SHOPIFY_SECRET, body));

        for (HttpResponse<String> refused : java.util.List.of(unsigned, withAKeyInstead, wrongSecret, bodyChangedAfterSigning,
                wooSignatureForAShopifyShop)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(json(unsigned).get("type").asText()).endsWith("/signature-required");
        assertThat(json(wrongSecret).get("type").asText()).endsWith("/invalid-signature");
        assertThat(ordersWithExternalId(shopifyId)).isZero();
    }

    @Test
    void anUnknownShopIsNotFoundAndAnOrderTheHubCannotTakeIsAProblemWithPointers() throws Exception {
        String body = shopifyOrder(newShopifyId()).toString();
        HttpResponse<String> unknownShop = hub.post("/api/storefronts/no-such-shop/orders", null, body,
                "X-Shopify-Hmac-Sha256", sign(SHOPIFY_SECRET, body));
        assertThat(unknownShop.statusCode()).isEqualTo(404);
        assertThat(json(unknownShop).get("type").asText()).endsWith("/storefront-not-found");

        String shopifyId = newShopifyId();
        ObjectNode order = shopifyOrder(shopifyId);
        ((ObjectNode) order.get("line_items").get(0)).remove("sku");
        String withoutSku = order.toString();
        HttpResponse<String> invalid = shopify(withoutSku, sign(SHOPIFY_SECRET, withoutSku), UUID.randomUUID().toString());
        assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(422);
        assertThat(invalid.body()).contains("/lines/0/sku");
        assertThat(ordersWithExternalId(shopifyId)).isZero();

        String notJson = "[1, 2]";
        HttpResponse<String> malformed = shopify(notJson, sign(SHOPIFY_SECRET, notJson), UUID.randomUUID().toString());
        assertThat(malformed.statusCode()).isEqualTo(400);
    }

    @Test
    void aWooCommerceOrderIsMappedAndPlacedOnce() throws Exception {
        ObjectNode woo = (ObjectNode) JSON.readTree(Files.readString(Path.of("examples/woocommerce-order.json")));
        long wooId = 100_000 + (long) (Math.random() * 1_000_000_000L);
        woo.put("id", wooId).put("number", String.valueOf(wooId));
        String body = woo.toString();
        String delivery = UUID.randomUUID().toString();

        HttpResponse<String> answer = woo(body, sign(WOO_SECRET, body), delivery);
        HttpResponse<String> repeat = woo(body, sign(WOO_SECRET, body), delivery);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(json(repeat).get("id").asText()).isEqualTo(json(answer).get("id").asText());
        JsonNode order = json(hub.get("/api/orders/" + json(answer).get("id").asText(), ADMIN));
        assertThat(order.get("channel").asText()).isEqualTo("woocommerce-demo");
        assertThat(order.get("externalId").asText()).isEqualTo(String.valueOf(wooId));
        assertThat(order.at("/customer/name").asText()).isEqualTo("Alan Turing");
        assertThat(order.at("/customer/email").asText()).isEqualTo("alan@example.com");
        assertThat(order.at("/lines/0/sku").asText()).isEqualTo("TEE-ORGANIC-M");
        assertThat(order.at("/lines/0/unitPrice").asText()).isEqualTo("19.99");
        assertThat(order.at("/lines/0/personalisation").isMissingNode()).as("WooCommerce's own _reduced_stock meta").isTrue();
        assertThat(order.at("/shippingAddress/city").asText()).isEqualTo("Berlin");
        assertThat(order.get("deliveryOption").asText()).as("flat_rate is no hub option: standard").isEqualTo("standard");
        assertThat(ordersWithExternalId(String.valueOf(wooId))).isEqualTo(1);
        // a Shopify signature header does not open a WooCommerce shop
        HttpResponse<String> shopifyHeader = hub.post("/api/storefronts/demo-woocommerce/orders", null, body,
                "X-Shopify-Hmac-Sha256", sign(WOO_SECRET, body));
        assertThat(shopifyHeader.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> shopify(String body, String signature, String webhookId) {
        return hub.post("/api/storefronts/demo-shopify/orders", null, body, "X-Shopify-Hmac-Sha256", signature,
                "X-Shopify-Webhook-Id", webhookId, "X-Shopify-Topic", "orders/create",
                "X-Shopify-Shop-Domain", "demo-shopify.myshopify.com");
    }

    private HttpResponse<String> woo(String body, String signature, String deliveryId) {
        return hub.post("/api/storefronts/demo-woocommerce/orders", null, body, "X-WC-Webhook-Signature", signature,
                "X-WC-Webhook-Delivery-ID", deliveryId, "X-WC-Webhook-Topic", "order.created");
    }

    /** As the platforms sign: base64 of the HMAC-SHA256 of the raw body with the shop's webhook secret. */
    private static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** examples/shopify-order.json as another order: Shopify's own ids are longer than a JSON number holds exactly. */
    private static ObjectNode shopifyOrder(String shopifyId) throws Exception {
        ObjectNode order = (ObjectNode) JSON.readTree(Files.readString(Path.of("examples/shopify-order.json")));
        order.put("admin_graphql_api_id", "gid://shopify/Order/" + shopifyId);
        return order;
    }

    private static String newShopifyId() {
        return String.valueOf(5_000_000_000_000_000_000L + (long) (Math.random() * 1e18));
    }

    private int ordersWithExternalId(String externalId) {
        return jdbc.queryForObject("select count(*) from orders where external_id = ?", Integer.class, externalId);
    }
}
