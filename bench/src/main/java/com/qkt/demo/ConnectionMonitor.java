package com.qkt.demo;

import com.qkt.codecs.ConnectionState;
import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.RestAccess;
import com.qkt.codecs.RestAccessChangedDecoder;
import com.qkt.codecs.RecoveryCompletedDecoder;
import com.qkt.codecs.StartupReconciledDecoder;
import com.qkt.codecs.ServerTimeOffsetDecoder;
import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Turns the strategy-facing connection events into timeline lines and numbers: drops detected, reconnects, what each
 * recovery synthesised, and the reconnect-to-consistent latency, from the first {@code DISCONNECTED} after a good
 * session to the {@code CONNECTED} that follows {@code RECOVERING} (the moment the strategy's view is whole again).
 * <p>
 * Events arrive on the client's handler thread; the numbers are read from the main thread.
 */
public final class ConnectionMonitor
{
    private final Timeline timeline;
    private final Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private long disconnectedAtNanos = -1;
    private long disconnects;
    private long failedStarts;
    private long reconnects;
    private long recoveries;
    private long syntheticFills;
    private long syntheticCancels;
    private long syntheticRejects;
    private long duplicatesSuppressed;
    private ConnectionState state = ConnectionState.DISCONNECTED;
    private boolean startupReconcile;
    private final java.util.List<String> startups = new java.util.ArrayList<>();

    /**
     * @param timeline where the lines go.
     */
    public ConnectionMonitor(final Timeline timeline)
    {
        this.timeline = timeline;
    }

    /**
     * @param decoder a server-time event: the client's clock estimate crossed its bound or moved.
     */
    public void onServerTimeOffset(final ServerTimeOffsetDecoder decoder)
    {
        timeline.event("CLOCK", String.format(Locale.ROOT, "%s: exchange clock %+d ms from the host (was %+d ms, " +
            "bound %d ms, round trip %.1f ms)", decoder.kind(), decoder.offsetMillis(), decoder.previousOffsetMillis(),
            decoder.boundMillis(), decoder.roundTripMicros() / 1000.0));
    }

    /**
     * @param decoder the event.
     */
    /**
     * @param decoder positioned on a RestAccessChanged event (an IP ban holding REST, or its end).
     */
    public void onRestAccessChanged(final RestAccessChangedDecoder decoder)
    {
        timeline.event("REST " + decoder.state(), decoder.state() == RestAccess.OPEN ?
            "IP ban over: " + decoder.queuedCalls() + " calls waiting go out, cancels first" :
            String.format(java.util.Locale.ROOT, "HTTP %d: all REST held %.1f s (ban %d), %d calls waiting",
                decoder.httpStatus(), decoder.holdNanos() / 1e9, decoder.bans(), decoder.queuedCalls()));
    }

    public void onConnectionStateChanged(final ConnectionStateChangedDecoder decoder)
    {
        final long now = System.nanoTime();
        final ConnectionState newState = decoder.state();
        final ConnectionState previous = decoder.previousState();
        final long generation = decoder.generation();
        final String reason = decoder.reason();
        String suffix = "";
        synchronized (this)
        {
            state = newState;
            if (newState == ConnectionState.DISCONNECTED && previous == ConnectionState.CONNECTING)
            {
                failedStarts++; // a start that never had a session: nothing was dropped
            }
            else if (newState == ConnectionState.DISCONNECTED)
            {
                disconnects++;
                if (disconnectedAtNanos < 0)
                {
                    disconnectedAtNanos = now;
                }
            }
            else if (newState == ConnectionState.RECOVERING && previous == ConnectionState.CONNECTING)
            {
                startupReconcile = true; // a process start, not a reconnect
            }
            else if (newState == ConnectionState.CONNECTED && startupReconcile)
            {
                // a new process is consistent here; a drop the killed one was recovering from ends with it
                startupReconcile = false;
                disconnectedAtNanos = -1;
            }
            else if (newState == ConnectionState.CONNECTED && previous == ConnectionState.RECOVERING)
            {
                reconnects++;
                if (disconnectedAtNanos >= 0)
                {
                    final long micros = TimeUnit.NANOSECONDS.toMicros(now - disconnectedAtNanos);
                    latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
                    suffix = String.format(Locale.ROOT, " (consistent %.1f ms after the drop)", micros / 1000.0);
                }
                disconnectedAtNanos = -1;
            }
        }
        final String label = newState != ConnectionState.DISCONNECTED ? newState.name() :
            previous == ConnectionState.CONNECTING ? "START FAILED" : "DROP";
        timeline.event(label, reason + " [gen " + generation + "]" + suffix);
    }

    /**
     * @param decoder the event.
     */
    public void onRecoveryCompleted(final RecoveryCompletedDecoder decoder)
    {
        final int fills = decoder.synthesizedFills();
        final int cancels = decoder.synthesizedCancels();
        final int rejects = decoder.synthesizedRejects();
        final int duplicates = decoder.duplicateFillsSuppressed();
        synchronized (this)
        {
            recoveries++;
            syntheticFills += fills;
            syntheticCancels += cancels;
            syntheticRejects += rejects;
            duplicatesSuppressed += duplicates;
        }
        timeline.event("RECOVERED", String.format(Locale.ROOT, "%s, %s, %s; %s suppressed (%s, %s scanned, %.1f ms)",
            Summary.count(fills, "synthetic fill", "synthetic fills"),
            Summary.count(cancels, "cancel", "cancels"),
            Summary.count(rejects, "reject", "rejects"),
            Summary.count(duplicates, "duplicate fill", "duplicate fills"),
            Summary.count(decoder.openOrdersSeen(), "open order", "open orders"),
            Summary.count(decoder.executionsScanned(), "execution", "executions"),
            decoder.durationNanos() / 1e6));
    }

    /**
     * @return the last state reported.
     */
    public synchronized ConnectionState state()
    {
        return state;
    }

    /**
     * @return drops detected: a live or recovering session lost (failed reconnect attempts stay RECONNECTING).
     */
    public synchronized long disconnects()
    {
        return disconnects;
    }

    /**
     * @return engine starts whose first connect failed (DISCONNECTED straight after CONNECTING): retried by
     * {@link SupervisedStart}, not drops.
     */
    public synchronized long failedStarts()
    {
        return failedStarts;
    }

    /**
     * @return reconnects that completed recovery.
     */
    public synchronized long reconnects()
    {
        return reconnects;
    }

    /**
     * @return RecoveryCompleted events.
     */
    public synchronized long recoveries()
    {
        return recoveries;
    }

    /**
     * @return fills synthesised by recovery, summed over the RecoveryCompleted events.
     */
    public synchronized long syntheticFills()
    {
        return syntheticFills;
    }

    /**
     * @return cancels synthesised by recovery.
     */
    public synchronized long syntheticCancels()
    {
        return syntheticCancels;
    }

    /**
     * @return rejects synthesised by recovery.
     */
    public synchronized long syntheticRejects()
    {
        return syntheticRejects;
    }

    /**
     * @return duplicate fills recovery suppressed.
     */
    public synchronized long duplicatesSuppressed()
    {
        return duplicatesSuppressed;
    }

    /**
     * @return a copy of the reconnect-to-consistent latencies in microseconds.
     */
    public synchronized Histogram latencyMicros()
    {
        return latencyMicros.copy();
    }

    /**
     * A process started: what its startup reconcile found.
     *
     * @param decoder the event.
     */
    public void onStartupReconciled(final StartupReconciledDecoder decoder)
    {
        final String detail = decoder.detail();
        final String line = String.format(Locale.ROOT,
            "state %s: %d order(s) adopted from the state, %d found on the exchange, %d synthetic fill(s), " +
            "%d terminal event(s), %d foreign order(s); ids reserved up to %d%s",
            decoder.stateOutcome(), decoder.adoptedFromState(), decoder.adoptedFromExchange(),
            decoder.synthesizedFills(), decoder.terminalEvents(), decoder.foreignOrders(), decoder.reservedUpTo(),
            detail.isEmpty() ? "" : " (" + detail + ")");
        synchronized (this)
        {
            startups.add(line);
        }
        timeline.event("STARTUP", line);
    }

    /**
     * @return one line per process start, what its startup reconcile found.
     */
    public synchronized java.util.List<String> startups()
    {
        return new java.util.ArrayList<>(startups);
    }
}
