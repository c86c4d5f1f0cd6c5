package io.orderhub.pipeline;

import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads that run the connectors' calls under their circuit breakers' timeout
 * ({@code timeoutExecutorService: partnerCallExecutor} in connectors/*.kamelet.yaml).
 * <p>
 * Without it, Camel's Resilience4j runs each timed call through {@code CompletableFuture.supplyAsync}
 * on the common pool, which on a machine with 2 CPUs has no worker threads and starts a new thread
 * per call (about 15 per order). Here threads are reused: up to {@value #MAX_THREADS} calls in
 * flight at once (each blocks on a partner), idle threads end after a minute. The call's behaviour is unchanged: a timed-out call goes on in its thread until the HTTP
 * client gives up, as before. Each call sees the caller's MDC (the order id in its log lines) and
 * leaves none behind for the next call on the same thread.
 * <p>
 * Bound in Camel's registry only, not as a Spring bean: an {@code Executor} bean would make Spring
 * Boot drop its own task executor, which Camel's platform-http (the REST API) runs on.
 */
public class PartnerCallExecutor extends ThreadPoolExecutor {

    public static final String NAME = "partnerCallExecutor";

    static final int CORE_THREADS = 8;
    static final int MAX_THREADS = 256;

    public PartnerCallExecutor() {
        super(CORE_THREADS, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads());
        allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable call) {
        Map<String, String> callerMdc = MDC.getCopyOfContextMap();
        super.execute(() -> {
            if (callerMdc == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(callerMdc);
            }
            try {
                call.run();
            } finally {
                MDC.clear();
            }
        });
    }

    private static ThreadFactory threads() {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "partner-call-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Binds one pool per Camel context before its routes start (idle threads end by themselves: nothing to shut down). */
    @Configuration
    static class Registration {
        @Bean
        CamelContextConfiguration partnerCallExecutorRegistration() {
            PartnerCallExecutor pool = new PartnerCallExecutor();
            return new CamelContextConfiguration() {
                @Override
                public void beforeApplicationStart(CamelContext camelContext) {
                    camelContext.getRegistry().bind(NAME, java.util.concurrent.ExecutorService.class, pool);
                }

                @Override
                public void afterApplicationStart(CamelContext camelContext) {
                }
            };
        }
    }
}
