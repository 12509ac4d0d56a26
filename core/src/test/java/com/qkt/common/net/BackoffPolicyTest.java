package com.qkt.common.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffPolicyTest
{
    private static final long MS = 1_000_000L;

    private static long[] delays(final BackoffPolicy policy, final int attempts)
    {
        final long[] delays = new long[attempts];
        for (int i = 0; i < attempts; i++)
        {
            delays[i] = policy.delayNanos(i + 1);
        }
        return delays;
    }

    @Test
    void shouldDoubleUpToTheCap()
    {
        final ExponentialBackoff backoff = new ExponentialBackoff(100 * MS, 2.0, 1_000 * MS);

        assertArrayEquals(
            new long[]{ 100 * MS, 200 * MS, 400 * MS, 800 * MS, 1_000 * MS, 1_000 * MS, 1_000 * MS },
            delays(backoff, 7));
    }

    @Test
    void shouldStayAtTheCapForVeryLargeAttemptNumbers()
    {
        final ExponentialBackoff backoff = new ExponentialBackoff(100 * MS, 2.0, 10_000 * MS);

        assertEquals(10_000 * MS, backoff.delayNanos(1_000));
        assertEquals(10_000 * MS, backoff.delayNanos(Integer.MAX_VALUE));
    }

    @Test
    void shouldUseNonIntegerMultiplier()
    {
        final ExponentialBackoff backoff = new ExponentialBackoff(1_000 * MS, 1.5, 10_000 * MS);

        assertArrayEquals(new long[]{ 1_000 * MS, 1_500 * MS, 2_250 * MS, 3_375 * MS }, delays(backoff, 4));
    }

    @Test
    void shouldReturnFixedDelayForEveryAttempt()
    {
        assertArrayEquals(new long[]{ 250 * MS, 250 * MS, 250 * MS, 250 * MS }, delays(new FixedDelayBackoff(250 * MS), 4));
    }

    @Test
    void shouldKeepJitteredDelaysWithinBounds()
    {
        final double jitter = 0.2;
        final ExponentialBackoff backoff = new ExponentialBackoff(100 * MS, 2.0, 10_000 * MS, jitter, 42);
        final ExponentialBackoff base = new ExponentialBackoff(100 * MS, 2.0, 10_000 * MS);

        boolean sawJitter = false;
        for (int round = 0; round < 1_000; round++)
        {
            for (int attempt = 1; attempt <= 12; attempt++)
            {
                final long d = base.delayNanos(attempt);
                final long delay = backoff.delayNanos(attempt);
                assertTrue(delay <= d, "above base delay: " + delay + " > " + d);
                assertTrue(delay >= (long)(d * (1 - jitter)), "below jitter floor: " + delay);
                assertTrue(delay <= 10_000 * MS, "above cap");
                sawJitter |= delay != d;
            }
        }
        assertTrue(sawJitter);
    }

    @Test
    void shouldGiveIdenticalJitterForTheSameSeed()
    {
        final long[] first = delays(new ExponentialBackoff(100 * MS, 2.0, 10_000 * MS, 0.5, 7), 20);
        final long[] second = delays(new ExponentialBackoff(100 * MS, 2.0, 10_000 * MS, 0.5, 7), 20);
        final long[] otherSeed = delays(new ExponentialBackoff(100 * MS, 2.0, 10_000 * MS, 0.5, 8), 20);

        assertArrayEquals(first, second);
        assertTrue(!java.util.Arrays.equals(first, otherSeed));
    }

    @Test
    void shouldRepeatJitterSequenceAfterReset()
    {
        final ExponentialBackoff backoff = new ExponentialBackoff(100 * MS, 2.0, 10_000 * MS, 0.5, 99);
        final long[] first = delays(backoff, 10);
        backoff.reset();

        assertArrayEquals(first, delays(backoff, 10));
    }

    @Test
    void shouldRejectInvalidParameters()
    {
        assertThrows(IllegalArgumentException.class, () -> new ExponentialBackoff(-1, 2.0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialBackoff(10, 0.5, 100));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialBackoff(100, 2.0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialBackoff(10, 2.0, 100, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new FixedDelayBackoff(-1));
    }
}
