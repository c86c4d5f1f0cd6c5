package io.orderhub.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.HdrHistogram.Histogram;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static io.orderhub.bench.OrderMix.JSON;

/** The ceilings of the hub's parts, measured in this process on the same machine. */
final class Ceilings {

    /**
     * ActiveMQ Classic 6.1.8 with KahaDB (journal synced, as the hub's), reached over vm:// like the hub's
     * stages: producers send persistent messages of the order event's size; consumers receive each
     * in a transacted session and commit it (as a stage does).
     */
    static void broker(Bench.Args a) throws Exception {
        double seconds = a.dbl("seconds", 10);
        int size = a.integer("size", 64);
        int producers = a.integer("producers", 4), consumers = a.integer("consumers", 4);
        Path dir = Path.of(a.get("dir"));
        BrokerService broker = new BrokerService();
        broker.setBrokerName("bench");
        broker.setUseJmx(false);
        broker.setPersistent(true);
        broker.setDataDirectoryFile(dir.toFile());
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(dir.resolve("kahadb").toFile());
        broker.setPersistenceAdapter(kahaDb);
        broker.addConnector("vm://bench");
        broker.start();
        broker.waitUntilStarted();
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://bench?create=false");
        StringBuilder body = new StringBuilder("{\"orderId\":\"" + UUID.randomUUID() + "\"}");
        while (body.length() < size) body.append(' ');

        AtomicLong sent = new AtomicLong(), received = new AtomicLong();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Histogram> hs = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(producers + consumers);
        List<Connection> conns = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < consumers; i++) {
            Histogram h = new Histogram(60_000_000L, 3);
            hs.add(h);
            Connection c = cf.createConnection();
            conns.add(c);
            c.start();
            new Thread(() -> {
                try {
                    Session s = c.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer mc = s.createConsumer(s.createQueue("bench.orders"));
                    while (System.nanoTime() < deadline) {
                        Message m = mc.receive(200);
                        if (m == null) continue;
                        s.commit();
                        received.incrementAndGet();
                        h.recordValue(Math.max(0, Math.min(60_000_000L, (System.nanoTime() - m.getLongProperty("sentNs")) / 1000)));
                    }
                    s.close();
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }, "consumer-" + i).start();
        }
        for (int i = 0; i < producers; i++) {
            Connection c = cf.createConnection();
            conns.add(c);
            c.start();
            new Thread(() -> {
                try {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    Queue q = s.createQueue("bench.orders");
                    MessageProducer p = s.createProducer(q);
                    p.setDeliveryMode(DeliveryMode.PERSISTENT);
                    while (System.nanoTime() < deadline) {
                        TextMessage m = s.createTextMessage(body.toString());
                        m.setLongProperty("sentNs", System.nanoTime());
                        p.send(m); // persistent and synchronous: answered after the journal write
                        sent.incrementAndGet();
                    }
                    s.close();
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }, "producer-" + i).start();
        }
        done.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        for (Connection c : conns) c.close();
        broker.stop();
        broker.waitUntilStopped();
        Histogram all = new Histogram(60_000_000L, 3);
        hs.forEach(all::add);
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", "broker");
        out.put("messageBytes", body.length());
        out.put("producers", producers);
        out.put("consumers", consumers);
        out.put("seconds", Bench.round(secs, 2));
        out.put("sentPerSec", Bench.round(sent.get() / secs, 1));
        out.put("receivedPerSec", Bench.round(received.get() / secs, 1));
        Bench.putLatency(out, all);
        Files.writeString(Path.of(a.get("out")), out.toPrettyString());
        System.err.printf("broker: sent %.0f/s, received (committed) %.0f/s, send->receive p99 %.2f ms%n",
                sent.get() / secs, received.get() / secs, all.getValueAtPercentile(99) / 1000.0);
    }

    /** The hub's own first migration, so the ceiling writes into exactly the tables and indexes the hub has. */
    static final Path ORDERS_MIGRATION = Path.of("src/main/resources/db/migration/V1__orders.sql");

    /**
     * H2 2.3.232 file database with the hub's URL options (WRITE_DELAY=0): rows shaped like the orders
     * table (same DDL and indexes, a real order document), one commit per order, from several threads.
     */
    static void db(Bench.Args a) throws Exception {
        double seconds = a.dbl("seconds", 10);
        int threads = a.integer("threads", 4);
        Path dir = Path.of(a.get("dir"));
        Files.createDirectories(dir);
        // --url: another database (PostgreSQL, a fresh empty schema); default: an H2 file DB as the hub's
        boolean h2 = !a.has("url");
        String url = h2 ? "jdbc:h2:file:" + dir.toAbsolutePath() + "/ceiling;WRITE_DELAY=0" : a.get("url");
        String user = a.get("user", "sa"), password = a.get("password", "");
        try (var c = DriverManager.getConnection(url, user, password); var st = c.createStatement()) {
            if (h2) st.execute("drop all objects");
            for (String statement : Files.readString(ORDERS_MIGRATION).replaceAll("(?m)^\\s*--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    st.execute(statement);
                }
            }
        }
        OrderMix mix = new OrderMix("db", 0);
        AtomicLong ok = new AtomicLong();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Histogram> hs = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Histogram h = new Histogram(60_000_000L, 3);
            hs.add(h);
            new Thread(() -> {
                try (var c = DriverManager.getConnection(url, user, password)) {
                    c.setAutoCommit(false);
                    PreparedStatement ps = c.prepareStatement("insert into orders (id, channel, external_id, status, version, "
                            + "currency, total_amount, customer_email, customer_phone, document, created_at, updated_at) "
                            + "values (?, 'web', ?, 'RECEIVED', 0, 'EUR', ?, ?, null, ?, ?, ?)");
                    while (System.nanoTime() < deadline) {
                        String doc = mix.next();
                        String id = UUID.randomUUID().toString();
                        long s = System.nanoTime();
                        ps.setString(1, id);
                        ps.setString(2, id);
                        ps.setBigDecimal(3, new java.math.BigDecimal("123.4500"));
                        ps.setString(4, "bench@example.com");
                        ps.setString(5, doc);
                        Timestamp now = Timestamp.from(Instant.now());
                        ps.setTimestamp(6, now);
                        ps.setTimestamp(7, now);
                        ps.executeUpdate();
                        c.commit();
                        h.recordValue(Math.min(60_000_000L, (System.nanoTime() - s) / 1000));
                        ok.incrementAndGet();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }, "db-" + i).start();
        }
        done.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        if (h2) {
            try (var c = DriverManager.getConnection(url, "sa", ""); var st = c.createStatement()) {
                st.execute("shutdown");
            }
        }
        Histogram all = new Histogram(60_000_000L, 3);
        hs.forEach(all::add);
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", "db");
        out.put("url", h2 ? "jdbc:h2:file:...;WRITE_DELAY=0" : url);
        out.put("database", h2 ? "H2 2.3.232" : "PostgreSQL");
        out.put("threads", threads);
        out.put("seconds", Bench.round(secs, 2));
        out.put("ordersPerSec", Bench.round(ok.get() / secs, 1));
        Bench.putLatency(out, all);
        Files.writeString(Path.of(a.get("out")), out.toPrettyString());
        System.err.printf((h2 ? "H2" : "PostgreSQL") + " db: %.0f order rows/s (one commit each, %d threads), p99 %.2f ms%n",
                ok.get() / secs, threads, all.getValueAtPercentile(99) / 1000.0);
    }
}
