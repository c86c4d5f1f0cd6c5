package io.orderhub.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.security.Caller;
import java.time.Clock;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes an order in. The answer is given only after one transaction has stored the order, its
 * first history entry, the outbox event that hands it to the pipeline and the response kept for
 * its Idempotency-Key: after a crash either all of it exists or none of it does.
 */
@Service
public class OrderIntake {

    /** What the API answers: a status and a JSON body (the order, or a replay of the first answer). */
    public record Response(int status, String body, String orderId) {
    }

    private final OrderValidator validator;
    private final OrderJson json;
    private final OrderRepository orders;
    private final IdempotencyStore idempotency;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final RequestHash requestHash;

    public OrderIntake(OrderValidator validator, OrderJson json, OrderRepository orders, IdempotencyStore idempotency,
                       Outbox outbox, TransactionTemplate transaction, Clock clock, RequestHash requestHash) {
        this.validator = validator;
        this.json = json;
        this.orders = orders;
        this.idempotency = idempotency;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
        this.requestHash = requestHash;
    }

    public Response accept(String body, String idempotencyKey, Caller caller) {
        return accept(body, idempotencyKey, caller, "order placed", orderId -> { });
    }

    /**
     * @param reason            the first history entry's reason, e.g. why an agent placed it for a customer
     * @param inSameTransaction also done in the order's transaction with its id, e.g. recording the agent's action
     */
    public Response accept(String body, String idempotencyKey, Caller caller, String reason,
                           java.util.function.Consumer<String> inSameTransaction) {
        JsonNode document = validator.parse(body);
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.trim();
        String requestHash = key == null ? null : this.requestHash.of(document);
        if (key != null) {
            var replay = replayOf(caller, key, requestHash);
            if (replay != null) {
                return replay;
            }
        }
        validator.validate(document);
        String channel = document.get("channel").asText();
        if (caller.restrictedChannel() != null && !caller.restrictedChannel().equals(channel)) {
            throw new ChannelNotAllowedException(caller.restrictedChannel(), channel);
        }
        try {
            return transaction.execute(tx -> {
                Response stored = store(document, key, requestHash, caller, reason);
                inSameTransaction.accept(stored.orderId());
                return stored;
            });
        } catch (DuplicateKeyException | DuplicateOrderException duplicate) {
            // a concurrent request got there first: the same retry (answer as it was answered),
            // or another request for the same externalId (409)
            if (key != null) {
                var replay = replayOf(caller, key, requestHash);
                if (replay != null) {
                    return replay;
                }
            }
            if (duplicate instanceof DuplicateOrderException known) {
                throw known;
            }
            String externalId = document.get("externalId").asText();
            String existing = orders.findIdByExternalId(channel, externalId).orElseThrow(() -> duplicate);
            throw new DuplicateOrderException(channel, externalId, existing);
        }
    }

    private Response store(JsonNode document, String key, String requestHash, Caller caller, String reason) {
        var now = clock.instant();
        String channel = document.get("channel").asText();
        String externalId = document.get("externalId").asText();
        orders.findIdByExternalId(channel, externalId).ifPresent(existing -> {
            throw new DuplicateOrderException(channel, externalId, existing);
        });
        Order order = json.newOrder(UUID.randomUUID().toString(), document, now);
        orders.insert(order);
        StatusChange created = new StatusChange(null, OrderStatus.RECEIVED, caller.actor(), reason, now);
        orders.appendHistory(order.id(), created);
        outbox.add(Outbox.ORDER_RECEIVED, order, now);
        String responseBody = json.view(order, java.util.List.of(created)).toString();
        if (key != null) {
            idempotency.save(caller.keyName(), key,
                    new IdempotencyStore.StoredResponse(requestHash, 201, responseBody, order.id()), now);
        }
        return new Response(201, responseBody, order.id());
    }

    private Response replayOf(Caller caller, String key, String requestHash) {
        return idempotency.find(caller.keyName(), key)
                .map(stored -> {
                    if (!stored.requestHash().equals(requestHash)) {
                        throw new IdempotencyKeyReusedException(key);
                    }
                    return new Response(stored.status(), stored.body(), stored.orderId());
                })
                .orElse(null);
    }
}
