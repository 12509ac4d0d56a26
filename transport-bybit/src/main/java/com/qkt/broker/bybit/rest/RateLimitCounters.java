package com.qkt.broker.bybit.rest;

import com.qkt.common.error.EngineCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What the rate-limit governor did, as engine counters (thread safe: a strategy or a monitor reads them from any
 * thread). The governor on the handler thread is their only writer.
 */
public final class RateLimitCounters
{
    private final AtomicCounter throttledCalls;
    private final AtomicCounter rateLimitedReplies;
    private final AtomicCounter ipBans;
    private final AtomicCounter laneFullRefusals;
    private final AtomicCounter longestWaitNanos;
    private final AtomicCounter queueDepth;
    private final AtomicCounter maxQueueDepth;
    private final AtomicCounter badLimitHeaders;
    private final AtomicCounter banProbesUnanswered;

    /**
     * @param counters where the counters are allocated ({@code bybit.rateLimit.*}).
     */
    public RateLimitCounters(final EngineCounters counters)
    {
        throttledCalls = counters.counter(counters.newCounter("bybit.rateLimit.throttledCalls"));
        rateLimitedReplies = counters.counter(counters.newCounter("bybit.rateLimit.rateLimitedReplies"));
        ipBans = counters.counter(counters.newCounter("bybit.rateLimit.ipBans"));
        laneFullRefusals = counters.counter(counters.newCounter("bybit.rateLimit.laneFullRefusals"));
        longestWaitNanos = counters.counter(counters.newCounter("bybit.rateLimit.longestWaitNanos"));
        queueDepth = counters.counter(counters.newCounter("bybit.rateLimit.queueDepth"));
        maxQueueDepth = counters.counter(counters.newCounter("bybit.rateLimit.maxQueueDepth"));
        badLimitHeaders = counters.counter(counters.newCounter("bybit.rateLimit.badLimitHeaders"));
        banProbesUnanswered = counters.counter(counters.newCounter("bybit.rateLimit.banProbesUnanswered"));
    }

    /** @return calls that had to wait in a lane (each counted once, however often it waited). */
    public long throttledCalls()
    {
        return throttledCalls.get();
    }

    /** @return replies 10006 or HTTP 429 that the governor resent after the reset. */
    public long rateLimitedReplies()
    {
        return rateLimitedReplies.get();
    }

    /** @return HTTP 403 (IP ban) holds started. */
    public long ipBans()
    {
        return ipBans.get();
    }

    /** @return calls refused because their lane was full (reported to the caller as not sent). */
    public long laneFullRefusals()
    {
        return laneFullRefusals.get();
    }

    /** @return the longest time a call waited in a lane before it was sent, ns. */
    public long longestWaitNanos()
    {
        return longestWaitNanos.get();
    }

    /** @return calls waiting in the lanes now. */
    public long queueDepth()
    {
        return queueDepth.get();
    }

    /** @return the most calls ever waiting at once. */
    public long maxQueueDepth()
    {
        return maxQueueDepth.get();
    }

    /** @return replies whose {@code X-Bapi-Limit} was out of range and taken as not sent. */
    public long badLimitHeaders()
    {
        return badLimitHeaders.get();
    }

    /** @return IP-ban probes that got no answer (REST stayed held for another hold). */
    public long banProbesUnanswered()
    {
        return banProbesUnanswered.get();
    }

    void onBanProbeUnanswered()
    {
        banProbesUnanswered.incrementRelease();
    }

    void onBadLimitHeader()
    {
        badLimitHeaders.incrementRelease();
    }

    void onThrottled()
    {
        throttledCalls.incrementRelease();
    }

    void onRateLimitedReply()
    {
        rateLimitedReplies.incrementRelease();
    }

    void onIpBan()
    {
        ipBans.incrementRelease();
    }

    void onLaneFull()
    {
        laneFullRefusals.incrementRelease();
    }

    void onWaited(final long nanos)
    {
        longestWaitNanos.proposeMaxRelease(nanos);
    }

    void queueDepth(final int depth)
    {
        queueDepth.setRelease(depth);
        maxQueueDepth.proposeMaxRelease(depth);
    }

    public String toString()
    {
        return "RateLimitCounters{throttledCalls=" + throttledCalls() + ", rateLimitedReplies=" + rateLimitedReplies() +
            ", ipBans=" + ipBans() + ", laneFullRefusals=" + laneFullRefusals() +
            ", longestWaitNanos=" + longestWaitNanos() + ", queueDepth=" + queueDepth() +
            ", maxQueueDepth=" + maxQueueDepth() + ", badLimitHeaders=" + badLimitHeaders() +
            ", banProbesUnanswered=" + banProbesUnanswered() + '}';
    }
}
