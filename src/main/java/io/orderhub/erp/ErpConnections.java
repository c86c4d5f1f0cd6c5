package io.orderhub.erp;

import io.orderhub.order.OrderStatus;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The configured ERPs ({@code orderhub.erp.connections.<name>}). For each one, Camel makes the
 * routes {@code erp-export-<name>} (queue {@code erp.export.<name>}) and {@code erp-import-<name>}
 * from the route templates of routes/86-erp-export and routes/87-erp-import while it starts
 * (this bean is their {@link RouteTemplateParameterSource}); the parameters are the connection's
 * settings, so adding an ERP is configuration only. A connection that batches orders
 * ({@code batch-size} above 1) gets {@code erp-export-<name>} from the template erp-export-batch
 * instead, which hands each order to the shared aggregator (route erp-batches), and
 * {@code erp-batch-<name>} (template erp-export-batch-upload, queue {@code erp.batch.<name>})
 * that writes each completed batch.
 */
@Component("erpConnections")
public class ErpConnections implements RouteTemplateParameterSource {

    private static final Logger log = LoggerFactory.getLogger(ErpConnections.class);
    private static final Set<String> BAD_LINE_POLICIES = Set.of("reject-file", "import-valid-lines");

    private final Environment environment;
    private final ErpMappings mappings;
    private final Path dataDir;
    private volatile ErpProperties properties;

    public ErpConnections(Environment environment, ErpMappings mappings, @Value("${orderhub.data-dir}") Path dataDir) {
        this.environment = environment;
        this.mappings = mappings;
        this.dataDir = dataDir;
    }

    /** Bound on first use: the sandbox FTP server has published its port by then. */
    public ErpProperties settings() {
        ErpProperties bound = properties;
        if (bound == null) {
            bound = Binder.get(environment).bind("orderhub.erp", ErpProperties.class)
                    .orElseGet(() -> new ErpProperties("RELEASED", Map.of()));
            validate(bound);
            properties = bound;
        }
        return bound;
    }

    public OrderStatus exportStage() {
        return OrderStatus.valueOf(settings().exportStage().trim().toUpperCase(java.util.Locale.ROOT));
    }

    public Set<String> names() {
        return settings().connections().keySet();
    }

    public ErpProperties.Connection connection(String name) {
        ErpProperties.Connection connection = settings().connections().get(name);
        if (connection == null) {
            throw new IllegalArgumentException("no ERP connection " + name);
        }
        return connection;
    }

    public static String exportQueue(String name) {
        return "erp.export." + name;
    }

    @Override
    public Set<String> routeIds() {
        Set<String> routeIds = new java.util.LinkedHashSet<>();
        settings().connections().forEach((name, connection) -> {
            routeIds.add("erp-export-" + name);
            routeIds.add("erp-import-" + name);
            if (connection.batched()) {
                routeIds.add("erp-batch-" + name);
            }
            log.info("ERP connection {}: ftp://{}@{}:{} (passive {}), order files ({}) to {}{}{}, files from {} (bad lines: {})",
                    name, connection.username(), connection.host(), connection.port(), connection.passiveMode(),
                    connection.orderMapping(), connection.inbox(),
                    connection.batched() ? " in batches of up to " + connection.batchSize() + " orders or " + connection.batchInterval() : "",
                    doneFileName(connection) == null ? "" : " with done-files " + connection.doneFileName(),
                    connection.outbox(), connection.badLines());
        });
        return routeIds;
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        boolean export = routeId.startsWith("erp-export-");
        boolean batch = routeId.startsWith("erp-batch-");
        String name = routeId.substring(export ? "erp-export-".length() : batch ? "erp-batch-".length() : "erp-import-".length());
        ErpProperties.Connection connection = connection(name);
        Map<String, Object> parameters = ftpParameters(name, connection);
        if (export && connection.batched()) {
            parameters.put(TEMPLATE_ID, "erp-export-batch");
            parameters.put("batchSize", connection.batchSize());
            parameters.put("batchIntervalMillis", connection.batchInterval().toMillis());
        } else if (export || batch) {
            parameters.put(TEMPLATE_ID, batch ? "erp-export-batch-upload" : "erp-export");
            parameters.put("directory", connection.inbox());
            String doneFileName = doneFileName(connection);
            if (doneFileName != null) {
                // left out otherwise: the sink's optional doneFileName then writes no marker
                parameters.put("doneFileName", doneFileName);
            }
        } else {
            parameters.put(TEMPLATE_ID, "erp-import");
            parameters.put("directory", connection.outbox());
            parameters.put("workDirectory", dataDir.resolve("erp-work").resolve(name).toAbsolutePath().toString());
            parameters.put("pollDelayMillis", connection.pollDelay().toMillis());
            parameters.put("readLockMinAgeMillis", connection.readLockMinAge().toMillis());
            parameters.put("readLockCheckIntervalMillis", connection.readLockCheckInterval().toMillis());
            parameters.put("chunkLines", connection.chunkLines());
        }
        return parameters;
    }

    private static Map<String, Object> ftpParameters(String name, ErpProperties.Connection connection) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("name", name);
        parameters.put("host", connection.host());
        parameters.put("port", connection.port());
        parameters.put("username", connection.username());
        parameters.put("password", connection.password());
        parameters.put("passiveMode", connection.passiveMode());
        parameters.put("connectTimeoutMillis", connection.connectTimeout().toMillis());
        parameters.put("soTimeoutMillis", connection.soTimeout().toMillis());
        parameters.put("outbox", connection.outbox());
        return parameters;
    }

    private static String doneFileName(ErpProperties.Connection connection) {
        return connection.doneFileName() == null || connection.doneFileName().isBlank() ? null : connection.doneFileName().trim();
    }

    private void validate(ErpProperties bound) {
        OrderStatus.valueOf(bound.exportStage().trim().toUpperCase(java.util.Locale.ROOT));
        bound.connections().forEach((name, connection) -> {
            String where = "orderhub.erp.connections." + name;
            require(name.matches("[a-z0-9][a-z0-9-]*"), where + ": a connection name is lower-case letters, digits and dashes");
            require(connection.host() != null && !connection.host().isBlank(), where + ".host is required");
            require(connection.username() != null && connection.password() != null, where + ".username and .password are required");
            require(BAD_LINE_POLICIES.contains(connection.badLines()), where + ".bad-lines must be one of " + BAD_LINE_POLICIES);
            require(connection.delimiter().length() == 1 && connection.quote().length() == 1,
                    where + ".delimiter and .quote are one character each");
            require(Charset.isSupported(connection.encoding()), where + ".encoding " + connection.encoding() + " is not supported");
            require(connection.chunkLines() > 0, where + ".chunk-lines must be positive");
            require(connection.batchSize() >= 1, where + ".batch-size must be 1 (one file per order) or more");
            require(connection.batchInterval() != null && !connection.batchInterval().isNegative()
                    && connection.batchInterval().toMillis() >= 1, where + ".batch-interval must be positive");
            String doneFileName = doneFileName(connection);
            require(doneFileName == null || doneFileName.matches("[^/\\\\]+"), where + ".done-file-name is a file name, not a path");
            mappings.orderLayout(connection.orderMapping());
            List<String> kinds = connection.importMappings().stream().map(file -> mappings.importLayout(file).kind()).toList();
            require(!kinds.isEmpty(), where + ".import-mappings is empty");
        });
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("invalid ERP configuration: " + message);
        }
    }
}
