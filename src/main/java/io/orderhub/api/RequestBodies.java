package io.orderhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.order.InvalidRequestException;
import io.orderhub.order.Violation;
import java.util.List;

/** What request bodies of the API have in common: a JSON object, and a reason when someone acts for a customer. */
public final class RequestBodies {

    /** The longest reason an actor may give (history and the agent action log keep it whole). */
    public static final int MAX_REASON = 500;

    private RequestBodies() {
    }

    /** The body as a JSON object; anything else is refused as a whole (422). */
    public static JsonNode object(ObjectMapper mapper, String body) {
        try {
            JsonNode node = mapper.readTree(body == null ? "" : body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (Exception e) {
            // reported below
        }
        throw new InvalidRequestException(List.of(new Violation("", "the body must be a JSON object")));
    }

    /** The request's {@code reason}, trimmed; a missing or overlong one is added to {@code problems}. */
    public static String reason(JsonNode request, List<Violation> problems) {
        String reason = request.path("reason").asText("").trim();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            problems.add(new Violation("/reason", "is required: say why, in at most " + MAX_REASON + " characters"));
        }
        return reason;
    }
}
