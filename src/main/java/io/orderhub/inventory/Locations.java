package io.orderhub.inventory;

import io.orderhub.sourcing.LocationType;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every location the hub knows, from config/locations.yaml, checked at start. */
public class Locations {

    /** The file's shape. */
    public record File(List<Entry> locations) {
    }

    /**
     * One location as written. Position: {@code latitude}/{@code longitude}, or left out to use
     * the centre of the postal region of {@code postalCode}.
     */
    public record Entry(String id, String name, LocationType type, String country, String postalCode,
                        Double latitude, Double longitude, String timeZone, LocalTime cutOff,
                        List<DayOfWeek> dispatchDays, List<Capability> capabilities) {
    }

    private static final Set<DayOfWeek> WORKING_DAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private final Map<String, Location> byId;

    public Locations(Collection<Location> locations) {
        Map<String, Location> map = new LinkedHashMap<>();
        locations.stream().sorted(Comparator.comparing(Location::id)).forEach(location -> map.put(location.id(), location));
        this.byId = Collections.unmodifiableMap(map);
    }

    public static Locations load(Path file, PostalRegions regions) {
        File content = ConfigFiles.read(file, File.class);
        List<String> problems = new ArrayList<>();
        Map<String, Location> locations = new LinkedHashMap<>();
        List<Entry> entries = ConfigFiles.orEmpty(content.locations());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            String at = "locations/" + i + (entry.id() == null ? "" : " (" + entry.id() + ")") + ": ";
            int before = problems.size();
            if (entry.id() == null || !entry.id().matches("[A-Za-z0-9._-]{1,64}")) {
                problems.add(at + "id is required: 1 to 64 letters, digits, '.', '_' or '-'");
            } else if (locations.containsKey(entry.id())) {
                problems.add(at + "id is used twice");
            }
            if (entry.type() == null) {
                problems.add(at + "type is required: one of warehouse, store, workshop, dropship");
            }
            if (entry.country() == null || !entry.country().trim().toUpperCase(Locale.ROOT).matches("[A-Z]{2}")) {
                problems.add(at + "country is required: an ISO 3166-1 alpha-2 code");
            }
            if (entry.postalCode() == null || entry.postalCode().isBlank()) {
                problems.add(at + "postalCode is required");
            }
            ZoneId zone = null;
            try {
                zone = ZoneId.of(entry.timeZone() == null ? "" : entry.timeZone());
            } catch (DateTimeException e) {
                problems.add(at + "timeZone is required: a region id such as Europe/Berlin");
            }
            if ((entry.latitude() == null) != (entry.longitude() == null)) {
                problems.add(at + "give both latitude and longitude, or neither");
            }
            if (problems.size() > before) {
                continue;
            }
            String country = entry.country().trim().toUpperCase(Locale.ROOT);
            PostalRegion region = regions.find(country, entry.postalCode()).orElse(null);
            GeoPosition position;
            if (entry.latitude() != null) {
                try {
                    position = new GeoPosition(entry.latitude(), entry.longitude());
                } catch (IllegalArgumentException e) {
                    problems.add(at + e.getMessage());
                    continue;
                }
            } else if (region != null) {
                position = region.centre();
            } else {
                problems.add(at + "no latitude/longitude, and postal code " + entry.postalCode()
                        + " is in no region of the postal regions file");
                continue;
            }
            Set<DayOfWeek> dispatchDays = entry.dispatchDays() == null || entry.dispatchDays().isEmpty()
                    ? WORKING_DAYS : EnumSet.copyOf(entry.dispatchDays());
            Set<Capability> capabilities = entry.capabilities() == null || entry.capabilities().isEmpty()
                    ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(entry.capabilities());
            locations.put(entry.id(), new Location(entry.id(), entry.name() == null ? entry.id() : entry.name(),
                    entry.type(), country, entry.postalCode().trim(), position, region, zone,
                    entry.cutOff() == null ? LocalTime.of(15, 0) : entry.cutOff(), dispatchDays, capabilities));
        }
        if (locations.isEmpty() && problems.isEmpty()) {
            problems.add("no locations configured");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(file, String.join("; ", problems));
        }
        return new Locations(locations.values());
    }

    public Optional<Location> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** The location, or {@link LocationNotFoundException}. */
    public Location get(String id) {
        return find(id).orElseThrow(() -> new LocationNotFoundException(id));
    }

    /** All locations, by id. */
    public Collection<Location> all() {
        return byId.values();
    }
}
