package io.orderhub.notify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Customers' addresses and numbers never reach logs or the notification log in full: enough is
 * kept for an agent to recognise them ("a***@example.com", "***958"), the order has the rest.
 */
public final class Masking {

    private static final Pattern EMAIL = Pattern.compile("[^\\s<>@\"',;:()]+@([^\\s<>@\"',;:()]+)");
    /** Phone-like runs: digits, possibly split by spaces, dots, dashes or brackets (7 or more digits count, see below). */
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().-]{4,}\\d");

    private Masking() {
    }

    public static String email(String address) {
        if (address == null || address.isBlank()) {
            return "";
        }
        int at = address.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    public static String phone(String number) {
        if (number == null || number.isBlank()) {
            return "";
        }
        String digits = number.replaceAll("\\D", "");
        return "***" + digits.substring(Math.max(0, digits.length() - 3));
    }

    /** Free text (an SMTP server's or partner's error message) with any address or number in it masked. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        Matcher emails = EMAIL.matcher(text);
        StringBuilder masked = new StringBuilder();
        while (emails.find()) {
            emails.appendReplacement(masked, Matcher.quoteReplacement(email(emails.group())));
        }
        emails.appendTail(masked);
        Matcher phones = PHONE.matcher(masked.toString());
        StringBuilder result = new StringBuilder();
        while (phones.find()) {
            String run = phones.group();
            // short numeric runs (status codes such as 550 5.1.1, ports) are no phone numbers
            boolean phoneLike = run.replaceAll("\\D", "").length() >= 7;
            phones.appendReplacement(result, Matcher.quoteReplacement(phoneLike ? phone(run) : run));
        }
        phones.appendTail(result);
        return result.toString();
    }
}
