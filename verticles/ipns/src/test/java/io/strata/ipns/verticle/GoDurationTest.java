package io.strata.ipns.verticle;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GoDurationTest {

    @Test
    void readsWhatGoParseDurationReads() {
        assertEquals(Duration.ofHours(48), GoDuration.parse("48h"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofMillis(300), GoDuration.parse("300ms"));
        assertEquals(Duration.ofNanos(1_500), GoDuration.parse("1us500ns"));
        assertEquals(Duration.ofNanos(2_000), GoDuration.parse("2µs"));
        assertEquals(Duration.ofSeconds(-5), GoDuration.parse("-5s"));
        assertEquals(Duration.ofSeconds(5), GoDuration.parse("+5s"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse(".5s"));
    }

    @Test
    void refusesWhatGoRefuses() {
        for (String text : new String[] {"", "5", "h", "5x", "1h 30m", "-", ".s", "1..5s", "forever", "9999999999h"}) {
            assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text), text);
        }
    }
}
