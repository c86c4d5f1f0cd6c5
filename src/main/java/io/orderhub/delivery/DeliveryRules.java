package io.orderhub.delivery;

import io.orderhub.inventory.Capability;
import io.orderhub.inventory.ConfigFiles;
import io.orderhub.inventory.InvalidConfigurationException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Delivery options and pickup settings from config/delivery-options.yaml (format documented there). */
public record DeliveryRules(Pickup pickup, List<Option> options) {

    /**
     * @param maxDistanceKm stores this close to the customer count as nearby for pickup
     * @param readyDays     dispatch days of the store between order and pickup
     */
    public record Pickup(double maxDistanceKm, int readyDays) {
    }

    /**
     * @param transitDays  carrier days from dispatch to delivery per zone; a zone missing here is not served
     * @param requires     a capability every dispatching location must have, or null
     * @param cutOff       an option-specific cut-off; the earlier of it and the location's applies; or null
     * @param carrierDays  the days the carrier moves and delivers parcels
     * @param deliveryDays the only days the option delivers on, or empty for any carrier day
     */
    public record Option(String id, String name, Map<Zone, Integer> transitDays, Capability requires, LocalTime cutOff,
                         Set<DayOfWeek> carrierDays, Set<DayOfWeek> deliveryDays) {

        public Optional<Integer> transitDays(Zone zone) {
            return Optional.ofNullable(transitDays.get(zone));
        }
    }

    /** The file's shape. */
    public record File(PickupEntry pickup, List<OptionEntry> options) {
    }

    public record PickupEntry(Double maxDistanceKm, Integer readyDays) {
    }

    public record OptionEntry(String id, String name, Map<Zone, Integer> transitDays, Capability requires, LocalTime cutOff,
                              List<DayOfWeek> carrierDays, List<DayOfWeek> deliveryDays) {
    }

    private static final Set<DayOfWeek> WORKING_DAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    public DeliveryRules {
        options = List.copyOf(options);
    }

    public static DeliveryRules load(Path file) {
        File content = ConfigFiles.read(file, File.class);
        List<String> problems = new ArrayList<>();
        PickupEntry pickupEntry = content.pickup() == null ? new PickupEntry(null, null) : content.pickup();
        double maxDistance = pickupEntry.maxDistanceKm() == null ? 25 : pickupEntry.maxDistanceKm();
        int readyDays = pickupEntry.readyDays() == null ? 0 : pickupEntry.readyDays();
        if (maxDistance < 0 || readyDays < 0) {
            problems.add("pickup: maxDistanceKm and readyDays must not be negative");
        }
        List<Option> options = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<OptionEntry> entries = ConfigFiles.orEmpty(content.options());
        for (int i = 0; i < entries.size(); i++) {
            OptionEntry entry = entries.get(i);
            String at = "options/" + i + ": ";
            if (entry.id() == null || entry.id().isBlank() || !ids.add(entry.id())) {
                problems.add(at + "id is required and must be unique");
                continue;
            }
            if (entry.transitDays() == null || entry.transitDays().isEmpty()
                    || entry.transitDays().values().stream().anyMatch(days -> days == null || days < 0 || days > 60)) {
                problems.add(at + "transitDays needs at least one zone (metro, domestic, international) with 0 to 60 days");
                continue;
            }
            Set<DayOfWeek> carrierDays = entry.carrierDays() == null || entry.carrierDays().isEmpty()
                    ? WORKING_DAYS : EnumSet.copyOf(entry.carrierDays());
            Set<DayOfWeek> deliveryDays = entry.deliveryDays() == null || entry.deliveryDays().isEmpty()
                    ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(entry.deliveryDays());
            if (!deliveryDays.isEmpty() && !carrierDays.containsAll(deliveryDays)) {
                problems.add(at + "deliveryDays must be carrierDays too");
                continue;
            }
            options.add(new Option(entry.id().trim(), entry.name() == null ? entry.id() : entry.name(),
                    new EnumMap<>(entry.transitDays()), entry.requires(), entry.cutOff(), carrierDays, deliveryDays));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(file, String.join("; ", problems));
        }
        return new DeliveryRules(new Pickup(maxDistance, readyDays), options);
    }
}
