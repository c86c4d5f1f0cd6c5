package io.orderhub.sourcing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The plan each order was reserved with, stored as JSON; one per order, written once. */
@Repository
public class FulfilmentPlans {

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public FulfilmentPlans(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** Stores the plan; a second plan for the same order fails with a duplicate key. */
    public void insert(FulfilmentPlan plan, Instant now) {
        try {
            jdbc.update("insert into fulfilment_plans (order_id, plan_json, created_at) values (?, ?, ?)",
                    plan.orderId(), mapper.writeValueAsString(plan), now.atOffset(ZoneOffset.UTC));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the plan of order " + plan.orderId(), e);
        }
    }

    public Optional<FulfilmentPlan> find(String orderId) {
        return jdbc.queryForList("select plan_json from fulfilment_plans where order_id = ?", String.class, orderId)
                .stream().findFirst().map(json -> {
                    try {
                        return mapper.readValue(json, FulfilmentPlan.class);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("the stored plan of order " + orderId + " is not readable", e);
                    }
                });
    }

    public void delete(String orderId) {
        jdbc.update("delete from fulfilment_plans where order_id = ?", orderId);
    }
}
