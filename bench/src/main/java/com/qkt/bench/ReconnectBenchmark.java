package com.qkt.bench;

import com.qkt.broker.bybit.BybitClient;
import com.qkt.broker.bybit.BybitClientContext;
import com.qkt.broker.bybit.BybitSpotBroker;
import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.codecs.ConnectionState;
import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.OrderAcceptedDecoder;
import com.qkt.codecs.Side;
import com.qkt.common.net.FixedDelayBackoff;
import com.qkt.engine.EngineContext;
import com.qkt.engine.WaitStrategyKind;
import com.qkt.events.BrokerEventDecoder;
import com.qkt.events.BrokerEventHandler;
import com.qkt.sim.bybit.BybitSimulator;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end on loopback against bybit-sim, in milliseconds:
 * <ul>
 * <li>{@code ours}: from {@code sim.faults().closeAll(key)} until our {@link BybitClient} (with a
 * {@link BybitSpotBroker} on it, zero back-off) has noticed the drop, reconnected, re-authenticated, re-subscribed,
 * run recovery (open orders, then executions over the recovery window) and fired {@code onReconnect};</li>
 * <li>{@code bare}: the same round trips done in a straight line by {@link BareBybitSession} (new socket, auth + ack,
 * subscribe + ack, the same two signed REST calls).</li>
 * </ul>
 * The difference is what our ring, state machine, supervisor and recovery cost on top of the network round trips,
 * plus noticing the drop (a close frame here, so no stale-timeout wait). One limit order rests far below the market
 * in each simulator, so recovery is the same two REST calls (open orders, executions since that order) and nothing
 * is synthesised. Each variant has its own simulator. Each operation is a few milliseconds;
 * most of it is loopback I/O and thread wake-ups, so on 2 cores expect wide tails.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReconnectBenchmark
{
    static final String KEY = "bench-key";
    static final String SECRET = "bench-secret";
    static final long DEADLINE_MS = 10_000;
    static final String SYMBOL = "BTCUSDT";
    static final String QTY = "0.001";
    static final String FAR_BELOW_MARKET = "10000";

    static BybitSimulator startSimulator()
    {
        return BybitSimulator.builder()
            .account(KEY, SECRET)
            .seed(7)
            .rateLimitsEnabled(false)
            .build()
            .start();
    }

    /**
     * Our client and broker, connected to their own simulator.
     */
    @State(Scope.Thread)
    public static class Ours
    {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        BybitSimulator sim;
        BybitClient client;
        BybitSpotBroker broker;
        volatile CountDownLatch reconnected;
        volatile boolean accepted;
        final AtomicLong attempts = new AtomicLong();
        long drops;

        @Setup(Level.Trial)
        public void setUp()
        {
            sim = startSimulator();
            final BybitClientContext ctx = new BybitClientContext()
                .restUrl(sim.restUrl())
                .wsUrl(sim.wsPrivateUrl())
                .apiKey(KEY)
                .apiSecret(SECRET)
                .connectTimeoutMs(3_000)
                // liveness fast enough to matter, slow enough that a busy 2-core box does not see stale sockets
                .pingIntervalMs(500)
                .staleTimeoutMs(5_000)
                .attemptTimeoutMs(2_000)
                .restTimeoutMs(2_000)
                .restRetryBackoff(new FixedDelayBackoff(TimeUnit.MILLISECONDS.toNanos(50)))
                .reconnectBackoff(new FixedDelayBackoff(0))
                .engineContext(new EngineContext()
                    .waitStrategy(WaitStrategyKind.BLOCKING)
                    .threadNamePrefix("reconnect-bench")
                    .errorHandler(errors::add));
            client = new BybitClient(ctx);
            // before connect() the handler thread has not touched broker or handlers yet, so any thread may add them
            broker = new BybitSpotBroker(client, new BrokerEventDecoder(new BrokerEventHandler()
            {
                public void onOrderAccepted(final OrderAcceptedDecoder decoder)
                {
                    accepted = true;
                }

                public void onConnectionStateChanged(final ConnectionStateChangedDecoder decoder)
                {
                    // "attempt N" opens a socket; a timed-out attempt shows as a second one for the same drop
                    if (ConnectionState.RECONNECTING == decoder.state() && decoder.reason().startsWith("attempt"))
                    {
                        attempts.incrementAndGet();
                    }
                }
            }), errors::add, new BybitSpotBrokerContext().orderLinkIdPrefix("bench-"));
            client.onReconnect(() ->
            {
                final CountDownLatch latch = reconnected;
                if (null != latch)
                {
                    latch.countDown();
                }
            });
            client.connect();
            placeRestingOrder();
        }

        /**
         * One working order far below the market, so every recovery asks for open orders and then for the executions
         * since that order (without one it skips the second query, which the bare client always makes).
         */
        private void placeRestingOrder()
        {
            client.execute(() -> broker.submitLimit(SYMBOL, Side.BUY, QTY, FAR_BELOW_MARKET));
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
            while (!accepted)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("resting order not accepted within " + DEADLINE_MS + " ms: " +
                        errors);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            client.close();
            final long attempts = this.attempts.get();
            final long openOrderQueries = sim.faults().restCalls("/v5/order/realtime");
            final long executionQueries = sim.faults().restCalls("/v5/execution/list");
            sim.close();
            // onReconnect comes after recovery by contract; check the timed drops really paid for its REST calls
            final long recoveries = broker.recoveriesCompleted();
            if (attempts != drops || !errors.isEmpty())
            {
                // a retried attempt shows as a slow sample; say why, but it is a measurement, not a failure
                System.err.println("ReconnectBenchmark.ours: " + drops + " drops took " + attempts +
                    " reconnect attempts; " + errors.size() + " errors" + (errors.isEmpty() ? "" : ", distinct: " +
                    errors.stream().map(String::valueOf).distinct().limit(5).toList()));
            }
            if (recoveries < drops || openOrderQueries < drops || executionQueries < drops)
            {
                throw new IllegalStateException("timed " + drops + " drops but saw " + recoveries + " recoveries, " +
                    openOrderQueries + " open-order and " + executionQueries + " execution queries");
            }
        }
    }

    /**
     * The minimal client, with its own simulator.
     */
    @State(Scope.Thread)
    public static class Bare
    {
        BybitSimulator sim;
        BareBybitSession session;

        @Setup(Level.Trial)
        public void setUp() throws IOException, InterruptedException
        {
            sim = startSimulator();
            session = new BareBybitSession(sim.wsPrivateUrl(), sim.restUrl(), KEY, SECRET);
            // the same working order as ours, so the open-order query answers with the same one order
            session.postSigned("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"" + SYMBOL +
                "\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"" + QTY + "\",\"price\":\"" +
                FAR_BELOW_MARKET + "\",\"orderLinkId\":\"bare-1\"}");
            session.reconnectAndRecover();
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            session.close();
            sim.close();
        }
    }

    @Benchmark
    public long ours(final Ours ours) throws InterruptedException
    {
        final CountDownLatch latch = new CountDownLatch(1);
        ours.reconnected = latch;
        final int closed = ours.sim.faults().closeAll(KEY);
        if (closed < 1)
        {
            throw new IllegalStateException("expected to drop the live socket, dropped " + closed + "; client state " +
                ours.client.sessionState());
        }
        if (!latch.await(DEADLINE_MS, TimeUnit.MILLISECONDS))
        {
            throw new IllegalStateException("no reconnect within " + DEADLINE_MS + " ms; client state " +
                ours.client.sessionState() + ", errors " + ours.errors);
        }
        return ++ours.drops;
    }

    @Benchmark
    public void bare(final Bare bare) throws InterruptedException, IOException
    {
        bare.session.reconnectAndRecover();
    }
}
