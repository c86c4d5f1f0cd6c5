package io.orderhub.notify;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Signs the body the webhook-out connector is about to POST (see {@link WebhookSignature}). */
@Component("webhookSigner")
public class WebhookSigner {

    /** Where the connector hands over the subscription's secret; removed as soon as it is used. */
    public static final String SECRET_PROPERTY = "webhookSigningSecret";

    private final Clock clock;

    public WebhookSigner(Clock clock) {
        this.clock = clock;
    }

    public void sign(Exchange exchange) {
        String secret = (String) exchange.removeProperty(SECRET_PROPERTY);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalStateException("webhook-out: no signing secret");
        }
        // signed as the exact bytes that are sent
        byte[] body = exchange.getIn().getBody(byte[].class);
        exchange.getIn().setHeader(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant().getEpochSecond(), body));
        // sent as a stream: the HTTP client re-sends a repeatable body on its own after a 503,
        // unseen by the delivery log; every retry here is the broker's, logged and signed afresh
        exchange.getIn().setBody(new ByteArrayInputStream(body));
    }
}
