package io.orderhub.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a postal code roughly is (config/postal-regions.yaml): the longest configured prefix of
 * the code, within its country, names a region with an approximate centre. An empty prefix
 * stands for the whole country. This is an approximation on purpose: a centre per prefix is
 * tens of kilometres off at worst, enough to rank locations by distance and to tell metro
 * areas apart, with a table small enough to keep by hand.
 */
public class PostalRegions {

    /** The file's shape. */
    public record File(String defaultCountry, List<Entry> regions) {
    }

    public record Entry(String country, String prefix, String name, Double latitude, Double longitude, String metro) {
    }

    private final String defaultCountry;
    private final List<PostalRegion> regions;

    public PostalRegions(String defaultCountry, List<PostalRegion> regions) {
        this.defaultCountry = defaultCountry;
        // longest prefix first, so the first match is the most precise one
        this.regions = regions.stream()
                .sorted(Comparator.comparingInt((PostalRegion region) -> region.prefix().length()).reversed()
                        .thenComparing(PostalRegion::country).thenComparing(PostalRegion::prefix))
                .toList();
    }

    public static PostalRegions load(Path file) {
        File content = ConfigFiles.read(file, File.class);
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<PostalRegion> regions = new ArrayList<>();
        String defaultCountry = content.defaultCountry() == null ? null : content.defaultCountry().trim().toUpperCase(Locale.ROOT);
        if (defaultCountry != null && !defaultCountry.matches("[A-Z]{2}")) {
            problems.add("defaultCountry must be an ISO 3166-1 alpha-2 code");
        }
        List<Entry> entries = ConfigFiles.orEmpty(content.regions());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            String at = "regions/" + i + ": ";
            if (entry.country() == null || !entry.country().trim().toUpperCase(Locale.ROOT).matches("[A-Z]{2}")) {
                problems.add(at + "country must be an ISO 3166-1 alpha-2 code");
                continue;
            }
            if (entry.latitude() == null || entry.longitude() == null) {
                problems.add(at + "latitude and longitude are required");
                continue;
            }
            String country = entry.country().trim().toUpperCase(Locale.ROOT);
            String prefix = normalise(entry.prefix() == null ? "" : entry.prefix());
            if (!seen.add(country + "/" + prefix)) {
                problems.add(at + "prefix '" + prefix + "' of " + country + " is listed twice");
                continue;
            }
            try {
                regions.add(new PostalRegion(country, prefix, entry.name() == null ? country + " " + prefix : entry.name(),
                        new GeoPosition(entry.latitude(), entry.longitude()), blankToNull(entry.metro())));
            } catch (IllegalArgumentException e) {
                problems.add(at + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(file, String.join("; ", problems));
        }
        return new PostalRegions(defaultCountry, regions);
    }

    /** The country assumed when a request names none. */
    public String defaultCountry() {
        return defaultCountry;
    }

    /** The most precise region the postal code falls in, if the table knows its country. */
    public Optional<PostalRegion> find(String country, String postalCode) {
        if (country == null || postalCode == null) {
            return Optional.empty();
        }
        String code = normalise(postalCode);
        String upperCountry = country.trim().toUpperCase(Locale.ROOT);
        return regions.stream()
                .filter(region -> region.country().equals(upperCountry) && code.startsWith(region.prefix()))
                .findFirst();
    }

    /** Postal codes compared without spaces or dashes, upper case: "sw1y 4jh" is "SW1Y4JH". */
    static String normalise(String postalCode) {
        return postalCode.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
