package org.queueservice.schema.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LockTimeoutTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "5s, PT5S",
            "1500ms, PT1.5S",
            "1m, PT1M",
            "1min, PT1M",
            "1m30s, PT1M30S",
            "2min5s250ms, PT2M5.25S",
            "1h, PT1H"})
    void readsEachUnitAndTheirSum(String value, Duration expected) {
        assertThat(LockTimeout.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "soon", "5", "1.5s", "30s1m", "1m1m", "-5s", "5 s", "99999999999999999999s"})
    void refusesAnythingElseNamingTheOption(String value) {
        assertThatThrownBy(() -> LockTimeout.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--lock-timeout must look like 5s, 1500ms, 1m or 1m30s, got '" + value + "'");
    }
}
