package io.orderhub.sandbox;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated carrier's price list: a price per parcel by zone, product and weight band, and
 * the transit days it promises. The zone comes from the sender's and recipient's countries.
 * Next-day is domestic only. Prices are in euros.
 */
final class CarrierTariff {

    static final String CURRENCY = "EUR";

    /** The carrier's products, by the codes its API uses. */
    enum Product {
        STD("Sandbox Post Standard"), EXP("Sandbox Post Express"), NXD("Sandbox Post Next Day");

        final String displayName;

        Product(String displayName) {
            this.displayName = displayName;
        }

        static Optional<Product> of(String code) {
            for (Product product : values()) {
                if (product.name().equals(code)) {
                    return Optional.of(product);
                }
            }
            return Optional.empty();
        }
    }

    enum Zone { DOMESTIC, EU, WORLD }

    /** Upper limits (inclusive) of the weight bands; heavier parcels are not carried. */
    static final List<Integer> BAND_LIMITS_GRAMS = List.of(2_000, 5_000, 10_000, 31_500);

    static final int MAX_WEIGHT_GRAMS = BAND_LIMITS_GRAMS.get(BAND_LIMITS_GRAMS.size() - 1);

    private static final Set<String> EU = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
            "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    /** A product's price per weight band and its transit days, in one zone. */
    private record Tariff(List<BigDecimal> pricePerBand, int transitDays) {
    }

    private static final Map<Zone, Map<Product, Tariff>> TABLE = Map.of(
            Zone.DOMESTIC, Map.of(
                    Product.STD, tariff(2, "4.90", "6.90", "9.90", "16.90"),
                    Product.EXP, tariff(1, "9.90", "12.90", "17.90", "29.90"),
                    Product.NXD, tariff(1, "14.90", "18.90", "24.90", "39.90")),
            Zone.EU, Map.of(
                    Product.STD, tariff(4, "13.90", "17.90", "24.90", "39.90"),
                    Product.EXP, tariff(2, "24.90", "31.90", "42.90", "64.90")),
            Zone.WORLD, Map.of(
                    Product.STD, tariff(7, "29.90", "39.90", "54.90", "89.90"),
                    Product.EXP, tariff(3, "49.90", "64.90", "89.90", "139.90")));

    /** What sending the parcels with one product costs and how long it takes. */
    record Quote(Product product, BigDecimal price, int transitDays) {
    }

    private CarrierTariff() {
    }

    static Zone zone(String fromCountry, String toCountry) {
        if (fromCountry.equals(toCountry)) {
            return Zone.DOMESTIC;
        }
        return EU.contains(fromCountry) && EU.contains(toCountry) ? Zone.EU : Zone.WORLD;
    }

    /** The quote, or empty when the product is not offered in the zone. Weights must be 1 to {@link #MAX_WEIGHT_GRAMS}. */
    static Optional<Quote> quote(Product product, Zone zone, List<Integer> parcelGrams) {
        Tariff tariff = TABLE.get(zone).get(product);
        if (tariff == null) {
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO;
        for (int grams : parcelGrams) {
            total = total.add(tariff.pricePerBand().get(band(grams)));
        }
        return Optional.of(new Quote(product, total, tariff.transitDays()));
    }

    private static int band(int grams) {
        for (int i = 0; i < BAND_LIMITS_GRAMS.size(); i++) {
            if (grams <= BAND_LIMITS_GRAMS.get(i)) {
                return i;
            }
        }
        throw new IllegalArgumentException("a parcel of " + grams + " g is over the limit of " + MAX_WEIGHT_GRAMS + " g");
    }

    private static Tariff tariff(int transitDays, String... prices) {
        return new Tariff(java.util.Arrays.stream(prices).map(BigDecimal::new).toList(), transitDays);
    }
}
