package io.orderhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static io.orderhub.bench.OrderMix.JSON;

/**
 * The load driver of bench/run.sh. Subcommands (all bounded in time and count, loopback only):
 * <pre>
 *   stock    --base URL --csv config/sandbox-stock.csv --on-hand N   raise the sandbox stock so the run never backorders
 *   intake   --base URL --concurrency C --seconds S [--warmup W] [--lines N] --run ID --out F --ids F [--pid P]
 *   health   --base URL --concurrency C --seconds S --out F [--pid P] [--path P]   a GET of the same HTTP stack
 *            (default /actuator/health; /actuator/health/liveness is the cheaper, truly trivial one)
 *   drain    --base URL --ids F --timeout S                             wait until the last orders of a phase settle
 *   batch    --base URL --orders N --concurrency C [--lines L] --run ID --out F --ids F --pid P --timeout S
 *            exactly N orders, then wait until every one of them settled (end-to-end at a given order size)
 *   backlog  --db JDBCURL --broker-dir D --target N --out F             N orders waiting in orders.received (hub stopped)
 *   e2e      --db JDBCURL --phase NAME=IDSFILE ... --out F              accepted→shipped from the hub's own history
 *   broker   --dir D --seconds S --size BYTES --out F                   KahaDB persistent send+receive ceiling
 *   db       --dir D --seconds S --threads T --out F                    H2 (WRITE_DELAY=0) order-write ceiling
 *   jfr      --file F --out F                                           top frames of a flight recording
 *   report   --dir WORKDIR --out RESULT.json                            table on stdout + result JSON
 * </pre>
 */
public final class Bench {
    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: Bench <stock|intake|health|drain|e2e|broker|db|jfr|report> [--key value ...]");
            System.exit(2);
        }
        Args a = new Args(argv);
        switch (argv[0]) {
            case "stock" -> stock(a);
            case "intake" -> http(a, true);
            case "health" -> http(a, false);
            case "drain" -> drain(a);
            case "batch" -> batch(a);
            case "backlog" -> Backlog.run(a);
            case "e2e" -> E2e.run(a);
            case "broker" -> Ceilings.broker(a);
            case "db" -> Ceilings.db(a);
            case "jfr" -> JfrSummary.run(a);
            case "report" -> Report.run(a);
            default -> {
                System.err.println("unknown subcommand " + argv[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static void stock(Args a) throws Exception {
        String base = a.get("base");
        int onHand = a.integer("on-hand", 10_000_000);
        int n = 0;
        for (String line : Files.readAllLines(Path.of(a.get("csv")))) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("locationId")) continue;
            String[] f = line.split(",");
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/inventory/" + f[0] + "/" + f[1]))
                    .header("Authorization", "Bearer dev-admin")
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"onHand\": " + onHand + ", \"safetyStock\": " + f[3].trim() + "}"))
                    .timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> res = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IllegalStateException("stock " + f[0] + "/" + f[1] + ": " + res.statusCode() + " " + res.body());
            }
            n++;
        }
        System.err.println("stock: " + n + " rows set to onHand=" + onHand);
    }

    /** A closed-loop load at a fixed concurrency for a fixed time: each client sends its next request when the last is answered. */
    static void http(Args a, boolean orders) throws Exception {
        String base = a.get("base");
        int concurrency = a.integer("concurrency", 1);
        double seconds = a.dbl("seconds", 10);
        double warmup = a.dbl("warmup", 0);
        int lines = a.integer("lines", 0);
        OrderMix mix = new OrderMix(a.get("run", "r") + "-" + (orders ? "c" + concurrency + "l" + lines : "h"), lines);
        String healthPath = a.get("path", "/actuator/health");
        long pid = a.lng("pid", -1);

        if (warmup > 0) {
            load(base, orders, concurrency, warmup, mix, null, healthPath);
        }
        long cpu0 = Proc.cpuTicks(pid);
        long self0 = selfCpuNanos();
        long t0 = System.nanoTime();
        long wall0 = System.currentTimeMillis();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        Result r = load(base, orders, concurrency, seconds, mix, ids, healthPath);
        long elapsedNs = System.nanoTime() - t0;
        long cpu1 = Proc.cpuTicks(pid);
        long self1 = selfCpuNanos();

        double secs = elapsedNs / 1e9;
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", orders ? "intake" : "health");
        if (!orders) out.put("path", healthPath);
        out.put("concurrency", concurrency);
        out.put("linesPerOrder", lines == 0 ? "mix 1-20" : String.valueOf(lines));
        out.put("seconds", round(secs, 2));
        out.put("startEpochMs", wall0);
        out.put("endEpochMs", System.currentTimeMillis());
        out.put("ok", r.ok.get());
        out.put("errors", r.errors.get());
        out.put("ratePerSec", round(r.ok.get() / secs, 1));
        putLatency(out, r.histogram);
        ObjectNode st = out.putObject("statusCounts");
        r.statuses.forEach((k, v) -> st.put(String.valueOf(k), v.get()));
        if (!r.firstErrors.isEmpty()) out.put("firstError", r.firstErrors.peek());
        if (pid > 0) {
            out.put("hubCpuCores", round((cpu1 - cpu0) / (double) Proc.HZ / secs, 2));
            // hub CPU per answered request: steadier than the rate on a shared machine
            if (r.ok.get() > 0) out.put("hubCpuMsPerRequest", round((cpu1 - cpu0) * 1000.0 / Proc.HZ / r.ok.get(), 2));
            out.put("hubRssMb", Proc.rssMb(pid));
        }
        out.put("driverCpuCores", round((self1 - self0) / 1e9 / secs, 2));
        Files.writeString(Path.of(a.get("out")), out.toPrettyString());
        if (orders && a.has("ids")) {
            Files.write(Path.of(a.get("ids")), new ArrayList<>(ids));
        }
        System.err.printf("%s c=%d: %d ok (%.1f/s), %d errors, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                out.get("kind").asText(), concurrency, r.ok.get(), r.ok.get() / secs, r.errors.get(),
                r.histogram.getValueAtPercentile(50) / 1000.0, r.histogram.getValueAtPercentile(99) / 1000.0,
                r.histogram.getMaxValue() / 1000.0);
    }

    static final class Result {
        final Histogram histogram = new Histogram(60_000_000L, 3); // µs, up to 60 s
        final AtomicLong ok = new AtomicLong(), errors = new AtomicLong();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
    }

    static Result load(String base, boolean orders, int concurrency, double seconds, OrderMix mix,
                       ConcurrentLinkedQueue<String> ids, String healthPath) throws InterruptedException {
        Result r = new Result();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch done = new CountDownLatch(concurrency);
        List<Histogram> perThread = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Histogram h = new Histogram(60_000_000L, 3);
            perThread.add(h);
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        HttpRequest req;
                        if (orders) {
                            req = HttpRequest.newBuilder(URI.create(base + "/api/orders"))
                                    .header("Authorization", "Bearer dev-storefront")
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", UUID.randomUUID().toString())
                                    .POST(HttpRequest.BodyPublishers.ofString(mix.next()))
                                    .timeout(Duration.ofSeconds(30)).build();
                        } else {
                            req = HttpRequest.newBuilder(URI.create(base + healthPath))
                                    .GET().timeout(Duration.ofSeconds(30)).build();
                        }
                        long s = System.nanoTime();
                        int status;
                        String body = null;
                        String location = null;
                        try {
                            HttpResponse<String> res = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
                            status = res.statusCode();
                            body = res.body();
                            location = res.headers().firstValue("Location").orElse(null);
                        } catch (IOException e) {
                            status = -1;
                            body = e.toString();
                        }
                        long us = (System.nanoTime() - s) / 1000;
                        h.recordValue(Math.min(us, 60_000_000L));
                        r.statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                        boolean good = orders ? status == 201 : status == 200;
                        if (good) {
                            r.ok.incrementAndGet();
                            if (ids != null && location != null) {
                                ids.add(location.substring(location.lastIndexOf('/') + 1));
                            }
                        } else {
                            r.errors.incrementAndGet();
                            if (r.firstErrors.size() < 1) {
                                r.firstErrors.add(status + " " + (body == null ? "" : body.substring(0, Math.min(400, body.length()))));
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "client-" + i);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        for (Histogram h : perThread) r.histogram.add(h);
        return r;
    }

    /**
     * End-to-end at one order size: exactly N orders posted by C clients, then waits (bounded) until every
     * one of them is in a state the pipeline leaves alone. Hub CPU is read over the whole batch (first post to
     * last settled), so CPU per order covers intake and the whole pipeline; accepted→shipped comes from the
     * hub's history afterwards (e2e).
     */
    static void batch(Args a) throws Exception {
        String base = a.get("base");
        int n = a.integer("orders", 50);
        int concurrency = a.integer("concurrency", 4);
        int lines = a.integer("lines", 0);
        long pid = a.lng("pid", -1);
        double timeout = a.dbl("timeout", 120);
        OrderMix mix = new OrderMix(a.get("run", "r") + "-b" + n + "l" + lines, lines);
        long cpu0 = Proc.cpuTicks(pid);
        long t0 = System.nanoTime();
        long wall0 = System.currentTimeMillis();
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(n);
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        Result r = new Result();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/orders"))
                                .header("Authorization", "Bearer dev-storefront")
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(mix.next()))
                                .timeout(Duration.ofSeconds(30)).build();
                        long s = System.nanoTime();
                        HttpResponse<String> res = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
                        synchronized (r.histogram) {
                            r.histogram.recordValue(Math.min((System.nanoTime() - s) / 1000, 60_000_000L));
                        }
                        if (res.statusCode() == 201) {
                            r.ok.incrementAndGet();
                            String loc = res.headers().firstValue("Location").orElse("");
                            ids.add(loc.substring(loc.lastIndexOf('/') + 1));
                        } else {
                            r.errors.incrementAndGet();
                            if (r.firstErrors.isEmpty()) r.firstErrors.add(res.statusCode() + " " + res.body());
                        }
                    }
                } catch (Exception e) {
                    r.errors.incrementAndGet();
                    r.firstErrors.add(e.toString());
                }
            }, "batch-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        double postSecs = (System.nanoTime() - t0) / 1e9;
        List<String> pending = new ArrayList<>(ids);
        long deadline = t0 + (long) (timeout * 1e9);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<String> still = new ArrayList<>();
            for (String id : pending) {
                if (!E2e.SETTLED.contains(status(base, id))) still.add(id);
            }
            pending = still;
            if (!pending.isEmpty()) Thread.sleep(1000);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long cpu1 = Proc.cpuTicks(pid);
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", "batch");
        out.put("concurrency", concurrency);
        out.put("linesPerOrder", lines == 0 ? "mix 1-20" : String.valueOf(lines));
        out.put("orders", n);
        out.put("ok", r.ok.get());
        out.put("errors", r.errors.get());
        if (!r.firstErrors.isEmpty()) out.put("firstError", r.firstErrors.peek());
        out.put("postSeconds", round(postSecs, 2));
        out.put("seconds", round(secs, 2));
        out.put("unsettledAtEnd", pending.size());
        out.put("startEpochMs", wall0);
        out.put("endEpochMs", System.currentTimeMillis());
        out.put("settledPerSec", round((ids.size() - pending.size()) / secs, 2));
        putLatency(out, r.histogram);
        if (pid > 0) {
            out.put("hubCpuCores", round((cpu1 - cpu0) / (double) Proc.HZ / secs, 2));
            if (ids.size() > 0) out.put("hubCpuMsPerOrder", round((cpu1 - cpu0) * 1000.0 / Proc.HZ / ids.size(), 1));
            out.put("hubRssMb", Proc.rssMb(pid));
        }
        Files.writeString(Path.of(a.get("out")), out.toPrettyString());
        Files.write(Path.of(a.get("ids")), new ArrayList<>(ids));
        System.err.printf("batch %d orders x %s lines: posted in %.1f s, %d unsettled after %.1f s, hub CPU %.1f ms per order%n",
                n, out.get("linesPerOrder").asText(), postSecs, pending.size(), secs, out.path("hubCpuMsPerOrder").asDouble());
    }

    /** Waits (bounded) until the last orders of a phase are in a state the pipeline leaves alone. */
    static void drain(Args a) throws Exception {
        String base = a.get("base");
        double timeout = a.dbl("timeout", 60);
        List<String> ids = Files.readAllLines(Path.of(a.get("ids")));
        List<String> sample = ids.subList(Math.max(0, ids.size() - 20), ids.size());
        long deadline = System.nanoTime() + (long) (timeout * 1e9);
        long t0 = System.nanoTime();
        while (true) {
            int pending = 0;
            for (String id : sample) {
                String s = status(base, id);
                if (!E2e.SETTLED.contains(s)) pending++;
            }
            if (pending == 0 || System.nanoTime() > deadline) {
                System.err.printf("drain: %d of the last %d orders still moving after %.1f s%n",
                        pending, sample.size(), (System.nanoTime() - t0) / 1e9);
                return;
            }
            Thread.sleep(500);
        }
    }

    static String status(String base, String id) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/orders/" + id))
                .header("Authorization", "Bearer dev-agent").timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> res = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) return "HTTP" + res.statusCode();
        return JSON.readTree(res.body()).path("status").asText();
    }

    static void putLatency(ObjectNode out, Histogram h) {
        ObjectNode l = out.putObject("latencyMs");
        l.put("p50", round(h.getValueAtPercentile(50) / 1000.0, 2));
        l.put("p95", round(h.getValueAtPercentile(95) / 1000.0, 2));
        l.put("p99", round(h.getValueAtPercentile(99) / 1000.0, 2));
        l.put("max", round(h.getMaxValue() / 1000.0, 2));
    }

    static long selfCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return 0;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** --key value pairs; a key may repeat (all values kept). */
    static final class Args {
        final Map<String, List<String>> values = new HashMap<>();

        Args(String[] argv) {
            for (int i = 1; i < argv.length; i++) {
                if (!argv[i].startsWith("--")) throw new IllegalArgumentException("expected --key at " + argv[i]);
                String k = argv[i].substring(2);
                String v = i + 1 < argv.length && !argv[i + 1].startsWith("--") ? argv[++i] : "true";
                values.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }

        boolean has(String k) { return values.containsKey(k); }
        String get(String k) {
            if (!has(k)) throw new IllegalArgumentException("--" + k + " is required");
            return values.get(k).get(0);
        }
        String get(String k, String d) { return has(k) ? get(k) : d; }
        List<String> all(String k) { return values.getOrDefault(k, List.of()); }
        int integer(String k, int d) { return has(k) ? Integer.parseInt(get(k)) : d; }
        long lng(String k, long d) { return has(k) ? Long.parseLong(get(k)) : d; }
        double dbl(String k, double d) { return has(k) ? Double.parseDouble(get(k)) : d; }
    }

    /** /proc/<pid> readings of the hub process. */
    static final class Proc {
        static final int HZ = 100; // USER_HZ on Linux

        static long cpuTicks(long pid) {
            if (pid <= 0) return 0;
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            } catch (IOException e) {
                return 0;
            }
        }

        static long rssMb(long pid) { return statusKb(pid, "VmRSS:") / 1024; }
        static long peakRssMb(long pid) { return statusKb(pid, "VmHWM:") / 1024; }

        static long statusKb(long pid, String key) {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (l.startsWith(key)) return Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0]);
                }
            } catch (IOException e) {
                // gone
            }
            return 0;
        }
    }

    static ArrayNode arr() { return JSON.createArrayNode(); }

    static <T> T orElse(Supplier<T> s, T d) {
        try { return s.get(); } catch (RuntimeException e) { return d; }
    }

    static JsonNode read(Path p) throws IOException { return JSON.readTree(p.toFile()); }
}
