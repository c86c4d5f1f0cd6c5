package io.orderhub.security;

import io.orderhub.api.Problem;
import io.orderhub.api.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <api key>}, or a customer's access token: in the
 * path of the customer endpoints ({@code /api/track/<token>...}) or as the Bearer value. A customer
 * is the role CUSTOMER bound to the token's one order. The caller is also kept as a request
 * attribute, because Camel's platform-http answers on another thread than the servlet filter's.
 *
 * <p>An unknown or revoked token in a /api/track path answers 404, as for a page that does not
 * exist: the answer tells nothing about which tokens or orders exist. Unknown tokens and keys are
 * counted per client address ({@code orderhub.rate-limits.failed-authentication}); an address
 * that spent its allowance gets 429 for every customer token or unknown key it sends, before any
 * database lookup, so guessing from it stops until the bucket refills. A valid API key is checked
 * first, in memory, and always passes: a shop's backend behind the same address or NAT as the
 * guesser keeps its own access.
 *
 * <p>Camel's platform-http answers through an ASYNC dispatch of the same request, which Spring
 * Security authorises again without running this filter (a OncePerRequestFilter skips async
 * dispatches). The security context is therefore also saved in the request, where that dispatch
 * finds it; without it the async dispatch is denied after the answer is written, and Tomcat drops
 * the keep-alive connection (a client reusing it gets no answer).
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String CALLER_ATTRIBUTE = Caller.class.getName();
    private static final String BEARER = "Bearer ";
    public static final String TRACK_PATH = "/api/track/";

    private final ApiKeys apiKeys;
    private final CustomerTokens customerTokens;
    private final ProblemWriter problems;
    private final RateLimiter limiter;
    private final RateLimitProperties.Limit failureLimit;
    private final SecurityContextRepository securityContexts = new RequestAttributeSecurityContextRepository();

    public ApiKeyAuthenticationFilter(ApiKeys apiKeys, CustomerTokens customerTokens, ProblemWriter problems, RateLimiter limiter,
                                      RateLimitProperties.Limit failureLimit) {
        this.apiKeys = apiKeys;
        this.customerTokens = customerTokens;
        this.problems = problems;
        this.limiter = limiter;
        this.failureLimit = failureLimit;
    }

    /**
     * The sandbox's simulated partners stand for systems outside the hub: the Bearer token they
     * receive is the partner key the connectors send, not a hub API key.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/sandbox/") && !path.startsWith("/sandbox/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String header = request.getHeader("Authorization");
        boolean bearer = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        String failures = "failed-authentication:" + request.getRemoteAddr();
        if (path.startsWith(TRACK_PATH)) {
            // the customer endpoints are opened by the token in their path, whatever else is sent
            if (!limiter.available(failures, failureLimit, request, response)) {
                return;
            }
            String token = path.substring(TRACK_PATH.length()).split("/", 2)[0];
            var order = token.isEmpty() ? java.util.Optional.<String>empty() : customerTokens.orderFor(token);
            if (order.isEmpty()) {
                limiter.spend(failures, failureLimit);
                problems.write(request, response, new Problem(404, "not-found", "Not found",
                        "nothing is known under this address; ask the shop for a new tracking link"));
                return;
            }
            authenticate(Caller.customer(order.get()), request, response);
            chain.doFilter(request, response);
            return;
        }
        if (bearer) {
            String presented = header.substring(BEARER.length()).trim();
            // API keys first, in memory: a system's own key passes whatever was guessed from its address
            var caller = apiKeys.find(presented);
            if (caller.isEmpty()) {
                // anything else may be a customer token, a database lookup: none once the address spent its allowance
                if (!limiter.available(failures, failureLimit, request, response)) {
                    return;
                }
                caller = customerTokens.orderFor(presented).map(Caller::customer);
            }
            if (caller.isEmpty()) {
                limiter.spend(failures, failureLimit);
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                problems.write(request, response, new Problem(401, "invalid-api-key", "Invalid API key",
                        "the API key in the Authorization header is not known to this hub"));
                return;
            }
            authenticate(caller.get(), request, response);
        }
        chain.doFilter(request, response);
    }

    private void authenticate(Caller caller, HttpServletRequest request, HttpServletResponse response) {
        var authentication = new UsernamePasswordAuthenticationToken(caller, null,
                List.of(new SimpleGrantedAuthority(caller.role().authority())));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        securityContexts.saveContext(context, request, response);
        request.setAttribute(CALLER_ATTRIBUTE, caller);
    }
}
