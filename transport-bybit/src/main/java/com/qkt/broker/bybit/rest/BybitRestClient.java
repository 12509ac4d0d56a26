package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
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

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The handler-thread side of signed REST: keeps the calls in flight, retries connection-level failures on the timer
 * wheel with the configured back-off, and hands each final outcome to the caller's {@link RestReplyListener}.
 * <p>
 * Only connection-level failures ({@link RestFailure}) are retried. Anything Bybit answered, whatever the HTTP status
 * or {@code retCode}, is passed on as it is: a retried order submit must only ever repeat a request whose outcome is
 * unknown, and it carries the same {@code orderLinkId} so it cannot create a second order.
 */
public final class BybitRestClient implements TimerListener
{
    private final RestCallSink sender;
    private final TimerService timers;
    private static final byte[] RATE_LIMITED = "\"retCode\":10006".getBytes(StandardCharsets.US_ASCII);

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
    private long nextCallId = 1;
    private boolean closed;
    private long retries;
    private long attempts;

    public BybitRestClient(
        final RestCallSink sender,
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
        this.timers = timers;
        this.nanoClock = nanoClock;
        this.retryBackoff = retryBackoff;
        this.maxAttempts = maxAttempts;
        this.errorHandler = errorHandler;
        this.counters = counters;
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
        if (null == call || call.attempt != event.generation())
        {
            return; // an outcome of an attempt we no longer wait for
        }
        if (event.type() == BybitEventTypes.REST_FAILURE && call.retryTimerId != -1)
        {
            return; // the watchdog already failed this attempt and scheduled the retry
        }
        cancelWatchdog(call);

        if (event.type() == BybitEventTypes.REST_REPLY)
        {
            if (isThrottled((int)event.value(), event.buffer(), event.length()))
            {
                throttledCounter.increment();
            }
            complete(call);
            try
            {
                call.listener.onRestReply(call.callId, call.attempt, (int)event.value(), event.buffer(), 0, event.length());
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
            dispatch(call);
            return;
        }
        final PendingRestCall silent = watchdogByTimerId.remove(timerId);
        if (null != silent)
        {
            silent.watchdogTimerId = -1;
            if (silent.queueRejected)
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
        dispatch(call);
        return callId;
    }

    private void dispatch(final PendingRestCall call)
    {
        attempts++;
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

    /**
     * Bybit answers a rate limit with HTTP 403 (IP) or 429, or HTTP 200 and retCode 10006 (UID): retCode is the first
     * field of a V5 reply, so only its head is scanned.
     */
    static boolean isThrottled(final int httpStatus, final DirectBuffer body, final int length)
    {
        if (403 == httpStatus || 429 == httpStatus)
        {
            return true;
        }
        final int end = Math.min(length, 64) - RATE_LIMITED.length;
        for (int i = 0; i <= end; i++)
        {
            int j = 0;
            while (j < RATE_LIMITED.length && body.getByte(i + j) == RATE_LIMITED[j])
            {
                j++;
            }
            if (j == RATE_LIMITED.length)
            {
                return true;
            }
        }
        return false;
    }
}
