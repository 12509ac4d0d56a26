package com.qkt.broker.bybit.time;

import org.agrona.concurrent.EpochClock;

/**
 * Bybit's clock as estimated here: the host's wall clock plus an offset in ms ({@code server - host}). Signed REST
 * timestamps, the WS auth {@code expires} and recovery windows read it; events for the strategy keep host time.
 * <p>
 * One writer ({@link ServerTimeSync} on the handler thread), any number of readers (the REST sender thread signs with
 * it): the offset is a volatile long, so a reader sees either the old or the new estimate, never a torn one.
 */
public final class ServerClock implements EpochClock
{
    private final EpochClock hostClock;
    private volatile long offsetMillis;

    /**
     * @param hostClock the host's wall clock.
     */
    public ServerClock(final EpochClock hostClock)
    {
        this.hostClock = hostClock;
    }

    /**
     * @return estimated server time in ms since the epoch.
     */
    public long time()
    {
        return hostClock.time() + offsetMillis;
    }

    /**
     * @return server time minus host time in ms, as last estimated (0 before the first estimate).
     */
    public long offsetMillis()
    {
        return offsetMillis;
    }

    /**
     * Publish a new estimate. Handler thread only.
     *
     * @param offsetMillis server time minus host time in ms.
     */
    public void offsetMillis(final long offsetMillis)
    {
        this.offsetMillis = offsetMillis;
    }

    /**
     * @return the host's wall clock this clock adds the offset to.
     */
    public EpochClock hostClock()
    {
        return hostClock;
    }
}
