package io.orderhub.sourcing;

import io.orderhub.inventory.Capability;
import io.orderhub.inventory.ConfigFiles;
import io.orderhub.inventory.InvalidConfigurationException;
import io.orderhub.inventory.Location;
import io.orderhub.inventory.Locations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The declarative part of sourcing (config/sourcing-rules.yaml): which workshop personalises
 * which product kind, which kinds of location may ship ordinary lines, and how far an order may
 * be split. The order in which rules apply is fixed and documented in docs/inventory.md.
 *
 * @param workshops      personalisation rules, first match wins
 * @param shipFrom       location types that may ship lines that are neither personalised nor picked up
 * @param maxLocations   most locations one order's shipped lines may be split across
 * @param candidateLimit how many of the nearest stocking locations a split is searched among;
 *                       bounds the search, which grows with candidates to the power maxLocations
 */
public record SourcingRules(List<WorkshopRule> workshops, Set<LocationType> shipFrom, int maxLocations, int candidateLimit) {

    public static final int MAX_SPLIT = 5;
    public static final int MAX_CANDIDATES = 30;

    /** Personalised lines whose SKU matches {@code skus} (a glob: * any characters, ? one) go to {@code workshop}. */
    public record WorkshopRule(String skus, String workshop, Pattern pattern) {

        public boolean matches(String sku) {
            return pattern.matcher(sku).matches();
        }
    }

    /** The file's shape. */
    public record File(List<WorkshopEntry> personalisation, Shipping shipping) {
    }

    public record WorkshopEntry(String skus, String workshop) {
    }

    public record Shipping(List<LocationType> fromTypes, Integer maxLocations, Integer candidateLimit) {
    }

    public SourcingRules {
        workshops = List.copyOf(workshops);
        shipFrom = Set.copyOf(shipFrom);
    }

    public Optional<WorkshopRule> workshopFor(String sku) {
        return workshops.stream().filter(rule -> rule.matches(sku)).findFirst();
    }

    public static SourcingRules load(Path file, Locations locations) {
        File content = ConfigFiles.read(file, File.class);
        List<String> problems = new ArrayList<>();
        List<WorkshopRule> workshops = new ArrayList<>();
        List<WorkshopEntry> entries = ConfigFiles.orEmpty(content.personalisation());
        for (int i = 0; i < entries.size(); i++) {
            WorkshopEntry entry = entries.get(i);
            String at = "personalisation/" + i + ": ";
            if (entry.skus() == null || entry.skus().isBlank()) {
                problems.add(at + "skus (a SKU pattern such as MUG-*) is required");
                continue;
            }
            Optional<Location> workshop = locations.find(entry.workshop());
            if (workshop.isEmpty()) {
                problems.add(at + "workshop '" + entry.workshop() + "' is not a configured location");
                continue;
            }
            if (!workshop.get().can(Capability.PERSONALISES)) {
                problems.add(at + "location '" + entry.workshop() + "' lacks the personalises capability");
                continue;
            }
            workshops.add(new WorkshopRule(entry.skus().trim(), entry.workshop(), glob(entry.skus().trim())));
        }
        Shipping shipping = content.shipping() == null ? new Shipping(null, null, null) : content.shipping();
        Set<LocationType> shipFrom = shipping.fromTypes() == null || shipping.fromTypes().isEmpty()
                ? EnumSet.of(LocationType.WAREHOUSE) : EnumSet.copyOf(shipping.fromTypes());
        int maxLocations = shipping.maxLocations() == null ? 3 : shipping.maxLocations();
        int candidateLimit = shipping.candidateLimit() == null ? 20 : shipping.candidateLimit();
        if (maxLocations < 1 || maxLocations > MAX_SPLIT) {
            problems.add("shipping/maxLocations must be from 1 to " + MAX_SPLIT);
        }
        if (candidateLimit < 1 || candidateLimit > MAX_CANDIDATES) {
            problems.add("shipping/candidateLimit must be from 1 to " + MAX_CANDIDATES);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(file, String.join("; ", problems));
        }
        return new SourcingRules(workshops, shipFrom, maxLocations, candidateLimit);
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
