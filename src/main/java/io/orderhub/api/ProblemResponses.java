package io.orderhub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.inventory.InsufficientStockException;
import io.orderhub.inventory.InvalidStockRequestException;
import io.orderhub.inventory.LocationNotFoundException;
import io.orderhub.inventory.MalformedStockRequestException;
import io.orderhub.inventory.StockConflictException;
import io.orderhub.order.ChannelNotAllowedException;
import io.orderhub.order.DuplicateOrderException;
import io.orderhub.order.IdempotencyKeyReusedException;
import io.orderhub.order.IllegalTransitionException;
import io.orderhub.order.InvalidOrderException;
import io.orderhub.order.InvalidQueryException;
import io.orderhub.order.InvalidRequestException;
import io.orderhub.operations.DeadLetterAlreadyReplayedException;
import io.orderhub.operations.DeadLetterNotFoundException;
import io.orderhub.order.MalformedOrderException;
import io.orderhub.order.OrderNotFoundException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns what an API route threw into a problem+json answer (used by the api-errors
 * routeConfiguration). Unexpected failures become a 500 that names a log reference, never the
 * exception text, so internals do not leak.
 */
@Component("problemResponses")
public class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final ObjectMapper mapper;

    public ProblemResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void render(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // a bean called in an expression (setProperty/setBody with method) throws wrapped: answer for the cause
        while (failure instanceof org.apache.camel.RuntimeCamelException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        Problem problem = problemFor(failure, exchange);
        ObjectNode body = problem.toJson(mapper, exchange.getIn().getHeader(Exchange.HTTP_PATH, String.class));
        if (failure instanceof DuplicateOrderException duplicate) {
            body.put("existingOrderId", duplicate.existingOrderId());
            exchange.getMessage().setHeader("Location", "/api/orders/" + duplicate.existingOrderId());
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, Problem.MEDIA_TYPE);
        exchange.getMessage().setBody(body.toString());
    }

    /** A customer's access token is a credential: it never reaches the log. */
    static String withoutAccessToken(String uri) {
        return uri == null ? null : uri.replaceAll("/api/track/[^/?]+", "/api/track/***");
    }

    Problem problemFor(Throwable failure, Exchange exchange) {
        if (failure instanceof MalformedOrderException e) {
            return new Problem(400, "malformed-json", "Malformed request body", e.getMessage());
        }
        if (failure instanceof UnsupportedMediaTypeException e) {
            return new Problem(415, "unsupported-media-type", "Unsupported media type", e.getMessage());
        }
        if (failure instanceof InvalidOrderException e) {
            return new Problem(422, "invalid-order", "The order is not valid",
                    e.violations().size() + " problem(s) found; see errors", e.violations());
        }
        if (failure instanceof InvalidRequestException e) {
            return new Problem(422, "invalid-request", "The request is not valid",
                    e.violations().size() + " problem(s) found; see errors", e.violations());
        }
        if (failure instanceof DeadLetterNotFoundException e) {
            return new Problem(404, "dead-letter-not-found", "Dead letter not found", e.getMessage());
        }
        if (failure instanceof DeadLetterAlreadyReplayedException e) {
            return new Problem(409, "dead-letter-replayed", "Dead letter already replayed", e.getMessage());
        }
        if (failure instanceof InvalidQueryException e) {
            return new Problem(400, "invalid-query", "Invalid query parameters",
                    e.violations().size() + " problem(s) found; see errors", e.violations());
        }
        if (failure instanceof IdempotencyKeyReusedException e) {
            return new Problem(422, "idempotency-key-reused", "Idempotency-Key reused with a different body", e.getMessage());
        }
        if (failure instanceof DuplicateOrderException e) {
            return new Problem(409, "duplicate-order", "Order already exists", e.getMessage());
        }
        if (failure instanceof IllegalTransitionException e) {
            return new Problem(409, "illegal-transition", "Not possible in the order's current status", e.getMessage());
        }
        if (failure instanceof OrderNotFoundException e) {
            return new Problem(404, "order-not-found", "Order not found", e.getMessage());
        }
        if (failure instanceof io.orderhub.notify.WebhookSubscriptionNotFoundException e) {
            return new Problem(404, "webhook-subscription-not-found", "Webhook subscription not found", e.getMessage());
        }
        if (failure instanceof io.orderhub.customer.ChangeRefusedException e) {
            return new Problem(e.status(), e.type(), e.title(), e.getMessage());
        }
        if (failure instanceof io.orderhub.storefront.StorefrontWebhookRefusedException e) {
            return new Problem(e.status(), e.type(), e.title(), e.getMessage());
        }
        if (failure instanceof ChannelNotAllowedException e) {
            return new Problem(403, "channel-not-allowed", "Channel not allowed for this API key", e.getMessage());
        }
        if (failure instanceof MalformedStockRequestException e) {
            return new Problem(400, "malformed-json", "Malformed request body", e.getMessage());
        }
        if (failure instanceof InvalidStockRequestException e) {
            return new Problem(422, "invalid-stock-update", "The stock update is not valid",
                    e.violations().size() + " problem(s) found; see errors", e.violations());
        }
        if (failure instanceof StockConflictException e) {
            return new Problem(409, "stock-below-reserved", "Stock would fall below what is reserved", e.getMessage(), e.violations());
        }
        if (failure instanceof InsufficientStockException e) {
            return new Problem(409, "insufficient-stock", "Not enough stock", e.getMessage());
        }
        if (failure instanceof LocationNotFoundException e) {
            return new Problem(404, "location-not-found", "Location not found", e.getMessage());
        }
        if (failure instanceof io.orderhub.returns.ReturnNotFoundException e) {
            return new Problem(404, "return-not-found", "Return not found", e.getMessage());
        }
        if (failure instanceof io.orderhub.returns.ReturnNotAllowedException e) {
            return new Problem(409, "return-not-allowed", "Return not possible", e.getMessage(), e.violations());
        }
        if (failure instanceof io.orderhub.returns.ReturnLabelUnavailableException e) {
            return new Problem(503, "return-label-unavailable", "No return label available", e.getMessage());
        }
        if (failure instanceof io.orderhub.agent.NothingToResendException e) {
            return new Problem(409, "nothing-to-resend", "Nothing to resend", e.getMessage());
        }
        String reference = exchange.getExchangeId();
        log.error("unexpected failure answering {} (reference {})", withoutAccessToken(exchange.getIn().getHeader(Exchange.HTTP_URI, String.class)),
                reference, failure);
        return new Problem(500, "internal-error", "Internal error",
                "the hub could not complete the request; quote reference " + reference + " to an operator");
    }
}
