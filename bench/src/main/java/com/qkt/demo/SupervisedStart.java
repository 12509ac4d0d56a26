package com.qkt.demo;

import com.qkt.broker.bybit.BybitClient;
import com.qkt.broker.bybit.BybitConnectException;
import com.qkt.broker.bybit.BybitSpotBroker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Starts an engine the way a process supervisor restarts a crashed process. A start whose connect fails because the
 * exchange cannot be reached at that moment (connections refused or reset during an outage, no answer in time) is
 * tried again after a pause, until a deadline; bad credentials, a refused subscription or anything else end it at
 * once. {@code BybitClient#connect()} itself fails fast by design (a wrong setup fails loud, never an endless loop at
 * start), so retrying a restart that lands in an outage is the job of whoever starts the process: the demo's and the
 * soak's restarts do it here.
 */
public final class SupervisedStart
{
    /** How long a restart keeps trying before it gives up and the failure stands. */
    public static final long DEADLINE_MS = 20_000;
    private static final long PAUSE_MS = 250;

    private SupervisedStart()
    {
    }

    /**
     * @param start    makes and connects the engine; it must have closed whatever it made before it throws.
     * @param timeline where each retry is said.
     * @param what     the engine, for the timeline.
     * @param <T>      what start returns.
     * @return what the first successful start returned.
     * @throws BybitConnectException the last failure, once the deadline passed or at once if it is not transient.
     */
    public static <T> T start(final Supplier<T> start, final Timeline timeline, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        int attempt = 1;
        while (true)
        {
            try
            {
                return start.get();
            }
            catch (final BybitConnectException ex)
            {
                final boolean worthRetrying = ex.reason() == BybitConnectException.Reason.UNREACHABLE ||
                    ex.reason() == BybitConnectException.Reason.TIMEOUT;
                if (!worthRetrying || System.nanoTime() - deadline >= 0)
                {
                    throw ex;
                }
                timeline.event("RESTART", what + ": start " + attempt + " could not connect (" + ex.getMessage() +
                    "); trying again in " + PAUSE_MS + " ms, as a supervisor would");
                attempt++;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_MS));
            }
        }
    }

    /**
     * End an engine whose start failed, as a process that failed to start ends: the client terminated, the broker (if
     * it was made) halted, so its state directory is free for the next start. A failure while ending is added to
     * {@code cause} and does not stop the broker from being halted.
     *
     * @param client made by the failed start.
     * @param broker made by it, or null.
     * @param cause  why the start failed.
     */
    public static void endFailedStart(final BybitClient client, final BybitSpotBroker broker, final Throwable cause)
    {
        try
        {
            client.terminate();
        }
        catch (final RuntimeException ex)
        {
            cause.addSuppressed(ex);
        }
        finally
        {
            if (null != broker)
            {
                try
                {
                    broker.halt();
                }
                catch (final RuntimeException ex)
                {
                    cause.addSuppressed(ex);
                }
            }
        }
    }
}
