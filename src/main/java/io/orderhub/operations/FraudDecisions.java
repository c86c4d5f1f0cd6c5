package io.orderhub.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.agent.AgentActions;
import io.orderhub.order.IllegalTransitionException;
import io.orderhub.order.InvalidRequestException;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import io.orderhub.order.Outbox;
import io.orderhub.order.Violation;
import io.orderhub.security.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An agent's decision on an order held for fraud review: release it into the pipeline (on to
 * tax) or reject it (cancelled, nothing charged). Recorded with the agent and the reason.
 */
@Component("fraudDecisions")
public class FraudDecisions {

    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final AgentActions agentActions;

    public FraudDecisions(OrderRepository orders, OrderLifecycle lifecycle, Outbox outbox, ObjectMapper mapper, Clock clock,
                          AgentActions agentActions) {
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.mapper = mapper;
        this.clock = clock;
        this.agentActions = agentActions;
    }

    /** Body: {"decision": "release" | "reject", "reason": "..."}; returns the order's new status. */
    @Transactional
    public String decide(String orderId, String body, Caller caller) throws Exception {
        JsonNode request;
        try {
            request = mapper.readTree(body == null ? "" : body);
        } catch (Exception e) {
            request = null;
        }
        List<Violation> problems = new ArrayList<>();
        String decision = request == null ? "" : request.path("decision").asText("");
        String reason = request == null ? "" : request.path("reason").asText("").trim();
        if (!decision.equals("release") && !decision.equals("reject")) {
            problems.add(new Violation("/decision", "must be 'release' or 'reject'"));
        }
        if (reason.isEmpty() || reason.length() > 500) {
            problems.add(new Violation("/reason", "is required: say why, in at most 500 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        OrderStatus current = orders.findStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        OrderStatus next = decision.equals("release") ? OrderStatus.SCREENED : OrderStatus.CANCELLED;
        if (current != OrderStatus.FRAUD_HOLD) {
            throw new IllegalTransitionException(orderId, current, next);
        }
        lifecycle.transition(orderId, next, caller.actor(), "fraud review: " + decision + " - " + reason);
        if (caller.actsForCustomers()) {
            agentActions.record(orderId, AgentActions.FRAUD_DECISION, caller.actor(), reason, decision);
        }
        String event = mapper.createObjectNode().put("orderId", orderId).toString();
        outbox.send(next == OrderStatus.SCREENED ? "orders.screened" : "orders.cancelled", orderId, event, clock.instant());
        return next.name();
    }
}
