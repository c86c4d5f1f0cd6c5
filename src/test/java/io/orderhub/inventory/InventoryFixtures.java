package io.orderhub.inventory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.Order;
import io.orderhub.order.OrderJson;
import io.orderhub.support.HubClient;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Orders and SKUs for inventory tests. The suite shares one database, so every test invents its
 * own SKUs (stocked on the configured sandbox locations) and nothing else touches them.
 */
public final class InventoryFixtures {

    /** One order line: a SKU and quantity, optionally personalised or picked up at a store. */
    public record Line(String sku, int quantity, String personalisation, String pickupStore) {

        public static Line shipped(String sku, int quantity) {
            return new Line(sku, quantity, null, null);
        }

        public static Line personalised(String sku, int quantity, String text) {
            return new Line(sku, quantity, text, null);
        }

        public static Line pickup(String sku, int quantity, String storeId) {
            return new Line(sku, quantity, null, storeId);
        }
    }

    private InventoryFixtures() {
    }

    /** A SKU no other test uses, starting with {@code kind} (so MUG-... matches the MUG-* workshop rule). */
    public static String sku(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    /** The canonical body of an order with these lines, shipped to the postal code. */
    public static ObjectNode orderBody(String postalCode, String country, Line... lines) {
        ObjectNode body = HubClient.sampleOrder();
        ArrayNode items = body.putArray("lines");
        for (Line line : lines) {
            ObjectNode item = items.addObject();
            item.put("sku", line.sku());
            item.put("quantity", line.quantity());
            item.put("unitPrice", "10.00");
            if (line.personalisation() != null) {
                item.put("personalisation", line.personalisation());
            }
            if (line.pickupStore() != null) {
                item.putObject("fulfilment").put("type", "pickup").put("storeId", line.pickupStore());
            }
        }
        ObjectNode address = (ObjectNode) body.get("shippingAddress");
        address.put("postalCode", postalCode);
        address.put("country", country);
        return body;
    }

    /** An order (with a fresh id) as the pipeline would hand it to sourcing. */
    public static Order order(OrderJson json, String postalCode, Line... lines) {
        return json.newOrder(UUID.randomUUID().toString(), orderBody(postalCode, "DE", lines), Instant.now());
    }
}
