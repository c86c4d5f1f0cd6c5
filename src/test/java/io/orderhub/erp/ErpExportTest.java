package io.orderhub.erp;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.sandbox.SandboxFtpServer;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.Pipeline;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Orders out to the ERPs over FTP (routes/86-erp-export), against the sandbox's real FTP server. */
@HubTest
class ErpExportTest {

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

    HubClient hub;
    Pipeline pipeline;

    @BeforeEach
    void client() throws Exception {
        hub = new HubClient(port);
        pipeline = new Pipeline(hub);
        ftp.start();
    }

    @AfterEach
    void serverUp() throws Exception {
        ftp.start();
    }

    @Test
    void aReleasedOrderIsWrittenToEachErpInboxOnceInItsFormat() throws Exception {
        String id = place(sampleOrder());

        Path csv = ftp.root().resolve("inbox/order-" + id + ".csv");
        Path fixed = ftp.root().resolve("second/inbox/order-" + id + ".txt");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(csv) && Files.exists(fixed));

        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setDelimiter(';').get()
                .parse(new StringReader(Files.readString(csv, StandardCharsets.UTF_8))).getRecords();
        JsonNode order = pipeline.order(id);
        CSVRecord header = records.get(0);
        assertThat(header.get(0)).isEqualTo("H");
        assertThat(header.get(1)).isEqualTo(id);
        assertThat(header.get(2)).isEqualTo(order.get("externalId").asText());
        assertThat(header.get(6)).isEqualTo("Ada Lovelace");
        assertThat(header.get(9)).isEqualTo("12 St James's Square");
        assertThat(header.get(13)).isEqualTo("GB");
        // one line record per fulfilment line, with the location that ships it
        List<CSVRecord> lines = records.subList(1, records.size());
        assertThat(lines).extracting(line -> line.get(0)).containsOnly("L");
        assertThat(lines).extracting(line -> line.get(5) + " x" + line.get(7))
                .containsExactlyInAnyOrder("MUG-CLASSIC x2", "MUG-ENGRAVED x1", "TEE-ORGANIC-M x1");
        CSVRecord classic = lines.stream().filter(line -> line.get(5).equals("MUG-CLASSIC")).findFirst().orElseThrow();
        assertThat(classic.get(8)).isEqualTo("12.50");
        assertThat(classic.get(9)).isEqualTo("25.00");
        assertThat(jdbc.queryForObject("select location_id from fulfilment_orders where id = ?", String.class, classic.get(3)))
                .isEqualTo(classic.get(4));

        List<String> fixedLines = Files.readAllLines(fixed, StandardCharsets.UTF_8);
        assertThat(fixedLines).hasSize(4);
        assertThat(fixedLines.get(0)).startsWith("H" + id).hasSize(1 + 36 + 40 + 16 + 20 + 3 + 30 + 30 + 35 + 10 + 25 + 2 + 12);
        assertThat(fixedLines.get(0)).endsWith(String.format("%12s", order.at("/totals/total").asText()));
        assertThat(fixedLines.subList(1, 4)).allSatisfy(line -> assertThat(line).startsWith("L" + id).hasSize(1 + 36 + 4 + 40 + 20 + 20 + 30 + 6 + 12));

        // no temporary upload is left behind, and each ERP got the order exactly once
        try (Stream<Path> files = Files.list(ftp.root().resolve("inbox"))) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".part-"));
        }
        // (the third ERP, "batched", takes it in a batch: ErpBatchExportTest)
        await().atMost(60, TimeUnit.SECONDS).until(() -> jdbc.queryForObject(
                "select count(*) from erp_exports where order_id = ? and connection_name in ('sandbox', 'second')", Integer.class, id) == 2);
        assertThat(jdbc.queryForList("select connection_name from erp_exports where order_id = ? and connection_name <> 'batched'",
                String.class, id)).containsExactlyInAnyOrder("sandbox", "second");
        // the second ERP waits for a done-file, written once the order file is complete (before the export is recorded);
        // the first has none
        assertThat(ftp.root().resolve("second/inbox/order-" + id + ".txt.done")).exists().isEmptyFile();
        try (Stream<Path> files = Files.list(ftp.root().resolve("inbox"))) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".done"));
        }
    }

    @Test
    void textASpreadsheetWouldRunIsNeutralised() throws Exception {
        ObjectNode order = sampleOrder();
        ((ObjectNode) order.get("customer")).put("name", "=HYPERLINK(\"http://evil.example\",\"click\")");
        ((ObjectNode) order.get("shippingAddress")).put("line1", "@SUM(1+1)*cmd|' /C calc'!A0");
        ((ObjectNode) order.get("shippingAddress")).put("name", "-Ada");
        String id = place(order);

        Path csv = ftp.root().resolve("inbox/order-" + id + ".csv");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(csv));

        CSVRecord header = CSVFormat.DEFAULT.builder().setDelimiter(';').get()
                .parse(new StringReader(Files.readString(csv, StandardCharsets.UTF_8))).getRecords().get(0);
        assertThat(header.get(6)).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"click\")");
        assertThat(header.get(8)).isEqualTo("'-Ada");
        assertThat(header.get(9)).isEqualTo("'@SUM(1+1)*cmd|' /C calc'!A0");
        // amounts are the hub's own numbers, not text: left as they are
        assertThat(header.get(15)).isEqualTo(pipeline.order(id).at("/totals/subtotal").asText());
    }

    @Test
    void anOrderWaitsWhileTheErpIsDownAndIsDeliveredOnceWhenItIsBack() throws Exception {
        ftp.stop();
        String id = place(sampleOrder());
        Path csv = ftp.root().resolve("inbox/order-" + id + ".csv");

        // the broker redelivers with back-off, then keeps the request as a dead letter; the order itself goes on
        JsonNode letter = await().atMost(60, TimeUnit.SECONDS).until(() -> deadLetter("erp.export.sandbox", id), found -> found != null);
        assertThat(letter.get("body").asText()).contains(id);
        assertThat(Files.exists(csv)).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from erp_exports where order_id = ? and connection_name = 'sandbox'",
                Integer.class, id)).isZero();

        ftp.start();
        assertThat(hub.post("/api/dead-letters/" + letter.get("id").asText() + "/replay", ADMIN, "").statusCode()).isEqualTo(200);
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(csv));
        assertThat(Files.readString(csv)).startsWith("H;" + id + ";");

        // the ERP has taken the file; a repeated request (duplicate hand-off, replay) writes nothing again
        Files.delete(csv);
        NotifyBuilder repeated = new NotifyBuilder(camel).fromRoute("erp-export-sandbox").whenCompleted(1).create();
        producer.sendBody("activemq6:queue:erp.export.sandbox", "{\"orderId\":\"" + id + "\",\"connection\":\"sandbox\"}");
        assertThat(repeated.matches(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(csv)).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from erp_exports where order_id = ? and connection_name = 'sandbox'",
                Integer.class, id)).isEqualTo(1);
    }

    private JsonNode deadLetter(String queue, String orderId) {
        for (JsonNode letter : json(hub.get("/api/dead-letters", ADMIN))) {
            if (letter.path("queue").asText().equals(queue) && letter.path("orderId").asText().equals(orderId)) {
                return json(hub.get("/api/dead-letters/" + letter.get("id").asText(), ADMIN));
            }
        }
        return null;
    }

    private String place(JsonNode order) {
        var response = hub.placeOrder(order);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }
}
