package io.orderhub.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void keepsTheCurrencysScale() {
        assertThat(Money.of("12.5", "EUR").toPlainString()).isEqualTo("12.50");
        assertThat(Money.of("1200", "JPY").toPlainString()).isEqualTo("1200");
        assertThat(Money.of("1.250", "BHD").toPlainString()).isEqualTo("1.250");
    }

    @Test
    void refusesToRoundSilently() {
        assertThatThrownBy(() -> Money.of("12.505", "EUR")).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.of("1.5", "JPY")).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void addsAndMultipliesExactly() {
        Money price = Money.of("0.10", "EUR");
        assertThat(price.times(3).plus(Money.of("0.20", "EUR"))).isEqualTo(Money.of("0.50", "EUR"));
    }

    @Test
    void neverAddsAcrossCurrencies() {
        assertThatThrownBy(() -> Money.of("1.00", "EUR").plus(Money.of("1.00", "USD")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
