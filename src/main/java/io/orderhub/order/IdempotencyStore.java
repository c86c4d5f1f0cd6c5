package io.orderhub.order;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** First responses by (caller, Idempotency-Key), kept so a retry gets the very same answer. */
@Repository
public class IdempotencyStore {

    public record StoredResponse(String requestHash, int status, String body, String orderId) {
    }

    private final JdbcTemplate jdbc;

    public IdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredResponse> find(String caller, String key) {
        return jdbc.query("""
                select request_hash, response_status, response_body, order_id
                from idempotency_keys where caller = ? and idempotency_key = ?""",
                (rs, n) -> new StoredResponse(rs.getString(1).trim(), rs.getInt(2), rs.getString(3), rs.getString(4)),
                caller, key).stream().findFirst();
    }

    /** Fails with a DuplicateKeyException when a concurrent request with the same key got there first. */
    public void save(String caller, String key, StoredResponse response, Instant at) {
        jdbc.update("""
                insert into idempotency_keys (caller, idempotency_key, request_hash, response_status, response_body, order_id, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""",
                caller, key, response.requestHash(), response.status(), response.body(), response.orderId(),
                OrderRepository.utc(at));
    }
}
