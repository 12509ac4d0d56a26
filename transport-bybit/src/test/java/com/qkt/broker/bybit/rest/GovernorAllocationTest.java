package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.net.FixedDelayBackoff;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import com.qkt.engine.RingEvent;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The governor allocates nothing on the handler thread once every endpoint has been called: calls sent at once,
 * calls that wait for their budget, 10006 answers resent after the reset (measured with
 * {@code com.sun.management.ThreadMXBean}, no timing assertions).
 */
class GovernorAllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int BURST = 25; // five more than the spot budget: five wait each round

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final TimerService timers = new TimerService(clock.nanoTime(), 1L << 20, 1024);
    private final RingEvent event = new RingEvent(4096);
    private final UnsafeBuffer body = new UnsafeBuffer(
        "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"a-1\"}".getBytes(StandardCharsets.US_ASCII));
    private final byte[] ok = RestReplyFrame.frame(20, 10, 0, "{\"retCode\":0,\"retMsg\":\"OK\"}".getBytes(
        StandardCharsets.US_ASCII));
    private final byte[] tooMany = RestReplyFrame.frame(20, 0, 0, "{\"retCode\":10006,\"retMsg\":\"Too many visits!\"}"
        .getBytes(StandardCharsets.US_ASCII));
    private final LongArrayQueue sentIds = new LongArrayQueue(256, Long.MIN_VALUE);
    private final LongArrayQueue sentDispatches = new LongArrayQueue(256, Long.MIN_VALUE);
    private final RateLimitCounters counters = new RateLimitCounters(new EngineCounters());
    private long replies;
    private final RestReplyListener listener = new RestReplyListener()
    {
        public void onRestReply(
            final long callId,
            final int attempt,
            final int httpStatus,
            final DirectBuffer body,
            final int offset,
            final int length)
        {
            replies++;
        }

        public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
        {
            throw new IllegalStateException("unexpected " + failure);
        }
    };
    private final BybitRestClient rest = new BybitRestClient(
        (call) ->
        {
            sentIds.addLong(call.callId);
            sentDispatches.addLong(call.dispatch);
            return true;
        },
        new RateLimitGovernor(RateLimitPolicy.bybitDefaults(), timers, clock, clock, counters),
        timers, clock, new FixedDelayBackoff(1), 3, (t) -> { }, new EngineCounters(), TimeUnit.SECONDS.toNanos(5), 64);

    @Test
    void shouldAllocateNothingPerCallWaitingOrNot()
    {
        rounds(2_000);
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        rounds(4_000);
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertEquals(6_000L * BURST, replies);
        assertTrue(counters.throttledCalls() >= 6_000L * 5, counters.toString());
        assertTrue(counters.rateLimitedReplies() >= 6_000L, counters.toString());
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + 4_000 * BURST + " calls");
    }

    /** Each round: a burst over the budget, the first answer a 10006, then every call answered as it is sent. */
    private void rounds(final int rounds)
    {
        final long start = replies;
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < BURST; i++)
            {
                rest.post(BybitPaths.ORDER_CREATE, body, 0, body.capacity(), listener);
            }
            boolean first = true;
            long guard = 0;
            while (replies < start + (long)(r + 1) * BURST)
            {
                while (!sentIds.isEmpty())
                {
                    final long id = sentIds.pollLong();
                    final long dispatch = sentDispatches.pollLong();
                    final byte[] frame = first ? tooMany : ok;
                    first = false;
                    event.set(BybitEventTypes.REST_REPLY, id, dispatch, 200).payload(frame, 0, frame.length);
                    rest.onEvent(event);
                }
                clock.advanceNanos(TimeUnit.MILLISECONDS.toNanos(50));
                timers.poll(clock.nanoTime());
                if (++guard > 1_000)
                {
                    throw new IllegalStateException("stuck at " + replies + " replies, " + counters);
                }
            }
        }
    }
}
