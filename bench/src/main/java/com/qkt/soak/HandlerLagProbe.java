package com.qkt.soak;

import com.qkt.broker.bybit.BybitClient;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * Handler lag of one engine: how long a task published into the client's ring waits before the handler thread runs
 * it, i.e. the queueing the strategy's events see behind socket frames, REST replies, timers and recovery work.
 * A sampler thread calls {@link #sample(long)} every few milliseconds; at most one probe is in flight, so a stalled
 * handler shows up as one long lag rather than as a queue of probes that would add to the stall.
 * <p>
 * The probe is one reused {@link Runnable}: sampling allocates nothing on the handler thread.
 */
final class HandlerLagProbe implements Runnable
{
    private final Recorder recorder;
    private volatile BybitClient client;
    private volatile long postedAtNanos;
    private long skippedInFlight;

    /**
     * @param recorder where the lags go, in nanoseconds (shared by every engine of the run; it takes concurrent
     *                 writers).
     */
    HandlerLagProbe(final Recorder recorder)
    {
        this.recorder = recorder;
    }

    /**
     * @param client the engine to probe from now on, or null while there is none (between a crash and the restart).
     */
    void attach(final BybitClient client)
    {
        this.client = client;
        this.postedAtNanos = 0;
    }

    /**
     * Post a probe unless one is still waiting; called by the sampler thread.
     *
     * @param nowNanos {@link System#nanoTime()}.
     */
    void sample(final long nowNanos)
    {
        final BybitClient target = client;
        if (null == target)
        {
            return;
        }
        if (postedAtNanos != 0)
        {
            skippedInFlight++;
            return;
        }
        postedAtNanos = nowNanos;
        try
        {
            target.execute(this);
        }
        catch (final IllegalStateException ex)
        {
            postedAtNanos = 0; // closed or its command queue is full: the next sample tries again
        }
    }

    /**
     * Runs on the handler thread.
     */
    public void run()
    {
        final long posted = postedAtNanos;
        if (posted != 0)
        {
            recorder.recordValue(Math.min(System.nanoTime() - posted, TimeUnit.SECONDS.toNanos(60)));
            postedAtNanos = 0;
        }
    }

    /**
     * @return samples skipped because the previous probe had not run yet.
     */
    long skippedInFlight()
    {
        return skippedInFlight;
    }

    /**
     * @return a recorder sized for lags up to a minute at three significant digits.
     */
    static Recorder newRecorder()
    {
        return new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
    }

    /**
     * @param histogram lags in nanoseconds.
     * @param percentile e.g. 99.
     * @return that percentile in microseconds, or 0 when empty.
     */
    static double micros(final Histogram histogram, final double percentile)
    {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
