package io.orderhub.erp;

import io.orderhub.fulfilment.FulfilmentOrder;
import io.orderhub.fulfilment.FulfilmentOrders;
import io.orderhub.order.Money;
import io.orderhub.order.Order;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.springframework.stereotype.Component;

/**
 * Renders an order as the file an ERP reads, by the connection's mapping file: an order record,
 * then a record per fulfilment line (the location that ships it), as CSV (Apache Commons CSV,
 * the connection's delimiter, quote and encoding) or fixed width. Text is neutralised for
 * spreadsheets ({@link SpreadsheetSafe}). A batch file holds several orders, each so.
 */
@Component("erpOrderFiles")
public class ErpOrderFiles {

    private static final String RECORD_SEPARATOR = "\r\n";

    private final OrderRepository orders;
    private final FulfilmentOrders fulfilments;
    private final ErpMappings mappings;
    private final ErpConnections connections;

    public ErpOrderFiles(OrderRepository orders, FulfilmentOrders fulfilments, ErpMappings mappings, ErpConnections connections) {
        this.orders = orders;
        this.fulfilments = fulfilments;
        this.mappings = mappings;
        this.connections = connections;
    }

    public String fileName(String orderId, String connectionName) {
        return "order-" + orderId + "." + mappings.orderLayout(connections.connection(connectionName).orderMapping()).extension();
    }

    /** A batch's file name: orders-<batchId>, with the extension of the connection's format. */
    public String batchFileName(String batchId, String connectionName) {
        return "orders-" + batchId + "." + mappings.orderLayout(connections.connection(connectionName).orderMapping()).extension();
    }

    /** The file's bytes in the connection's encoding. */
    public byte[] render(String orderId, String connectionName) {
        return renderAll(List.of(orderId), connectionName);
    }

    /**
     * A batch file's bytes in the connection's encoding: each order as in its own file (its order
     * record, then its line records), one after the other.
     */
    public byte[] renderAll(List<String> orderIds, String connectionName) {
        ErpProperties.Connection connection = connections.connection(connectionName);
        ErpMappings.OrderLayout layout = mappings.orderLayout(connection.orderMapping());
        StringBuilder text = new StringBuilder();
        for (String orderId : orderIds) {
            text.append(text(orderId, connection, layout));
        }
        return text.toString().getBytes(Charset.forName(connection.encoding()));
    }

    private String text(String orderId, ErpProperties.Connection connection, ErpMappings.OrderLayout layout) {
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        List<List<String>> records = new ArrayList<>();
        Map<String, String> orderFields = orderFields(order);
        records.add(values(layout.order(), orderFields));
        for (FulfilmentOrder fulfilment : fulfilments.forOrder(orderId)) {
            if (fulfilment.status() == FulfilmentOrder.Status.CANCELLED) {
                continue;
            }
            for (FulfilmentOrder.Line line : fulfilment.lines()) {
                Map<String, String> fields = new LinkedHashMap<>(orderFields);
                Order.OrderLine ordered = order.line(line.lineNumber());
                Money unitPrice = ordered.unitPrice();
                fields.put("lineNumber", String.valueOf(line.lineNumber()));
                fields.put("fulfilmentOrderId", fulfilment.id());
                fields.put("locationId", fulfilment.locationId());
                fields.put("sku", line.sku());
                fields.put("name", ordered.name());
                fields.put("quantity", String.valueOf(line.quantity()));
                fields.put("unitPrice", unitPrice.toPlainString());
                fields.put("lineTotal", unitPrice.times(line.quantity()).toPlainString());
                fields.put("personalisation", line.personalisation());
                records.add(values(layout.line(), fields));
            }
        }
        return layout.fixedWidth() ? fixedWidth(layout, records) : csv(connection, records);
    }

    private static Map<String, String> orderFields(Order order) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("orderId", order.id());
        fields.put("externalId", order.externalId());
        fields.put("channel", order.channel());
        fields.put("createdAt", order.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        fields.put("currency", order.currency().getCurrencyCode());
        fields.put("customerName", order.customer().name());
        fields.put("customerEmail", order.customer().email());
        fields.put("customerPhone", order.customer().phone());
        Order.Address to = order.shippingAddress();
        fields.put("shipToName", to.name());
        fields.put("shipToCompany", to.company());
        fields.put("shipToLine1", to.line1());
        fields.put("shipToLine2", to.line2());
        fields.put("shipToPostalCode", to.postalCode());
        fields.put("shipToCity", to.city());
        fields.put("shipToRegion", to.region());
        fields.put("shipToCountry", to.country());
        fields.put("deliveryOption", order.deliveryOption());
        Money tax = order.tax() == null ? Money.zero(order.currency()) : order.tax();
        fields.put("subtotal", order.subtotal().toPlainString());
        fields.put("tax", tax.toPlainString());
        fields.put("total", order.subtotal().plus(tax).toPlainString());
        return fields;
    }

    private static List<String> values(List<ErpMappings.Column> columns, Map<String, String> fields) {
        List<String> values = new ArrayList<>();
        for (ErpMappings.Column column : columns) {
            if (column.constant() != null) {
                values.add(column.constant());
            } else {
                if (!fields.containsKey(column.field())) {
                    throw new IllegalStateException("ERP order mapping names unknown field " + column.field()
                            + "; known: " + fields.keySet());
                }
                String value = fields.get(column.field());
                values.add(column.isNumber() ? value : SpreadsheetSafe.neutralise(value));
            }
        }
        return values;
    }

    private static String csv(ErpProperties.Connection connection, List<List<String>> records) {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(connection.delimiter().charAt(0))
                .setQuote(connection.quote().charAt(0))
                .setQuoteMode(QuoteMode.MINIMAL)
                .setRecordSeparator(RECORD_SEPARATOR)
                .get();
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (List<String> record : records) {
                printer.printRecord(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String fixedWidth(ErpMappings.OrderLayout layout, List<List<String>> records) {
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < records.size(); r++) {
            List<ErpMappings.Column> columns = r == 0 ? layout.order() : layout.line();
            List<String> record = records.get(r);
            for (int c = 0; c < columns.size(); c++) {
                out.append(pad(columns.get(c), record.get(c)));
            }
            out.append(RECORD_SEPARATOR);
        }
        return out.toString();
    }

    private static String pad(ErpMappings.Column column, String raw) {
        // a record separator inside a value would break the fixed-width record apart
        String value = raw == null ? "" : raw.replaceAll("[\\r\\n]+", " ");
        int width = column.width();
        if (value.length() > width) {
            if (!column.truncate()) {
                throw new IllegalArgumentException("value of " + (column.field() == null ? "constant" : column.field())
                        + " is " + value.length() + " characters, its fixed-width column holds " + width);
            }
            return value.substring(0, width);
        }
        String padding = (column.pad() == null ? " " : column.pad()).repeat(width - value.length());
        return column.isNumber() ? padding + value : value + padding;
    }
}
