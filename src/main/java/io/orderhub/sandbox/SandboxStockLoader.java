package io.orderhub.sandbox;

import io.orderhub.inventory.InventoryProperties;
import io.orderhub.inventory.InvalidConfigurationException;
import io.orderhub.inventory.Locations;
import io.orderhub.inventory.StockRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives the sandbox demo stock (orderhub.inventory.sandbox-stock-file, CSV with the header
 * {@code locationId,sku,onHand,safetyStock}; lines starting with # are comments), so that the
 * default run sources the examples. Idempotent: only (location, SKU) rows the database lacks are
 * added, so stock that was changed, reserved or shipped survives a restart. Never runs outside
 * the sandbox profile: production stock comes from the ERP and the admin API.
 */
@Component
@Profile("sandbox")
public class SandboxStockLoader {

    private static final Logger log = LoggerFactory.getLogger(SandboxStockLoader.class);

    private final InventoryProperties properties;
    private final Locations locations;
    private final StockRepository stock;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public SandboxStockLoader(InventoryProperties properties, Locations locations, StockRepository stock,
                              TransactionTemplate transaction, Clock clock) {
        this.properties = properties;
        this.locations = locations;
        this.stock = stock;
        this.transaction = transaction;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void load() {
        Path file = properties.sandboxStockFile();
        if (!Files.isRegularFile(file)) {
            log.warn("SANDBOX: no demo stock file at {}; the sandbox starts without stock", file.toAbsolutePath());
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int added = 0;
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                if (!line.equals("locationId,sku,onHand,safetyStock")) {
                    throw new InvalidConfigurationException(file, "the header must be locationId,sku,onHand,safetyStock");
                }
                header = false;
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 4 || locations.find(fields[0].trim()).isEmpty()) {
                throw new InvalidConfigurationException(file, "line " + (i + 1) + " is not locationId,sku,onHand,safetyStock"
                        + " of a configured location: " + line);
            }
            String locationId = fields[0].trim();
            String sku = fields[1].trim();
            int onHand;
            int safetyStock;
            try {
                onHand = Integer.parseInt(fields[2].trim());
                safetyStock = Integer.parseInt(fields[3].trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException(file, "line " + (i + 1) + ": onHand and safetyStock must be whole numbers");
            }
            Boolean created = transaction.execute(tx -> {
                if (stock.find(locationId, sku).isPresent()) {
                    return false;
                }
                var now = clock.instant();
                stock.ensureRow(locationId, sku, now);
                return stock.set(locationId, sku, onHand, safetyStock, now);
            });
            if (Boolean.TRUE.equals(created)) {
                added++;
            }
        }
        log.info("SANDBOX: demo stock from {}: {} row(s) added", file, added);
    }
}
