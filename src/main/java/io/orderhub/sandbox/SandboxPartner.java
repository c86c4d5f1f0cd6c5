package io.orderhub.sandbox;

import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** What every simulated partner does before answering: check the hub's key, honour its switch. */
final class SandboxPartner {

    private SandboxPartner() {
    }

    static void admit(String partner, String authorization, SandboxProperties properties, PartnerSwitches switches) {
        if (authorization == null || !authorization.equals("Bearer " + properties.partnerKey())) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, partner + ": wrong or missing partner key");
        }
        PartnerSwitches.Setting setting = switches.get(partner);
        switches.onCall(partner);
        if (setting.mode() == PartnerSwitches.Mode.DOWN) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, partner + " is switched down");
        }
        if (setting.mode() == PartnerSwitches.Mode.SLOW) {
            try {
                // a slow partner really is slow: the hub's timeouts must cope with it
                TimeUnit.MILLISECONDS.sleep(setting.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
