package com.qkt.broker.bybit.rest;

import java.util.Arrays;

/**
 * The budget of one endpoint, or of one product group of an order-writing endpoint (Bybit: per UID, per endpoint, a
 * rolling window of 1 s; see {@link RateLimitPolicy#budgetGroup}). It remembers when
 * its last {@code limit} calls were sent, so a call may go when fewer than {@code limit} went within the window, the
 * way the exchange counts; and it can be blocked until a time Bybit's headers gave (budget spent, or a 10006/429).
 * Handler thread only; no allocation unless Bybit raises the limit above any seen before.
 */
final class EndpointBudget
{
    private final String path;
    private final int category;
    private final long windowNanos;
    private long[] sendLog;
    private int head;
    private long sends;
    private int limit;
    private long blockedUntilNanos;
    /** Bybit's {@code X-Bapi-Limit-Status}: at most this many more sends until {@link #capUntilNanos}. */
    private int capLeft;
    private long capUntilNanos = Long.MIN_VALUE;
    /** The send whose answer set the cap: an answer to an earlier send knows less and is ignored. */
    private long capSend = -1;
    /** Calls sent on this budget and not answered yet (the governor keeps it). */
    int inFlight;
    /** Calls waiting for this budget in the governor's lanes: a new call for it queues behind them. */
    int waiting;
    /** Scratch for the governor's drain: the pass in which this budget was found spent. */
    long spentInPass = -1;

    EndpointBudget(final String path, final int category, final int limit, final long windowNanos)
    {
        this.path = path;
        this.category = category;
        this.limit = Math.max(1, limit);
        this.windowNanos = windowNanos;
        this.sendLog = new long[Math.max(this.limit, 16)];
    }

    /**
     * @param nowNanos the time now.
     * @return the earliest time a call may go; at or before {@code nowNanos} means now.
     */
    long nextSendNanos(final long nowNanos)
    {
        long next = blockedUntilNanos;
        if (capLeft <= 0)
        {
            next = Math.max(next, capUntilNanos); // a lapsed cap lies in the past and holds nothing back
        }
        if (sends >= limit)
        {
            int index = head - limit;
            if (index < 0)
            {
                index += sendLog.length;
            }
            final long oldestInWindow = sendLog[index];
            next = Math.max(next, oldestInWindow + windowNanos);
        }
        return next;
    }

    /**
     * Count a call sent now.
     *
     * @param nowNanos the time now.
     */
    void onSent(final long nowNanos)
    {
        sendLog[head] = nowNanos;
        if (++head == sendLog.length)
        {
            head = 0;
        }
        sends++;
        if (capUntilNanos > nowNanos && capLeft > 0)
        {
            capLeft--;
        }
    }

    /**
     * @return calls sent on this budget so far; right after {@link #onSent} it numbers that send.
     */
    long sends()
    {
        return sends;
    }

    /**
     * Take Bybit's {@code X-Bapi-Limit-Status}: the calls left in Bybit's window when it answered one of ours. Another
     * process of the same UID may have spent the rest, which this budget's own log cannot know: so at most that many
     * more go until {@code untilNanos}, less the calls Bybit may not have counted yet. Those are the calls sent after
     * the answered one and the calls still on their way when it was sent: two connections, and the exchange's
     * threads, may let the answered call overtake them.
     * <p>
     * The answer to the latest send knows most and replaces the cap; an answer to an earlier send that comes later
     * (answers overtake each other too) can only tighten it, and keeps it for a window from now: what it counted
     * stays in Bybit's window until then, and this budget's own log, which counts from the send, would free it
     * earlier.
     *
     * @param remaining    calls left, as Bybit counted them.
     * @param answeredSend {@link #sends()} just after the answered call was sent.
     * @param uncounted    calls that may not be in Bybit's count.
     * @param nowNanos     the time now.
     * @param untilNanos   when everything Bybit counted has left its window.
     */
    void remaining(
        final int remaining, final long answeredSend, final long uncounted, final long nowNanos, final long untilNanos)
    {
        final int bound = (int)Math.max(0, remaining - uncounted);
        if (answeredSend >= capSend || capUntilNanos <= nowNanos)
        {
            capSend = Math.max(capSend, answeredSend);
            capLeft = bound;
            capUntilNanos = untilNanos;
        }
        else
        {
            capLeft = Math.min(capLeft, bound);
            capUntilNanos = Math.max(capUntilNanos, untilNanos);
        }
    }

    /**
     * Take Bybit's limit ({@code X-Bapi-Limit}).
     *
     * @param newLimit calls per window, 1 to {@link RateLimitPolicy#MAX_LIMIT}; anything else is ignored.
     */
    void limit(final int newLimit)
    {
        if (newLimit <= 0 || newLimit > RateLimitPolicy.MAX_LIMIT || newLimit == limit)
        {
            return; // the governor reports a limit out of range; never size the log from it
        }
        if (newLimit > sendLog.length)
        {
            // keep the newest sends in order, oldest first; a one-off when Bybit raises the limit (a VIP tier)
            final int capacity = sendLog.length;
            final long[] grown = new long[newLimit];
            final int kept = (int)Math.min(sends, capacity);
            for (int i = 0; i < kept; i++)
            {
                grown[i] = sendLog[(int)((head - kept + i + (long)capacity) % capacity)];
            }
            Arrays.fill(grown, kept, grown.length, Long.MIN_VALUE / 2);
            sendLog = grown;
            head = kept % grown.length;
            sends = kept;
        }
        limit = newLimit;
    }

    /**
     * No call goes before {@code untilNanos} (a later block wins, an earlier one never shortens it).
     *
     * @param untilNanos the time calls may go again.
     */
    void blockUntil(final long untilNanos)
    {
        blockedUntilNanos = Math.max(blockedUntilNanos, untilNanos);
    }

    String path()
    {
        return path;
    }

    int category()
    {
        return category;
    }

    int limit()
    {
        return limit;
    }

    long blockedUntilNanos()
    {
        return blockedUntilNanos;
    }

    public String toString()
    {
        return "EndpointBudget{" + path + ' ' + RateLimitPolicy.groupName(category) + ", limit=" + limit +
            ", sends=" + sends + '}';
    }
}
