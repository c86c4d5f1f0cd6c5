package io.orderhub.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.orderhub.bench.OrderMix.JSON;

/** Where the hub spent its CPU: jdk.ExecutionSample events of a flight recording, summarised. */
final class JfrSummary {
    static void run(Bench.Args a) throws Exception {
        Map<String, Integer> top = new HashMap<>(), area = new HashMap<>(), threads = new HashMap<>(), hubFrames = new HashMap<>(),
                h2ByCaller = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a.get("file")))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) continue;
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            RecordedFrame f0 = frames.get(0);
            top.merge(name(f0), 1, Integer::sum);
            String ar = area(frames);
            area.merge(ar, 1, Integer::sum);
            String t = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(t == null ? "?" : t.replaceAll("[-#]?\\d+", "-N"), 1, Integer::sum);
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("io.orderhub.")) {
                    hubFrames.merge(n, 1, Integer::sum);
                    if (ar.equals("H2 database")) h2ByCaller.merge(n, 1, Integer::sum);
                    break;
                }
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("executionSamples", samples);
        put(out.putObject("byArea"), area, 15, samples);
        put(out.putObject("topFrames"), top, 25, samples);
        put(out.putObject("topHubFrames"), hubFrames, 15, samples);
        put(out.putObject("byThread"), threads, 15, samples);
        put(out.putObject("h2ByHubCaller"), h2ByCaller, 15, samples);
        Files.writeString(Path.of(a.get("out")), out.toPrettyString());
        System.err.println("jfr: " + samples + " execution samples summarised");
    }

    static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** The most specific known library on the stack, scanned from the top frame down. */
    static String area(List<RecordedFrame> frames) {
        String[][] areas = {
                {"org.h2.", "H2 database"},
                {"org.apache.activemq.store.kahadb", "KahaDB store"},
                {"org.apache.activemq.", "ActiveMQ"},
                {"com.dashjoin.jsonata", "JSONata"},
                {"com.networknt.schema", "JSON schema validation"},
                {"com.fasterxml.jackson", "Jackson"},
                {"org.apache.camel.", "Camel"},
                {"org.springframework.jdbc", "Spring JDBC"},
                {"com.zaxxer.hikari", "Hikari"},
                {"org.apache.tomcat", "Tomcat"},
                {"org.apache.coyote", "Tomcat"},
                {"org.apache.hc.", "HTTP client (connectors)"},
                {"io.orderhub.", "hub code"},
                {"org.springframework.", "Spring"},
        };
        for (RecordedFrame f : frames) {
            String n = f.getMethod().getType().getName();
            for (String[] ar : areas) if (n.startsWith(ar[0])) return ar[1];
        }
        return "JDK/other";
    }

    static void put(ObjectNode o, Map<String, Integer> m, int limit, int total) {
        m.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(limit)
                .forEach(e -> o.put(e.getKey(), Bench.round(100.0 * e.getValue() / Math.max(1, total), 1)));
    }
}
