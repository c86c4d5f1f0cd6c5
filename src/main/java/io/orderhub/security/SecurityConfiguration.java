package io.orderhub.security;

import io.orderhub.api.Problem;
import io.orderhub.api.ProblemWriter;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/** Every /api endpoint needs an API key with the right role; the table below is the whole policy. */
@Configuration
public class SecurityConfiguration {

    private static final String STOREFRONT = Role.STOREFRONT.name();
    private static final String AGENT = Role.AGENT.name();
    private static final String ADMIN = Role.ADMIN.name();
    private static final String CUSTOMER = Role.CUSTOMER.name();

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiKeys apiKeys, CustomerTokens customerTokens, ProblemWriter problems,
                            RateLimiter limiter, RateLimitProperties limits) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, customerTokens, problems, limiter, limits.failedAuthentication()), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // Spring renders refusals made upstream (e.g. 415 before a route runs) in an ERROR dispatch;
                        // the ASYNC dispatch Camel answers in is authorised with the context the API key filter saved
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(ADMIN)
                        // the sandbox's simulated partners check their own partner key; switching them is for admins
                        .requestMatchers("/sandbox/admin/**").hasRole(ADMIN)
                        .requestMatchers("/sandbox/**").permitAll()
                        // agents and admins place orders only on a customer's behalf, with a reason: POST /api/agent/orders
                        .requestMatchers(HttpMethod.POST, "/api/orders").hasRole(STOREFRONT)
                        // Shopify and WooCommerce sign their webhooks with the shop's secret instead of
                        // sending a key: the route checks that signature before it reads anything
                        .requestMatchers(HttpMethod.POST, "/api/storefronts/*/orders").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/*").hasAnyRole(STOREFRONT, AGENT, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/orders/*/fraud-decision").hasAnyRole(AGENT, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/orders/*/journey").hasAnyRole(AGENT, ADMIN)
                        // a storefront sees only its own channel's shipments (the route answers 404 for others)
                        .requestMatchers(HttpMethod.GET, "/api/orders/*/shipments").hasAnyRole(STOREFRONT, AGENT, ADMIN)
                        .requestMatchers("/api/dead-letters", "/api/dead-letters/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/availability", "/api/delivery-options").hasAnyRole(STOREFRONT, AGENT, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/sourcing/preview").hasAnyRole(STOREFRONT, AGENT, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/inventory/adjustments").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.PUT, "/api/inventory/*/*").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/inventory/*/*").hasAnyRole(AGENT, ADMIN)
                        // notifications: customer contact details, even masked, are for agents and admins
                        .requestMatchers(HttpMethod.GET, "/api/orders/*/notifications").hasAnyRole(AGENT, ADMIN)
                        // customers: the token in the path opens its one order (404 for any other token)
                        .requestMatchers(HttpMethod.GET, "/api/track/*", "/api/track/*/returns").hasRole(CUSTOMER)
                        .requestMatchers(HttpMethod.POST, "/api/track/*/shipping-address", "/api/track/*/cancel", "/api/track/*/returns")
                                .hasRole(CUSTOMER)
                        // the same for an order by id; a customer's token as Bearer opens only its own order (404 else)
                        .requestMatchers(HttpMethod.GET, "/api/orders/*/tracking").hasAnyRole(STOREFRONT, AGENT, ADMIN, CUSTOMER)
                        .requestMatchers(HttpMethod.POST, "/api/orders/*/shipping-address", "/api/orders/*/cancel")
                                .hasAnyRole(STOREFRONT, AGENT, ADMIN, CUSTOMER)
                        // storefronts get the new token; agents and admins give a reason and the link is emailed to the customer
                        .requestMatchers(HttpMethod.POST, "/api/orders/*/customer-access").hasAnyRole(STOREFRONT, AGENT, ADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/api/orders/*/customer-access").hasAnyRole(STOREFRONT, AGENT, ADMIN)
                        // returns: a storefront only for its own channel's orders (the routes answer 404 for others)
                        .requestMatchers(HttpMethod.POST, "/api/orders/*/returns").hasAnyRole(STOREFRONT, AGENT, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/orders/*/returns", "/api/returns/*").hasAnyRole(STOREFRONT, AGENT, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/returns/*/receipt").hasAnyRole(AGENT, ADMIN)
                        // agents acting for customers
                        .requestMatchers(HttpMethod.POST, "/api/agent/orders").hasAnyRole(AGENT, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/orders/*/full").hasAnyRole(AGENT, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/orders/*/notifications/*/resend").hasAnyRole(AGENT, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/webhooks/subscriptions", "/api/webhooks/subscriptions/*/deliveries")
                                .hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/webhooks/subscriptions/*/enable").hasRole(ADMIN)
                        .anyRequest().denyAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            problems.write(request, response, new Problem(401, "unauthenticated", "API key required",
                                    "send an API key as 'Authorization: Bearer <key>'"));
                        })
                        .accessDeniedHandler((request, response, e) -> problems.write(request, response,
                                new Problem(403, "forbidden", "Not allowed",
                                        "this API key's role may not use " + request.getMethod() + " " + request.getRequestURI()))));
        return http.build();
    }
}
