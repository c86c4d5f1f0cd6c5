package io.orderhub.messaging;

import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.broker.region.policy.RedeliveryPolicyMap;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class BrokerConfiguration {

    /**
     * The embedded, persistent broker. Spring Boot's own embedded ActiveMQ is not persistent, so
     * the hub declares its own with KahaDB under {@code orderhub.data-dir}/broker.
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(name = "orderhub.broker.embedded", havingValue = "true", matchIfMissing = true)
    BrokerService orderHubBroker(BrokerProperties properties, @Value("${orderhub.data-dir}") Path dataDir) throws Exception {
        Path brokerDir = dataDir.resolve("broker").toAbsolutePath();
        BrokerService broker = new BrokerService();
        broker.setBrokerName("orderhub");
        broker.setPersistent(true);
        broker.setDataDirectoryFile(brokerDir.toFile());
        broker.setTmpDataDirectory(brokerDir.resolve("tmp").toFile());
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(brokerDir.resolve("kahadb").toFile());
        broker.setPersistenceAdapter(kahaDb);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setAdvisorySupport(false);
        broker.getSystemUsage().getStoreUsage().setLimit(8L * 1024 * 1024 * 1024);
        broker.getSystemUsage().getTempUsage().setLimit(2L * 1024 * 1024 * 1024);
        broker.setDestinationPolicy(deadLetterQueuePerQueue());
        if (properties.listen() != null && !properties.listen().isBlank()) {
            broker.addConnector(properties.listen());
        }
        return broker;
    }

    /** A message that keeps failing in queue X ends in DLQ.X, so each stage has its own dead letters. */
    private static PolicyMap deadLetterQueuePerQueue() {
        IndividualDeadLetterStrategy strategy = new IndividualDeadLetterStrategy();
        strategy.setQueuePrefix("DLQ.");
        strategy.setUseQueueForQueueMessages(true);
        PolicyEntry everyQueue = new PolicyEntry();
        everyQueue.setQueue(">");
        everyQueue.setDeadLetterStrategy(strategy);
        // a letter the dead-letter route itself cannot store goes to ActiveMQ.DLQ, never DLQ.DLQ.<queue>
        PolicyEntry deadLetterQueues = new PolicyEntry();
        deadLetterQueues.setQueue("DLQ.>");
        deadLetterQueues.setDeadLetterStrategy(new org.apache.activemq.broker.region.policy.SharedDeadLetterStrategy());
        PolicyMap policies = new PolicyMap();
        policies.setPolicyEntries(List.of(everyQueue, deadLetterQueues));
        return policies;
    }

    /** Pooled connections with exponential redelivery (its own for webhooks); waits for the embedded broker when there is one. */
    @Bean(destroyMethod = "stop")
    ConnectionFactory jmsConnectionFactory(BrokerProperties properties, ObjectProvider<BrokerService> embeddedBroker) {
        // vm://orderhub?create=false only finds a broker that is already running: start it first
        embeddedBroker.getIfAvailable();
        ActiveMQConnectionFactory activeMq = new ActiveMQConnectionFactory(properties.url());
        if (properties.user() != null && !properties.user().isBlank()) {
            activeMq.setUserName(properties.user());
            activeMq.setPassword(properties.password());
        }
        RedeliveryPolicy pipeline = redelivery(properties.maxRedeliveries(), properties.redeliveryDelay(),
                properties.maxRedeliveryDelay());
        BrokerProperties.Redelivery webhooks = properties.webhookRedelivery();
        RedeliveryPolicy webhookPolicy = redelivery(webhooks.maxRedeliveries(), webhooks.delay(), webhooks.maxDelay());
        webhookPolicy.setDestination(new ActiveMQQueue(BrokerProperties.WEBHOOK_QUEUE));
        // per destination: webhook receivers are retried for hours, every other queue by the pipeline's policy
        RedeliveryPolicyMap policies = new RedeliveryPolicyMap();
        policies.setDefaultEntry(pipeline);
        policies.setRedeliveryPolicyEntries(List.of(webhookPolicy));
        activeMq.setRedeliveryPolicyMap(policies);
        // a message waiting for its redelivery does not hold up the messages behind it
        activeMq.setNonBlockingRedelivery(true);
        // only JSON text crosses the broker: refuse serialized Java objects outright
        activeMq.setTrustedPackages(List.of());
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(activeMq);
        pool.setMaxConnections(properties.maxConnections());
        return pool;
    }

    /** Exponential back-off: {@code delay}, doubling, at most {@code maxDelay} between tries. */
    private static RedeliveryPolicy redelivery(int maxRedeliveries, Duration delay, Duration maxDelay) {
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        redelivery.setMaximumRedeliveries(maxRedeliveries);
        redelivery.setInitialRedeliveryDelay(delay.toMillis());
        redelivery.setRedeliveryDelay(delay.toMillis());
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setMaximumRedeliveryDelay(maxDelay.toMillis());
        return redelivery;
    }
}
