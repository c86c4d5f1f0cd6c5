package io.orderhub.security;

import static io.orderhub.support.HubClient.ADMIN;
import static io.orderhub.support.HubClient.AGENT;
import static io.orderhub.support.HubClient.STOREFRONT;
import static io.orderhub.support.HubClient.json;
import static io.orderhub.support.HubClient.sampleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.support.HubClient;
import io.orderhub.support.HubTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the hub, every kind of caller: who gets in, who is refused, and who is told
 * "not found" because the order is not theirs. The table below lists each endpoint once; the test
 * reads the endpoints the hub really serves (REST DSL, Spring MVC, actuator) and fails for any
 * that the table does not list, so a new endpoint cannot ship without its access rule.
 */
@HubTest
class AccessControlMatrixTest {

    /** The callers: no credentials, each API key role, and customers holding an access token. */
    enum Who { NONE, STOREFRONT, STOREFRONT_OTHER_CHANNEL, AGENT, ADMIN, CUSTOMER, CUSTOMER_OTHER_ORDER }

    /** How an endpoint is protected. */
    enum Kind {
        /** API keys of the given roles (and customers if listed); order-scoped ones hide other orders as 404 */
        KEYS,
        /** the customer endpoints: the token in the path is the credential */
        TRACK,
        /** open to anyone (health) */
        OPEN,
        /** a simulated partner: it wants the partner key, which no hub caller has */
        PARTNER,
        /** a shop's webhook: only the shop's signature of the body opens it, no key or token does */
        SIGNED
    }

    record Rule(Kind kind, Set<Who> allowed, boolean orderScoped, String body) {
        static Rule keys(boolean orderScoped, String body, Who... allowed) {
            Set<Who> roles = EnumSet.noneOf(Who.class);
            roles.addAll(List.of(allowed));
            if (roles.contains(Who.STOREFRONT)) {
                roles.add(Who.STOREFRONT_OTHER_CHANNEL);
            }
            if (roles.contains(Who.CUSTOMER)) {
                roles.add(Who.CUSTOMER_OTHER_ORDER);
            }
            return new Rule(Kind.KEYS, roles, orderScoped, body);
        }
    }

    private static final String ORDER_BODY = "@order";
    private static final String BAD_ADDRESS = "{\"shippingAddress\": {}}";
    private static final String NO_SUCH_LINE = "{\"lines\": [{\"lineNumber\": 99, \"quantity\": 1}]}";
    private static final Who[] ORDERS = {Who.STOREFRONT, Who.AGENT, Who.ADMIN};
    private static final Who[] STAFF = {Who.AGENT, Who.ADMIN};

    /** THE access policy, one line per endpoint: keep it in step with SecurityConfiguration. */
    static final Map<String, Rule> POLICY = new LinkedHashMap<>();

    static {
        POLICY.put("POST /api/orders", Rule.keys(false, ORDER_BODY, Who.STOREFRONT));
        POLICY.put("POST /api/storefronts/{shop}/orders", new Rule(Kind.SIGNED, EnumSet.noneOf(Who.class), false, "{}"));
        POLICY.put("GET /api/orders", Rule.keys(false, null, ORDERS));
        POLICY.put("GET /api/orders/{id}", Rule.keys(true, null, ORDERS));
        POLICY.put("GET /api/orders/{id}/shipments", Rule.keys(true, null, ORDERS));
        POLICY.put("GET /api/orders/{id}/journey", Rule.keys(false, null, STAFF));
        POLICY.put("GET /api/orders/{id}/notifications", Rule.keys(false, null, STAFF));
        POLICY.put("POST /api/orders/{id}/fraud-decision", Rule.keys(false, "{\"decision\": \"maybe\"}", STAFF));
        POLICY.put("GET /api/orders/{id}/tracking", Rule.keys(true, null, Who.STOREFRONT, Who.AGENT, Who.ADMIN, Who.CUSTOMER));
        POLICY.put("POST /api/orders/{id}/shipping-address", Rule.keys(true, BAD_ADDRESS, Who.STOREFRONT, Who.AGENT, Who.ADMIN, Who.CUSTOMER));
        POLICY.put("POST /api/orders/{id}/cancel", Rule.keys(true, NO_SUCH_LINE, Who.STOREFRONT, Who.AGENT, Who.ADMIN, Who.CUSTOMER));
        POLICY.put("POST /api/orders/{id}/customer-access", Rule.keys(true, "", ORDERS));
        POLICY.put("DELETE /api/orders/{id}/customer-access", Rule.keys(true, null, ORDERS));
        POLICY.put("GET /api/track/{token}", new Rule(Kind.TRACK, EnumSet.of(Who.CUSTOMER, Who.CUSTOMER_OTHER_ORDER), false, null));
        POLICY.put("POST /api/track/{token}/shipping-address", new Rule(Kind.TRACK, EnumSet.of(Who.CUSTOMER, Who.CUSTOMER_OTHER_ORDER), false, BAD_ADDRESS));
        POLICY.put("POST /api/track/{token}/cancel", new Rule(Kind.TRACK, EnumSet.of(Who.CUSTOMER, Who.CUSTOMER_OTHER_ORDER), false, NO_SUCH_LINE));
        POLICY.put("GET /api/track/{token}/returns", new Rule(Kind.TRACK, EnumSet.of(Who.CUSTOMER, Who.CUSTOMER_OTHER_ORDER), false, null));
        POLICY.put("POST /api/track/{token}/returns", new Rule(Kind.TRACK, EnumSet.of(Who.CUSTOMER, Who.CUSTOMER_OTHER_ORDER), false, "{}"));
        POLICY.put("POST /api/orders/{id}/returns", Rule.keys(true, "{}", ORDERS));
        POLICY.put("GET /api/orders/{id}/returns", Rule.keys(true, null, ORDERS));
        POLICY.put("GET /api/returns/{returnId}", Rule.keys(false, null, ORDERS));
        POLICY.put("POST /api/returns/{returnId}/receipt", Rule.keys(false, "{}", STAFF));
        POLICY.put("POST /api/agent/orders", Rule.keys(false, "{}", STAFF));
        POLICY.put("GET /api/orders/{id}/full", Rule.keys(false, null, STAFF));
        POLICY.put("POST /api/orders/{id}/notifications/{event}/resend", Rule.keys(false, "{}", STAFF));
        POLICY.put("GET /api/dead-letters", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("GET /api/dead-letters/{letterId}", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("POST /api/dead-letters/{letterId}/replay", Rule.keys(false, "", Who.ADMIN));
        POLICY.put("GET /api/availability", Rule.keys(false, null, ORDERS));
        POLICY.put("GET /api/delivery-options", Rule.keys(false, null, ORDERS));
        POLICY.put("POST /api/sourcing/preview", Rule.keys(false, ORDER_BODY, ORDERS));
        POLICY.put("POST /api/inventory/adjustments", Rule.keys(false, "{}", Who.ADMIN));
        POLICY.put("PUT /api/inventory/{locationId}/{sku}", Rule.keys(false, "{}", Who.ADMIN));
        POLICY.put("GET /api/inventory/{locationId}/{sku}", Rule.keys(false, null, STAFF));
        POLICY.put("GET /api/webhooks/subscriptions", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("POST /api/webhooks/subscriptions/{name}/enable", Rule.keys(false, "", Who.ADMIN));
        POLICY.put("GET /api/webhooks/subscriptions/{name}/deliveries", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("GET /sandbox/admin/partners", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("PUT /sandbox/admin/partners/{partner}", Rule.keys(false, "{}", Who.ADMIN));
        POLICY.put("GET /sandbox/admin/ledger", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("GET /sandbox/admin/mail", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("GET /sandbox/admin/sms", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("GET /sandbox/admin/webhooks", Rule.keys(false, null, Who.ADMIN));
        for (String partner : List.of("POST /sandbox/carrier/v1/quotes", "POST /sandbox/carrier/v1/shipments",
                "GET /sandbox/carrier/v1/shipments/{trackingCode}/events", "POST /sandbox/carrier/v1/shipments/{trackingCode}/interventions",
                "GET /sandbox/carrier/v1/labels/{trackingCode}.pdf", "POST /sandbox/fraud/v1/assessments",
                "POST /sandbox/fulfilment/v1/{site}/orders", "POST /sandbox/fulfilment/v1/{site}/orders/{reference}/cancellations",
                "POST /sandbox/payments/v1/authorizations",
                "POST /sandbox/payments/v1/authorizations/{id}/captures", "POST /sandbox/payments/v1/authorizations/{id}/void",
                "POST /sandbox/payments/v1/authorizations/{id}/reversals",
                "POST /sandbox/payments/v1/captures/{id}/refunds", "POST /sandbox/tax/v1/quotes", "POST /sandbox/sms/v1/messages",
                "POST /sandbox/webhooks/receiver")) {
            POLICY.put(partner, new Rule(Kind.PARTNER, EnumSet.noneOf(Who.class), false, "{}"));
        }
        POLICY.put("GET /actuator", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("GET /actuator/health", new Rule(Kind.OPEN, EnumSet.allOf(Who.class), false, null));
        POLICY.put("GET /actuator/info", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("GET /actuator/metrics", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("GET /actuator/metrics/{metricName}", Rule.keys(false, null, Who.ADMIN));
        POLICY.put("GET /actuator/prometheus", Rule.keys(false, null, Who.ADMIN));
        // the probes a platform calls without credentials
        POLICY.put("GET /actuator/health/liveness", new Rule(Kind.OPEN, EnumSet.allOf(Who.class), false, null));
        POLICY.put("GET /actuator/health/readiness", new Rule(Kind.OPEN, EnumSet.allOf(Who.class), false, null));
    }

    /** Orders and tokens the calls are about: the caller's own order, another channel's, another customer's. */
    private static String ownOrder;
    private static String otherChannelOrder;
    private static String tokenOwnOrder;
    private static String tokenOtherOrder;
    private static String tokenTarget;

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mvc;

    @Autowired
    PathMappedEndpoints actuator;

    @Autowired
    HealthEndpointGroups healthGroups;

    HubClient hub;

    @BeforeEach
    void orders() {
        hub = new HubClient(port);
        if (ownOrder == null) {
            JsonNode own = json(hub.post("/api/orders", STOREFRONT, sampleOrder().toString()));
            ownOrder = own.get("id").asText();
            tokenOwnOrder = own.at("/customerAccess/token").asText();
            tokenOtherOrder = json(hub.post("/api/orders", STOREFRONT, sampleOrder().toString())).at("/customerAccess/token").asText();
            otherChannelOrder = json(hub.placeOnBehalf(sampleOrder().put("channel", "phone"))).get("id").asText();
            tokenTarget = ownOrder;
        }
    }

    @Test
    void everyEndpointTheHubServesHasAnAccessRule() {
        Set<String> served = new TreeSet<>();
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (rest.getPath() == null ? "" : rest.getPath()) + (verb.getPath() == null ? "" : verb.getPath());
                served.add(verb.asVerb().toUpperCase() + " " + path.replace("//", "/"));
            }
        }
        for (RequestMappingInfo mapping : mvc.getHandlerMethods().keySet()) {
            if (mapping.getPathPatternsCondition() == null) {
                continue;
            }
            for (String pattern : mapping.getPathPatternsCondition().getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue; // Spring's error page, rendered for answers given before a handler runs
                }
                mapping.getMethodsCondition().getMethods().forEach(method -> served.add(method.name() + " " + pattern));
            }
        }
        served.add("GET " + actuator.getBasePath());
        actuator.getAllPaths().forEach(path -> served.add("GET " + path));
        // paths below an endpoint: one metric by name, each health group
        served.add("GET " + actuator.getPath(EndpointId.of("metrics")) + "/{metricName}");
        healthGroups.getNames().forEach(group -> served.add("GET " + actuator.getPath(EndpointId.of("health")) + "/" + group));

        assertThat(served).as("endpoints without an entry in AccessControlMatrixTest.POLICY").isSubsetOf(POLICY.keySet());
        assertThat(POLICY.keySet()).as("entries in POLICY for endpoints the hub no longer serves").isSubsetOf(served);
    }

    @Test
    void eachCallerGetsExactlyWhatThePolicySays() {
        List<String> wrong = new ArrayList<>();
        POLICY.forEach((endpoint, rule) -> {
            for (Who who : Who.values()) {
                HttpResponse<String> response = call(endpoint, rule, who);
                String problem = check(rule, who, response);
                if (problem != null) {
                    wrong.add(who + " " + endpoint + ": " + problem + " (got " + response.statusCode() + " " + abbreviate(response.body()) + ")");
                }
            }
        });
        assertThat(wrong).as("calls answered against the policy").isEmpty();
    }

    /** Null when the answer fits the rule, else what is wrong. */
    private static String check(Rule rule, Who who, HttpResponse<String> response) {
        int status = response.statusCode();
        boolean hidden = status == 404 && (response.body().contains("/order-not-found") || response.body().contains("/not-found\""));
        return switch (rule.kind()) {
            case OPEN -> status == 200 ? null : "should be open";
            // refused for the partner key, or (labels: public by their unguessable code) not found
            case PARTNER -> status >= 400 && status < 500 ? null : "a hub caller must not pass a partner's check";
            case SIGNED -> status == 401 ? null : "unsigned, it must be refused (401) whatever key or token comes with it";
            case TRACK -> rule.allowed().contains(who)
                    ? (allowed(status, hidden) ? null : "the token's own order should open")
                    : (status == 404 && hidden ? null : "should be not-found for a path without a valid token");
            case KEYS -> {
                if (who == Who.NONE) {
                    yield status == 401 ? null : "should need credentials (401)";
                }
                if (!rule.allowed().contains(who)) {
                    yield status == 403 ? null : "should be forbidden (403)";
                }
                boolean outOfScope = rule.orderScoped() && (who == Who.STOREFRONT_OTHER_CHANNEL || who == Who.CUSTOMER_OTHER_ORDER);
                if (outOfScope) {
                    yield status == 404 && hidden ? null : "another channel's or customer's order must be not-found (404)";
                }
                yield allowed(status, hidden) ? null : "should be allowed";
            }
        };
    }

    private static boolean allowed(int status, boolean hidden) {
        return status != 401 && status != 403 && !hidden && status < 500;
    }

    private HttpResponse<String> call(String endpoint, Rule rule, Who who) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1);
        String order = who == Who.STOREFRONT_OTHER_CHANNEL ? otherChannelOrder : ownOrder;
        String token = switch (who) {
            case CUSTOMER -> tokenOwnOrder;
            case CUSTOMER_OTHER_ORDER -> tokenOtherOrder;
            // a token of the right shape that opens nothing
            default -> "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        };
        path = path.replace("{id}", order).replace("{token}", token).replace("{letterId}", "no-such-letter")
                .replace("{locationId}", "wh-hamburg").replace("{sku}", "MUG-CLASSIC").replace("{name}", "no-such-subscription")
                .replace("{partner}", "tax").replace("{trackingCode}", "SBX0000000000").replace("{site}", "wh-hamburg")
                .replace("{returnId}", "RMA-NOSUCHRMA0").replace("{metricName}", "jvm.memory.used").replace("{reference}", "FUL-NOSUCH").replace("{event}", "confirmed").replace("{shop}", "demo-shopify").replace("{id}", "no-such-id");
        if (endpoint.equals("GET /sandbox/admin/ledger")) {
            path += "?orderId=" + ownOrder;
        }
        String bearer = switch (who) {
            case NONE -> null;
            case STOREFRONT, STOREFRONT_OTHER_CHANNEL -> STOREFRONT;
            case AGENT -> AGENT;
            case ADMIN -> ADMIN;
            case CUSTOMER -> rule.kind() == Kind.TRACK ? null : tokenOwnOrder;
            case CUSTOMER_OTHER_ORDER -> rule.kind() == Kind.TRACK ? null : tokenOtherOrder;
        };
        String body = rule.body() == null ? null : rule.body().equals(ORDER_BODY) ? sampleOrder().toString() : rule.body();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (endpoint.endsWith("/customer-access") && who != Who.NONE) {
            // issuing a token revokes the earlier ones: keep the customers' tokens of the other calls working
            request.uri(URI.create(hub.base() + path.replace(ownOrder, tokenTargetOrder())));
        }
        return hub.send(request.build());
    }

    /** The order whose tokens the customer-access calls replace: one no other call uses. */
    private String tokenTargetOrder() {
        if (tokenTarget.equals(ownOrder)) {
            tokenTarget = json(hub.post("/api/orders", STOREFRONT, sampleOrder().toString())).get("id").asText();
        }
        return tokenTarget;
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 160 ? body : body.substring(0, 160) + "..";
    }
}
