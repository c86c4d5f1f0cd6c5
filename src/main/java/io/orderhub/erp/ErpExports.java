package io.orderhub.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.Outbox;
import io.orderhub.order.OrderStatus;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Orders out to the ERPs, once per order and connection. When an order enters the export stage,
 * an "export requested" message for each connection is written to the outbox in the same
 * transaction as the move (so it cannot be lost); the export route uploads the file and records
 * it here (erp_exports), and a redelivered or repeated request finds it recorded and writes nothing.
 */
@Component("erpExports")
public class ErpExports {

    private static final Logger log = LoggerFactory.getLogger(ErpExports.class);

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final ErpConnections connections;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ErpExports(JdbcTemplate jdbc, Outbox outbox, ErpConnections connections, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.connections = connections;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** How far an order has come on its way out, to tell when a move passes the export stage. */
    private static final List<OrderStatus> PROGRESSION = List.of(OrderStatus.RECEIVED, OrderStatus.ACCEPTED, OrderStatus.SCREENED,
            OrderStatus.TAXED, OrderStatus.PAYMENT_AUTHORISED, OrderStatus.RESERVED, OrderStatus.SOURCED, OrderStatus.RELEASED,
            OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.DELIVERED);

    @EventListener
    public void onStatusChanged(OrderLifecycle.StatusChanged change) {
        if (!reachesExportStage(change.from(), change.to(), connections.exportStage())) {
            return;
        }
        for (String name : connections.names()) {
            String request = mapper.createObjectNode().put("orderId", change.orderId()).put("connection", name).toString();
            outbox.send(ErpConnections.exportQueue(name), change.orderId(), request, change.at());
        }
    }

    /**
     * Entering the stage, or passing it: a site may ship its part before the others have taken
     * theirs (SOURCED to PARTIALLY_SHIPPED), and that order is past RELEASED without entering it.
     */
    static boolean reachesExportStage(OrderStatus from, OrderStatus to, OrderStatus stage) {
        if (from == to) {
            return false;
        }
        if (to == stage) {
            return true;
        }
        int stageRank = PROGRESSION.indexOf(stage);
        int fromRank = PROGRESSION.indexOf(from);
        return stageRank >= 0 && fromRank >= 0 && fromRank < stageRank && PROGRESSION.indexOf(to) > stageRank;
    }

    /** Whether the order still has to be exported to this connection. */
    public boolean pending(String orderId, String connection) {
        Integer done = jdbc.queryForObject("select count(*) from erp_exports where order_id = ? and connection_name = ?",
                Integer.class, orderId, connection);
        if (done != null && done > 0) {
            log.info("order {} was exported to ERP {} before: nothing to do", orderId, connection);
            return false;
        }
        return true;
    }

    public void recorded(String orderId, String connection, String fileName) {
        try {
            jdbc.update("insert into erp_exports (order_id, connection_name, file_name, exported_at) values (?, ?, ?, ?)",
                    orderId, connection, fileName, OrderRepository.utc(clock.instant()));
            log.info("order {} exported to ERP {} as {}", orderId, connection, fileName);
        } catch (DuplicateKeyException concurrentRepeat) {
            // the same request delivered twice at once: both uploads wrote the same file name, one record stays
            log.info("order {} export to ERP {} was recorded by a concurrent delivery", orderId, connection);
        }
    }

    /** Each order of a batch file, recorded as exported in it. */
    public void recordedAll(List<String> orderIds, String connection, String fileName) {
        for (String orderId : orderIds) {
            recorded(orderId, connection, fileName);
        }
    }
}
