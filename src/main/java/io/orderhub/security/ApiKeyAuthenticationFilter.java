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
 * Authenticates {@code Authorization: Bearer <api key>}. The caller is also kept as a request
 * attribute, because Camel's platform-http answers on another thread than the servlet filter's.
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

    private final ApiKeys apiKeys;
    private final ProblemWriter problems;
    private final SecurityContextRepository securityContexts = new RequestAttributeSecurityContextRepository();

    public ApiKeyAuthenticationFilter(ApiKeys apiKeys, ProblemWriter problems) {
        this.apiKeys = apiKeys;
        this.problems = problems;
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
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            var caller = apiKeys.find(header.substring(BEARER.length()).trim());
            if (caller.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                problems.write(request, response, new Problem(401, "invalid-api-key", "Invalid API key",
                        "the API key in the Authorization header is not known to this hub"));
                return;
            }
            var authentication = new UsernamePasswordAuthenticationToken(caller.get(), null,
                    List.of(new SimpleGrantedAuthority(caller.get().role().authority())));
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authentication);
            SecurityContextHolder.setContext(context);
            securityContexts.saveContext(context, request, response);
            request.setAttribute(CALLER_ATTRIBUTE, caller.get());
        }
        chain.doFilter(request, response);
    }
}
