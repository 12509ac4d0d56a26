package com.qkt.common.timer;

import com.qkt.test.Allocations;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerServiceTest
{
    private static final long RESOLUTION = 1L << 20; // ~1 ms
    private static final long MS = 1_000_000L;
    private static final long START = 5_000_000_000L;

    private final TimerService timers = new TimerService(START, RESOLUTION, 512);
    private final List<String> fired = new ArrayList<>();

    private TimerListener named(final String name)
    {
        return (timerId, nowNanos) -> fired.add(name);
    }

    @Test
    void shouldFireTimersInDeadlineOrder()
    {
        timers.schedule(START + 30 * MS, named("c"));
        timers.schedule(START + 10 * MS, named("a"));
        timers.schedule(START + 20 * MS, named("b"));
        assertEquals(3, timers.timerCount());

        long now = START;
        while (fired.size() < 3 && now < START + 100 * MS)
        {
            now += MS / 4;
            timers.poll(now);
        }

        assertEquals(List.of("a", "b", "c"), fired);
        assertEquals(0, timers.timerCount());
    }

    @Test
    void shouldNotFireBeforeDeadline()
    {
        timers.schedule(START + 50 * MS, named("late"));

        assertEquals(0, timers.poll(START + 49 * MS));
        assertTrue(fired.isEmpty());
        assertEquals(1, timers.poll(START + 51 * MS + RESOLUTION));
        assertEquals(List.of("late"), fired);
    }

    @Test
    void shouldPassTimerIdAndNowToListener()
    {
        final long[] seen = new long[2];
        final long id = timers.schedule(START + 5 * MS, (timerId, nowNanos) ->
        {
            seen[0] = timerId;
            seen[1] = nowNanos;
        });

        timers.poll(START + 10 * MS);

        assertEquals(id, seen[0]);
        assertEquals(START + 10 * MS, seen[1]);
    }

    @Test
    void shouldNotFireCancelledTimer()
    {
        final long id = timers.schedule(START + 10 * MS, named("cancelled"));
        timers.schedule(START + 10 * MS, named("kept"));

        assertTrue(timers.cancel(id));
        assertFalse(timers.cancel(id));
        timers.poll(START + 20 * MS);

        assertEquals(List.of("kept"), fired);
    }

    @Test
    void shouldNotCancelAnotherTimerWithAStaleId()
    {
        final long first = timers.schedule(START + MS, named("first"));
        timers.poll(START + 5 * MS);
        final long second = timers.schedule(START + 10 * MS, named("second"));

        assertNotEquals(first, second);
        assertFalse(timers.cancel(first), "fired timer id must not cancel anything");
        timers.poll(START + 20 * MS);

        assertEquals(List.of("first", "second"), fired);
    }

    @Test
    void shouldFireAllDueTimersAfterALargeJumpOfTime()
    {
        for (int i = 1; i <= 100; i++)
        {
            timers.schedule(START + i * 37 * MS, named("t" + i));
        }
        timers.schedule(START + 3_600_000 * MS, named("in an hour"));

        final int count = timers.poll(START + 10_000 * MS);

        assertEquals(100, count);
        final List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 100; i++)
        {
            expected.add("t" + i);
        }
        assertEquals(expected, fired, "timers spanning several wheel rotations fire in deadline order");
        assertEquals(1, timers.timerCount());
    }

    @Test
    void shouldScheduleRelativeToNowAfterAJumpWithNoTimers()
    {
        timers.poll(START + 3_600_000 * MS);
        timers.schedule(START + 3_600_010 * MS, named("after jump"));

        assertEquals(0, timers.poll(START + 3_600_005 * MS));
        assertEquals(1, timers.poll(START + 3_600_011 * MS + RESOLUTION));
    }

    @Test
    void shouldFireTimerScheduledInThePastOnNextPoll()
    {
        timers.poll(START + 100 * MS);
        timers.schedule(START, named("past"));

        assertEquals(1, timers.poll(START + 100 * MS));
        assertEquals(List.of("past"), fired);
    }

    @Test
    void shouldAllowRescheduleFromInsideListener()
    {
        final int[] count = new int[1];
        final TimerListener periodic = new TimerListener()
        {
            public void onTimer(final long timerId, final long nowNanos)
            {
                if (++count[0] < 5)
                {
                    timers.schedule(nowNanos + 10 * MS, this);
                }
            }
        };
        timers.schedule(START + 10 * MS, periodic);

        for (long now = START; now < START + 200 * MS; now += MS)
        {
            timers.poll(now);
        }

        assertEquals(5, count[0]);
        assertEquals(0, timers.timerCount());
    }

    @Test
    void shouldNotAllocateWhenSchedulingCancellingAndFiring()
    {
        final long[] firedCount = new long[1];
        final TimerListener listener = (timerId, nowNanos) -> firedCount[0]++;
        final long[] now = { START };

        final Runnable cycles = () ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                now[0] += 100_000; // 0.1 ms per cycle
                final long cancelled = timers.schedule(now[0] + 50 * MS, listener);
                timers.schedule(now[0] + (i & 7) * MS, listener);
                timers.cancel(cancelled);
                timers.poll(now[0]);
            }
        };

        final long[] runs = Allocations.measureSteadyState(3, 10, cycles);

        System.out.println("TimerService: bytes allocated per run of 100k schedule/cancel/fire cycles (after 3 " +
            "warm-up runs) = " + java.util.Arrays.toString(runs));
        assertEquals(0, Allocations.last(runs));
        assertTrue(firedCount[0] > 300_000, "timers fired: " + firedCount[0]);
    }
}
