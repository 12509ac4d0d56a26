package com.qkt.sim.bybit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every REST request the simulator received, in arrival order, with its outcome (a test hook: tests read it to
 * assert, for instance, that cancels reached the exchange before new orders during a rate-limit storm).
 * Bounded: beyond {@link #capacity()} entries the oldest are dropped ({@link #dropped()} counts them).
 *
 * <pre>{@code
 * List<RestCall> writes = sim.callLog().calls(c -> c.apiKey().equals("key") && c.served()
 *     && (c.kind() == RestCallKind.CREATE || c.kind() == RestCallKind.CANCEL));
 * }</pre>
 */
public final class RestCallLog
{
    private final int capacity;
    private final ArrayDeque<RestCall> calls = new ArrayDeque<>();
    private final AtomicLong processed = new AtomicLong();
    private long nextSeq = 1;
    private long dropped;

    RestCallLog(final int capacity)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("capacity must be > 0");
        }
        this.capacity = capacity;
    }

    synchronized RestCall arrived(
        final long arrivalNanos, final long serverTimeMillis, final String method, final String path,
        final boolean signed, final String apiKey, final String category, final String symbol, final String orderId,
        final String orderLinkId)
    {
        final RestCall call = new RestCall(nextSeq++, arrivalNanos, serverTimeMillis, method, path,
            RestCallKind.of(method, path, signed), apiKey, category, symbol, orderId, orderLinkId);
        if (calls.size() == capacity)
        {
            calls.pollFirst();
            dropped++;
        }
        calls.addLast(call);
        return call;
    }

    /** Mark the call as processed by the exchange with that retCode; processing order is what seq it gets. */
    void processed(final RestCall call, final int retCode)
    {
        call.processed(processed.incrementAndGet(), retCode);
    }

    /**
     * @return a copy of every call kept, oldest first (ascending {@link RestCall#seq()}).
     */
    public synchronized List<RestCall> calls()
    {
        return new ArrayList<>(calls);
    }

    /**
     * @return a copy of the calls matching the filter, oldest first.
     */
    public synchronized List<RestCall> calls(final Predicate<RestCall> filter)
    {
        final List<RestCall> out = new ArrayList<>();
        for (final RestCall c : calls)
        {
            if (filter.test(c))
            {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * @return the calls of one API key, oldest first.
     */
    public List<RestCall> calls(final String apiKey)
    {
        return calls(c -> c.apiKey().equals(apiKey));
    }

    /**
     * @return the calls of one key and kind, oldest first.
     */
    public List<RestCall> calls(final String apiKey, final RestCallKind kind)
    {
        return calls(c -> c.apiKey().equals(apiKey) && c.kind() == kind);
    }

    /**
     * @return the seq the next request will get (so a test can look only at calls made after a point).
     */
    public synchronized long nextSeq()
    {
        return nextSeq;
    }

    /**
     * Forget every call kept (sequence numbers keep increasing).
     */
    public synchronized void clear()
    {
        calls.clear();
    }

    /**
     * @return how many entries may be kept.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return how many of the oldest entries were dropped to stay within the capacity.
     */
    public synchronized long dropped()
    {
        return dropped;
    }
}
