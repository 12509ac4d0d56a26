package com.qkt.broker.bybit.rest;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * One REST call from request to final outcome, pooled and reused. The handler thread fills it and hands it to the
 * {@link RestSender}; while it is in flight only the sender reads it, and the handler touches it again only when the
 * reply (or failure) event for the same id and attempt comes back through the ring.
 */
final class PendingRestCall
{
    static final int GET = 1;
    static final int POST = 2;
    /** An unsigned GET of a public endpoint (server time). */
    static final int GET_PUBLIC = 3;

    long callId;
    int method;
    String path;
    /** Query string (GET) or body (POST) exactly as it is sent and signed. */
    byte[] payload = new byte[1024];
    int payloadLength;
    int attempt;
    long retryTimerId = -1;
    /** Fires if the sender never reports an outcome for the current attempt. */
    long watchdogTimerId = -1;
    /** The sender's queue refused the attempt: a local failure, reported through the timer wheel. */
    boolean queueRejected;
    /** Times Bybit refused this call's timestamp (10002) and it was held for a clock estimate and resent. */
    int clockResends;
    /** +1 per send, first attempts, retries and rate-limit resends alike: matches an outcome event to its send. */
    long dispatch;
    /** The governor's lane, chosen from the path. */
    RestLane lane;
    /** The budget of the endpoint (path and category) this call spends. */
    EndpointBudget budget;
    /** {@link EndpointBudget#sends()} when it was last sent: which of Bybit's counts its answer reflects. */
    long budgetSend;
    /** Other calls of its budget on their way when it was last sent: its answer may not count them. */
    int inFlightAtSend;
    /** Waiting in one of the governor's lanes. */
    boolean queued;
    /** Counted in its budget's {@link EndpointBudget#inFlight}: sent, and not answered or given up yet. */
    boolean onBudget;
    /** Holds a place in its lane (released when the call completes). */
    boolean admitted;
    /** Its lane was full: never sent, reported through the timer wheel as {@link RestFailure#NOT_SENT}. */
    boolean refused;
    /** Counted as throttled once, however many times it waited. */
    boolean throttled;
    /** It waited, was let go, and is not answered yet (holds lower lanes back). */
    boolean released;
    /** When it started waiting in its lane, 0 when not waiting. */
    long waitStartNanos;
    RestReplyListener listener;

    void payload(final DirectBuffer src, final int offset, final int length)
    {
        ensureCapacity(length);
        src.getBytes(offset, payload, 0, length);
        payloadLength = length;
    }

    void payload(final CharSequence ascii)
    {
        final int length = ascii.length();
        ensureCapacity(length);
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)ascii.charAt(i);
        }
        payloadLength = length;
    }

    void reset()
    {
        callId = 0;
        method = 0;
        path = null;
        payloadLength = 0;
        attempt = 0;
        retryTimerId = -1;
        watchdogTimerId = -1;
        queueRejected = false;
        clockResends = 0;
        dispatch = 0;
        lane = null;
        budget = null;
        budgetSend = 0;
        onBudget = false;
        queued = false;
        inFlightAtSend = 0;
        admitted = false;
        refused = false;
        throttled = false;
        released = false;
        waitStartNanos = 0;
        listener = null;
    }

    private void ensureCapacity(final int length)
    {
        if (payload.length < length)
        {
            payload = Arrays.copyOf(payload, Math.max(length, payload.length * 2));
        }
    }
}
