package io.orderhub.erp;

import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.inventory.StockAdmin;
import io.orderhub.sandbox.SandboxFtpServer;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Files from the ERPs (routes/87-erp-import): stock, shipments, invoices, against the sandbox's real FTP server. */
@HubTest
class ErpImportTest {

    @LocalServerPort
    int port;

    @Autowired
    SandboxFtpServer ftp;

    @Autowired
    StockAdmin stock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() throws Exception {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
        ftp.start();
    }

    @Test
    void stockSnapshotsSetAndDeltasAddOnHand() throws Exception {
        String sku = newSku();
        drop("outbox", "stock-" + sku + ".csv", "locationId;sku;onHand\nwh-hamburg;" + sku + ";40\nwh-munich;" + sku + ";7\n");
        awaitDone("outbox", "stock-" + sku + ".csv");
        assertThat(stock.get("wh-hamburg", sku).onHand()).isEqualTo(40);
        assertThat(stock.get("wh-munich", sku).onHand()).isEqualTo(7);

        drop("outbox", "stock-delta-" + sku + ".csv", "locationId;sku;delta\nwh-hamburg;" + sku + ";5\nwh-munich;" + sku + ";-2\n");
        awaitDone("outbox", "stock-delta-" + sku + ".csv");
        assertThat(stock.get("wh-hamburg", sku).onHand()).isEqualTo(45);
        assertThat(stock.get("wh-munich", sku).onHand()).isEqualTo(5);
    }

    @Test
    void theSameFileTwiceIsImportedOnce() throws Exception {
        String sku = newSku();
        String name = "stock-delta-" + sku + ".csv";
        String content = "locationId;sku;delta\nwh-hamburg;" + sku + ";3\n";
        drop("outbox", name, content);
        awaitDone("outbox", name);
        assertThat(stock.get("wh-hamburg", sku).onHand()).isEqualTo(3);

        // the copy is recognised (name, size, checksum) and moved to .done without being applied
        drop("outbox", name, content);
        await().atMost(60, TimeUnit.SECONDS).until(() -> !Files.exists(ftp.root().resolve("outbox").resolve(name)));
        assertThat(stock.get("wh-hamburg", sku).onHand()).isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from erp_imports where file_name = ?", Integer.class, name)).isEqualTo(1);

        // the same lines in a file of another name are another file: imported
        drop("outbox", "stock-delta-" + sku + "-2.csv", content);
        awaitDone("outbox", "stock-delta-" + sku + "-2.csv");
        assertThat(stock.get("wh-hamburg", sku).onHand()).isEqualTo(6);
    }

    @Test
    void aMalformedFileGoesToErrorWithTheReasonAndNothingIsApplied() throws Exception {
        String sku = newSku();
        String name = "stock-delta-" + sku + ".csv";
        drop("outbox", name, "locationId;sku;delta\nwh-hamburg;" + sku + ";3\nwh-hamburg;" + sku + ";three\nwh-atlantis;" + sku + ";1\n"
                + "wh-hamburg;" + sku + "\n");

        Path reason = ftp.root().resolve("outbox/.error/" + name + ".reason.txt");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(reason) && Files.exists(ftp.root().resolve("outbox/.error/" + name)));
        assertThat(Files.readString(reason))
                .contains("3 bad line(s) of 5", "nothing was imported")
                .contains("line 3: quantity 'three' is not a whole number")
                .contains("line 4: unknown location wh-atlantis")
                .contains("line 5: 2 column(s), expected 3");
        assertThat(stock.get("wh-hamburg", sku).onHand()).isZero();
        assertThat(Files.exists(ftp.root().resolve("outbox").resolve(name))).isFalse();
    }

    @Test
    void aFileNoMappingTakesGoesToError() throws Exception {
        String name = "prices-" + newSku() + ".csv";
        drop("outbox", name, "sku;price\nMUG-CLASSIC;12.50\n");
        Path reason = ftp.root().resolve("outbox/.error/" + name + ".reason.txt");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(reason));
        assertThat(Files.readString(reason)).contains("no mapping takes a file named " + name);
    }

    @Test
    void underImportValidLinesTheGoodLinesAreAppliedAndTheBadOnesReported() throws Exception {
        // the second ERP: comma-separated, bad-lines import-valid-lines, chunks of 3 lines
        String sku = newSku();
        String name = "stock-delta-" + sku + ".csv";
        StringBuilder content = new StringBuilder("locationId,sku,delta\n");
        for (int i = 0; i < 7; i++) {
            content.append("wh-hamburg,").append(sku).append(i == 4 ? ",x" : ",2").append('\n');
        }
        drop("second/outbox", name, content.toString());

        Path report = ftp.root().resolve("second/outbox/.done/" + name + ".report.txt");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(report) && Files.exists(ftp.root().resolve("second/outbox/.done/" + name)));
        assertThat(stock.get("wh-hamburg", sku).onHand()).isEqualTo(12);
        assertThat(Files.readString(report)).contains("6 line(s) applied, 1 bad line(s) left out")
                .contains("line 6: quantity 'x' is not a whole number");
    }

    @Test
    void aFileStillBeingWrittenIsNotReadBeforeItIsComplete() throws Exception {
        String sku = newSku();
        String name = "stock-delta-" + sku + ".csv";
        Path growing = ftp.root().resolve("outbox").resolve(name);
        Files.writeString(growing, "locationId;sku;delta\n");
        // the ERP writes for several seconds, a few lines at a time
        for (int chunk = 0; chunk < 15; chunk++) {
            await().pollDelay(Duration.ofMillis(200)).atMost(5, TimeUnit.SECONDS).until(() -> true);
            Files.writeString(growing, ("wh-hamburg;" + sku + ";1\n").repeat(2), StandardOpenOption.APPEND);
            assertThat(Files.exists(growing)).as("still in the outbox while written").isTrue();
            assertThat(jdbc.queryForObject("select count(*) from erp_imports where file_name = ?", Integer.class, name)).isZero();
        }

        awaitDone("outbox", name);
        assertThat(stock.get("wh-hamburg", sku).onHand()).isEqualTo(30);
        assertThat(jdbc.queryForObject("select lines_applied from erp_imports where file_name = ?", Integer.class, name)).isEqualTo(30);
    }

    @Test
    void stoppingTheImportInTheMiddleOfAFileLosesAndDoublesNoLine() throws Exception {
        String sku = newSku();
        String name = "stock-delta-" + sku + ".csv";
        int lines = 3000;
        drop("second/outbox", name, "locationId,sku,delta\n" + ("wh-hamburg," + sku + ",1\n").repeat(lines));

        // chunks of 3 lines commit one by one: stop the route while the file is half done, then start it again
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> progress(name) > 0);
        camel.getRouteController().stopRoute("erp-import-second");
        int atStop = progress(name);
        camel.getRouteController().startRoute("erp-import-second");

        awaitDone("second/outbox", name);
        assertThat(atStop).isPositive();
        assertThat(stock.get("wh-hamburg", sku).onHand()).isEqualTo(lines);
        assertThat(jdbc.queryForObject("select lines_applied from erp_imports where file_name = ?", Integer.class, name)).isEqualTo(lines);
    }

    @Test
    void aShipmentFileShipsTheOrderAndAnInvoiceIsNotedInItsHistory() throws Exception {
        ObjectNode order = sampleOrder();
        // "+erp": the sandbox sites leave shipping to the ERP, whose shipment file confirms the parcels
        ((ObjectNode) order.get("customer")).put("email", "ada+erp@example.com");
        var placed = hub.placeOrder(order);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String id = json(placed).get("id").asText();
        pipeline.awaitStatus(id, "RELEASED");
        Path orderFile = ftp.root().resolve("inbox/order-" + id + ".csv");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(orderFile));

        // the ERP answers from the order file: one parcel per fulfilment order, its lines as lineNumber:quantity
        List<String> shipments = new ArrayList<>(List.of("orderId;fulfilmentOrderId;shipmentId;carrier;trackingNumber;shippedAt;lines"));
        java.util.Map<String, List<String>> byFulfilment = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(orderFile)) {
            String[] fields = line.split(";");
            if (fields[0].equals("L")) {
                byFulfilment.computeIfAbsent(fields[3], key -> new ArrayList<>()).add(fields[2] + ":" + fields[7]);
            }
        }
        int parcel = 0;
        for (var fulfilment : byFulfilment.entrySet()) {
            parcel++;
            shipments.add(id + ";" + fulfilment.getKey() + ";ERP-" + id.substring(0, 8) + "-" + parcel + ";DHL;TRK" + parcel
                    + ";2026-11-27T10:15:00Z;" + String.join("|", fulfilment.getValue()));
        }
        drop("outbox", "shipments-" + id + ".csv", String.join("\n", shipments) + "\n");

        JsonNode shipped = pipeline.awaitStatus(id, "SHIPPED");
        assertThat(shipped.get("history").toString()).contains("via DHL, tracking TRK1");
        assertThat(jdbc.queryForObject("select count(*) from shipments where order_id = ?", Integer.class, id)).isEqualTo(byFulfilment.size());

        String invoice = "orderId;documentType;documentNumber;issuedAt;amount;currency\n"
                + id + ";INVOICE;INV-" + id.substring(0, 8) + ";2026-11-27T11:00:00Z;93.28;EUR\n";
        drop("outbox", "invoices-" + id + ".csv", invoice);
        JsonNode noted = await().atMost(60, TimeUnit.SECONDS)
                .until(() -> pipeline.order(id), view -> view.get("history").toString().contains("invoice INV-"));
        assertThat(noted.get("status").asText()).isEqualTo("SHIPPED");
        JsonNode entry = noted.get("history").get(noted.get("history").size() - 1);
        assertThat(entry.toString()).contains("invoice INV-" + id.substring(0, 8) + " for 93.28 EUR", "erp:sandbox");

        // the same invoice in another file is recorded once
        drop("outbox", "invoices-" + id + "-again.csv", invoice);
        awaitDone("outbox", "invoices-" + id + "-again.csv");
        assertThat(pipeline.order(id).get("history").toString().split("invoice INV-", -1)).hasSize(2);
    }

    private int progress(String name) {
        List<Integer> applied = jdbc.queryForList("select last_line_applied from erp_imports where file_name = ?", Integer.class, name);
        return applied.isEmpty() ? 0 : applied.get(0);
    }

    private static String newSku() {
        return "ERP-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** Puts a complete file into a folder of the sandbox ERP at once (written beside it, then moved in). */
    private void drop(String folder, String name, String content) throws IOException {
        Path staging = Files.createDirectories(ftp.root().resolve("staging"));
        Path file = staging.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Path target = Files.createDirectories(ftp.root().resolve(folder));
        Files.move(file, target.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void awaitDone(String folder, String name) {
        await().atMost(90, TimeUnit.SECONDS).until(() -> Files.exists(ftp.root().resolve(folder).resolve(".done").resolve(name))
                && !Files.exists(ftp.root().resolve(folder).resolve(name)));
    }
}
