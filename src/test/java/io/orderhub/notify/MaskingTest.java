package io.orderhub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void addressesKeepTheirFirstLetterAndDomain() {
        assertThat(Masking.email("ada.lovelace@example.com")).isEqualTo("a***@example.com");
        assertThat(Masking.email("not-an-address")).isEqualTo("***");
    }

    @Test
    void numbersKeepTheirLastThreeDigits() {
        assertThat(Masking.phone("+44 20 7946 0958")).isEqualTo("***958");
    }

    @Test
    void errorMessagesLoseTheAddressesAndNumbersTheyQuote() {
        String masked = Masking.text("550 5.1.1 <ada@example.com>: Recipient address rejected; SMS to +44 20 7946 0958 refused (status 503)");

        assertThat(masked).doesNotContain("ada@", "7946").contains("a***@example.com", "***958", "550", "503");
    }
}
