package io.orderhub.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.delivery.DeliveryRules;
import io.orderhub.delivery.Zone;
import io.orderhub.sourcing.LocationType;
import io.orderhub.sourcing.SourcingRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped configuration loads; a broken file names the file, the entry and the problem. */
class ConfigFilesTest {

    static final Path CONFIG = Path.of("config");

    @TempDir
    Path dir;

    @Test
    void theShippedConfigurationLoadsAndHangsTogether() {
        PostalRegions regions = PostalRegions.load(CONFIG.resolve("postal-regions.yaml"));
        Locations locations = Locations.load(CONFIG.resolve("locations.yaml"), regions);
        SourcingRules rules = SourcingRules.load(CONFIG.resolve("sourcing-rules.yaml"), locations);
        DeliveryRules delivery = DeliveryRules.load(CONFIG.resolve("delivery-options.yaml"));

        assertThat(locations.all()).extracting(Location::type)
                .contains(LocationType.WAREHOUSE, LocationType.STORE, LocationType.WORKSHOP);
        assertThat(locations.get("store-berlin-mitte").can(Capability.PICKUP)).isTrue();
        assertThat(locations.get("store-berlin-mitte").metro()).isEqualTo("berlin");
        assertThat(rules.workshopFor("MUG-ENGRAVED")).hasValueSatisfying(rule -> assertThat(rule.workshop()).isEqualTo("workshop-leipzig"));
        assertThat(delivery.options()).extracting(DeliveryRules.Option::id)
                .containsExactly("standard", "express", "next-day", "same-day", "weekend");
        assertThat(delivery.options().get(3).transitDays(Zone.DOMESTIC)).isEmpty();
    }

    @Test
    void postalCodesFindTheirLongestPrefixWithinTheirCountry() {
        PostalRegions regions = PostalRegions.load(CONFIG.resolve("postal-regions.yaml"));

        assertThat(regions.find("DE", "10115")).hasValueSatisfying(region -> assertThat(region.metro()).isEqualTo("berlin"));
        assertThat(regions.find("de", "99084")).hasValueSatisfying(region -> assertThat(region.prefix()).isEmpty());
        assertThat(regions.find("GB", "sw1y 4jh")).hasValueSatisfying(region -> assertThat(region.metro()).isEqualTo("london"));
        assertThat(regions.find("JP", "100-0001")).isEmpty();
        assertThat(regions.defaultCountry()).isEqualTo("DE");
    }

    @Test
    void anUnknownKeyIsATypoAndStopsTheHub() throws IOException {
        Path file = write("locations.yaml", """
                locations:
                  - id: wh-1
                    type: warehouse
                    country: DE
                    postalCode: "10115"
                    timeZone: Europe/Berlin
                    capabilites: [ships]
                """);

        assertThatThrownBy(() -> Locations.load(file, PostalRegions.load(CONFIG.resolve("postal-regions.yaml"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("locations.yaml")
                .hasMessageContaining("capabilites")
                .hasMessageContaining("/locations/0/capabilites");
    }

    @Test
    void everyProblemOfALocationsFileIsReportedTogether() throws IOException {
        Path file = write("locations.yaml", """
                locations:
                  - id: wh-1
                    type: warehouse
                    country: Germany
                    postalCode: "10115"
                    timeZone: Mars/Olympus
                  - id: wh-2
                    country: DE
                    postalCode: "10115"
                    timeZone: Europe/Berlin
                """);

        assertThatThrownBy(() -> Locations.load(file, PostalRegions.load(CONFIG.resolve("postal-regions.yaml"))))
                .hasMessageContaining("locations/0 (wh-1): country is required")
                .hasMessageContaining("locations/0 (wh-1): timeZone is required")
                .hasMessageContaining("locations/1 (wh-2): type is required");
    }

    @Test
    void aPersonalisationRuleMustNameALocationThatPersonalises() throws IOException {
        Locations locations = Locations.load(CONFIG.resolve("locations.yaml"), PostalRegions.load(CONFIG.resolve("postal-regions.yaml")));
        Path file = write("sourcing-rules.yaml", """
                personalisation:
                  - skus: "MUG-*"
                    workshop: wh-hamburg
                  - skus: "PEN-*"
                    workshop: nowhere
                shipping:
                  maxLocations: 9
                """);

        assertThatThrownBy(() -> SourcingRules.load(file, locations))
                .hasMessageContaining("personalisation/0: location 'wh-hamburg' lacks the personalises capability")
                .hasMessageContaining("personalisation/1: workshop 'nowhere' is not a configured location")
                .hasMessageContaining("shipping/maxLocations must be from 1 to 5");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
