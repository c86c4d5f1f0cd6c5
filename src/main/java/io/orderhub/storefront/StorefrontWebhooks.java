package io.orderhub.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.DuplicateOrderException;
import io.orderhub.order.MalformedOrderException;
import io.orderhub.order.OrderIntake;
import io.orderhub.security.Caller;
import io.orderhub.security.RateLimitFilter;
import io.orderhub.security.RateLimitProperties;
import io.orderhub.security.RateLimiter;
import io.orderhub.security.Role;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Order webhooks from Shopify and WooCommerce shops. Both sign the raw body with the shop's
 * webhook secret (base64 of its HMAC-SHA256: Shopify in {@code X-Shopify-Hmac-Sha256},
 * WooCommerce in {@code X-WC-Webhook-Signature}); the signature is the only credential, so it is
 * checked before anything else is read. The mapping in mappings/storefronts/ turns the platform's
 * order into the canonical one, which then takes the same intake as {@code POST /api/orders}.
 */
@Component("storefrontWebhooks")
public class StorefrontWebhooks {

    private final StorefrontProperties properties;
    private final OrderIntake intake;
    private final RateLimiter rateLimiter;
    private final RateLimitProperties rateLimits;
    private final ObjectMapper mapper;

    public StorefrontWebhooks(StorefrontProperties properties, OrderIntake intake, RateLimiter rateLimiter,
                              RateLimitProperties rateLimits, ObjectMapper mapper) {
        this.properties = properties;
        this.intake = intake;
        this.rateLimiter = rateLimiter;
        this.rateLimits = rateLimits;
        this.mapper = mapper;
    }

    /** The shop's platform (its mapping's name) if the platform's signature header signs {@code body}; else refused. */
    public String verify(String shopName, byte[] body, String shopifySignature, String wooSignature) {
        StorefrontProperties.Storefront shop = shop(shopName);
        String presented = switch (shop.platform()) {
            case SHOPIFY -> shopifySignature;
            case WOOCOMMERCE -> wooSignature;
        };
        if (presented == null || presented.isBlank()) {
            throw new StorefrontWebhookRefusedException(401, "signature-required", "Signature required",
                    "a " + shop.platform().mappingName() + " webhook carries its signature in "
                            + (shop.platform() == StorefrontProperties.Platform.SHOPIFY ? "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature"));
        }
        byte[] expected = Base64.getEncoder().encode(hmac(shop.secret(), body));
        if (!MessageDigest.isEqual(expected, presented.trim().getBytes(StandardCharsets.US_ASCII))) {
            throw new StorefrontWebhookRefusedException(401, "invalid-signature", "Invalid signature",
                    "the body's signature does not match this shop's webhook secret");
        }
        // a signed delivery counts against the shop's intake limit (RateLimitFilter refuses the next when it is spent)
        String key = RateLimitFilter.shopIntakeKey(shopName);
        rateLimiter.spend(RateLimitFilter.intakeBucket(key), rateLimits.intakeFor(key));
        return shop.platform().mappingName();
    }

    /** The shop as the caller of the intake: a storefront restricted to the shop's channel. */
    public Caller caller(String shopName) {
        return new Caller("storefront:" + shopName, Role.STOREFRONT, shop(shopName).channel());
    }

    /** The webhook's body, refused (400) unless it is a JSON object: the mapping reads nothing else. */
    public String requireJsonObject(String body) {
        try {
            if (mapper.readTree(body) instanceof ObjectNode) {
                return body;
            }
        } catch (Exception e) {
            // answered below
        }
        throw new MalformedOrderException("the webhook body is not a JSON object");
    }

    /**
     * Places the mapped order in the shop's channel. The platform repeats a delivery with the same
     * id (Shopify X-Shopify-Webhook-Id, WooCommerce X-WC-Webhook-Delivery-ID): it is the intake's
     * Idempotency-Key, so a repeat answers as the first did. An order the channel already has
     * (another delivery of the same order) answers 200 with its id, so the platform stops sending it.
     */
    public OrderIntake.Response place(String shopName, String mappedOrder, String shopifyWebhookId, String wooDeliveryId) {
        StorefrontProperties.Storefront shop = shop(shopName);
        String deliveryId = shopifyWebhookId != null ? shopifyWebhookId : wooDeliveryId;
        String idempotencyKey = deliveryId == null || deliveryId.isBlank() ? null : "webhook:" + deliveryId.trim();
        ObjectNode order;
        try {
            order = (ObjectNode) mapper.readTree(mappedOrder);
        } catch (Exception e) {
            throw new MalformedOrderException("the " + shop.platform().mappingName() + " mapping gave no JSON object");
        }
        order.put("channel", shop.channel());
        try {
            return intake.accept(order.toString(), idempotencyKey, caller(shopName),
                    "order placed by " + shop.platform().mappingName() + " shop " + shopName, orderId -> { });
        } catch (DuplicateOrderException duplicate) {
            return new OrderIntake.Response(200, mapper.createObjectNode()
                    .put("id", duplicate.existingOrderId())
                    .put("duplicate", true)
                    .put("detail", duplicate.getMessage())
                    .toString(), duplicate.existingOrderId());
        }
    }

    private StorefrontProperties.Storefront shop(String shopName) {
        StorefrontProperties.Storefront shop = shopName == null ? null : properties.shops().get(shopName);
        if (shop == null) {
            throw new StorefrontWebhookRefusedException(404, "storefront-not-found", "Storefront not found",
                    "no shop named '" + shopName + "' is configured (orderhub.storefronts.shops)");
        }
        return shop;
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
