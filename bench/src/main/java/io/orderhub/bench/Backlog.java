package io.orderhub.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.orderhub.bench.OrderMix.JSON;

/**
 * Puts the stopped hub into the state "N orders received and handed off, waiting in orders.received":
 * what the hub holds when its pipeline falls N orders behind intake.
 * <p>
 * Templates are orders the hub itself stored through {@code POST /api/orders} with the hand-off route
 * excluded (the intake-alone phase): each has exactly the rows intake writes in its transaction
 * (orders, the first order_history entry, an unpublished outbox event, idempotency_keys). Each clone
 * copies a template's four rows with a fresh order id, externalId, event id and Idempotency-Key (the
 * ids replaced wherever they occur in the stored JSON). Then every backlog order's outbox row is marked
 * published and its event is sent, as the hand-off route sends it (same body, same JMS properties,
 * persistent), to orders.received in the hub's own KahaDB store, opened here by a broker configured as
 * the hub's (same name, directory). Rows are inserted in JDBC batches and messages sent in transacted
 * batches: the fast path, never seen by the hub, which is stopped meanwhile.
 * <pre>
 *   backlog --db JDBCURL [--user U --password P] --broker-dir DATA/broker --target N --out F
 * </pre>
 */
final class Backlog {
    record Template(String id, String channel, String externalId, String currency, java.math.BigDecimal total,
                    String email, String phone, String document, String historyReason, String actorType, String actorId,
                    String eventId, String payload, String caller, String key, String hash, int responseStatus,
                    String responseBody) {
    }

    record Event(String orderId, String eventId, String payload) {
    }

    static void run(Bench.Args a) throws Exception {
        int target = a.integer("target", 100_000);
        String url = a.get("db");
        long t0 = System.nanoTime();
        List<Event> events = new ArrayList<>();
        int templatesCount;
        try (var c = DriverManager.getConnection(url, a.get("user", "sa"), a.get("password", ""))) {
            c.setAutoCommit(false);
            List<Template> templates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select o.id, o.channel, o.external_id, o.currency, o.total_amount, o.customer_email, o.customer_phone,
                           o.document, h.reason, h.actor_type, h.actor_id, x.event_id, x.payload,
                           k.caller, k.idempotency_key, k.request_hash, k.response_status, k.response_body
                    from orders o
                    join order_history h on h.order_id = o.id and h.seq = 1
                    join outbox x on x.order_id = o.id and x.event_type = 'OrderReceived' and x.published_at is null
                    join idempotency_keys k on k.order_id = o.id
                    where o.status = 'RECEIVED' order by x.id""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    templates.add(new Template(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBigDecimal(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                            rs.getString(15), rs.getString(16), rs.getInt(17), rs.getString(18)));
                }
            }
            if (templates.isEmpty()) throw new IllegalStateException("no received, unpublished orders to copy");
            templatesCount = templates.size();
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement mark = c.prepareStatement("update outbox set published_at = ? where event_id = ?")) {
                for (Template t : templates) {
                    events.add(new Event(t.id(), t.eventId(), t.payload()));
                    mark.setTimestamp(1, now);
                    mark.setString(2, t.eventId());
                    mark.addBatch();
                }
                mark.executeBatch();
            }
            c.commit();
            try (PreparedStatement po = c.prepareStatement("insert into orders (id, channel, external_id, status, version, currency, "
                    + "total_amount, customer_email, customer_phone, document, created_at, updated_at) values (?, ?, ?, 'RECEIVED', 0, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement ph = c.prepareStatement("insert into order_history (order_id, seq, from_status, to_status, "
                         + "actor_type, actor_id, reason, occurred_at) values (?, 1, null, 'RECEIVED', ?, ?, ?, ?)");
                 PreparedStatement px = c.prepareStatement("insert into outbox (event_id, event_type, order_id, payload, created_at, "
                         + "published_at) values (?, 'OrderReceived', ?, ?, ?, ?)");
                 PreparedStatement pk = c.prepareStatement("insert into idempotency_keys (caller, idempotency_key, request_hash, "
                         + "response_status, response_body, order_id, created_at) values (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < target - templatesCount; i++) {
                    Template t = templates.get(i % templatesCount);
                    String id = UUID.randomUUID().toString();
                    String eventId = UUID.randomUUID().toString();
                    String externalId = t.externalId() + "-b" + i;
                    Timestamp at = Timestamp.from(Instant.now());
                    String document = t.document().replace(t.id(), id).replace(t.externalId(), externalId);
                    String payload = t.payload().replace(t.id(), id).replace(t.eventId(), eventId);
                    po.setString(1, id);
                    po.setString(2, t.channel());
                    po.setString(3, externalId);
                    po.setString(4, t.currency());
                    po.setBigDecimal(5, t.total());
                    po.setString(6, t.email());
                    po.setString(7, t.phone());
                    po.setString(8, document);
                    po.setTimestamp(9, at);
                    po.setTimestamp(10, at);
                    po.addBatch();
                    ph.setString(1, id);
                    ph.setString(2, t.actorType());
                    ph.setString(3, t.actorId());
                    ph.setString(4, t.historyReason());
                    ph.setTimestamp(5, at);
                    ph.addBatch();
                    px.setString(1, eventId);
                    px.setString(2, id);
                    px.setString(3, payload);
                    px.setTimestamp(4, at);
                    px.setTimestamp(5, at);
                    px.addBatch();
                    pk.setString(1, t.caller());
                    pk.setString(2, UUID.randomUUID().toString());
                    pk.setString(3, t.hash());
                    pk.setInt(4, t.responseStatus());
                    pk.setString(5, t.responseBody().replace(t.id(), id).replace(t.externalId(), externalId));
                    pk.setString(6, id);
                    pk.setTimestamp(7, at);
                    pk.addBatch();
                    events.add(new Event(id, eventId, payload));
                    if (i % 1000 == 999) {
                        po.executeBatch(); ph.executeBatch(); px.executeBatch(); pk.executeBatch();
                        c.commit();
                    }
                }
                po.executeBatch(); ph.executeBatch(); px.executeBatch(); pk.executeBatch();
                c.commit();
            }
        }
        double dbSecs = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        Path brokerDir = Path.of(a.get("broker-dir")).toAbsolutePath();
        BrokerService broker = new BrokerService();
        broker.setBrokerName("orderhub");
        broker.setPersistent(true);
        broker.setDataDirectoryFile(brokerDir.toFile());
        broker.setTmpDataDirectory(brokerDir.resolve("tmp").toFile());
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(brokerDir.resolve("kahadb").toFile());
        broker.setPersistenceAdapter(kahaDb);
        broker.setUseJmx(false);
        broker.setAdvisorySupport(false);
        broker.getSystemUsage().getStoreUsage().setLimit(8L * 1024 * 1024 * 1024);
        broker.start();
        broker.waitUntilStarted();
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://orderhub?create=false");
        try (Connection conn = cf.createConnection()) {
            Session s = conn.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(s.createQueue("orders.received"));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            int n = 0;
            for (Event e : events) {
                TextMessage m = s.createTextMessage(e.payload());
                // the headers routes/20-hand-off.camel.yaml sets, which Camel maps to JMS properties
                m.setStringProperty("orderId", e.orderId());
                m.setStringProperty("eventType", "OrderReceived");
                m.setStringProperty("eventId", e.eventId());
                p.send(m);
                if (++n % 500 == 0) s.commit();
            }
            s.commit();
        }
        broker.stop();
        broker.waitUntilStopped();
        double brokerSecs = (System.nanoTime() - t1) / 1e9;

        ObjectNode out = JSON.createObjectNode();
        out.put("kind", "backlog");
        out.put("orders", events.size());
        out.put("templates", templatesCount);
        out.put("dbLoadSeconds", Bench.round(dbSecs, 1));
        out.put("brokerLoadSeconds", Bench.round(brokerSecs, 1));
        Files.writeString(Path.of(a.get("out")), out.toPrettyString());
        System.err.printf("backlog: %d orders waiting in orders.received (%d stored by the hub's intake, the rest copies); "
                + "DB rows %.1f s, broker %.1f s%n", events.size(), templatesCount, dbSecs, brokerSecs);
    }
}
