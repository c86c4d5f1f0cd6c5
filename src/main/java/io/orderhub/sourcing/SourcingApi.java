package io.orderhub.sourcing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.inventory.InventoryProperties;
import io.orderhub.order.Order;
import io.orderhub.order.OrderJson;
import io.orderhub.order.OrderValidator;
import java.time.Clock;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** POST /api/sourcing/preview: a canonical order in, its plan and the reasons out; nothing is reserved. */
@Component("sourcingApi")
public class SourcingApi {

    private final OrderValidator validator;
    private final OrderJson orderJson;
    private final SourcingService sourcing;
    private final InventoryProperties properties;
    private final ObjectMapper mapper;
    private final Clock clock;

    public SourcingApi(OrderValidator validator, OrderJson orderJson, SourcingService sourcing, InventoryProperties properties,
                       ObjectMapper mapper, Clock clock) {
        this.validator = validator;
        this.orderJson = orderJson;
        this.sourcing = sourcing;
        this.properties = properties;
        this.mapper = mapper;
        this.clock = clock;
    }

    public String preview(String body) {
        JsonNode document = validator.parse(body);
        validator.validate(document);
        Order order = orderJson.newOrder(null, document, clock.instant());
        FulfilmentPlan plan = sourcing.preview(order);
        ObjectNode view = mapper.createObjectNode();
        view.put("whenUnavailable", properties.whenUnavailable().name().toLowerCase(Locale.ROOT));
        view.put("fullyBackordered", plan.fullyBackordered());
        view.put("hasBackorders", plan.hasBackorders());
        view.set("fulfilments", mapper.valueToTree(plan.fulfilments()));
        view.set("backordered", mapper.valueToTree(plan.backordered()));
        view.set("decisions", mapper.valueToTree(plan.decisions()));
        return view.toString();
    }
}
