package com.qkt.broker.bybit.time;

import com.qkt.broker.bybit.BybitProtocolException;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyDecoder;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.codecs.ServerTimeOffsetKind;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.timer.TimerListener;
import com.qkt.common.timer.TimerService;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.TimeUnit;

/**
 * Estimates Bybit's clock on the handler thread and publishes the offset to the {@link ServerClock}.
 * <p>
 * One estimate is a few {@code GET /v5/market/time} round trips, one after the other. For each,
 * {@code offset = serverTime - (sent + received) / 2} (the server read its clock somewhere inside the round trip, most
 * likely near the middle, so the error is at most half the round trip); the sample with the smallest round trip wins.
 * Estimates run at connect, every {@code syncIntervalMs}, whenever Bybit refuses a timestamp (10002) and when a pong
 * disagrees. The pong's server time ({@code args[0]}) is only a drift detector: its round trip is the ping's, measured
 * with the liveness timer's coarse resolution, so it triggers an estimate instead of replacing one.
 * <p>
 * An estimate that lands outside {@code maxOffsetMs} (either way), comes back inside it, or moved by more than
 * {@code maxDriftMs} since the last one is reported to the {@link Listener} and counted. Signing uses the estimate in
 * any case: the event is for the operator, whose host clock is off.
 */
public final class ServerTimeSync implements RestReplyListener, TimerListener
{
    /**
     * An unsigned GET (the REST client's public call).
     */
    @FunctionalInterface
    public interface PublicGet
    {
        /**
         * @param path     e.g. {@code /v5/market/time}.
         * @param query    query string, may be empty.
         * @param listener receives the outcome on the handler thread.
         * @return the call id.
         */
        long get(String path, CharSequence query, RestReplyListener listener);
    }

    /**
     * What the estimator tells the client, on the handler thread.
     */
    public interface Listener
    {
        /**
         * The running estimate has its first good sample, and the {@link ServerClock} holds it: good to within that
         * sample's round trip, so a held WS auth or held signed calls may go now; the estimate refines it when it
         * finishes.
         */
        void onOffsetAvailable();

        /**
         * An estimate finished (also when every sample failed: then the previous offset stays in force).
         *
         * @param estimated true when the offset was (re-)estimated.
         */
        void onSyncDone(boolean estimated);

        /**
         * The offset crossed the bound or moved: for an SBE event.
         *
         * @param kind                 what happened.
         * @param offsetMillis         the offset now.
         * @param previousOffsetMillis the one before.
         * @param roundTripMicros      round trip of the winning sample (of the ping, for a pong).
         * @param boundMillis          the bound the event is about.
         */
        void onOffsetEvent(
            ServerTimeOffsetKind kind, long offsetMillis, long previousOffsetMillis, long roundTripMicros,
            long boundMillis);
    }

    private static final long NO_CALL = Long.MIN_VALUE;

    private final ServerClock clock;
    private final PublicGet rest;
    private final TimerService timers;
    private final NanoClock nanoClock;
    private final ErrorHandler errorHandler;
    private final Listener listener;
    private final int samplesPerSync;
    private final long intervalNs;
    private final long maxOffsetMs;
    private final long maxDriftMs;
    private final RestReplyDecoder decoder = new RestReplyDecoder();
    private final AtomicCounter syncsCounter;
    private final AtomicCounter failedSamplesCounter;
    private final AtomicCounter outOfBoundCounter;
    private final AtomicCounter driftCounter;
    private final AtomicCounter pongDisagreesCounter;

    private boolean syncing;
    private boolean estimated;
    private boolean closed;
    private int samplesLeft;
    private int goodSamples;
    private long callId = NO_CALL;
    private long sentNs;
    private long sentHostMillis;
    private long bestRoundTripNs;
    private long bestOffsetMillis;
    private long lastRoundTripNs;
    private long periodicTimerId = -1;
    private long syncs;
    private long lastPongOffsetMillis;
    /** The last finished estimate: what drift and bounds are judged against (the clock may hold a provisional one). */
    private long estimateMillis;

    /**
     * @param clock          receives each estimate.
     * @param rest           sends the unsigned {@code /v5/market/time} calls.
     * @param timers         the handler's timer wheel (periodic estimate).
     * @param nanoClock      monotonic time for round trips.
     * @param errorHandler   failed samples.
     * @param counters       where the counters are registered.
     * @param listener       estimate done, offset events.
     * @param samplesPerSync round trips per estimate.
     * @param intervalMs     period of the estimate, 0 = none.
     * @param maxOffsetMs    offset bound.
     * @param maxDriftMs     drift bound.
     */
    public ServerTimeSync(
        final ServerClock clock,
        final PublicGet rest,
        final TimerService timers,
        final NanoClock nanoClock,
        final ErrorHandler errorHandler,
        final EngineCounters counters,
        final Listener listener,
        final int samplesPerSync,
        final long intervalMs,
        final long maxOffsetMs,
        final long maxDriftMs)
    {
        this.clock = clock;
        this.rest = rest;
        this.timers = timers;
        this.nanoClock = nanoClock;
        this.errorHandler = errorHandler;
        this.listener = listener;
        this.samplesPerSync = samplesPerSync;
        this.intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.maxOffsetMs = maxOffsetMs;
        this.maxDriftMs = maxDriftMs;
        this.syncsCounter = counters.counter(counters.newCounter("bybit.time.syncs"));
        this.failedSamplesCounter = counters.counter(counters.newCounter("bybit.time.failedSamples"));
        this.outOfBoundCounter = counters.counter(counters.newCounter("bybit.time.offsetOutOfBound"));
        this.driftCounter = counters.counter(counters.newCounter("bybit.time.drifts"));
        this.pongDisagreesCounter = counters.counter(counters.newCounter("bybit.time.pongDisagreements"));
    }

    /**
     * Start an estimate now. One already running is restarted: its samples may predate the change that made the
     * caller ask (a 10002, a pong that disagrees), and only samples taken after the question can answer it.
     */
    public void sync()
    {
        if (closed)
        {
            return;
        }
        cancelPeriodic();
        syncing = true;
        samplesLeft = samplesPerSync;
        goodSamples = 0;
        bestRoundTripNs = Long.MAX_VALUE;
        sendSample();
    }

    /**
     * @return true while an estimate is running.
     */
    public boolean isSyncing()
    {
        return syncing;
    }

    /**
     * @return true while an estimate is running and has no good sample yet: whoever signs now signs with an offset
     * that the estimate was asked to replace.
     */
    public boolean awaitingOffset()
    {
        return syncing && 0 == goodSamples;
    }

    /**
     * @return true once an estimate succeeded.
     */
    public boolean hasEstimate()
    {
        return estimated;
    }

    /**
     * @return estimates completed with at least one good sample.
     */
    public long syncs()
    {
        return syncs;
    }

    /**
     * @return round trip of the last estimate's winning sample in ns, 0 before the first.
     */
    public long lastRoundTripNanos()
    {
        return lastRoundTripNs;
    }

    /**
     * @return the offset implied by the last pong that carried a time (ms), 0 before the first.
     */
    public long lastPongOffsetMillis()
    {
        return lastPongOffsetMillis;
    }

    /**
     * Compare a pong's server time with the estimate; a disagreement beyond the drift bound plus the uncertainty
     * (half the ping's round trip, and the server's ms resolution) is reported and starts an estimate.
     *
     * @param serverTimeMillis the pong's {@code args[0]}.
     * @param pingSentNanos    when the ping it answers was sent (nano clock).
     * @param pongNanos        when the pong arrived (nano clock).
     */
    public void onPong(final long serverTimeMillis, final long pingSentNanos, final long pongNanos)
    {
        final long roundTripNs = pongNanos - pingSentNanos;
        if (closed || roundTripNs < 0)
        {
            return;
        }
        final long hostAtPong = clock.hostClock().time() - TimeUnit.NANOSECONDS.toMillis(nanoClock.nanoTime() - pongNanos);
        final long halfRoundTripMs = TimeUnit.NANOSECONDS.toMillis(roundTripNs / 2);
        final long pongOffset = serverTimeMillis - (hostAtPong - halfRoundTripMs);
        lastPongOffsetMillis = pongOffset;
        final long offset = clock.offsetMillis();
        if (Math.abs(pongOffset - offset) > maxDriftMs + halfRoundTripMs + 1)
        {
            pongDisagreesCounter.increment();
            listener.onOffsetEvent(ServerTimeOffsetKind.PONG_DISAGREES, pongOffset, offset,
                TimeUnit.NANOSECONDS.toMicros(roundTripNs), maxDriftMs);
            if (!syncing)
            {
                sync();
            }
        }
    }

    /**
     * Stop: no more samples or periodic estimates.
     */
    public void close()
    {
        closed = true;
        syncing = false;
        callId = NO_CALL;
        cancelPeriodic();
    }

    // ---------------------------------------------------------------- samples

    private void sendSample()
    {
        sentNs = nanoClock.nanoTime();
        sentHostMillis = clock.hostClock().time();
        callId = NO_CALL;
        final long id = rest.get(BybitPaths.MARKET_TIME, "", this);
        if (id < 0)
        {
            finish(); // the REST client is closed
            return;
        }
        callId = id;
    }

    public void onRestReply(
        final long callId, final int attempt, final int httpStatus, final DirectBuffer body, final int offset,
        final int length)
    {
        if (callId != this.callId)
        {
            return; // a sample of an estimate that was restarted
        }
        final long roundTripNs = nanoClock.nanoTime() - sentNs;
        if (httpStatus == 200 && decoder.decodeServerTime(body, offset, length) && decoder.retCode() == 0 &&
            decoder.serverTimeMillis() != RestReplyDecoder.NO_TIME)
        {
            final long offsetMillis = decoder.serverTimeMillis() -
                (sentHostMillis + TimeUnit.NANOSECONDS.toMillis(roundTripNs / 2));
            goodSamples++;
            if (roundTripNs < bestRoundTripNs)
            {
                bestRoundTripNs = roundTripNs;
                bestOffsetMillis = offsetMillis;
            }
            if (1 == goodSamples)
            {
                // usable now (to within this round trip): whatever waits for the clock need not wait for the rest
                clock.offsetMillis(offsetMillis);
                listener.onOffsetAvailable();
            }
        }
        else
        {
            failedSamplesCounter.increment();
            errorHandler.onError(new BybitProtocolException("server time sample refused: HTTP " + httpStatus + " " +
                body.getStringWithoutLengthAscii(offset, Math.min(length, 256))));
        }
        nextSample();
    }

    public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
    {
        if (callId != this.callId)
        {
            return;
        }
        failedSamplesCounter.increment();
        errorHandler.onError(new BybitProtocolException(
            "server time sample failed: " + failure + " after " + attempts + " attempts"));
        nextSample();
    }

    private void nextSample()
    {
        callId = NO_CALL;
        if (--samplesLeft > 0)
        {
            sendSample();
        }
        else
        {
            finish();
        }
    }

    private void finish()
    {
        syncing = false;
        final boolean good = goodSamples > 0;
        if (good)
        {
            final long previous = estimateMillis;
            final boolean first = !estimated;
            clock.offsetMillis(bestOffsetMillis);
            estimateMillis = bestOffsetMillis;
            estimated = true;
            syncs++;
            syncsCounter.increment();
            lastRoundTripNs = bestRoundTripNs;
            report(first, previous, bestOffsetMillis, TimeUnit.NANOSECONDS.toMicros(bestRoundTripNs));
        }
        schedulePeriodic();
        listener.onSyncDone(good);
    }

    private void report(final boolean first, final long previous, final long offset, final long roundTripMicros)
    {
        final boolean outside = Math.abs(offset) > maxOffsetMs;
        final boolean wasOutside = !first && Math.abs(previous) > maxOffsetMs;
        if (!first && Math.abs(offset - previous) > maxDriftMs)
        {
            driftCounter.increment();
            listener.onOffsetEvent(ServerTimeOffsetKind.DRIFT, offset, previous, roundTripMicros, maxDriftMs);
        }
        if (outside && !wasOutside)
        {
            outOfBoundCounter.increment();
            listener.onOffsetEvent(ServerTimeOffsetKind.OUT_OF_BOUND, offset, previous, roundTripMicros, maxOffsetMs);
        }
        else if (!outside && wasOutside)
        {
            listener.onOffsetEvent(ServerTimeOffsetKind.BACK_IN_BOUND, offset, previous, roundTripMicros, maxOffsetMs);
        }
    }

    // ---------------------------------------------------------------- periodic estimate

    private void schedulePeriodic()
    {
        cancelPeriodic();
        if (intervalNs > 0 && !closed)
        {
            periodicTimerId = timers.schedule(nanoClock.nanoTime() + intervalNs, this);
        }
    }

    private void cancelPeriodic()
    {
        if (periodicTimerId != -1)
        {
            timers.cancel(periodicTimerId);
            periodicTimerId = -1;
        }
    }

    public void onTimer(final long timerId, final long nowNanos)
    {
        if (timerId == periodicTimerId)
        {
            periodicTimerId = -1;
            if (!syncing)
            {
                sync();
            }
        }
    }
}
