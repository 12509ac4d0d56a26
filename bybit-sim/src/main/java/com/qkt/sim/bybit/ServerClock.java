package com.qkt.sim.bybit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The exchange's wall clock: the host clock plus a skew that can be changed at run time (the clock-skew fault).
 * Everything the simulator stamps or checks with "server time" reads it: {@code /v5/market/time}, the envelope
 * {@code time}, the REST timestamp / recv-window check (10002), the WS auth {@code expires} check, the pong's
 * {@code args[0]}, push {@code creationTime}, order created/updated times, exec times and rate-limit reset timestamps.
 *
 * <p>Budgets and other intervals are measured on the monotonic clock, never on this one, so moving the skew never
 * stretches or shortens a window.
 */
public final class ServerClock implements LongSupplier
{
    private final LongSupplier hostMillis;
    private final AtomicLong skewMillis = new AtomicLong();

    ServerClock(final LongSupplier hostMillis)
    {
        this.hostMillis = hostMillis;
    }

    /**
     * @return server time in ms since the epoch (host time + skew).
     */
    public long nowMillis()
    {
        return hostMillis.getAsLong() + skewMillis.get();
    }

    /**
     * @return server time in ns since the epoch, for {@code timeNano}; ms resolution of the host clock plus a
     *         sub-millisecond part from the monotonic clock, so consecutive reads within one ms still differ.
     */
    public long nowNanos()
    {
        return nowMillis() * 1_000_000L + Math.floorMod(System.nanoTime(), 1_000_000L);
    }

    /**
     * @return the current skew in ms (positive: server ahead of the host).
     */
    public long skewMillis()
    {
        return skewMillis.get();
    }

    void skewMillis(final long skew)
    {
        skewMillis.set(skew);
    }

    @Override
    public long getAsLong()
    {
        return nowMillis();
    }
}
