package io.orderhub.storefront;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Shops on Shopify or WooCommerce whose order webhooks the hub takes, by name: the name is the
 * last part of the webhook URL ({@code POST /api/storefronts/{name}/orders}).
 */
@ConfigurationProperties("orderhub.storefronts")
public record StorefrontProperties(Map<String, Storefront> shops) {

    public enum Platform {
        SHOPIFY, WOOCOMMERCE;

        /** The name of its mapping in mappings/storefronts/ ({@code shopify-order.jsonata}). */
        public String mappingName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param platform which webhook format and signature the shop sends
     * @param channel  the hub channel its orders are placed in (as a storefront key's channel)
     * @param secret   the webhook signing secret the platform shows for the shop
     */
    public record Storefront(Platform platform, String channel, String secret) {

        /** Without the secret: configuration is printed in failure reports. */
        @Override
        public String toString() {
            return "Storefront[platform=" + platform + ", channel=" + channel + ", secret=****]";
        }
    }

    public StorefrontProperties {
        shops = shops == null ? Map.of() : Map.copyOf(shops);
        shops.forEach((name, shop) -> {
            String where = "orderhub.storefronts.shops." + name;
            if (!name.matches("[a-z0-9-]{1,64}")) {
                throw new IllegalArgumentException(where + ": a shop name is lower-case letters, digits and '-'");
            }
            if (shop.platform() == null) {
                throw new IllegalArgumentException(where + ".platform must be shopify or woocommerce");
            }
            if (shop.channel() == null || shop.channel().isBlank()) {
                throw new IllegalArgumentException(where + ".channel is required");
            }
            if (shop.secret() == null || shop.secret().length() < 16) {
                throw new IllegalArgumentException(where + ".secret is required (the platform's webhook secret, 16 characters or more)");
            }
        });
    }
}
