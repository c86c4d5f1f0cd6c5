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

    /** {@code failures}: for DOWN, how many calls fail before the partner is up again (0: until switched). */
    public record Setting(Mode mode, Duration delay, int failures) {
        static final Setting UP = new Setting(Mode.UP, Duration.ZERO, 0);
    }

    private final Map<String, Setting> settings = new ConcurrentHashMap<>();

    public void set(String partner, Mode mode, Duration delay) {
        settings.put(partner, new Setting(mode, delay == null ? Duration.ZERO : delay, 0));
    }

    /** The partner fails the next {@code calls} calls, then is up again: an outage of known length. */
    public void failNext(String partner, int calls) {
        settings.put(partner, new Setting(Mode.DOWN, Duration.ZERO, calls));
    }

    public Setting get(String partner) {
        return settings.getOrDefault(partner, Setting.UP);
    }

    /** Called once per call a partner receives; counts down an outage of known length. */
    Setting onCall(String partner) {
        return settings.compute(partner, (name, setting) -> {
            if (setting == null || setting.mode() != Mode.DOWN || setting.failures() == 0) {
                return setting;
            }
            return setting.failures() == 1 ? Setting.UP : new Setting(Mode.DOWN, Duration.ZERO, setting.failures() - 1);
        });
    }

    public Map<String, Setting> all() {
        return Map.copyOf(settings);
    }
}
