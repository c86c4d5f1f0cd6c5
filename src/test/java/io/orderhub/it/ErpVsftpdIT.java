package io.orderhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The ERP exchange against a real FTP daemon: Debian's vsftpd, which .ci/run installs and starts
 * (.ci/vsftpd) and names in ORDERHUB_VSFTPD_URL (ftp://user:password@host:port). The packaged hub
 * gets one ERP connection to it: an order's file appears in the inbox, and a stock file put into
 * the outbox is applied and moved to .done. Skipped where no vsftpd is configured (a laptop).
 */
@EnabledIfEnvironmentVariable(named = "ORDERHUB_VSFTPD_URL", matches = "ftp://.+")
class ErpVsftpdIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ordersGoOutAndStockComesInThroughVsftpd() throws Exception {
        URI ftp = URI.create(System.getenv("ORDERHUB_VSFTPD_URL"));
        String[] login = ftp.getUserInfo().split(":", 2);
        String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (HubProcess hub = new HubProcess("erp-vsftpd", http)) {
            try {
                String connection = "--orderhub.erp.connections.vsftpd.";
                hub.start(connection + "host=" + ftp.getHost(), connection + "port=" + ftp.getPort(),
                        connection + "username=" + login[0], connection + "password=" + login[1],
                        connection + "inbox=" + run + "/inbox", connection + "outbox=" + run + "/outbox",
                        connection + "poll-delay=500ms", connection + "read-lock-check-interval=1s");
                hub.awaitReady();

                ObjectNode order = (ObjectNode) JSON.readTree(Files.readString(HubProcess.basedir().resolve("examples/order.json")));
                order.put("externalId", run);
                HttpResponse<String> placed = http.send(HttpRequest.newBuilder(hub.uri("/api/orders"))
                        .header("Authorization", "Bearer dev-storefront").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(order.toString())).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
                String id = JSON.readTree(placed.body()).get("id").asText();

                String orderFile = run + "/inbox/order-" + id + ".csv";
                await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                        .until(() -> names(ftp, login, run + "/inbox").contains("order-" + id + ".csv"));
                assertThat(download(ftp, login, orderFile)).startsWith("H;" + id + ";" + run + ";");

                String sku = "VSFTPD-" + run.toUpperCase();
                upload(ftp, login, run + "/outbox", "stock-" + run + ".csv", "locationId;sku;onHand\nwh-hamburg;" + sku + ";42\n");
                await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                        .until(() -> names(ftp, login, run + "/outbox/.done").contains("stock-" + run + ".csv"));
                HttpResponse<String> level = http.send(HttpRequest.newBuilder(hub.uri("/api/inventory/wh-hamburg/" + sku))
                        .header("Authorization", "Bearer dev-admin").GET().build(), HttpResponse.BodyHandlers.ofString());
                JsonNode stock = JSON.readTree(level.body());
                assertThat(stock.get("onHand").asInt()).as(level.body()).isEqualTo(42);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + hub.logTails(), e);
            }
        }
    }

    private static FTPClient connect(URI ftp, String[] login) throws IOException {
        FTPClient client = new FTPClient();
        client.setConnectTimeout(10_000);
        client.connect(ftp.getHost(), ftp.getPort());
        assertThat(client.login(login[0], login[1])).as("login to %s", ftp.getHost()).isTrue();
        client.enterLocalPassiveMode();
        client.setFileType(FTP.BINARY_FILE_TYPE);
        return client;
    }

    private static List<String> names(URI ftp, String[] login, String folder) throws IOException {
        FTPClient client = connect(ftp, login);
        try {
            String[] names = client.listNames(folder);
            return names == null ? List.of() : Arrays.stream(names).map(name -> name.substring(name.lastIndexOf('/') + 1)).toList();
        } finally {
            client.disconnect();
        }
    }

    private static String download(URI ftp, String[] login, String path) throws IOException {
        FTPClient client = connect(ftp, login);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(client.retrieveFile(path, out)).as("download %s: %s", path, client.getReplyString()).isTrue();
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            client.disconnect();
        }
    }

    /** As an ERP should: under a temporary name, renamed when complete. */
    private static void upload(URI ftp, String[] login, String folder, String name, String content) throws IOException {
        FTPClient client = connect(ftp, login);
        try {
            client.makeDirectory(folder.substring(0, folder.indexOf('/')));
            client.makeDirectory(folder);
            String temporary = folder + "/.part-" + name;
            assertThat(client.storeFile(temporary, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))))
                    .as("upload: %s", client.getReplyString()).isTrue();
            assertThat(client.rename(temporary, folder + "/" + name)).as("rename: %s", client.getReplyString()).isTrue();
        } finally {
            client.disconnect();
        }
    }
}
