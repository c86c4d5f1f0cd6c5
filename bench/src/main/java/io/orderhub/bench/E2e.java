package io.orderhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.orderhub.bench.OrderMix.JSON;

/**
 * End-to-end figures read from the hub's own records after it stopped: the order's first history
 * entry (RECEIVED, written in the intake transaction before the 201) and its move to SHIPPED.
 */
final class E2e {
    /** states the pipeline leaves alone (until a person or a partner acts) */
    static final Set<String> SETTLED = Set.of("SHIPPED", "DELIVERED", "CANCELLED", "FRAUD_HOLD",
            "BACKORDERED", "FAILED", "PAYMENT_DECLINED");

    static void run(Bench.Args a) throws Exception {
        ArrayNode phases = JSON.createArrayNode();
        try (Connection c = DriverManager.getConnection(a.get("db"), a.get("user", "sa"), a.get("password", ""))) {
            for (String spec : a.all("phase")) {
                // name:idsFile:intakeJson
                String[] p = spec.split(":", 3);
                List<String> ids = Files.readAllLines(Path.of(p[1]));
                JsonNode intake = Bench.read(Path.of(p[2]));
                phases.add(phase(c, p[0], ids, intake.path("startEpochMs").asLong(), intake.path("endEpochMs").asLong()));
            }
        }
        Files.writeString(Path.of(a.get("out")), phases.toPrettyString());
        if (a.has("window-from") && a.has("window-to")) {
            stageRates(a, Long.parseLong(a.get("window-from")), Long.parseLong(a.get("window-to")), a.get("stages-out"));
        }
    }

    /** How many orders made each move per second over the whole measured window (all orders, warm-up included):
     *  the pipeline's throughput per stage, whatever the backlog. */
    static void stageRates(Bench.Args a, long from, long to, String out) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        double secs = (to - from) / 1000.0;
        o.put("windowSeconds", Bench.round(secs, 1));
        ObjectNode r = o.putObject("movesPerSec");
        try (Connection c = DriverManager.getConnection(a.get("db"), a.get("user", "sa"), a.get("password", ""));
             PreparedStatement ps = c.prepareStatement("select to_status, count(*) from order_history "
                     + "where occurred_at >= ? and occurred_at <= ? group by to_status order by 2 desc")) {
            ps.setTimestamp(1, new java.sql.Timestamp(from));
            ps.setTimestamp(2, new java.sql.Timestamp(to));
            try (ResultSet rs = ps.executeQuery()) {
                StringBuilder line = new StringBuilder("pipeline moves/s over the measured window:");
                while (rs.next()) {
                    r.put(rs.getString(1), Bench.round(rs.getLong(2) / secs, 2));
                    line.append(' ').append(rs.getString(1)).append('=').append(String.format("%.2f", rs.getLong(2) / secs));
                }
                System.err.println(line);
            }
            // what is left where at the end (e.g. how much of a backlog is still waiting)
            ObjectNode left = o.putObject("ordersByStatusAtEnd");
            try (PreparedStatement ls = c.prepareStatement("select status, count(*) from orders group by status order by 2 desc");
                 ResultSet rs = ls.executeQuery()) {
                while (rs.next()) left.put(rs.getString(1), rs.getLong(2));
            }
            System.err.println("orders by status at the end: " + left);
        }
        Files.writeString(Path.of(out), o.toPrettyString());
    }

    static ObjectNode phase(Connection c, String name, List<String> ids, long start, long end) throws Exception {
        Map<String, Long> received = new HashMap<>(), shipped = new HashMap<>(), complete = new HashMap<>();
        Histogram hc = new Histogram(3_600_000L, 3); // ms, accepted -> shipped, captured and exported
        Map<String, String> status = new HashMap<>();
        Histogram h = new Histogram(3_600_000L, 3); // ms
        try (PreparedStatement hs = c.prepareStatement(
                "select order_id, to_status, occurred_at from order_history where order_id = ? order by seq");
             PreparedStatement os = c.prepareStatement("select status from orders where id = ?");
             PreparedStatement cs = c.prepareStatement("select max(created_at) from payment_captures where order_id = ?");
             PreparedStatement es = c.prepareStatement("select max(exported_at) from erp_exports where order_id = ?")) {
            for (String id : ids) {
                hs.setString(1, id);
                try (ResultSet rs = hs.executeQuery()) {
                    while (rs.next()) {
                        long t = rs.getTimestamp(3).getTime();
                        received.putIfAbsent(id, t);
                        if ("SHIPPED".equals(rs.getString(2))) shipped.put(id, t);
                    }
                }
                os.setString(1, id);
                try (ResultSet rs = os.executeQuery()) {
                    status.put(id, rs.next() ? rs.getString(1) : "MISSING");
                }
                // complete = shipped, its payment captured and the order exported to the ERP: the latest of the three
                if (shipped.containsKey(id)) {
                    cs.setString(1, id);
                    es.setString(1, id);
                    Long captured = null, exported = null;
                    try (ResultSet rs = cs.executeQuery()) {
                        if (rs.next() && rs.getTimestamp(1) != null) captured = rs.getTimestamp(1).getTime();
                    }
                    try (ResultSet rs = es.executeQuery()) {
                        if (rs.next() && rs.getTimestamp(1) != null) exported = rs.getTimestamp(1).getTime();
                    }
                    if (captured != null && exported != null) {
                        complete.put(id, Math.max(shipped.get(id), Math.max(captured, exported)));
                    }
                }
            }
        }
        long lastShipped = 0;
        for (var e : shipped.entrySet()) {
            h.recordValue(Math.max(0, e.getValue() - received.get(e.getKey())));
            lastShipped = Math.max(lastShipped, e.getValue());
        }
        long lastComplete = 0;
        for (var e : complete.entrySet()) {
            hc.recordValue(Math.max(0, e.getValue() - received.get(e.getKey())));
            lastComplete = Math.max(lastComplete, e.getValue());
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("phase", name);
        out.put("accepted", ids.size());
        out.put("shipped", shipped.size());
        Map<String, Integer> counts = new TreeMap<>();
        status.values().forEach(s -> counts.merge(s, 1, Integer::sum));
        ObjectNode sc = out.putObject("finalStatuses");
        counts.forEach(sc::put);
        double window = lastShipped > start ? (lastShipped - start) / 1000.0 : 0;
        out.put("windowSeconds", Bench.round(window, 2));
        out.put("shippedPerSec", window > 0 ? Bench.round(shipped.size() / window, 1) : 0);
        out.put("intakeSeconds", Bench.round((end - start) / 1000.0, 2));
        ObjectNode l = out.putObject("acceptedToShippedMs");
        l.put("p50", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50));
        l.put("p99", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99));
        l.put("max", h.getMaxValue());
        out.put("complete", complete.size());
        double cw = lastComplete > start ? (lastComplete - start) / 1000.0 : 0;
        out.put("completePerSec", cw > 0 ? Bench.round(complete.size() / cw, 1) : 0);
        ObjectNode lc = out.putObject("acceptedToCompleteMs"); // shipped, captured and exported to the ERP
        lc.put("p50", hc.getTotalCount() == 0 ? 0 : hc.getValueAtPercentile(50));
        lc.put("p99", hc.getTotalCount() == 0 ? 0 : hc.getValueAtPercentile(99));
        System.err.printf("e2e %s: %d accepted, %d shipped, %.1f shipped/s over %.1f s, p50 %d ms, p99 %d ms; "
                        + "%d complete (shipped, captured, exported), p50 %d ms, p99 %d ms; statuses %s%n",
                name, ids.size(), shipped.size(), window > 0 ? shipped.size() / window : 0, window,
                l.get("p50").asLong(), l.get("p99").asLong(), complete.size(), lc.get("p50").asLong(), lc.get("p99").asLong(), counts);
        return out;
    }
}
