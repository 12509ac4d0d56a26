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
    }

    /**
     * Take Bybit's limit ({@code X-Bapi-Limit}).
     *
     * @param newLimit calls per window.
     */
    void limit(final int newLimit)
    {
        if (newLimit <= 0 || newLimit == limit)
        {
            return;
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
