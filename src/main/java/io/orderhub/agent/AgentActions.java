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
 * What agents and admins did for a customer, by whom and why: the order's status history shows
 * moves, this log shows the actions that are not moves (a resent notification) or that say more
 * than one (an order placed on someone's behalf, a return created, a receipt confirmed).
 */
@Component("agentActions")
public class AgentActions {

    public static final String PLACE_ON_BEHALF = "place-order-on-behalf";
    public static final String CREATE_RETURN = "create-return";
    public static final String CONFIRM_RETURN_RECEIPT = "confirm-return-receipt";
    public static final String RESEND_NOTIFICATION = "resend-notification";

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

    public ArrayNode forOrder(String orderId) {
        ArrayNode actions = mapper.createArrayNode();
        jdbc.query("select action, actor_type, actor_id, reason, detail, occurred_at from agent_actions where order_id = ? order by id",
                rs -> {
                    actions.addObject()
                            .put("at", rs.getObject("occurred_at", OffsetDateTime.class).toInstant().toString())
                            .put("action", rs.getString("action"))
                            .put("actor", rs.getString("actor_type").toLowerCase(Locale.ROOT))
                            .put("actorId", rs.getString("actor_id"))
                            .put("reason", rs.getString("reason"))
                            .put("detail", rs.getString("detail"));
                }, orderId);
        return actions;
    }
}
