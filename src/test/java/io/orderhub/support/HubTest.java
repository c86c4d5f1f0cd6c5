package io.orderhub.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole hub on its sandbox defaults (embedded KahaDB broker, H2 file database or the
 * PostgreSQL given by SPRING_DATASOURCE_URL) on a random port. Every Spring test uses exactly
 * this, so one context, one broker, serves the suite. Redelivery is sped up and the sandbox SMTP
 * server and the sandbox ERP's FTP server take free ports; nothing else differs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "orderhub.broker.redelivery-delay=50ms",
        "orderhub.broker.max-redelivery-delay=200ms",
        "orderhub.broker.max-redeliveries=2",
        // webhooks have a policy of their own: one more try than the pipeline, so a test can tell them apart
        "orderhub.broker.webhook-redelivery.delay=50ms",
        "orderhub.broker.webhook-redelivery.max-delay=200ms",
        "orderhub.broker.webhook-redelivery.max-redeliveries=3",
        "orderhub.intake.max-lines=20",
        "orderhub.hand-off.poll-delay=20ms",
        "orderhub.sandbox.shipment-delay=100ms",
        // the fraud connector's breaker opens quickly, so a test can see it open and close again
        "orderhub.partners.fraud.circuit-minimum-calls=4",
        "orderhub.partners.fraud.circuit-window-size=4",
        "orderhub.partners.fraud.circuit-open-seconds=1",
        "orderhub.sandbox.shipper-interval=50ms",
        "orderhub.inventory.backorder-retry-interval=300ms",
        // parcels are polled often; each is asked again only at its estimated delivery (3 carrier steps)
        "orderhub.delivery-tracking.interval=300ms",
        // a customer token's order may be tracked this often per minute: low, so a test can reach the limit
        "orderhub.rate-limits.tracking.capacity=40",
        // the sandbox's keys, and one more whose intake limit a test can reach (a list is replaced as a whole)
        "orderhub.security.api-keys[0].name=dev-storefront", "orderhub.security.api-keys[0].key=dev-storefront",
        "orderhub.security.api-keys[0].role=storefront", "orderhub.security.api-keys[0].channel=web",
        "orderhub.security.api-keys[1].name=dev-agent", "orderhub.security.api-keys[1].key=dev-agent",
        "orderhub.security.api-keys[1].role=agent",
        "orderhub.security.api-keys[2].name=dev-admin", "orderhub.security.api-keys[2].key=dev-admin",
        "orderhub.security.api-keys[2].role=admin",
        "orderhub.security.api-keys[3].name=test-throttled", "orderhub.security.api-keys[3].key=test-throttled-key",
        "orderhub.security.api-keys[3].role=storefront", "orderhub.security.api-keys[3].channel=web",
        "orderhub.rate-limits.intake-by-key.test-throttled.capacity=3",
        "orderhub.rate-limits.intake-by-key.test-throttled.period=1h",
        // failed authentication per client address: above what the suite's refused calls spend from
        // 127.0.0.1, reached by RateLimitApiTest from an address of its own
        "orderhub.rate-limits.failed-authentication.capacity=200",
        // Spring's tests turn metrics export off; production exposes /actuator/prometheus, so the tests do too
        "management.prometheus.metrics.export.enabled=true",
        // the sandbox SMTP server on a free port: builds running side by side must not collide
        "orderhub.sandbox.smtp.port=0",
        // the sandbox ERP's FTP server on a free port, polled often
        "orderhub.sandbox.ftp.port=0",
        "orderhub.erp.connections.sandbox.poll-delay=200ms",
        "orderhub.erp.connections.sandbox.read-lock-check-interval=1s",
        // a second ERP on the same server: fixed-width order files, bad lines left out rather than the file rejected
        "orderhub.erp.connections.second.host=127.0.0.1",
        "orderhub.erp.connections.second.port=${local.sandbox.ftp.port}",
        "orderhub.erp.connections.second.username=${orderhub.sandbox.ftp.user}",
        "orderhub.erp.connections.second.password=${orderhub.sandbox.ftp.password}",
        "orderhub.erp.connections.second.inbox=second/inbox",
        "orderhub.erp.connections.second.outbox=second/outbox",
        "orderhub.erp.connections.second.order-mapping=erp/order-fixed-width.yaml",
        "orderhub.erp.connections.second.delimiter=,",
        "orderhub.erp.connections.second.bad-lines=import-valid-lines",
        "orderhub.erp.connections.second.chunk-lines=3",
        "orderhub.erp.connections.second.poll-delay=200ms",
        "orderhub.erp.connections.second.read-lock-check-interval=1s",
        // ...which waits for a done-file next to each order file
        "orderhub.erp.connections.second.done-file-name=$simple{file:name}.done",
        // a third ERP on the same server that takes orders in batches of 3, or what has come after 4 seconds
        "orderhub.erp.connections.batched.host=127.0.0.1",
        "orderhub.erp.connections.batched.port=${local.sandbox.ftp.port}",
        "orderhub.erp.connections.batched.username=${orderhub.sandbox.ftp.user}",
        "orderhub.erp.connections.batched.password=${orderhub.sandbox.ftp.password}",
        "orderhub.erp.connections.batched.inbox=batched/inbox",
        "orderhub.erp.connections.batched.outbox=batched/outbox",
        "orderhub.erp.connections.batched.batch-size=3",
        "orderhub.erp.connections.batched.batch-interval=4s",
        "orderhub.erp.connections.batched.poll-delay=1s"
})
public @interface HubTest {
}
