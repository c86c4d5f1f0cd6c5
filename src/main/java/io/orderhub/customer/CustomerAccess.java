package io.orderhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.agent.AgentActions;
import io.orderhub.api.RequestBodies;
import io.orderhub.notify.NotificationEvent;
import io.orderhub.notify.NotificationRequests;
import io.orderhub.order.Actor;
import io.orderhub.order.InvalidRequestException;
import io.orderhub.order.OrderIntake;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.Outbox;
import io.orderhub.order.Violation;
import io.orderhub.security.Caller;
import io.orderhub.security.CustomerTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customer access tokens: 256 random bits, URL-safe, each opening one order. The hub keeps only
 * their SHA-256, so neither the database nor a backup can hand one out; the token itself is given
 * once: to the storefront in the intake answer (or when it asks for a new one, which revokes the
 * earlier ones), or to the customer in a {@code customer-link} email when an agent placed the
 * order or asked for a new link. Agents never see a token. Order ids alone never open anything.
 */
@Component("customerAccess")
public class CustomerAccess implements CustomerTokens {

    private static final int TOKEN_BYTES = 32;
    /** What this class issues: 43 URL-safe base64 characters; anything else is not looked up. */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random = new SecureRandom();
    private final JdbcTemplate jdbc;
    private final OrderRepository orders;
    private final ObjectMapper mapper;
    private final Environment environment;
    private final Clock clock;
    private final OrderLifecycle lifecycle;
    private final AgentActions agentActions;
    private final NotificationRequests notificationRequests;
    private final Outbox outbox;

    /** What the customer-access endpoints answer: 201 with the token for storefronts, 202 for a link sent to the customer, 204. */
    public record Answer(int status, String body) {
    }

    public CustomerAccess(JdbcTemplate jdbc, OrderRepository orders, ObjectMapper mapper, Environment environment, Clock clock,
                          OrderLifecycle lifecycle, AgentActions agentActions, NotificationRequests notificationRequests,
                          Outbox outbox) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.mapper = mapper;
        this.environment = environment;
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.agentActions = agentActions;
        this.notificationRequests = notificationRequests;
        this.outbox = outbox;
    }

    @Override
    public Optional<String> orderFor(String token) {
        if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.queryForList("select order_id from customer_access_tokens where token_hash = ? and revoked_at is null",
                String.class, digest(token)).stream().findFirst();
    }

    /**
     * The intake answer with {@code customerAccess: {token, trackUrl}} added to a 201 (first answer
     * or replay: a replay gets a token of its own, as the stored answer holds none).
     */
    public String intakeAnswer(OrderIntake.Response intake, Caller caller) throws Exception {
        if (intake.status() != 201) {
            return intake.body();
        }
        ObjectNode body = (ObjectNode) mapper.readTree(intake.body());
        body.set("customerAccess", access(issue(intake.orderId(), caller.keyName())));
        return body.toString();
    }

    /**
     * Revokes every token of the order and makes a new one, for a lost or leaked link. A storefront
     * gets the new token in the answer (201) to hand to its customer. An agent or admin must give a
     * {@code reason}; the new link goes to the customer by email (202) and the agent never sees it.
     */
    @Transactional
    public Answer reissue(String orderId, String body, Caller caller) {
        String reason = caller.actsForCustomers() ? reasonOf(body) : null;
        visibleOrder(orderId, caller);
        revokeAll(orderId, caller);
        if (!caller.actsForCustomers()) {
            lifecycle.note(orderId, caller.actor(), "new customer access link issued; earlier links revoked");
            return new Answer(201, mapper.createObjectNode().set("customerAccess", access(issue(orderId, caller.keyName()))).toString());
        }
        String linkId = sendLink(orderId, caller.actor(), reason);
        return new Answer(202, mapper.createObjectNode().put("orderId", orderId).put("linkId", linkId).put("delivery", "email")
                .put("status", "queued").toString());
    }

    /** Revokes every token of the order without a new one: the customer's links stop working (204). */
    @Transactional
    public Answer revoke(String orderId, String reason, Caller caller) {
        String why = reason == null ? "" : reason.trim();
        if (caller.actsForCustomers() && (why.isEmpty() || why.length() > RequestBodies.MAX_REASON)) {
            throw new InvalidRequestException(List.of(new Violation("/reason",
                    "is required: say why, in at most " + RequestBodies.MAX_REASON + " characters (?reason=...)")));
        }
        visibleOrder(orderId, caller);
        revokeAll(orderId, caller);
        lifecycle.note(orderId, caller.actor(), "customer access links revoked" + (why.isEmpty() ? "" : ": " + why));
        if (caller.actsForCustomers()) {
            agentActions.record(orderId, AgentActions.REVOKE_CUSTOMER_ACCESS, caller.actor(), why, null);
        }
        return new Answer(204, "");
    }

    /**
     * Has a new customer link emailed to the customer of an order an agent acts on (in the caller's
     * transaction, through the outbox): recorded in the history and the agents' actions. The token
     * is made when the email is, {@link #issueForLink}, so it is stored nowhere but in the email;
     * the request's time is when the link was asked for, after the revocation of earlier links.
     *
     * @return the link's id (not a credential)
     */
    public String sendLink(String orderId, Actor agent, String reason) {
        String linkId = UUID.randomUUID().toString();
        lifecycle.note(orderId, agent, "customer access link sent to the customer by " + agent.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " " + agent.id() + ": " + reason);
        agentActions.record(orderId, AgentActions.SEND_CUSTOMER_LINK, agent, reason, "link " + linkId);
        outbox.send("notifications.requested", orderId, notificationRequests.request(orderId, NotificationEvent.CUSTOMER_LINK.wireName(),
                Map.of(NotificationRequests.LINK_ID, linkId)), clock.instant());
        return linkId;
    }

    /**
     * The tracking URL of a new token for link {@code linkId}, made as the link's message on
     * {@code channel} is rendered, once its sending was claimed; empty when the link is no longer
     * current: since it was asked for ({@code askedAt}), the order's links were revoked or another
     * token was issued. A retried or replayed message must not undo that. A retry's new token
     * retires the one its failed try made (never delivered, known to nobody).
     */
    @Transactional
    public Optional<String> issueForLink(String orderId, String linkId, String channel, Instant askedAt) {
        // the same row lock as revoke and reissue: neither slips in between this check and the insert
        orders.lockStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        String ofThisLink = "link " + linkId + "%";
        OffsetDateTime since = OrderRepository.utc(askedAt);
        Integer overtaken = jdbc.queryForObject("""
                select count(*) from customer_access_tokens where order_id = ?
                and ((created_at > ? and issued_by not like ?) or (revoked_at > ? and coalesce(revoked_by, '') not like ?))""",
                Integer.class, orderId, since, ofThisLink, since, ofThisLink);
        if (overtaken != null && overtaken > 0) {
            return Optional.empty();
        }
        String issuedBy = "link " + linkId + " " + channel;
        jdbc.update("update customer_access_tokens set revoked_at = ?, revoked_by = ? where order_id = ? and issued_by = ? and revoked_at is null",
                OrderRepository.utc(clock.instant()), issuedBy, orderId, issuedBy);
        return Optional.of(access(issue(orderId, issuedBy)).get("trackUrl").asText());
    }

    private void visibleOrder(String orderId, Caller caller) {
        orders.findById(orderId)
                .filter(order -> caller.maySee(order.id(), order.channel()))
                .orElseThrow(() -> new OrderNotFoundException(orderId));
    }

    private void revokeAll(String orderId, Caller caller) {
        // a customer-link message being rendered holds this lock while it checks and issues (issueForLink)
        orders.lockStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        jdbc.update("update customer_access_tokens set revoked_at = ?, revoked_by = ? where order_id = ? and revoked_at is null",
                OrderRepository.utc(clock.instant()), caller.keyName(), orderId);
    }

    private String reasonOf(String body) {
        JsonNode request = RequestBodies.object(mapper, body);
        List<Violation> problems = new ArrayList<>();
        String reason = RequestBodies.reason(request, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return reason;
    }

    String issue(String orderId, String issuedBy) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.update("insert into customer_access_tokens (token_hash, order_id, issued_by, created_at) values (?, ?, ?, ?)",
                digest(token), orderId, issuedBy, OrderRepository.utc(clock.instant()));
        return token;
    }

    private ObjectNode access(String token) {
        return mapper.createObjectNode()
                .put("token", token)
                .put("trackUrl", environment.getProperty("orderhub.customer.track-url", "/api/track/") + token);
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
