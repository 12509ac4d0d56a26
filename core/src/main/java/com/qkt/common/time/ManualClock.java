package com.qkt.common.time;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * A clock that moves only when told to, for deterministic tests and simulations.
 * <p>
 * Epoch milliseconds and nanoseconds advance together: {@link #nanoTime()} starts at
 * {@code startEpochMillis * 1_000_000} and {@link #time()} is always {@code nanoTime() / 1_000_000}, so sub-millisecond
 * advances accumulate into the epoch time. One thread should advance it; any thread may read it.
 */
public final class ManualClock implements EpochClock, NanoClock
{
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private volatile long nanoTime;

    /**
     * @param startEpochMillis the epoch time in milliseconds the clock starts at.
     */
    public ManualClock(final long startEpochMillis)
    {
        nanoTime = Math.multiplyExact(startEpochMillis, NANOS_PER_MILLI);
    }

    /**
     * {@inheritDoc}
     */
    public long time()
    {
        return nanoTime / NANOS_PER_MILLI;
    }

    /**
     * {@inheritDoc}
     */
    public long nanoTime()
    {
        return nanoTime;
    }

    /**
     * Move the clock forward.
     *
     * @param nanos to advance by, must not be negative.
     */
    public void advanceNanos(final long nanos)
    {
        if (nanos < 0)
        {
            throw new IllegalArgumentException("time does not go backwards: " + nanos);
        }
        nanoTime += nanos;
    }

    /**
     * Move the clock forward.
     *
     * @param millis to advance by, must not be negative.
     */
    public void advanceMillis(final long millis)
    {
        advanceNanos(Math.multiplyExact(millis, NANOS_PER_MILLI));
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "ManualClock{nanoTime=" + nanoTime + '}';
    }
}
