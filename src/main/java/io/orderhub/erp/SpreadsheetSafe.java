package io.orderhub.erp;

/**
 * Text a spreadsheet would run as a formula (CSV injection): a value starting with =, +, -, @,
 * a tab or a carriage return is prefixed with an apostrophe, which spreadsheets show as text.
 * Numbers the hub writes itself (quantities, amounts) are not text and are left alone.
 */
public final class SpreadsheetSafe {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private SpreadsheetSafe() {
    }

    public static String neutralise(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
