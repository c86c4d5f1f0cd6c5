package io.orderhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;

import static io.orderhub.bench.OrderMix.JSON;

/** Gathers the pieces of a run into one result JSON, and prints the table and the ratios. */
final class Report {
    /** queue hops of an order that ships in one parcel: received, accepted, screened, taxed, authorised,
     *  fulfilment.requested, warehouse.confirmations, shipments.confirmed (notifications not counted) */
    static final int MIN_HOPS = 8;

    static void run(Bench.Args a) throws Exception {
        Path dir = Path.of(a.get("dir"));
        ObjectNode result = JSON.createObjectNode();
        result.set("meta", readOr(dir.resolve("meta.json")));
        ArrayNode rows = result.putArray("phases");
        File[] intakes = dir.toFile().listFiles((d, n) -> n.startsWith("intake-") && n.endsWith(".json"));
        Arrays.sort(intakes, Comparator.comparing(File::getName, Comparator.comparingInt(Report::order)));
        JsonNode e2eAll = readOr(dir.resolve("e2e.json"));
        JsonNode broker = readOr(dir.resolve("broker.json"));
        JsonNode db = readOr(dir.resolve("db.json"));
        double brokerRate = broker.path("receivedPerSec").asDouble();
        double dbRate = db.path("ordersPerSec").asDouble();

        StringBuilder t = new StringBuilder();
        StringBuilder plot = new StringBuilder("# concurrency intakePerSec intakeP99Ms healthPerSec shippedPerSec e2eP99Ms livenessPerSec\n");
        t.append(String.format("%-12s %5s | %8s %7s %7s %7s %8s %5s %6s | %9s %6s %10s %6s | %8s %8s %8s %9s%n",
                "phase", "conc", "intake/s", "p50ms", "p95ms", "p99ms", "maxms", "err", "hubCPU",
                "health/s", "ratio", "liveness/s", "ratio", "shipped/s", "e2e p50", "e2e p99", "ship/acc"));
        for (File f : intakes) {
            JsonNode in = JSON.readTree(f);
            String name = f.getName().replace("intake-", "").replace(".json", "");
            JsonNode health = readOr(dir.resolve("health-c" + in.path("concurrency").asInt() + ".json"));
            JsonNode liveness = readOr(dir.resolve("liveness-c" + in.path("concurrency").asInt() + ".json"));
            JsonNode e2e = JSON.createObjectNode();
            for (JsonNode p : e2eAll) if (p.path("phase").asText().equals(name)) e2e = p;
            ObjectNode row = JSON.createObjectNode();
            row.put("phase", name);
            row.set("intake", in);
            row.set("healthCeiling", health);
            row.set("livenessCeiling", liveness);
            row.set("endToEnd", e2e);
            double hr = health.path("ratePerSec").asDouble();
            double lr = liveness.path("ratePerSec").asDouble();
            double ir = in.path("ratePerSec").asDouble();
            ObjectNode ratios = row.putObject("ratios");
            if (hr > 0) ratios.put("intakeToHttpCeiling", Bench.round(ir / hr, 3));
            if (lr > 0) ratios.put("intakeToTrivialHttpCeiling", Bench.round(ir / lr, 3));
            if (dbRate > 0) ratios.put("intakeToDbCeiling", Bench.round(ir / dbRate, 3));
            double sr = e2e.path("shippedPerSec").asDouble();
            if (brokerRate > 0) {
                ratios.put("endToEndToBrokerCeiling", Bench.round(sr / brokerRate, 4));
                ratios.put("endToEndToBrokerCeilingPerHop", Bench.round(sr * MIN_HOPS / brokerRate, 3));
            }
            if (dbRate > 0) ratios.put("endToEndToDbCeiling", Bench.round(sr / dbRate, 4));
            rows.add(row);
            plot.append(String.format(java.util.Locale.ROOT, "%d %.1f %.2f %.1f %.1f %d %.1f%n", in.path("concurrency").asInt(), ir,
                    in.path("latencyMs").path("p99").asDouble(), hr, sr, e2e.path("acceptedToShippedMs").path("p99").asLong(), lr));
            JsonNode l = in.path("latencyMs");
            t.append(String.format("%-12s %5d | %8.1f %7.2f %7.2f %7.2f %8.1f %5d %6.2f | %9.1f %6.3f %10.1f %6.3f | %8.1f %8d %8d %4d/%-4d%n",
                    name, in.path("concurrency").asInt(), ir, l.path("p50").asDouble(), l.path("p95").asDouble(),
                    l.path("p99").asDouble(), l.path("max").asDouble(), in.path("errors").asLong(),
                    in.path("hubCpuCores").asDouble(), hr, hr > 0 ? ir / hr : 0, lr, lr > 0 ? ir / lr : 0, sr,
                    e2e.path("acceptedToShippedMs").path("p50").asLong(), e2e.path("acceptedToShippedMs").path("p99").asLong(),
                    e2e.path("shipped").asInt(), e2e.path("accepted").asInt()));
        }
        result.set("brokerCeiling", broker);
        result.set("dbCeiling", db);
        result.set("hub", readOr(dir.resolve("hub.json")));
        if (Files.exists(dir.resolve("jfr.json"))) result.set("profile", readOr(dir.resolve("jfr.json")));

        t.append(String.format("%nceilings: broker (KahaDB, persistent, %d B, %s prod/%s cons) %.0f msg/s; "
                        + "%s order row + commit (%s threads) %.0f orders/s%n",
                broker.path("messageBytes").asInt(), broker.path("producers").asText(), broker.path("consumers").asText(),
                brokerRate, db.path("database").asText("H2"), db.path("threads").asText(), dbRate));
        t.append("ratios: intake/health = intake vs GET /actuator/health (runs DB, broker, disk checks) at the same concurrency;\n"
                + "        intake/liveness = intake vs GET /actuator/health/liveness (no checks: the stack's trivial request);\n");
        for (JsonNode r : rows) {
            t.append(String.format("  %-12s intake/db %.3f | shipped/s vs broker msg/s %.4f (x%d hops = %.3f) | shipped/s vs db %.4f%n",
                    r.path("phase").asText(), r.path("ratios").path("intakeToDbCeiling").asDouble(),
                    r.path("ratios").path("endToEndToBrokerCeiling").asDouble(), MIN_HOPS,
                    r.path("ratios").path("endToEndToBrokerCeilingPerHop").asDouble(),
                    r.path("ratios").path("endToEndToDbCeiling").asDouble()));
        }
        JsonNode stages = readOr(dir.resolve("stages.json"));
        result.set("pipelineMovesPerSec", stages);
        if (stages.has("movesPerSec")) {
            t.append(String.format("pipeline moves/s over the whole measured window (%.0f s, backlog included): %s%n",
                    stages.path("windowSeconds").asDouble(), stages.path("movesPerSec").toString()));
        }
        File[] only = dir.toFile().listFiles((d, n) -> n.startsWith("intakeonly-") && n.endsWith(".json"));
        if (only != null && only.length > 0) {
            ArrayNode io = result.putArray("intakeOnly");
            t.append("intake alone (hand-off route excluded: nothing leaves the outbox, no pipeline CPU):\n");
            Arrays.sort(only, Comparator.comparing((File f) -> order(f.getName())).thenComparing(f -> f.getName().length()).thenComparing(File::getName));
            for (File f : only) {
                JsonNode in = JSON.readTree(f);
                io.add(in);
                JsonNode l = in.path("latencyMs");
                JsonNode health = readOr(dir.resolve("health-c" + in.path("concurrency").asInt() + ".json"));
                double hr = health.path("ratePerSec").asDouble();
                JsonNode liveness = readOr(dir.resolve("liveness-c" + in.path("concurrency").asInt() + ".json"));
                double lr = liveness.path("ratePerSec").asDouble();
                t.append(String.format("  c%-3d lines %-8s %8.1f orders/s  p50 %.2f  p95 %.2f  p99 %.2f  max %.1f ms  errors %d  hub CPU %.2f cores"
                                + " (%.2f ms per order)  | /health %.1f/s ratio %.3f | /liveness %.1f/s ratio %.3f | vs db %.3f%n",
                        in.path("concurrency").asInt(), in.path("linesPerOrder").asText(), in.path("ratePerSec").asDouble(), l.path("p50").asDouble(),
                        l.path("p95").asDouble(), l.path("p99").asDouble(), l.path("max").asDouble(), in.path("errors").asLong(),
                        in.path("hubCpuCores").asDouble(), in.path("hubCpuMsPerRequest").asDouble(),
                        hr, hr > 0 ? in.path("ratePerSec").asDouble() / hr : 0, lr, lr > 0 ? in.path("ratePerSec").asDouble() / lr : 0,
                        dbRate > 0 ? in.path("ratePerSec").asDouble() / dbRate : 0));
            }
        }
        // growth: the same figures at exactly 1, 10, 100 lines per order
        StringBuilder plotLines = new StringBuilder("# lines intakeAlonePerSec intakeAloneP99Ms e2eSettledPerSec e2eP99Ms hubCpuMsPerOrder\n");
        File[] batches = dir.toFile().listFiles((d, n) -> n.startsWith("batch-lines") && n.endsWith(".json"));
        if (batches != null && batches.length > 0) {
            Arrays.sort(batches, Comparator.comparingInt(f -> order(f.getName())));
            ArrayNode g = result.putArray("endToEndGrowth");
            t.append("end-to-end growth (on the idle hub: a batch of exactly N orders at 4 clients, waited for until every order settled):\n");
            for (File f : batches) {
                JsonNode b = JSON.readTree(f);
                int lines = order(f.getName());
                JsonNode e2e = JSON.createObjectNode();
                for (JsonNode p : e2eAll) if (p.path("phase").asText().equals("lines" + lines)) e2e = p;
                JsonNode alone = readOr(dir.resolve("intakeonly-c8-lines" + lines + ".json"));
                ObjectNode row = JSON.createObjectNode();
                row.put("linesPerOrder", lines);
                row.set("batch", b);
                row.set("endToEnd", e2e);
                row.set("intakeAlone", alone);
                g.add(row);
                t.append(String.format("  %3d lines: %d orders, %d unsettled; settled %.2f orders/s over %.1f s; shipped %d, %.2f shipped/s; "
                                + "accepted->shipped p50 %d p99 %d ms; complete (shipped+captured+exported) %d, %.2f/s, p50 %d p99 %d ms; "
                                + "intake p99 %.1f ms; hub CPU %.0f ms per order (%.2f cores)"
                                + " | intake alone (8 clients) %.1f orders/s, p99 %.1f ms, %.1f ms CPU per order%n",
                        lines, b.path("ok").asInt(), b.path("unsettledAtEnd").asInt(), b.path("settledPerSec").asDouble(),
                        b.path("seconds").asDouble(), e2e.path("shipped").asInt(), e2e.path("shippedPerSec").asDouble(),
                        e2e.path("acceptedToShippedMs").path("p50").asLong(), e2e.path("acceptedToShippedMs").path("p99").asLong(),
                        e2e.path("complete").asInt(), e2e.path("completePerSec").asDouble(),
                        e2e.path("acceptedToCompleteMs").path("p50").asLong(), e2e.path("acceptedToCompleteMs").path("p99").asLong(),
                        b.path("latencyMs").path("p99").asDouble(), b.path("hubCpuMsPerOrder").asDouble(), b.path("hubCpuCores").asDouble(),
                        alone.path("ratePerSec").asDouble(), alone.path("latencyMs").path("p99").asDouble(),
                        alone.path("hubCpuMsPerRequest").asDouble()));
                plotLines.append(String.format(java.util.Locale.ROOT, "%d %.1f %.2f %.2f %d %.1f%n", lines,
                        alone.path("ratePerSec").asDouble(), alone.path("latencyMs").path("p99").asDouble(),
                        b.path("settledPerSec").asDouble(), e2e.path("acceptedToShippedMs").path("p99").asLong(),
                        b.path("hubCpuMsPerOrder").asDouble()));
            }
        }
        // backlog: intake and pipeline with N orders waiting in orders.received
        JsonNode load = readOr(dir.resolve("backlog-load.json"));
        if (load.has("orders")) {
            ObjectNode bl = result.putObject("backlog");
            JsonNode bi = readOr(dir.resolve("backlog-intake-c8.json"));
            JsonNode bs = readOr(dir.resolve("backlog-stages.json"));
            JsonNode be = readOr(dir.resolve("backlog-e2e.json"));
            JsonNode bh = readOr(dir.resolve("backlog-hub.json"));
            bl.set("load", load);
            bl.set("intake", bi);
            bl.set("pipelineMovesPerSec", bs);
            bl.set("endToEnd", be);
            bl.set("hub", bh);
            JsonNode c8 = readOr(dir.resolve("intake-c8.json"));
            JsonNode l = bi.path("latencyMs");
            t.append(String.format("backlog: %,d orders waiting in orders.received at the start (%d stored by intake, the rest copies; loaded in %.0f + %.0f s)%n",
                    load.path("orders").asInt(), load.path("templates").asInt(), load.path("dbLoadSeconds").asDouble(),
                    load.path("brokerLoadSeconds").asDouble()));
            t.append(String.format("  intake c8 with the backlog: %.1f orders/s, p50 %.2f p95 %.2f p99 %.2f max %.1f ms, errors %d, hub CPU %.2f cores"
                            + " | without (c8 phase above): %.1f orders/s, p99 %.2f ms%n",
                    bi.path("ratePerSec").asDouble(), l.path("p50").asDouble(), l.path("p95").asDouble(), l.path("p99").asDouble(),
                    l.path("max").asDouble(), bi.path("errors").asLong(), bi.path("hubCpuCores").asDouble(),
                    c8.path("ratePerSec").asDouble(), c8.path("latencyMs").path("p99").asDouble()));
            t.append(String.format("  pipeline moves/s with the backlog (%.0f s): %s%n  orders by status at the end: %s%n",
                    bs.path("windowSeconds").asDouble(), bs.path("movesPerSec"), bs.path("ordersByStatusAtEnd")));
            if (be.size() > 0) {
                JsonNode e = be.get(0);
                t.append(String.format("  of the %d orders taken during the backlog phase, %d shipped before the stop%n",
                        e.path("accepted").asInt(), e.path("shipped").asInt()));
            }
        }
        Files.writeString(dir.resolve("plot-lines.dat"), plotLines.toString());

        JsonNode hub = result.path("hub");
        t.append(String.format("hub: peak RSS %d MB, CPU %.1f s over the run%n",
                hub.path("peakRssMb").asLong(), hub.path("cpuSeconds").asDouble()));
        // CPU per order is steadier than rates on a shared machine: whole-window hub CPU over the orders it shipped
        double shippedInWindow = stages.path("movesPerSec").path("SHIPPED").asDouble() * stages.path("windowSeconds").asDouble();
        if (shippedInWindow > 0 && hub.path("cpuSeconds").asDouble() > 0) {
            double msPerShipped = hub.path("cpuSeconds").asDouble() * 1000 / shippedInWindow;
            result.put("hubCpuMsPerShippedOrder", Bench.round(msPerShipped, 1));
            t.append(String.format("hub CPU per shipped order (whole window, intake included): %.0f ms%n", msPerShipped));
        }
        System.out.print(t);
        Files.writeString(dir.resolve("table.txt"), t.toString());
        Files.writeString(dir.resolve("plot.dat"), plot.toString());
        Files.writeString(Path.of(a.get("out")), result.toPrettyString());
    }

    static int order(String n) {
        String digits = n.replaceAll("\\D+", " ").trim().split(" ")[0];
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    static JsonNode readOr(Path p) {
        try {
            return Files.exists(p) ? JSON.readTree(p.toFile()) : JSON.createObjectNode();
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
