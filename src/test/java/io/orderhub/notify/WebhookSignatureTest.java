package io.orderhub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.notify.WebhookSignature.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a receiver checks: the body it got, signed with the shared secret, recently. */
class WebhookSignatureTest {

    private static final String SECRET = "whsec-test";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final byte[] BODY = "{\"id\":\"e-1\",\"event\":\"shipped\",\"order\":{\"total\":\"77.89\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void theHeaderCarriesTheTimestampAndTheHmacOfTimestampDotBody() {
        // the documented construction, spelled out: HMAC-SHA256(secret, "<t>.<body>") in hex
        String header = WebhookSignature.header("key", 1700000000L, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(header).isEqualTo("t=1700000000,v1=" + hmacHex("key", "1700000000.{}"));
    }

    @Test
    void aSignedBodyVerifies() {
        String header = WebhookSignature.header(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(WebhookSignature.verify(SECRET, header, BODY, NOW.plusSeconds(30), TOLERANCE)).isEqualTo(Verification.VALID);
    }

    @Test
    void aTamperedBodyFailsVerification() {
        String header = WebhookSignature.header(SECRET, NOW.getEpochSecond(), BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("77.89", "0.01").getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.verify(SECRET, header, tampered, NOW, TOLERANCE)).isEqualTo(Verification.MISMATCH);
    }

    @Test
    void anotherSecretFailsVerification() {
        String header = WebhookSignature.header("someone-else", NOW.getEpochSecond(), BODY);

        assertThat(WebhookSignature.verify(SECRET, header, BODY, NOW, TOLERANCE)).isEqualTo(Verification.MISMATCH);
    }

    @Test
    void aChangedTimestampFailsVerification() {
        String header = WebhookSignature.header(SECRET, NOW.getEpochSecond(), BODY)
                .replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 60));

        assertThat(WebhookSignature.verify(SECRET, header, BODY, NOW, TOLERANCE)).isEqualTo(Verification.MISMATCH);
    }

    @Test
    void anOldDeliveryIsRefusedEvenWhenItsSignatureIsRight() {
        String header = WebhookSignature.header(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(WebhookSignature.verify(SECRET, header, BODY, NOW.plus(Duration.ofMinutes(6)), TOLERANCE))
                .isEqualTo(Verification.TOO_OLD);
    }

    @Test
    void anyOfSeveralSignaturesMayMatchSoSecretsCanBeRotated() {
        String header = "t=" + NOW.getEpochSecond() + ",v1=" + "0".repeat(64) + ","
                + WebhookSignature.header(SECRET, NOW.getEpochSecond(), BODY).split(",")[1];

        assertThat(WebhookSignature.verify(SECRET, header, BODY, NOW, TOLERANCE)).isEqualTo(Verification.VALID);
    }

    @Test
    void aMissingOrGarbledHeaderIsMalformed() {
        assertThat(WebhookSignature.verify(SECRET, null, BODY, NOW, TOLERANCE)).isEqualTo(Verification.MALFORMED);
        assertThat(WebhookSignature.verify(SECRET, "sha256=abc", BODY, NOW, TOLERANCE)).isEqualTo(Verification.MALFORMED);
        assertThat(WebhookSignature.verify(SECRET, "t=soon,v1=abc", BODY, NOW, TOLERANCE)).isEqualTo(Verification.MALFORMED);
        assertThat(WebhookSignature.verify(SECRET, "t=" + NOW.getEpochSecond(), BODY, NOW, TOLERANCE)).isEqualTo(Verification.MALFORMED);
    }

    private static String hmacHex(String secret, String message) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
