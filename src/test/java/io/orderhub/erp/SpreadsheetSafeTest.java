package io.orderhub.erp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpreadsheetSafeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "=HYPERLINK(\"http://x\")|'=HYPERLINK(\"http://x\")",
            "+49 30 1234|'+49 30 1234",
            "-2+3|'-2+3",
            "@SUM(A1:A9)|'@SUM(A1:A9)",
            "Ada Lovelace|Ada Lovelace",
            "a=b|a=b",
            "12 St James's Square|12 St James's Square"
    })
    void formulasBecomeText(String value, String written) {
        assertThat(SpreadsheetSafe.neutralise(value)).isEqualTo(written);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"\tcmd", "\rcmd"})
    void leadingTabsAndCarriageReturnsToo(String value) {
        assertThat(SpreadsheetSafe.neutralise(value)).isEqualTo("'" + value);
    }

    @org.junit.jupiter.api.Test
    void emptyAndMissingStayAsTheyAre() {
        assertThat(SpreadsheetSafe.neutralise("")).isEmpty();
        assertThat(SpreadsheetSafe.neutralise(null)).isNull();
    }
}
