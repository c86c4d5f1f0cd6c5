package io.orderhub.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/** The hash an Idempotency-Key's request is recognised by: the same JSON, whatever its whitespace or key order. */
@Component
public class RequestHash {

    private final ObjectMapper canonicalWriter;

    public RequestHash(OrderJson json) {
        this.canonicalWriter = json.mapper().copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    /** Hex SHA-256 of the document's canonical form. */
    public String of(JsonNode document) {
        try {
            byte[] canonical = canonicalWriter.writeValueAsBytes(canonicalWriter.treeToValue(document, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash request body", e);
        }
    }
}
