package io.orderhub.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderhub.order.Actor;
import io.orderhub.order.OrderRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What agents and admins did for a customer, by whom and why: every agent action is here (and in
 * the order's history): orders placed on someone's behalf, links sent or revoked, fraud decisions,
 * returns and receipts, resent notifications, and (from order_changes) address changes and cancellations.
 */
@Component("agentActions")
public class AgentActions {

    public static final String PLACE_ON_BEHALF = "place-order-on-behalf";
    public static final String CREATE_RETURN = "create-return";
    public static final String CONFIRM_RETURN_RECEIPT = "confirm-return-receipt";
    public static final String RESEND_NOTIFICATION = "resend-notification";
    public static final String SEND_CUSTOMER_LINK = "send-customer-link";
    public static final String REVOKE_CUSTOMER_ACCESS = "revoke-customer-access";
    public static final String FRAUD_DECISION = "fraud-decision";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper mapper;

    public AgentActions(JdbcTemplate jdbc, Clock clock, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** Only people acting for customers are recorded here; storefronts, partners and the hub have their own trails. */
    public static boolean isAgent(Actor actor) {
        return actor.kind() == Actor.Kind.AGENT || actor.kind() == Actor.Kind.ADMIN;
    }

    public void record(String orderId, String action, Actor actor, String reason, String detail) {
        jdbc.update("""
                insert into agent_actions (order_id, action, actor_type, actor_id, reason, detail, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?)""",
                orderId, action, actor.kind().name(), actor.id(), reason,
                detail == null ? null : detail.substring(0, Math.min(detail.length(), 2000)), OrderRepository.utc(clock.instant()));
    }

    /**
     * The order's agent actions, oldest first, with the changes agents made (address, cancellation):
     * those are kept once, in order_changes (io.orderhub.customer.OrderChanges), and shown here as
     * {@code shipping-address}, {@code cancel-order}, {@code cancel-lines}.
     */
    public ArrayNode forOrder(String orderId) {
        ArrayNode actions = mapper.createArrayNode();
        jdbc.query("""
                select action, actor_type, actor_id, reason, detail, occurred_at, 0 as source, id as seq
                from agent_actions where order_id = ?
                union all
                select lower(replace(kind, '_', '-')), actor_type, actor_id, reason, 'change ' || id, created_at, 1, 0
                from order_changes where order_id = ? and actor_type in ('AGENT', 'ADMIN')
                order by occurred_at, source, seq""",
                rs -> {
                    actions.addObject()
                            .put("at", rs.getObject("occurred_at", OffsetDateTime.class).toInstant().toString())
                            .put("action", rs.getString("action"))
                            .put("actor", rs.getString("actor_type").toLowerCase(Locale.ROOT))
                            .put("actorId", rs.getString("actor_id"))
                            .put("reason", rs.getString("reason"))
                            .put("detail", rs.getString("detail"));
                }, orderId, orderId);
        return actions;
    }
}
