package io.orderhub.pipeline;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Effects on partners (authorise, capture, void, refund, label, release), each under one key.
 * A stage asks {@link #find} before acting and {@link #record}s the partner's answer after, so a
 * redelivered or replayed message reuses the answer instead of acting again. The same key goes
 * to the partner as Idempotency-Key, which covers a crash between the call and the record.
 */
@Component("effects")
public class Effects {

    private static final Logger log = LoggerFactory.getLogger(Effects.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Effects(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The recorded result (canonical JSON) of the effect, or null when it has not happened yet. */
    public String find(String effectKey) {
        return jdbc.queryForList("select result from partner_effects where effect_key = ?", String.class, effectKey)
                .stream().findFirst().orElse(null);
    }

    public void record(String effectKey, String orderId, String step, String result) {
        // a duplicate may have recorded it first, or in the same instant (both saw none): the first answer stands
        try {
            jdbc.update("""
                    insert into partner_effects (effect_key, order_id, step, result, completed_at)
                    select ?, ?, ?, ?, ? where not exists (select 1 from partner_effects where effect_key = ?)""",
                    effectKey, orderId, step, result, io.orderhub.order.OrderRepository.utc(clock.instant()), effectKey);
        } catch (DuplicateKeyException recordedAtOnce) {
            log.debug("effect {} was recorded by a concurrent duplicate; its answer stands", effectKey);
        }
    }
}
