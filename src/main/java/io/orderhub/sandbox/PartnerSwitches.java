package io.orderhub.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Makes any simulated partner slow or down, to see the hub's retries, breakers and dead letters. */
@Component
@Profile("sandbox")
public class PartnerSwitches {

    public enum Mode { UP, SLOW, DOWN }

    public record Setting(Mode mode, Duration delay) {
        static final Setting UP = new Setting(Mode.UP, Duration.ZERO);
    }

    private final Map<String, Setting> settings = new ConcurrentHashMap<>();

    public void set(String partner, Mode mode, Duration delay) {
        settings.put(partner, new Setting(mode, delay == null ? Duration.ZERO : delay));
    }

    public Setting get(String partner) {
        return settings.getOrDefault(partner, Setting.UP);
    }

    public Map<String, Setting> all() {
        return Map.copyOf(settings);
    }
}
