package io.orderhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Memory stays bounded however long an ERP file is: the packaged hub, started with a heap of
 * 160 MB ({@code -Xmx160m}, and {@code -XX:+ExitOnOutOfMemoryError}: running out of heap ends the
 * process, and the test fails), imports a 100,000-line stock file from its sandbox ERP to the end.
 *
 * <p>The figures are printed, not asserted (they depend on the machine): the hub's GC log
 * ({@code -Xlog:gc}) gives the heap in use before and after each collection, so the test prints
 * the peak heap in use once the hub is ready and while the file is imported, and what is live
 * after each full collection during the import, and (a full collection asked for with jcmd
 * GC.run) what is live when the hub is ready and once the file is imported. Run alone: {@code mvn -B verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ErpBoundedMemoryIT}; the figures are the
 * lines starting with {@code [erp-memory-it]}. {@code -Dorderhub.it.erp-memory.heap=128m} and
 * {@code -Dorderhub.it.erp-memory.lines=1000000} change the heap and the file.
 */
class ErpBoundedMemoryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAP = System.getProperty("orderhub.it.erp-memory.heap", "160m");
    /** More lines (e.g. 1000000) to compare: the figures should not grow with the file. */
    private static final int LINES = Integer.getInteger("orderhub.it.erp-memory.lines", 100_000);
    private static final List<String> LOCATIONS = List.of("wh-hamburg", "wh-munich", "store-berlin-mitte", "store-hamburg-altona",
            "workshop-leipzig");
    /** A unified-logging GC line: "... GC(12) Pause Young (Allocation Failure) 45M->20M(155M) 3.456ms". */
    private static final Pattern COLLECTION = Pattern.compile("GC\\(\\d+\\) Pause (\\w+) .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    @Test
    @Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aHundredThousandLineFileIsImportedWithinASmallHeap() throws Exception {
        int lines = LINES;
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        String name = "stock-" + run + ".csv";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (HubProcess hub = new HubProcess("erp-memory", http)) {
            Path gcLog = hub.workDir().resolve("gc-" + run + ".log");
            hub.jvmArgs("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx" + HEAP + " -XX:+ExitOnOutOfMemoryError -Xlog:gc:file=" + gcLog);
            try {
                hub.start("--orderhub.erp.connections.sandbox.poll-delay=500ms");
                hub.awaitReady();
                long liveWhenReady = liveAfterFullCollection(hub, gcLog);
                int collectionsWhenReady = collections(gcLog).size();

                Path root = hub.dataDir().resolve("sandbox-erp");
                Path staging = Files.createDirectories(root.resolve("staging")).resolve(name);
                try (BufferedWriter out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
                    out.write("locationId;sku;onHand\n");
                    for (int i = 0; i < lines; i++) {
                        out.write(LOCATIONS.get(i % LOCATIONS.size()) + ";MEM-" + run + "-" + (i / LOCATIONS.size()) + ";" + (i % 97) + "\n");
                    }
                }
                long bytes = Files.size(staging);
                Files.move(staging, root.resolve("outbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);

                await("the whole file imported").atMost(Duration.ofMinutes(25)).pollInterval(Duration.ofMillis(500))
                        .failFast("the hub died (out of memory?) " + hub.exitDescription(), () -> !hub.isAlive())
                        .until(() -> hub.logLinesContaining(name + " imported: " + lines + " line(s) applied, 0 rejected") == 1
                                && Files.exists(root.resolve("outbox/.done").resolve(name)));
                assertThat(hub.isAlive()).isTrue();
                // the first and the last line of the file landed
                assertThat(onHand(http, hub, "wh-hamburg", "MEM-" + run + "-0")).isZero();
                int last = lines - 1;
                assertThat(onHand(http, hub, LOCATIONS.get(last % LOCATIONS.size()), "MEM-" + run + "-" + (last / LOCATIONS.size())))
                        .isEqualTo(last % 97);

                List<long[]> all = collections(gcLog);
                List<long[]> untilReady = all.subList(0, collectionsWhenReady);
                List<long[]> importing = all.subList(collectionsWhenReady, all.size());
                long liveAfterImport = liveAfterFullCollection(hub, gcLog);
                report("heap -Xmx%s; file %d lines, %.1f MB", HEAP, lines, bytes / 1e6);
                report("hub ready: peak heap in use %d MB (%d collections), live after a full collection %d MB",
                        peakBefore(untilReady), untilReady.size(), liveWhenReady);
                report("importing: peak heap in use %d MB of %d MB (%d collections); live after each full collection: %s",
                        peakBefore(importing), importing.isEmpty() ? 0 : importing.get(importing.size() - 1)[2], importing.size(),
                        fullCollections(importing));
                report("imported: live after a full collection %d MB", liveAfterImport);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + hub.logTails(), e);
            }
        }
    }

    /** Asks the hub for a full collection (jcmd GC.run) and returns what is live after it, in MB. */
    private static long liveAfterFullCollection(HubProcess hub, Path gcLog) throws Exception {
        int before = collections(gcLog).size();
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(hub.pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("jcmd GC.run finished").isTrue();
        assertThat(jcmd.exitValue()).as("jcmd GC.run exit code").isZero();
        return await("a full collection in " + gcLog).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    List<long[]> all = collections(gcLog);
                    return all.subList(before, all.size()).stream().filter(c -> c[3] == 1).mapToLong(c -> c[1]).reduce((a, b) -> b);
                }, java.util.OptionalLong::isPresent).getAsLong();
    }

    /** Each collection in the GC log: heap in use before and after it, the heap's size, in MB, and 1 for a full collection. */
    private static List<long[]> collections(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return List.of();
        }
        return Files.readAllLines(gcLog).stream().map(COLLECTION::matcher).filter(Matcher::find)
                .map(m -> new long[] {mb(m.group(2), m.group(3)), mb(m.group(4), m.group(5)), mb(m.group(6), m.group(7)),
                        "Full".equals(m.group(1)) ? 1 : 0})
                .toList();
    }

    private static long mb(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }

    private static long peakBefore(List<long[]> collections) {
        return collections.stream().mapToLong(c -> c[0]).max().orElse(0);
    }

    /**
     * What is live after each full collection (a young collection's "after" still holds the old
     * generation's garbage): the figure that would grow if the import kept the file in memory.
     */
    private static String fullCollections(List<long[]> collections) {
        List<Long> live = collections.stream().filter(c -> c[3] == 1).map(c -> c[1]).toList();
        return live.isEmpty() ? "none (the old generation never filled)" : live + " MB";
    }

    private static int onHand(HttpClient http, HubProcess hub, String location, String sku) throws Exception {
        HttpResponse<String> level = http.send(HttpRequest.newBuilder(hub.uri("/api/inventory/" + location + "/" + sku))
                .header("Authorization", "Bearer dev-admin").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(level.statusCode()).as(level.body()).isEqualTo(200);
        return JSON.readTree(level.body()).get("onHand").asInt();
    }

    private static void report(String format, Object... args) {
        System.out.println("[erp-memory-it] " + String.format(Locale.ROOT, format, args));
    }
}
