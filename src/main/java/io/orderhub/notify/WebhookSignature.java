package io.orderhub.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on every webhook delivery: header {@code X-OrderHub-Signature: t=<unix seconds>,v1=<hex>}
 * where hex is HMAC-SHA256, keyed with the subscription's secret, of {@code "<t>.<body>"}. Signing
 * the timestamp with the body lets a receiver refuse old deliveries replayed by someone who
 * captured one. This class is also what a Java receiver can use to verify (docs/notifications.md).
 */
public final class WebhookSignature {

    public static final String HEADER = "X-OrderHub-Signature";

    /** What checking a delivery found. */
    public enum Verification { VALID, MALFORMED, TOO_OLD, MISMATCH }

    private WebhookSignature() {
    }

    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds, body);
    }

    /**
     * Checks a delivery as a receiver should: the header parses, its timestamp is within
     * {@code tolerance} of now, and one of its v1 values equals the HMAC computed here (compared in
     * constant time, so timing reveals nothing about the expected value).
     */
    public static Verification verify(String secret, String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null) {
            return Verification.MALFORMED;
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                return Verification.MALFORMED;
            }
            if (pair[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    return Verification.MALFORMED;
                }
            } else if (pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return Verification.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verification.TOO_OLD;
        }
        byte[] expected = hmac(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        for (String signature : signatures) {
            if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
                return Verification.VALID;
            }
        }
        return Verification.MISMATCH;
    }

    private static String hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is required of every Java runtime
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
