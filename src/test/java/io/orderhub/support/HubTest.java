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
 * server takes a free port; nothing else differs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "orderhub.broker.redelivery-delay=50ms",
        "orderhub.broker.max-redelivery-delay=200ms",
        "orderhub.broker.max-redeliveries=2",
        "orderhub.intake.max-lines=20",
        "orderhub.hand-off.poll-delay=20ms",
        "orderhub.sandbox.shipment-delay=100ms",
        // the fraud connector's breaker opens quickly, so a test can see it open and close again
        "orderhub.partners.fraud.circuit-minimum-calls=4",
        "orderhub.partners.fraud.circuit-window-size=4",
        "orderhub.partners.fraud.circuit-open-seconds=1",
        "orderhub.sandbox.shipper-interval=50ms",
        // a customer token's order may be tracked this often per minute: low, so a test can reach the limit
        "orderhub.rate-limits.tracking.capacity=40",
        // the sandbox SMTP server on a free port: builds running side by side must not collide
        "orderhub.sandbox.smtp.port=0"
})
public @interface HubTest {
}
