package io.orderhub.customer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.OrderIntake;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.security.Caller;
import io.orderhub.security.CustomerTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customer access tokens: 256 random bits, URL-safe, each opening one order. The hub keeps only
 * their SHA-256, so neither the database nor a backup can hand one out; the token itself is given
 * once, to the storefront in the intake answer (or when a new one is issued, which revokes the
 * earlier ones). Order ids alone never open anything.
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

    public CustomerAccess(JdbcTemplate jdbc, OrderRepository orders, ObjectMapper mapper, Environment environment, Clock clock) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.mapper = mapper;
        this.environment = environment;
        this.clock = clock;
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

    /** Revokes every token of the order and issues a new one: for a lost or leaked link. */
    @Transactional
    public String reissue(String orderId, Caller caller) {
        orders.findById(orderId)
                .filter(order -> caller.maySee(order.id(), order.channel()))
                .orElseThrow(() -> new OrderNotFoundException(orderId));
        jdbc.update("update customer_access_tokens set revoked_at = ?, revoked_by = ? where order_id = ? and revoked_at is null",
                OrderRepository.utc(clock.instant()), caller.keyName(), orderId);
        return mapper.createObjectNode().set("customerAccess", access(issue(orderId, caller.keyName()))).toString();
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
