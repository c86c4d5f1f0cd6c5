package io.orderhub.erp;

import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderhub.sandbox.SandboxFtpServer;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.PredicateBuilder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Orders out in batches (routes/86-erp-export, erp-export-batch): the test context's ERP
 * "batched" takes batches of 3 orders, or what has come 4 seconds after a batch's first order.
 *
 * <p>Every order of the suite goes to that ERP too, so each test first lets its own orders go
 * through once, then stops the hand-off (no other order's export request can arrive while it
 * runs), waits until nothing is on its way to the ERP, and takes its orders' export records
 * away, as if the ERP had not had them yet; then it sends the export requests itself.
 */
@HubTest
class ErpBatchExportTest {

    private static final String CONNECTION = "batched";

    @LocalServerPort
    int port;

    @Autowired
    SandboxFtpServer ftp;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    BrokerService broker;

    HubClient hub;
    /** The files in the ERP's inbox before the test sent its requests: its orders went through once, in some of them. */
    Set<String> earlierFiles = Set.of();

    @BeforeEach
    void setUp() throws Exception {
        hub = new HubClient(port);
        ftp.start();
    }

    @AfterEach
    void handOffAgain() throws Exception {
        camel.getRouteController().startRoute("hand-off");
    }

    @Test
    void threeOrdersMakeOneFileWithThreeOrders() throws Exception {
        List<String> ids = ordersNotYetExported(3);
        NotifyBuilder bySize = new NotifyBuilder(camel).fromRoute("erp-batch-" + CONNECTION)
                .whenAnyReceivedMatches(PredicateBuilder.and(
                        org.apache.camel.builder.Builder.body().convertToString().contains("\"completedBy\":\"size\""),
                        org.apache.camel.builder.Builder.body().convertToString().contains(ids.get(0))))
                .create();

        ids.forEach(this::requestExport);

        Map<String, List<String>> files = awaitExported(ids);
        assertThat(files).hasSize(1);
        String file = files.keySet().iterator().next();
        assertThat(file).matches("orders-\\d{8}T\\d{9}Z-[0-9a-f]{8}\\.csv");
        // the batch closed because it was full, not because its time was up
        assertThat(bySize.matches(10, TimeUnit.SECONDS)).isTrue();
        // each order as in its own file: its order record, then its line records
        List<CSVRecord> records = records(file);
        assertThat(records).extracting(record -> record.get(0)).containsExactly("H", "L", "L", "L", "H", "L", "L", "L", "H", "L", "L", "L");
        assertThat(records).filteredOn(record -> record.get(0).equals("H")).extracting(record -> record.get(1))
                .containsExactlyElementsOf(ids);
        for (CSVRecord record : records) {
            assertThat(record.get(1)).isIn(ids);
        }
        assertThat(jdbc.queryForList("select file_name from erp_exports where connection_name = ? and order_id in (?, ?, ?)",
                String.class, CONNECTION, ids.get(0), ids.get(1), ids.get(2))).containsOnly(file).hasSize(3);
        try (Stream<Path> inbox = Files.list(inbox())) {
            assertThat(inbox.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".part-"));
        }
    }

    @Test
    void aBatchThatDoesNotFillWaitsInTheDatabaseThroughARestartAndIsWrittenWhenItsTimeIsUp() throws Exception {
        List<String> ids = ordersNotYetExported(2);
        NotifyBuilder byTimeout = new NotifyBuilder(camel).fromRoute("erp-batch-" + CONNECTION)
                .whenAnyReceivedMatches(PredicateBuilder.and(
                        org.apache.camel.builder.Builder.body().convertToString().contains("\"completedBy\":\"timeout\""),
                        org.apache.camel.builder.Builder.body().convertToString().contains(ids.get(0))))
                .create();

        // the aggregator stops (as when the hub stops) with the batch open: it stays in the aggregator's table,
        // and the aggregator started again restores its time-out from there
        NotifyBuilder added = new NotifyBuilder(camel).fromRoute("erp-export-" + CONNECTION).whenCompleted(2).create();
        ids.forEach(this::requestExport);
        assertThat(added.matches(30, TimeUnit.SECONDS)).isTrue();
        try {
            camel.getRouteController().stopRoute("erp-batches");
            assertThat(openBatches()).isEqualTo(1);
            assertThat(completedBatches()).isZero();
            assertThat(filesWith(ids.get(0))).isEmpty();
        } finally {
            camel.getRouteController().startRoute("erp-batches");
        }

        Map<String, List<String>> files = awaitExported(ids);
        assertThat(files).hasSize(1);
        assertThat(files.values().iterator().next()).containsExactlyElementsOf(ids);
        assertThat(byTimeout.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(openBatches()).isZero();
    }

    @Test
    void aRedeliveredExportRequestPutsItsOrderIntoOneFileOnly() throws Exception {
        List<String> ids = ordersNotYetExported(4);
        String a = ids.get(0);

        // A twice in a row (a redelivery, a repeated hand-off), then B: three requests close the batch, A is in it once
        requestExport(a);
        requestExport(a);
        requestExport(ids.get(1));
        Map<String, List<String>> first = awaitExported(List.of(a, ids.get(1)));
        assertThat(first).hasSize(1);
        assertThat(first.values().iterator().next()).containsExactly(a, ids.get(1));

        // A once more after its file was written, with C and D: A is in no second file
        NotifyBuilder again = new NotifyBuilder(camel).fromRoute("erp-export-" + CONNECTION).whenCompleted(3).create();
        requestExport(a);
        requestExport(ids.get(2));
        requestExport(ids.get(3));
        assertThat(again.matches(30, TimeUnit.SECONDS)).isTrue();
        awaitExported(ids);
        for (String id : ids) {
            assertThat(filesWith(id)).as("files with order %s", id).hasSize(1);
            assertThat(jdbc.queryForObject("select count(*) from erp_exports where connection_name = ? and order_id = ?",
                    Integer.class, CONNECTION, id)).isEqualTo(1);
        }
        assertThat(filesWith(ids.get(2))).isEqualTo(filesWith(ids.get(3)));
    }

    /**
     * Orders that have reached the export stage, with every other order's way to the ERP stopped
     * and drained, and their export records for this ERP taken away.
     */
    private List<String> ordersNotYetExported(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var response = hub.placeOrder(sampleOrder());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            ids.add(json(response).get("id").asText());
        }
        await().atMost(90, TimeUnit.SECONDS).until(() -> ids.stream().allMatch(id -> exports(id) == 1));
        try {
            camel.getRouteController().stopRoute("hand-off");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // in the order a request travels: queue, open and completed batches, batch queue; nothing new comes in
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() ->
                queued("erp.export." + CONNECTION) == 0 && openBatches() == 0 && completedBatches() == 0
                        && queued("erp.batch." + CONNECTION) == 0);
        for (String id : ids) {
            jdbc.update("delete from erp_exports where connection_name = ? and order_id = ?", CONNECTION, id);
        }
        try (Stream<Path> files = Files.list(inbox())) {
            earlierFiles = files.map(path -> path.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    private void requestExport(String orderId) {
        producer.sendBody("activemq6:queue:erp.export." + CONNECTION, "{\"orderId\":\"" + orderId + "\",\"connection\":\"" + CONNECTION + "\"}");
    }

    /** Waits until every order is recorded as exported; the batch files that hold them, with their order ids in file order. */
    private Map<String, List<String>> awaitExported(List<String> ids) {
        await().atMost(60, TimeUnit.SECONDS).until(() -> ids.stream().allMatch(id -> exports(id) == 1));
        Map<String, List<String>> files = new HashMap<>();
        for (String id : ids) {
            String file = jdbc.queryForObject("select file_name from erp_exports where connection_name = ? and order_id = ?",
                    String.class, CONNECTION, id);
            files.computeIfAbsent(file, this::orderIdsIn);
            assertThat(files.get(file)).as("orders in %s", file).contains(id);
        }
        return files;
    }

    private int exports(String orderId) {
        return jdbc.queryForObject("select count(*) from erp_exports where connection_name = ? and order_id = ?",
                Integer.class, CONNECTION, orderId);
    }

    private int openBatches() {
        return jdbc.queryForObject("select count(*) from erp_batches", Integer.class);
    }

    private int completedBatches() {
        return jdbc.queryForObject("select count(*) from erp_batches_completed", Integer.class);
    }

    private long queued(String queue) throws Exception {
        return broker.getDestination(new ActiveMQQueue(queue)).getDestinationStatistics().getMessages().getCount();
    }

    private Path inbox() {
        return ftp.root().resolve(CONNECTION + "/inbox");
    }

    /** The batch files the test's requests wrote into the ERP's inbox that hold the order. */
    private List<String> filesWith(String orderId) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(inbox())) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith("orders-"))
                    .filter(path -> !earlierFiles.contains(path.getFileName().toString())).sorted().toList()) {
                if (orderIdsIn(file.getFileName().toString()).contains(orderId)) {
                    found.add(file.getFileName().toString());
                }
            }
        }
        return Collections.unmodifiableList(found);
    }

    private List<String> orderIdsIn(String fileName) {
        return records(fileName).stream().filter(record -> record.get(0).equals("H")).map(record -> record.get(1)).toList();
    }

    private List<CSVRecord> records(String fileName) {
        try {
            return CSVFormat.DEFAULT.builder().setDelimiter(';').get()
                    .parse(new StringReader(Files.readString(inbox().resolve(fileName), StandardCharsets.UTF_8))).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
