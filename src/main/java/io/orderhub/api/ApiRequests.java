package io.orderhub.api;

import io.orderhub.security.ApiKeyAuthenticationFilter;
import io.orderhub.security.Caller;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/** What API routes need to know about the HTTP request they answer. */
@Component("apiRequests")
public class ApiRequests {

    /** The authenticated caller (set by the API key filter). */
    public Caller caller(Exchange exchange) {
        // a route called from another API route (direct:) finds the caller its first route resolved
        if (exchange.getProperty("caller") instanceof Caller resolved) {
            return resolved;
        }
        PlatformHttpMessage message = exchange.getIn(PlatformHttpMessage.class);
        Object caller = message == null ? null : message.getRequest().getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE);
        if (caller instanceof Caller known) {
            return known;
        }
        // Spring Security admits no /api request without a caller: reaching here is a wiring fault
        throw new IllegalStateException("no authenticated caller on "
                + ProblemResponses.withoutAccessToken(exchange.getIn().getHeader(Exchange.HTTP_URI, String.class)));
    }

    /** Refuses a body that is not declared as JSON (415), before anything reads it. */
    public void requireJson(Exchange exchange) {
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).matches("application/([a-z.+-]*\\+)?json(;.*)?")) {
            throw new UnsupportedMediaTypeException(contentType);
        }
    }
}
