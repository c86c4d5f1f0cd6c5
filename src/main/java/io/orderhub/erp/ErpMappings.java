package io.orderhub.erp;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The ERP mapping files under mappings/ (see mappings/erp/*.yaml): order file layouts and inbound file kinds. */
@Component
public class ErpMappings {

    /** One column of an order file: a canonical field or a constant. */
    public record Column(String field, String constant, String type, Integer width, String pad, boolean truncate) {
        public boolean isNumber() {
            return "number".equals(type);
        }
    }

    /** How an order file is laid out: csv or fixed-width, an order record, then one record per line. */
    public record OrderLayout(String format, String extension, List<Column> order, List<Column> line) {
        public boolean fixedWidth() {
            return "fixed-width".equals(format);
        }
    }

    /** An inbound file kind: which file names it takes and the canonical field of each column. */
    public record ImportLayout(String kind, String files, boolean header, List<String> columns) {
        public boolean matches(String fileName) {
            return FileSystems.getDefault().getPathMatcher("glob:" + files).matches(Path.of(fileName));
        }

        public int column(String field) {
            return columns.indexOf(field);
        }
    }

    public static final List<String> KINDS = List.of("stock-snapshot", "stock-delta", "shipments", "invoices");

    private final Path mappingsDir;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public ErpMappings(@Value("${orderhub.mappings-dir}") Path mappingsDir) {
        this.mappingsDir = mappingsDir;
    }

    public OrderLayout orderLayout(String file) {
        OrderLayout layout = read(file, OrderLayout.class);
        if (!"csv".equals(layout.format()) && !layout.fixedWidth()) {
            throw new IllegalStateException(file + ": format must be csv or fixed-width, not " + layout.format());
        }
        for (Column column : concat(layout.order(), layout.line())) {
            if ((column.field() == null) == (column.constant() == null)) {
                throw new IllegalStateException(file + ": each column has either a field or a constant");
            }
            if (layout.fixedWidth() && (column.width() == null || column.width() < 1)) {
                throw new IllegalStateException(file + ": every fixed-width column needs a width");
            }
        }
        return layout;
    }

    public ImportLayout importLayout(String file) {
        ImportLayout layout = read(file, ImportLayout.class);
        if (!KINDS.contains(layout.kind())) {
            throw new IllegalStateException(file + ": kind must be one of " + KINDS + ", not " + layout.kind());
        }
        return layout;
    }

    /** The first of the connection's import mappings whose file pattern the name matches. */
    public Optional<ImportLayout> importLayoutFor(List<String> mappingFiles, String fileName) {
        return mappingFiles.stream().map(this::importLayout).filter(layout -> layout.matches(fileName)).findFirst();
    }

    private <T> T read(String file, Class<T> type) {
        try {
            return yaml.readValue(mappingsDir.resolve(file).toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable ERP mapping " + mappingsDir.resolve(file) + ": " + e.getMessage(), e);
        }
    }

    private static List<Column> concat(List<Column> a, List<Column> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
