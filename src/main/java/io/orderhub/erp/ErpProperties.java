package io.orderhub.erp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ERP exchange ({@code orderhub.erp.*}): which order status exports an order, and one entry
 * per ERP under {@code connections.<name>}. Bound when Camel starts (see {@link ErpConnections}),
 * so a connection may name the sandbox FTP server's port, known only once it listens.
 *
 * @param exportStage the status whose entry exports an order to every connection (default RELEASED)
 * @param connections the ERPs, by name (letters, digits and dashes: it names queues and routes)
 */
public record ErpProperties(@DefaultValue("RELEASED") String exportStage, Map<String, Connection> connections) {

    public ErpProperties {
        connections = connections == null ? Map.of() : Map.copyOf(connections);
    }

    /**
     * One ERP reached over FTP.
     *
     * @param host                  FTP host
     * @param port                  FTP port
     * @param username              login
     * @param password              password (never logged; masked in endpoint URIs)
     * @param passiveMode           passive FTP (behind NAT and in containers: true)
     * @param inbox                 the ERP's folder for the hub's order files
     * @param outbox                the ERP's folder of files for the hub
     * @param orderMapping          mapping file (under mappings/) that renders the order file: CSV or fixed width
     * @param importMappings        mapping files of the inbound kinds; a file takes the first whose pattern its name matches
     * @param delimiter             CSV field delimiter
     * @param quote                 CSV quote character
     * @param encoding              character set of every file, both ways
     * @param badLines              what a bad line in an inbound file does: reject-file or import-valid-lines
     * @param pollDelay             between two polls of the outbox
     * @param readLockMinAge        0 (default): an inbound file is taken once unchanged in size and time between two
     *                              checks; above 0 only its age counts, and FTP listings give times to the minute
     * @param readLockCheckInterval the time between those two checks
     * @param connectTimeout        FTP connect timeout
     * @param soTimeout             FTP socket (read) timeout
     * @param chunkLines            lines applied per database transaction while streaming an inbound file
     * @param batchSize             orders per order file: 1 (default) writes one file per order; above 1 orders are
     *                              collected and written together once this many are waiting or batchInterval has passed
     * @param batchInterval         how long the first order of a batch waits at most for the batch to fill
     * @param doneFileName          if set, an empty marker file written next to each order file once it is complete, for
     *                              ERPs that wait for one; Camel's file language, e.g. {@code $simple{file:name}.done}
     */
    public record Connection(
            String host,
            @DefaultValue("21") int port,
            String username,
            String password,
            @DefaultValue("true") boolean passiveMode,
            @DefaultValue("inbox") String inbox,
            @DefaultValue("outbox") String outbox,
            @DefaultValue("erp/order-csv.yaml") String orderMapping,
            @DefaultValue({"erp/stock-delta.yaml", "erp/stock-snapshot.yaml", "erp/shipments.yaml", "erp/invoices.yaml"})
            List<String> importMappings,
            @DefaultValue(";") String delimiter,
            @DefaultValue("\"") String quote,
            @DefaultValue("UTF-8") String encoding,
            @DefaultValue("reject-file") String badLines,
            @DefaultValue("10s") Duration pollDelay,
            @DefaultValue("0s") Duration readLockMinAge,
            @DefaultValue("1s") Duration readLockCheckInterval,
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("30s") Duration soTimeout,
            @DefaultValue("500") int chunkLines,
            @DefaultValue("1") int batchSize,
            @DefaultValue("30s") Duration batchInterval,
            String doneFileName) {

        public boolean batched() {
            return batchSize > 1;
        }
    }
}
