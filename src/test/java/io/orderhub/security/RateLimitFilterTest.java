package io.orderhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.api.ProblemWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Intake and tracking are limited per API key, the customer endpoints per order; other calls pass.
 * Failed authentication is limited per client address, valid API keys aside.
 */
class RateLimitFilterTest {

    private static final RateLimitProperties LIMITS = new RateLimitProperties(
            new RateLimitProperties.Limit(2, Duration.ofMinutes(1)),
            Map.of("small-shop", new RateLimitProperties.Limit(1, Duration.ofMinutes(1))),
            new RateLimitProperties.Limit(1, Duration.ofMinutes(1)),
            new RateLimitProperties.Limit(2, Duration.ofMinutes(1)),
            new RateLimitProperties.Limit(5, Duration.ofMinutes(1)), 1000);

    private final RateLimiter limiter = new RateLimiter(LIMITS, new ProblemWriter(new ObjectMapper()));
    private final RateLimitFilter filter = new RateLimitFilter(LIMITS, limiter, java.util.Set.of("demo-shopify", "demo-woocommerce"));

    @Test
    void intakeIsLimitedPerApiKey() throws Exception {
        Caller web = new Caller("web-shop", Role.STOREFRONT, "web");
        Caller app = new Caller("app-shop", Role.STOREFRONT, "app");

        assertThat(call("POST", "/api/orders", web).getStatus()).isEqualTo(200);
        assertThat(call("POST", "/api/orders", web).getStatus()).isEqualTo(200);
        MockHttpServletResponse refused = call("POST", "/api/orders", web);

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isBetween(1, 60);
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getContentAsString()).contains("/rate-limited").contains("at most 2 requests per PT1M");
        assertThat(call("POST", "/api/orders", app).getStatus()).as("another key has its own limit").isEqualTo(200);
        assertThat(call("GET", "/api/orders", web).getStatus()).as("reading is not intake").isEqualTo(200);
    }

    @Test
    void ordersPlacedOnACustomersBehalfAreIntakeOfTheAgentsKey() throws Exception {
        Caller agent = new Caller("desk-1", Role.AGENT, null);

        assertThat(call("POST", "/api/agent/orders", agent).getStatus()).isEqualTo(200);
        assertThat(call("POST", "/api/orders", agent).getStatus()).isEqualTo(200);
        assertThat(call("POST", "/api/agent/orders", agent).getStatus()).isEqualTo(429);
    }

    @Test
    void aKeyMayHaveAnIntakeLimitOfItsOwn() throws Exception {
        Caller small = new Caller("small-shop", Role.STOREFRONT, "small");

        assertThat(call("POST", "/api/orders", small).getStatus()).isEqualTo(200);
        assertThat(call("POST", "/api/orders", small).getStatus()).isEqualTo(429);
    }

    @Test
    void trackingAndLiveShipmentTrackingAreLimitedPerApiKey() throws Exception {
        Caller web = new Caller("web-shop", Role.STOREFRONT, "web");

        assertThat(call("GET", "/api/orders/o-1/tracking", web).getStatus()).isEqualTo(200);
        assertThat(call("GET", "/api/orders/o-2/shipments", web).getStatus()).isEqualTo(200);
        assertThat(call("GET", "/api/orders/o-3/tracking", web).getStatus()).isEqualTo(429);
        assertThat(call("GET", "/api/orders/o-3", web).getStatus()).as("reading an order is not tracking").isEqualTo(200);
        assertThat(call("GET", "/api/orders/o-3/tracking", new Caller("app-shop", Role.STOREFRONT, "app")).getStatus()).isEqualTo(200);
    }

    @Test
    void customersAreLimitedPerOrder() throws Exception {
        assertThat(call("GET", "/api/track/t", Caller.customer("order-1")).getStatus()).isEqualTo(200);
        assertThat(call("GET", "/api/orders/order-1/tracking", Caller.customer("order-1")).getStatus()).isEqualTo(429);
        assertThat(call("GET", "/api/track/t", Caller.customer("order-2")).getStatus()).isEqualTo(200);
    }

    @Test
    void aShopsSignedOrderWebhooksAreItsIntakeAndUnsignedOnesUseNothingUp() throws Exception {
        String bucket = RateLimitFilter.intakeBucket(RateLimitFilter.shopIntakeKey("demo-shopify"));
        for (int i = 0; i < 5; i++) {
            assertThat(call("POST", "/api/storefronts/demo-shopify/orders", null).getStatus())
                    .as("only checked: what is unsigned is refused later, and counts nothing").isEqualTo(200);
        }
        // two deliveries whose signature held (StorefrontWebhooks spends them): the intake limit of 2
        limiter.spend(bucket, LIMITS.intakeFor(RateLimitFilter.shopIntakeKey("demo-shopify")));
        limiter.spend(bucket, LIMITS.intakeFor(RateLimitFilter.shopIntakeKey("demo-shopify")));

        MockHttpServletResponse refused = call("POST", "/api/storefronts/demo-shopify/orders", null);
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isNotBlank();
        assertThat(call("POST", "/api/storefronts/demo-woocommerce/orders", null).getStatus()).as("each shop its own").isEqualTo(200);
        assertThat(call("POST", "/api/storefronts/no-such-shop/orders", null).getStatus())
                .as("an unknown shop gets no bucket (it is answered 404)").isEqualTo(200);
    }

    @Test
    void anAddressThatSpentItsFailedAuthenticationsHasNoTokenLookedUpButItsValidApiKeysPass() throws Exception {
        java.util.List<String> lookedUp = new java.util.ArrayList<>();
        CustomerTokens tokens = token -> {
            lookedUp.add(token);
            return token.equals("the-customers-token") ? java.util.Optional.of("order-1") : java.util.Optional.empty();
        };
        ApiKeys keys = new ApiKeys(new ApiKeyProperties(java.util.List.of(
                new ApiKeyProperties.ApiKey("web-shop", "web-shop-key", Role.STOREFRONT, "web"))));
        // failedAuthentication allows 5 a minute
        ApiKeyAuthenticationFilter authentication = new ApiKeyAuthenticationFilter(keys, tokens,
                new ProblemWriter(new ObjectMapper()), new RateLimiter(LIMITS, new ProblemWriter(new ObjectMapper())),
                LIMITS.failedAuthentication());
        for (int i = 0; i < 5; i++) {
            assertThat(authenticate(authentication, "guess-" + i).getStatus()).isEqualTo(401);
        }
        lookedUp.clear();

        assertThat(authenticate(authentication, "the-customers-token").getStatus()).isEqualTo(429);
        assertThat(authenticate(authentication, "another-guess").getStatus()).isEqualTo(429);
        assertThat(lookedUp).as("no database lookup once the allowance is spent").isEmpty();
        for (int i = 0; i < 10; i++) {
            MockHttpServletResponse shop = authenticate(authentication, "web-shop-key");
            assertThat(shop.getStatus()).as("the shop's own key, call " + (i + 1)).isEqualTo(200);
        }
        assertThat(lookedUp).as("an API key is never looked up as a customer token").isEmpty();
    }

    private static MockHttpServletResponse authenticate(ApiKeyAuthenticationFilter authentication, String bearer) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
        request.setRemoteAddr("192.0.2.7");
        request.addHeader("Authorization", "Bearer " + bearer);
        MockHttpServletResponse response = new MockHttpServletResponse();
        authentication.doFilter(request, response, new MockFilterChain());
        org.springframework.security.core.context.SecurityContextHolder.clearContext();
        return response;
    }

    private MockHttpServletResponse call(String method, String path, Caller caller) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (caller != null) {
            request.setAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE, caller);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
