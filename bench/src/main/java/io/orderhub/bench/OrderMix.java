package io.orderhub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A realistic order mix, only from SKUs the sandbox stocks (config/sandbox-stock.csv):
 * 1–20 lines (most orders small), split shipments across SKUs held in different places,
 * personalised lines (made by the workshop), some lines picked up at store-berlin-mitte,
 * a few fraud reviews (+review e-mail) and payment declines (tok_decline).
 * Every order has a unique externalId; the caller sends a unique Idempotency-Key.
 */
final class OrderMix {
    static final ObjectMapper JSON = new ObjectMapper();

    private static final String[][] SHIP_SKUS = {
            {"MUG-CLASSIC", "Classic mug", "12.50"},
            {"TEE-ORGANIC-M", "Organic tee (M)", "19.99"},
            {"NOTEBOOK-A5", "Notebook A5", "7.90"},
            {"POSTER-HARBOUR", "Harbour poster", "15.00"},
            {"POSTER-ALPS", "Alps poster", "15.00"},
    };
    private static final String[][] PERSONAL_SKUS = {
            {"MUG-ENGRAVED", "Engraved mug", "24.90"},
            {"TEE-PRINTED", "Printed tee", "29.90"},
    };
    private static final String[][] PICKUP_SKUS = {
            {"TEE-ORGANIC-M", "Organic tee (M)", "19.99"},
            {"MUG-CLASSIC", "Classic mug", "12.50"},
    };

    /** share of orders: fraud review, payment decline, with a pickup line, with personalised lines */
    static final double REVIEW = 0.03, DECLINE = 0.03, PICKUP = 0.10, PERSONALISED = 0.15;

    private final String runId;
    private final AtomicLong counter = new AtomicLong();
    private final int fixedLines;

    /** @param fixedLines 0 for the mix (1–20 lines), otherwise that many lines per order */
    OrderMix(String runId, int fixedLines) {
        this.runId = runId;
        this.fixedLines = fixedLines;
    }

    static int mixLines(ThreadLocalRandom r) {
        double p = r.nextDouble();
        if (p < 0.50) return 1 + r.nextInt(3);      // 1–3
        if (p < 0.85) return 4 + r.nextInt(7);      // 4–10
        return 11 + r.nextInt(10);                  // 11–20
    }

    String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long n = counter.incrementAndGet();
        ObjectNode o = JSON.createObjectNode();
        o.put("externalId", "BENCH-" + runId + "-" + n);
        o.put("channel", "web");
        o.put("currency", "EUR");
        double kind = r.nextDouble();
        boolean review = kind < REVIEW;
        boolean decline = !review && kind < REVIEW + DECLINE;
        ObjectNode c = o.putObject("customer");
        c.put("id", "cust-" + r.nextInt(100_000));
        c.put("name", "Bench Customer " + n);
        c.put("email", "bench" + n + (review ? "+review" : "") + "@example.com");
        c.put("language", r.nextBoolean() ? "de" : "en");

        int lines = fixedLines > 0 ? fixedLines : mixLines(r);
        boolean pickup = r.nextDouble() < PICKUP;
        boolean personalised = r.nextDouble() < PERSONALISED;
        ArrayNode ls = o.putArray("lines");
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < lines; i++) slots.add(i);
        Collections.shuffle(slots, r);
        int pickupSlot = pickup ? slots.get(0) : -1;
        int personalSlot = personalised && lines > 1 ? slots.get(1) : (personalised ? slots.get(0) : -1);
        for (int i = 0; i < lines; i++) {
            ObjectNode l = ls.addObject();
            String[] sku;
            if (i == personalSlot) {
                sku = PERSONAL_SKUS[r.nextInt(PERSONAL_SKUS.length)];
            } else if (i == pickupSlot) {
                sku = PICKUP_SKUS[r.nextInt(PICKUP_SKUS.length)];
            } else {
                sku = SHIP_SKUS[r.nextInt(SHIP_SKUS.length)];
            }
            l.put("sku", sku[0]);
            l.put("name", sku[1]);
            l.put("quantity", 1 + (r.nextDouble() < 0.2 ? r.nextInt(3) : 0));
            l.put("unitPrice", sku[2]);
            if (i == personalSlot) {
                l.put("personalisation", "For order " + n + ", with love");
            } else if (i == pickupSlot) {
                l.putObject("fulfilment").put("type", "pickup").put("storeId", "store-berlin-mitte");
            }
        }
        boolean gb = r.nextDouble() < 0.2;
        ObjectNode a = JSON.createObjectNode();
        a.put("name", "Bench Customer " + n);
        a.put("line1", gb ? "12 St James's Square" : "Unter den Linden " + (1 + r.nextInt(80)));
        a.put("city", gb ? "London" : "Berlin");
        a.put("postalCode", gb ? "SW1Y 4JH" : "10117");
        a.put("country", gb ? "GB" : "DE");
        o.set("shippingAddress", a);
        o.set("billingAddress", a.deepCopy());
        o.put("deliveryOption", "standard");
        o.putObject("payment").put("method", "card").put("token", decline ? "tok_decline" : "tok_visa");
        o.putObject("metadata").put("bench", runId);
        return o.toString();
    }
}
