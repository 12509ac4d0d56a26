package com.qkt.common.time;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ManualClockTest
{
    @Test
    void shouldAdvanceEpochMillisAndNanosTogether()
    {
        final ManualClock clock = new ManualClock(1_700_000_000_000L);
        final long nanos = clock.nanoTime();
        assertEquals(1_700_000_000_000L, clock.time());

        clock.advanceNanos(600_000);
        assertEquals(1_700_000_000_000L, clock.time());
        clock.advanceNanos(600_000);
        assertEquals(1_700_000_000_001L, clock.time(), "sub-millisecond steps accumulate");
        clock.advanceMillis(5);

        assertEquals(1_700_000_000_006L, clock.time());
        assertEquals(nanos + 6_200_000L, clock.nanoTime());
        assertEquals(clock.nanoTime() / 1_000_000L, clock.time());
    }

    @Test
    void shouldNotGoBackwards()
    {
        final ManualClock clock = new ManualClock(0);
        assertThrows(IllegalArgumentException.class, () -> clock.advanceNanos(-1));
        assertThrows(IllegalArgumentException.class, () -> clock.advanceMillis(-1));
    }
}
