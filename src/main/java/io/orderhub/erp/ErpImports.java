package io.orderhub.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderhub.fulfilment.FulfilmentOrder;
import io.orderhub.fulfilment.FulfilmentOrders;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.inventory.StockLevel;
import io.orderhub.order.Actor;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.Outbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Files from the ERPs (stock levels, shipment confirmations, invoices), by the mapping file whose
 * pattern the file's name matches. The route streams a file in chunks of lines; each chunk is
 * applied in one database transaction together with the file's progress (erp_imports: the last
 * line applied), so a hub that stops in the middle of a file resumes after the last committed
 * line: no line is lost or applied twice. Before anything is applied, a first streaming pass
 * checks every line; a bad line is reported with its number, and the connection's policy
 * decides: reject-file (nothing applied, the file goes to .error with the reason) or
 * import-valid-lines (the others are applied, the bad ones reported).
 */
@Component("erpImports")
public class ErpImports {

    private static final Logger log = LoggerFactory.getLogger(ErpImports.class);

    /** Exchange properties the import route and this class share. */
    public static final String CONNECTION = "erpConnection";
    public static final String FILE_KEY = "erpFileKey";
    public static final String MAPPING = "erpMapping";
    public static final String REPORT = "erpReport";

    private static final int PROBLEMS_LISTED = 50;
    private static final int PROGRESS_EVERY_LINES = 10_000;
    private static final Set<String> DOCUMENT_TYPES = Set.of("INVOICE", "ACKNOWLEDGEMENT");

    /** A line that cannot be imported, and why. */
    static class LineProblem extends Exception {
        LineProblem(String message) {
            super(message);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ErpConnections connections;
    private final ErpMappings mappings;
    private final StockAdmin stock;
    private final FulfilmentOrders fulfilments;
    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final Outbox outbox;
    private final MeterRegistry meters;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ErpImports(JdbcTemplate jdbc, TransactionTemplate transaction, ErpConnections connections, ErpMappings mappings,
                      StockAdmin stock, FulfilmentOrders fulfilments, OrderRepository orders, OrderLifecycle lifecycle,
                      Outbox outbox, MeterRegistry meters, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.connections = connections;
        this.mappings = mappings;
        this.stock = stock;
        this.fulfilments = fulfilments;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.meters = meters;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Identifies the downloaded file: its key is the SHA-256 of name, size and content checksum,
     * the message id of the JDBC idempotent repository. Also sets the charset the splitter reads with.
     */
    public String fileKey(Exchange exchange, String connectionName) throws IOException {
        Path local = localFile(exchange);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        long size = Files.size(local);
        String checksum = sha256(local);
        exchange.setProperty(CONNECTION, connectionName);
        exchange.setProperty("erpChecksum", checksum);
        exchange.setProperty("erpFileSize", size);
        exchange.setProperty(Exchange.CHARSET_NAME, connections.connection(connectionName).encoding());
        return hex(digest().digest((connectionName + "\n" + name + "\n" + size + "\n" + checksum)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Checks every line before anything is applied, then starts (or resumes) the file's record.
     * Throws {@link ErpFileRejectedException} for a file no mapping takes, or with bad lines under reject-file.
     */
    public void begin(Exchange exchange) throws IOException {
        String connectionName = exchange.getProperty(CONNECTION, String.class);
        String key = exchange.getProperty(FILE_KEY, String.class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        ErpProperties.Connection connection = connections.connection(connectionName);
        ErpMappings.ImportLayout layout = mappings.importLayoutFor(connection.importMappings(), name)
                .orElseThrow(() -> new ErpFileRejectedException("no mapping takes a file named " + name + "; the file names "
                        + connection.importMappings().stream().map(file -> mappings.importLayout(file).files()).toList()
                        + " are imported"));
        exchange.setProperty(MAPPING, layout);
        Map<String, Object> known = progress(key, connectionName);
        if (known != null && "DONE".equals(known.get("status"))) {
            log.info("ERP {} file {} was imported before (key {}): nothing to do", connectionName, name, key);
            return;
        }
        List<String> problems = new ArrayList<>();
        int bad = 0;
        int lines = 0;
        CSVFormat format = format(connection);
        try (BufferedReader reader = Files.newBufferedReader(localFile(exchange), Charset.forName(connection.encoding()))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                if (skipped(layout, lines, line)) {
                    continue;
                }
                try {
                    check(layout, parse(format, layout, line));
                } catch (LineProblem problem) {
                    bad++;
                    if (problems.size() < PROBLEMS_LISTED) {
                        problems.add("line " + lines + ": " + problem.getMessage());
                    }
                }
            }
        }
        String listed = bad == 0 ? null : String.join("\n", problems) + (bad > problems.size() ? "\n... and " + (bad - problems.size()) + " more" : "");
        if (bad > 0) {
            log.warn("ERP {} file {}: {} bad line(s) of {}:\n{}", connectionName, name, bad, lines, listed);
            if ("reject-file".equals(connection.badLines())) {
                throw new ErpFileRejectedException(bad + " bad line(s) of " + lines + " (policy reject-file: nothing was imported)\n" + listed);
            }
        }
        if (known == null) {
            try {
                start(exchange, key, connectionName, name, layout, listed);
            } catch (org.springframework.dao.DuplicateKeyException anotherInstance) {
                // another hub instance took the same file at the same moment: the progress row serialises the chunks
                log.info("ERP {} file {}: another instance started it as well; each chunk is applied once", connectionName, name);
            }
            log.info("ERP {} file {}: importing {} line(s) as {}", connectionName, name, lines, layout.kind());
        } else {
            log.info("ERP {} file {}: resuming after line {}", connectionName, name, known.get("last_line_applied"));
        }
    }

    private void start(Exchange exchange, String key, String connectionName, String name, ErpMappings.ImportLayout layout, String listed) {
        jdbc.update("""
                insert into erp_imports (file_key, connection_name, file_name, file_size, checksum, kind, status,
                    last_line_applied, lines_applied, lines_rejected, problems, started_at)
                values (?, ?, ?, ?, ?, ?, 'IMPORTING', 0, 0, 0, ?, ?)""",
                key, connectionName, name, exchange.getProperty("erpFileSize", Long.class), exchange.getProperty("erpChecksum", String.class),
                layout.kind(), truncate(listed), OrderRepository.utc(clock.instant()));
    }

    /**
     * Applies one chunk of lines (the splitter's group; its index gives the line numbers) and the
     * file's progress in one transaction. Lines up to the recorded last line are skipped: they were
     * applied before a restart.
     */
    public void applyChunk(Exchange exchange, String chunk, int chunkIndex, int chunkLines) {
        String connectionName = exchange.getProperty(CONNECTION, String.class);
        String key = exchange.getProperty(FILE_KEY, String.class);
        ErpMappings.ImportLayout layout = exchange.getProperty(MAPPING, ErpMappings.ImportLayout.class);
        ErpProperties.Connection connection = connections.connection(connectionName);
        CSVFormat format = format(connection);
        String fileName = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        int first = chunkIndex * chunkLines + 1;
        int[] counts = transaction.execute(tx -> {
            Map<String, Object> row = jdbc.queryForMap(
                    "select last_line_applied, status from erp_imports where file_key = ? and connection_name = ? for update",
                    key, connectionName);
            int last = ((Number) row.get("last_line_applied")).intValue();
            int applied = 0;
            int rejected = 0;
            int lineNumber = first - 1;
            List<StockAdmin.Adjustment> adjustments = new ArrayList<>();
            for (String line : chunk.split("\n", -1)) {
                lineNumber++;
                if (lineNumber <= last || skipped(layout, lineNumber, line)) {
                    continue;
                }
                try {
                    List<String> values = parse(format, layout, line);
                    check(layout, values);
                    apply(connectionName, layout, values, adjustments);
                    applied++;
                } catch (LineProblem problem) {
                    if ("reject-file".equals(connection.badLines())) {
                        // checked before, so the data changed since (e.g. an order cancelled): stop here, keep what is applied
                        throw new ErpFileRejectedException("line " + lineNumber + ": " + problem.getMessage());
                    }
                    rejected++;
                }
            }
            if (!adjustments.isEmpty()) {
                stock.adjust(adjustments);
            }
            if (lineNumber > last) {
                jdbc.update("""
                        update erp_imports set last_line_applied = ?, lines_applied = lines_applied + ?,
                            lines_rejected = lines_rejected + ? where file_key = ? and connection_name = ?""",
                        lineNumber, applied, rejected, key, connectionName);
            }
            return new int[] {applied, rejected, lineNumber};
        });
        count(connectionName, layout.kind(), "applied", counts[0]);
        count(connectionName, layout.kind(), "rejected", counts[1]);
        if (counts[2] / PROGRESS_EVERY_LINES != (first - 1) / PROGRESS_EVERY_LINES) {
            log.info("ERP {} file {}: {} line(s) read", connectionName, fileName, counts[2]);
        }
    }

    /**
     * Marks the file imported; returns a report of the bad lines when some were left out, else null
     * (also when the file was marked imported already, by another instance that took it too).
     */
    public String finish(Exchange exchange) {
        String connectionName = exchange.getProperty(CONNECTION, String.class);
        String key = exchange.getProperty(FILE_KEY, String.class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        int marked = jdbc.update("update erp_imports set status = 'DONE', finished_at = ? where file_key = ? and connection_name = ? and status <> 'DONE'",
                OrderRepository.utc(clock.instant()), key, connectionName);
        Map<String, Object> row = progress(key, connectionName);
        log.info("ERP {} file {} imported: {} line(s) applied, {} rejected", connectionName, name,
                row.get("lines_applied"), row.get("lines_rejected"));
        int rejected = ((Number) row.get("lines_rejected")).intValue();
        if (marked == 0) {
            // another instance that took the file as well marked it done first: it writes the report (two
            // uploads of the same report at once would collide in their renames and fail this import)
            log.info("ERP {} file {}: finished by another instance as well; it writes the report", connectionName, name);
            return null;
        }
        return rejected == 0 ? null : "File " + name + " imported on " + clock.instant() + ": " + row.get("lines_applied")
                + " line(s) applied, " + rejected + " bad line(s) left out (policy import-valid-lines):\n" + row.get("problems") + "\n";
    }

    /** The reason file's text for a file that goes to .error; the file's record (if any) says FAILED. */
    public String failed(Exchange exchange) {
        Exception cause = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String connectionName = exchange.getProperty(CONNECTION, String.class);
        String key = exchange.getProperty(FILE_KEY, String.class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String reason = cause == null ? "unknown failure" : cause.getMessage();
        if (key != null) {
            jdbc.update("update erp_imports set status = 'FAILED', problems = ? where file_key = ? and connection_name = ? and status <> 'DONE'",
                    truncate(reason), key, connectionName);
        }
        log.warn("ERP {} file {} moved to .error: {}", connectionName, name, reason);
        return "File " + name + " was not imported (" + clock.instant() + ").\nReason: " + reason + "\n";
    }

    /** Fails the exchange again with what the route caught, after the reason file was written. */
    public void rethrow(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        throw caught != null ? caught : new IllegalStateException("ERP import failed without a cause");
    }

    /** The file's import record, or null. */
    public Map<String, Object> progress(String key, String connectionName) {
        List<Map<String, Object>> rows = jdbc.queryForList("select * from erp_imports where file_key = ? and connection_name = ?", key, connectionName);
        return rows.isEmpty() ? null : lowerCaseKeys(rows.get(0));
    }

    private void apply(String connectionName, ErpMappings.ImportLayout layout, List<String> values,
                       List<StockAdmin.Adjustment> adjustments) throws LineProblem {
        switch (layout.kind()) {
            case "stock-snapshot" -> adjustments.add(new StockAdmin.Adjustment(value(layout, values, "locationId"),
                    value(layout, values, "sku"), null, Integer.parseInt(value(layout, values, "quantity"))));
            case "stock-delta" -> adjustments.add(new StockAdmin.Adjustment(value(layout, values, "locationId"),
                    value(layout, values, "sku"), Integer.parseInt(value(layout, values, "quantity")), null));
            case "shipments" -> {
                String orderId = value(layout, values, "orderId");
                ObjectNode event = mapper.createObjectNode()
                        .put("fulfilmentOrderId", value(layout, values, "fulfilmentOrderId"))
                        .put("orderId", orderId)
                        .put("shipmentId", value(layout, values, "shipmentId"))
                        .put("carrier", value(layout, values, "carrier"))
                        .put("trackingNumber", value(layout, values, "trackingNumber"));
                String shippedAt = value(layout, values, "shippedAt");
                if (!shippedAt.isBlank()) {
                    event.put("shippedAt", shippedAt);
                }
                ArrayNode lines = event.putArray("lines");
                shipmentLines(value(layout, values, "lines")).forEach((line, quantity) ->
                        lines.addObject().put("lineNumber", line).put("quantity", quantity));
                // to the shipping stage through the outbox: sent only if this chunk commits
                outbox.send("erp.shipments", orderId, event.toString(), clock.instant());
            }
            case "invoices" -> {
                String type = value(layout, values, "documentType").toUpperCase(java.util.Locale.ROOT);
                String number = value(layout, values, "documentNumber");
                Integer known = jdbc.queryForObject("""
                        select count(*) from erp_documents where connection_name = ? and document_type = ? and document_number = ?""",
                        Integer.class, connectionName, type, number);
                if (known != null && known > 0) {
                    return;
                }
                String orderId = value(layout, values, "orderId");
                String amount = value(layout, values, "amount");
                String currency = value(layout, values, "currency");
                String issuedAt = value(layout, values, "issuedAt");
                jdbc.update("""
                        insert into erp_documents (connection_name, document_type, document_number, order_id, amount, currency, issued_at, received_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""",
                        connectionName, type, number, orderId, amount.isBlank() ? null : new BigDecimal(amount),
                        currency.isBlank() ? null : currency, issuedAt.isBlank() ? null : OrderRepository.utc(Instant.parse(issuedAt)),
                        OrderRepository.utc(clock.instant()));
                lifecycle.note(orderId, new Actor(Actor.Kind.PARTNER, "erp:" + connectionName),
                        type.toLowerCase(java.util.Locale.ROOT) + " " + number
                                + (amount.isBlank() ? "" : " for " + amount + " " + currency)
                                + (issuedAt.isBlank() ? "" : ", issued " + issuedAt));
            }
            default -> throw new IllegalStateException("unknown ERP file kind " + layout.kind());
        }
    }

    /** Everything that makes a line unusable, found without changing anything. */
    private void check(ErpMappings.ImportLayout layout, List<String> values) throws LineProblem {
        switch (layout.kind()) {
            case "stock-snapshot", "stock-delta" -> {
                String location = required(layout, values, "locationId");
                String sku = required(layout, values, "sku");
                int quantity = whole(layout, values, "quantity");
                if (stock.locationIsUnknown(location)) {
                    throw new LineProblem("unknown location " + location);
                }
                StockLevel current = stock.get(location, sku);
                long onHand = layout.kind().equals("stock-snapshot") ? quantity : (long) current.onHand() + quantity;
                if (onHand < current.reserved()) {
                    throw new LineProblem("would leave " + onHand + " unit(s) of " + sku + " at " + location + ", fewer than the "
                            + current.reserved() + " reserved for orders");
                }
                if (onHand > StockAdmin.MAX_UNITS) {
                    throw new LineProblem("would leave " + onHand + " unit(s) on hand; at most " + StockAdmin.MAX_UNITS);
                }
            }
            case "shipments" -> {
                String orderId = required(layout, values, "orderId");
                String fulfilmentId = required(layout, values, "fulfilmentOrderId");
                required(layout, values, "shipmentId");
                FulfilmentOrder fulfilment = fulfilments.find(fulfilmentId)
                        .orElseThrow(() -> new LineProblem("unknown fulfilment order " + fulfilmentId));
                if (!fulfilment.orderId().equals(orderId)) {
                    throw new LineProblem("fulfilment order " + fulfilmentId + " belongs to order " + fulfilment.orderId() + ", not " + orderId);
                }
                Map<Integer, Integer> lines = shipmentLines(required(layout, values, "lines"));
                for (int line : lines.keySet()) {
                    if (fulfilment.lines().stream().noneMatch(each -> each.lineNumber() == line)) {
                        throw new LineProblem("fulfilment order " + fulfilmentId + " has no line " + line);
                    }
                }
                instant(layout, values, "shippedAt");
            }
            case "invoices" -> {
                String orderId = required(layout, values, "orderId");
                if (orders.findStatus(orderId).isEmpty()) {
                    throw new LineProblem("unknown order " + orderId);
                }
                String type = required(layout, values, "documentType").toUpperCase(java.util.Locale.ROOT);
                if (!DOCUMENT_TYPES.contains(type)) {
                    throw new LineProblem("documentType must be one of " + DOCUMENT_TYPES + ", not " + type);
                }
                required(layout, values, "documentNumber");
                instant(layout, values, "issuedAt");
                String amount = value(layout, values, "amount");
                if (!amount.isBlank()) {
                    try {
                        new BigDecimal(amount);
                    } catch (NumberFormatException e) {
                        throw new LineProblem("amount '" + amount + "' is not a decimal number");
                    }
                    if (!value(layout, values, "currency").matches("[A-Z]{3}")) {
                        throw new LineProblem("currency '" + value(layout, values, "currency") + "' is not an ISO 4217 code");
                    }
                }
            }
            default -> throw new IllegalStateException("unknown ERP file kind " + layout.kind());
        }
    }

    private static List<String> parse(CSVFormat format, ErpMappings.ImportLayout layout, String line) throws LineProblem {
        try (CSVParser parser = CSVParser.parse(new StringReader(line), format)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new LineProblem("not one record");
            }
            List<String> values = records.get(0).toList();
            if (values.size() != layout.columns().size()) {
                throw new LineProblem(values.size() + " column(s), expected " + layout.columns().size() + " " + layout.columns());
            }
            return values.stream().map(String::trim).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new LineProblem("unreadable: " + e.getMessage());
        }
    }

    private static boolean skipped(ErpMappings.ImportLayout layout, int lineNumber, String line) {
        return (layout.header() && lineNumber == 1) || line.isBlank();
    }

    private static String value(ErpMappings.ImportLayout layout, List<String> values, String field) {
        int column = layout.column(field);
        return column < 0 ? "" : values.get(column);
    }

    private static String required(ErpMappings.ImportLayout layout, List<String> values, String field) throws LineProblem {
        if (layout.column(field) < 0) {
            throw new IllegalStateException("ERP mapping for " + layout.kind() + " has no column " + field);
        }
        String value = value(layout, values, field);
        if (value.isBlank()) {
            throw new LineProblem(field + " is empty");
        }
        return value;
    }

    private static int whole(ErpMappings.ImportLayout layout, List<String> values, String field) throws LineProblem {
        String value = required(layout, values, field);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new LineProblem(field + " '" + value + "' is not a whole number");
        }
    }

    private static void instant(ErpMappings.ImportLayout layout, List<String> values, String field) throws LineProblem {
        String value = value(layout, values, field);
        if (!value.isBlank()) {
            try {
                Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new LineProblem(field + " '" + value + "' is not a UTC time like 2026-11-27T10:15:00Z");
            }
        }
    }

    /** "1:2|3:1" -> {1=2, 3=1}. */
    private static Map<Integer, Integer> shipmentLines(String text) throws LineProblem {
        Map<Integer, Integer> lines = new java.util.LinkedHashMap<>();
        for (String pair : text.split("\\|")) {
            String[] parts = pair.trim().split(":");
            int line;
            int quantity;
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                line = Integer.parseInt(parts[0].trim());
                quantity = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new LineProblem("lines '" + text + "' is not lineNumber:quantity pairs joined by |");
            }
            if (quantity <= 0 || lines.put(line, quantity) != null) {
                throw new LineProblem("lines '" + text + "': positive quantities, each line once");
            }
        }
        return lines;
    }

    private void count(String connection, String kind, String outcome, int amount) {
        if (amount > 0) {
            Counter.builder("orderhub.erp.import.lines").description("lines of ERP files applied or rejected")
                    .tag("connection", connection).tag("kind", kind).tag("outcome", outcome)
                    .register(meters).increment(amount);
        }
    }

    private static CSVFormat format(ErpProperties.Connection connection) {
        return CSVFormat.DEFAULT.builder().setDelimiter(connection.delimiter().charAt(0))
                .setQuote(connection.quote().charAt(0)).get();
    }

    private static Path localFile(Exchange exchange) {
        String path = exchange.getIn().getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class);
        if (path == null) {
            throw new IllegalStateException("the ERP file was not downloaded to a local work directory");
        }
        return Path.of(path);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return hex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3990) + "\n...";
    }

    private static Map<String, Object> lowerCaseKeys(Map<String, Object> row) {
        Map<String, Object> lower = new java.util.LinkedHashMap<>();
        row.forEach((column, value) -> lower.put(column.toLowerCase(java.util.Locale.ROOT), value));
        return lower;
    }
}
