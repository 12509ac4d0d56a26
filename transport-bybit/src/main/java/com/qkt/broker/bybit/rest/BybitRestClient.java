package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.broker.bybit.protocol.BybitRetCodes;
import com.qkt.codecs.RestAccess;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.net.BackoffPolicy;
import com.qkt.common.timer.TimerListener;
import com.qkt.common.timer.TimerService;
import com.qkt.engine.RingEvent;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The handler-thread side of signed REST: keeps the calls in flight, retries connection-level failures on the timer
 * wheel with the configured back-off, and hands each final outcome to the caller's {@link RestReplyListener}.
 * <p>
 * Only connection-level failures ({@link RestFailure}) are retried. Anything Bybit answered, whatever the HTTP status
 * or {@code retCode}, is passed on as it is: a retried order submit must only ever repeat a request whose outcome is
 * unknown, and it carries the same {@code orderLinkId} so it cannot create a second order. The exceptions are Bybit's
 * rate-limit answers (10006, HTTP 429, HTTP 403), which say the call was not processed: every call goes through the
 * {@link RateLimitGovernor}, which keeps those calls and sends them again when the budget or the IP ban allows; and
 * 10002 (timestamp outside the recv window: not processed): with a {@link TimestampRejectListener} the call is held,
 * the server clock re-estimated, and the call resent, up to {@link #MAX_CLOCK_RESENDS} times; signed calls made
 * meanwhile wait for the estimate too.
 */
public final class BybitRestClient implements TimerListener
{
    /**
     * Clock resends of one call. Twice, not once: a resend can wait (a full budget, a 10006 storm) long enough for the
     * exchange's clock to move again before it goes out, signed with the estimate the second move made wrong; only
     * a third 10002 is passed on as Bybit's answer.
     */
    public static final int MAX_CLOCK_RESENDS = 2;

    /**
     * Told when Bybit refused a call's timestamp (10002) and the client started holding signed calls: it must
     * re-estimate the server clock and then call {@link #releaseClockHold()}.
     */
    @FunctionalInterface
    public interface TimestampRejectListener
    {
        /**
         * A signed call came back with 10002; signed calls are held from now until {@link #releaseClockHold()}.
         */
        void onTimestampRejected();
    }

    private final RestCallSink sender;
    private final RateLimitGovernor governor;
    private final TimerService timers;
    private final NanoClock nanoClock;
    private final BackoffPolicy retryBackoff;
    private final int maxAttempts;
    private final ErrorHandler errorHandler;
    private final EngineCounters counters;
    private final AtomicCounter throttledCounter;
    private final Long2ObjectHashMap<PendingRestCall> inFlight = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<PendingRestCall> retryByTimerId = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<PendingRestCall> watchdogByTimerId = new Long2ObjectHashMap<>();
    private final long watchdogNanos;
    private final ArrayDeque<PendingRestCall> pool = new ArrayDeque<>();
    private final ArrayDeque<PendingRestCall> heldForClock = new ArrayDeque<>();
    private final AtomicCounter timestampRejectedCounter;
    private TimestampRejectListener timestampRejectListener;
    private boolean holdingForClock;
    private long timestampRejects;
    private long nextCallId = 1;
    private boolean closed;
    private long retries;
    private long attempts;

    public BybitRestClient(
        final RestCallSink sender,
        final RateLimitGovernor governor,
        final TimerService timers,
        final NanoClock nanoClock,
        final BackoffPolicy retryBackoff,
        final int maxAttempts,
        final ErrorHandler errorHandler,
        final EngineCounters counters,
        final long requestTimeoutNanos,
        final int initialPoolSize)
    {
        // the sender's HTTP timeout normally answers first; this only catches an outcome that was lost on the way
        this.watchdogNanos = requestTimeoutNanos + Math.max(requestTimeoutNanos, TimeUnit.SECONDS.toNanos(1));
        this.sender = sender;
        this.governor = governor;
        governor.dispatcher(this::transmit);
        governor.errorHandler(errorHandler);
        this.timers = timers;
        this.nanoClock = nanoClock;
        this.retryBackoff = retryBackoff;
        this.maxAttempts = maxAttempts;
        this.errorHandler = errorHandler;
        this.counters = counters;
        this.timestampRejectedCounter = counters.counter(counters.newCounter("bybit.rest.timestampRejected"));
        this.throttledCounter =
            counters.counter(counters.newCounter("bybit.rest.throttled (HTTP 403/429, retCode 10006)"));
        for (int i = 0; i < initialPoolSize; i++)
        {
            pool.add(new PendingRestCall());
        }
    }

    /**
     * @return the call id, or -1 when the client is closed (the call is dropped and never answered).
     */
    public long get(final String path, final CharSequence query, final RestReplyListener listener)
    {
        if (closed)
        {
            return -1;
        }
        final PendingRestCall call = acquire(PendingRestCall.GET, path, listener);
        call.payload(query);
        return send(call);
    }

    /**
     * An unsigned GET of a public endpoint (no key, no signature; never held for the clock).
     *
     * @return the call id, or -1 when the client is closed.
     */
    public long getPublic(final String path, final CharSequence query, final RestReplyListener listener)
    {
        if (closed)
        {
            return -1;
        }
        final PendingRestCall call = acquire(PendingRestCall.GET_PUBLIC, path, listener);
        call.payload(query);
        return send(call);
    }

    /**
     * Resend a signed call after a server-time estimate when Bybit refuses its timestamp (10002), up to
     * {@link #MAX_CLOCK_RESENDS} times, instead of passing the refusal on. Without a listener, 10002 is an answer like
     * any other.
     *
     * @param listener starts the estimate and calls {@link #releaseClockHold()} when it is done.
     */
    public void timestampRejectListener(final TimestampRejectListener listener)
    {
        this.timestampRejectListener = listener;
    }

    /**
     * The server clock was re-estimated (or could not be): send the signed calls held since a 10002, in the order
     * they were made. A refused call is resent as its next attempt; a 10002 after its last clock resend goes to its
     * listener.
     */
    public void releaseClockHold()
    {
        holdingForClock = false;
        PendingRestCall call;
        while (!holdingForClock && null != (call = heldForClock.pollFirst()))
        {
            if (call.clockResends > 0)
            {
                call.attempt++;
                governor.resubmit(call); // answered 10002: already holds its place in its lane
            }
            else
            {
                submit(call); // held before it ever went out
            }
        }
    }

    /**
     * @return signed calls Bybit refused for their timestamp (10002), resends included.
     */
    public long timestampRejects()
    {
        return timestampRejects;
    }

    /**
     * @return signed calls waiting for a server-time estimate.
     */
    public int heldForClockCount()
    {
        return heldForClock.size();
    }

    public long post(
        final String path, final DirectBuffer body, final int offset, final int length, final RestReplyListener listener)
    {
        if (closed)
        {
            return -1;
        }
        final PendingRestCall call = acquire(PendingRestCall.POST, path, listener);
        call.payload(body, offset, length);
        return send(call);
    }

    /**
     * @param event a {@link BybitEventTypes#REST_REPLY} or {@link BybitEventTypes#REST_FAILURE} event.
     */
    public void onEvent(final RingEvent event)
    {
        final PendingRestCall call = inFlight.get(event.correlationId());
        if (null == call || call.dispatch != event.generation())
        {
            return; // an outcome of a send we no longer wait for
        }
        if (event.type() == BybitEventTypes.REST_FAILURE && call.retryTimerId != -1)
        {
            return; // the watchdog already failed this attempt and scheduled the retry
        }
        cancelWatchdog(call);

        if (event.type() == BybitEventTypes.REST_REPLY)
        {
            final int httpStatus = (int)event.value();
            final int length = event.length();
            if (length < RestReplyFrame.BODY_OFFSET)
            {
                errorHandler.onError(new IllegalStateException("REST reply without its limit fields: " + length));
                onAttemptFailed(call, RestFailure.IO_ERROR);
                return;
            }
            if (call.admitted && keptByGovernor(call, httpStatus, event))
            {
                throttledCounter.increment();
                return; // rate limited or banned: the governor sends it again
            }
            if (!call.admitted && httpStatus == RateLimitGovernor.HTTP_FORBIDDEN)
            {
                // a public call sent around the lanes met the IP ban: it holds all REST all the same; the call keeps
                // its answer (a server-time sample resent after a 10 minute hold would time the hold, not the network)
                throttledCounter.increment();
                try
                {
                    governor.onForbiddenOutsideLanes();
                }
                catch (final Throwable t)
                {
                    errorHandler.onError(t); // the call still gets its answer below
                }
            }
            if (call.method != PendingRestCall.GET_PUBLIC && RestReplyDecoder.peekRetCode(
                event.buffer(), RestReplyFrame.BODY_OFFSET, length - RestReplyFrame.BODY_OFFSET) ==
                BybitRetCodes.TIMESTAMP_OUT_OF_WINDOW)
            {
                timestampRejects++;
                timestampRejectedCounter.increment();
                if (null != timestampRejectListener && call.clockResends < MAX_CLOCK_RESENDS)
                {
                    // never a reject on the first 10002: hold it (and every signed call after it) for a clock estimate
                    call.clockResends++;
                    heldForClock.addLast(call);
                    if (!holdingForClock)
                    {
                        holdingForClock = true;
                        timestampRejectListener.onTimestampRejected();
                    }
                    return;
                }
            }
            complete(call);
            try
            {
                call.listener.onRestReply(
                    call.callId, call.attempt, httpStatus, event.buffer(), RestReplyFrame.BODY_OFFSET,
                    length - RestReplyFrame.BODY_OFFSET);
            }
            finally
            {
                release(call);
            }
        }
        else
        {
            onAttemptFailed(call, RestFailure.get(event.value()));
        }
    }

    public void onTimer(final long timerId, final long nowNanos)
    {
        final PendingRestCall call = retryByTimerId.remove(timerId);
        if (null != call)
        {
            call.retryTimerId = -1;
            call.attempt++;
            if (call.admitted)
            {
                governor.resubmit(call);
            }
            else
            {
                submit(call); // a public call that went around the governor
            }
            return;
        }
        final PendingRestCall silent = watchdogByTimerId.remove(timerId);
        if (null != silent)
        {
            silent.watchdogTimerId = -1;
            if (silent.refused)
            {
                complete(silent);
                try
                {
                    silent.listener.onRestFailure(silent.callId, RestFailure.NOT_SENT, 0);
                }
                finally
                {
                    release(silent);
                }
            }
            else if (silent.queueRejected)
            {
                silent.queueRejected = false;
                onAttemptFailed(silent, RestFailure.IO_ERROR);
            }
            else
            {
                errorHandler.onError(new IllegalStateException(
                    "no outcome for " + silent.path + " attempt " + silent.attempt + ": treated as a timeout"));
                onAttemptFailed(silent, RestFailure.TIMEOUT);
            }
        }
    }

    /**
     * @return connection-level retries made so far.
     */
    public long retries()
    {
        return retries;
    }

    /**
     * @return attempts sent so far, first attempts and retries.
     */
    public long attempts()
    {
        return attempts;
    }

    /**
     * @return the governor every call goes through.
     */
    public RateLimitGovernor governor()
    {
        return governor;
    }

    /**
     * @return calls waiting for an outcome.
     */
    int inFlightCount()
    {
        return inFlight.size();
    }

    /**
     * Fail every call in flight as {@link RestFailure#IO_ERROR}: used when the client closes.
     */
    public void failAll()
    {
        closed = true;
        heldForClock.clear();
        holdingForClock = false;
        governor.clear();
        while (!inFlight.isEmpty())
        {
            final PendingRestCall call = inFlight.values().iterator().next();
            complete(call);
            try
            {
                call.listener.onRestFailure(call.callId, RestFailure.IO_ERROR, call.attempt);
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
            finally
            {
                release(call);
            }
        }
    }

    private PendingRestCall acquire(final int method, final String path, final RestReplyListener listener)
    {
        PendingRestCall call = pool.pollFirst();
        if (null == call)
        {
            call = new PendingRestCall();
        }
        call.callId = nextCallId++;
        call.method = method;
        call.path = path;
        call.listener = listener;
        call.attempt = 1;
        return call;
    }

    private long send(final PendingRestCall call)
    {
        final long callId = call.callId;
        inFlight.put(callId, call);
        if (holdingForClock && call.method != PendingRestCall.GET_PUBLIC)
        {
            heldForClock.addLast(call); // signed with the clock Bybit just refused, it would only see 10002 too
        }
        else
        {
            submit(call);
        }
        return callId;
    }

    private void submit(final PendingRestCall call)
    {
        if (call.method == PendingRestCall.GET_PUBLIC && governor.access() == RestAccess.OPEN)
        {
            // a public call spends no per-UID budget, and the server-time estimate must time the network, not a wait
            // in a lane behind held cancels; during an IP ban it waits like every call (the ban is per IP)
            transmit(call);
            return;
        }
        if (!governor.submit(call))
        {
            // its lane is full: reported on the next poll as never sent, like a full send queue
            errorHandler.onError(new IllegalStateException("rate-limit lane full, call not sent: " + call.path));
            call.refused = true;
            call.watchdogTimerId = timers.schedule(nanoClock.nanoTime(), this);
            watchdogByTimerId.put(call.watchdogTimerId, call);
        }
    }

    /**
     * Hand a call the governor let through to the sender; called by the governor.
     */
    private void transmit(final PendingRestCall call)
    {
        attempts++;
        call.dispatch++;
        call.watchdogTimerId = timers.schedule(nanoClock.nanoTime() + watchdogNanos, this);
        watchdogByTimerId.put(call.watchdogTimerId, call);
        if (!sender.offer(call))
        {
            // reported on the next poll, never from inside get()/post(): the caller does not know the call id yet
            errorHandler.onError(new IllegalStateException("REST send queue full, call " + call.path));
            cancelWatchdog(call);
            call.queueRejected = true;
            call.watchdogTimerId = timers.schedule(nanoClock.nanoTime(), this);
            watchdogByTimerId.put(call.watchdogTimerId, call);
        }
    }

    /**
     * The watchdog of this attempt is already cancelled, and the ring's dispatcher swallows what a handler throws: so
     * a throw here must not leave the call with no outcome. A call the governor queued or sent again is its to
     * finish; any other is answered with the reply it has.
     */
    private boolean keptByGovernor(final PendingRestCall call, final int httpStatus, final RingEvent event)
    {
        try
        {
            return governor.onReply(call, httpStatus, event.buffer(), event.length());
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
            return call.queued || call.dispatch != event.generation();
        }
    }

    private void onAttemptFailed(final PendingRestCall call, final RestFailure failure)
    {
        if (call.attempt < maxAttempts)
        {
            retries++;
            counters.retries().increment();
            call.retryTimerId = timers.schedule(nanoClock.nanoTime() + retryBackoff.delayNanos(call.attempt), this);
            retryByTimerId.put(call.retryTimerId, call);
        }
        else
        {
            complete(call);
            try
            {
                call.listener.onRestFailure(call.callId, failure, call.attempt);
            }
            finally
            {
                release(call);
            }
        }
    }

    private void cancelWatchdog(final PendingRestCall call)
    {
        if (call.watchdogTimerId != -1)
        {
            timers.cancel(call.watchdogTimerId);
            watchdogByTimerId.remove(call.watchdogTimerId);
            call.watchdogTimerId = -1;
        }
    }

    private void complete(final PendingRestCall call)
    {
        governor.onCompleted(call);
        cancelWatchdog(call);
        inFlight.remove(call.callId);
        if (call.retryTimerId != -1)
        {
            timers.cancel(call.retryTimerId);
            retryByTimerId.remove(call.retryTimerId);
        }
    }

    private void release(final PendingRestCall call)
    {
        call.reset();
        pool.addFirst(call);
    }
}
