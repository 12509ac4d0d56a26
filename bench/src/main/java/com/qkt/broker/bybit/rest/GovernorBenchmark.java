package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.net.FixedDelayBackoff;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import com.qkt.engine.RingEvent;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the rate-limit governor costs per REST call, on the handler thread: admit and send a spot
 * {@code /v5/order/create} (lane, category, budget), then take its reply (the three limit headers from the slot, the
 * {@code retCode} peek, the budget update) and release it. Beside it, in the same run:
 * <ul>
 *     <li>{@code tokenBucketCas}: a Bucket4j-style lock-free token bucket ({@code tryConsume(1)} with refill), the
 *     textbook limiter: one bucket, no headers, no lanes, no resend;</li>
 *     <li>{@code tokenBucketSynchronized}: a Guava {@code RateLimiter}-style bucket behind a monitor;</li>
 *     <li>{@code restCallWithGovernor}: the whole handler side of one signed call (pooled call, watchdog timer,
 *     governor, reply event, listener), to show the governor's share of it.</li>
 * </ul>
 * The clock moves 60 ms per call, so Bybit's 20/s budget never makes a call wait: this is the cost on the path every
 * call takes. It lives in the governor's package to reach its package-private entry points; the production API has
 * nothing for it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GovernorBenchmark
{
    private static final String BODY = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
        "\"orderType\":\"Limit\",\"qty\":\"0.001\",\"price\":\"30000\",\"orderLinkId\":\"cl-1\"," +
        "\"timeInForce\":\"GTC\"}";
    private static final String REPLY = "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"orderId\":" +
        "\"1321003749386327552\",\"orderLinkId\":\"cl-1\"},\"retExtInfo\":{},\"time\":1700000000000}";
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(60);

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final TimerService timers = new TimerService(clock.nanoTime(), 1L << 20, 512);
    private final UnsafeBuffer body = new UnsafeBuffer(BODY.getBytes(StandardCharsets.US_ASCII));
    private final RingEvent replyEvent = new RingEvent(4096);
    private UnsafeBuffer frame;
    private int frameLength;

    private RateLimitGovernor governor;
    private final PendingRestCall call = new PendingRestCall();
    private long sent;

    private BybitRestClient restClient;
    private PendingRestCall lastSent;
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
            throw new IllegalStateException("no failure expected: " + failure);
        }
    };

    private final CasTokenBucket casBucket = new CasTokenBucket(20, TimeUnit.SECONDS.toNanos(1));
    private final SynchronizedTokenBucket syncBucket = new SynchronizedTokenBucket(20, TimeUnit.SECONDS.toNanos(1));

    @Setup
    public void setUp()
    {
        final byte[] replyBytes = REPLY.getBytes(StandardCharsets.US_ASCII);
        final byte[] framed = RestReplyFrame.frame(20, 19, clock.time(), replyBytes);
        frame = new UnsafeBuffer(framed);
        frameLength = framed.length;

        governor = new RateLimitGovernor(
            RateLimitPolicy.bybitDefaults(), timers, clock, clock, new RateLimitCounters(new EngineCounters()));
        governor.dispatcher((c) -> sent++);
        call.path = BybitPaths.ORDER_CREATE;
        call.payload(body, 0, body.capacity());

        final RateLimitGovernor clientGovernor = new RateLimitGovernor(
            RateLimitPolicy.bybitDefaults(), timers, clock, clock, new RateLimitCounters(new EngineCounters()));
        restClient = new BybitRestClient(
            (c) ->
            {
                lastSent = c;
                return true;
            },
            clientGovernor, timers, clock, new FixedDelayBackoff(1), 3, Throwable::printStackTrace,
            new EngineCounters(), TimeUnit.SECONDS.toNanos(5), 16);
    }

    /**
     * The governor alone: admit, send, take the reply with its headers, release.
     *
     * @return calls sent, so the work is not dead code.
     */
    @Benchmark
    public long ours()
    {
        clock.advanceNanos(STEP_NANOS);
        if (!governor.submit(call))
        {
            throw new IllegalStateException("lane full");
        }
        if (governor.onReply(call, 200, frame, frameLength))
        {
            throw new IllegalStateException("kept a call that was answered OK");
        }
        governor.onCompleted(call);
        return sent;
    }

    /**
     * @return true when a token was taken.
     */
    @Benchmark
    public boolean tokenBucketCas()
    {
        clock.advanceNanos(STEP_NANOS);
        return casBucket.tryConsume(clock.nanoTime());
    }

    /**
     * @return true when a permit was taken.
     */
    @Benchmark
    public boolean tokenBucketSynchronized()
    {
        clock.advanceNanos(STEP_NANOS);
        return syncBucket.tryAcquire(clock.nanoTime());
    }

    /**
     * The handler side of one whole signed call, governor included.
     *
     * @return replies delivered.
     */
    @Benchmark
    public long restCallWithGovernor()
    {
        clock.advanceNanos(STEP_NANOS);
        timers.poll(clock.nanoTime());
        final long callId = restClient.post(BybitPaths.ORDER_CREATE, body, 0, body.capacity(), listener);
        replyEvent.set(BybitEventTypes.REST_REPLY, callId, lastSent.dispatch, 200).payload(frame, 0, frameLength);
        restClient.onEvent(replyEvent);
        return replies;
    }

    /**
     * Bucket4j's lock-free local bucket in miniature: tokens and the last refill time in atomics, refilled by elapsed
     * time and taken by compare-and-set.
     */
    static final class CasTokenBucket
    {
        private final long capacity;
        private final long nanosPerToken;
        private final AtomicLong tokens;
        private final AtomicLong lastRefillNanos = new AtomicLong(Long.MIN_VALUE);

        CasTokenBucket(final long capacity, final long periodNanos)
        {
            this.capacity = capacity;
            this.nanosPerToken = periodNanos / capacity;
            this.tokens = new AtomicLong(capacity);
        }

        boolean tryConsume(final long nowNanos)
        {
            final long last = lastRefillNanos.get();
            if (last == Long.MIN_VALUE)
            {
                lastRefillNanos.compareAndSet(last, nowNanos);
            }
            else
            {
                final long add = (nowNanos - last) / nanosPerToken;
                if (add > 0 && lastRefillNanos.compareAndSet(last, last + add * nanosPerToken))
                {
                    long current;
                    do
                    {
                        current = tokens.get();
                    }
                    while (!tokens.compareAndSet(current, Math.min(capacity, current + add)));
                }
            }
            long current;
            do
            {
                current = tokens.get();
                if (current <= 0)
                {
                    return false;
                }
            }
            while (!tokens.compareAndSet(current, current - 1));
            return true;
        }
    }

    /**
     * Guava's {@code SmoothBursty} in miniature: stored permits as a double, refilled by elapsed time, under a monitor.
     */
    static final class SynchronizedTokenBucket
    {
        private final double maxPermits;
        private final double nanosPerPermit;
        private double storedPermits;
        private long lastNanos = Long.MIN_VALUE;

        SynchronizedTokenBucket(final long permitsPerPeriod, final long periodNanos)
        {
            this.maxPermits = permitsPerPeriod;
            this.nanosPerPermit = (double)periodNanos / permitsPerPeriod;
            this.storedPermits = permitsPerPeriod;
        }

        synchronized boolean tryAcquire(final long nowNanos)
        {
            if (lastNanos != Long.MIN_VALUE && nowNanos > lastNanos)
            {
                storedPermits = Math.min(maxPermits, storedPermits + (nowNanos - lastNanos) / nanosPerPermit);
            }
            lastNanos = nowNanos;
            if (storedPermits >= 1.0)
            {
                storedPermits -= 1.0;
                return true;
            }
            return false;
        }
    }
}
