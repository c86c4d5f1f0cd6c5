package io.orderhub.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.order.Order;

/** Pieces of the canonical partner requests that several stages share. */
final class PartnerJson {

    private PartnerJson() {
    }

    static JsonNode address(ObjectMapper mapper, Order.Address address) {
        if (address == null) {
            return mapper.nullNode();
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("name", address.name());
        node.put("line1", address.line1());
        node.put("line2", address.line2());
        node.put("city", address.city());
        node.put("region", address.region());
        node.put("postalCode", address.postalCode());
        node.put("country", address.country());
        return node;
    }
}
