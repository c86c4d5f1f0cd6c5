package io.orderhub.pipeline;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/** Hands the journey recorder to Camel before any route starts, so no partner call goes unrecorded. */
@Component
public class JourneyRegistration implements CamelContextConfiguration {

    private final Journey journey;

    public JourneyRegistration(Journey journey) {
        this.journey = journey;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        if (!camelContext.getManagementStrategy().getEventNotifiers().contains(journey)) {
            camelContext.getManagementStrategy().addEventNotifier(journey);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do once started
    }
}
