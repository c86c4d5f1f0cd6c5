package io.orderhub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.Violation;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code type} is a stable slug under /problems/ that clients can
 * switch on; {@code errors} lists every field problem with its JSON pointer.
 */
public record Problem(int status, String type, String title, String detail, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of());
    }

    public ObjectNode toJson(ObjectMapper mapper, String instance) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", "https://orderhub.io/problems/" + type);
        node.put("title", title);
        node.put("status", status);
        node.put("detail", detail);
        if (instance != null) {
            node.put("instance", instance);
        }
        if (!errors.isEmpty()) {
            ArrayNode list = node.putArray("errors");
            for (Violation violation : errors) {
                list.addObject().put("pointer", violation.pointer()).put("detail", violation.detail());
            }
        }
        return node;
    }
}
