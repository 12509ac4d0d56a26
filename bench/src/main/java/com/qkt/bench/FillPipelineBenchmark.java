package com.qkt.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
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

import com.alibaba.fastjson2.JSON;
import com.qkt.broker.bybit.BybitClient;
import com.qkt.broker.bybit.BybitClientContext;
import com.qkt.broker.bybit.BybitSpotBroker;
import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.codecs.ExecutionDecoder;
import com.qkt.codecs.OrderAcceptedDecoder;
import com.qkt.codecs.Side;
import com.qkt.engine.EngineContext;
import com.qkt.engine.RingPublisher;
import com.qkt.events.BrokerEventDecoder;
import com.qkt.events.BrokerEventHandler;
import com.qkt.sim.bybit.BybitSimulator;

/**
 * One fill from frame bytes to the strategy callback, end to end, beside the pipeline a typical user would write.
 * <ul>
 * <li>{@code ours}: the frame's bytes are published into the client's ring as the socket's reader thread publishes
 * them; the handler thread decodes the frame ({@code PrivateStreamAdapter}), checks the fill, dedups its exec id,
 * updates the order's cumulative and leaves quantities and hands an SBE {@code Execution} event to the strategy's
 * {@code onExecution}, which acknowledges it. A real {@link BybitClient}, connected to the embedded simulator, with a
 * real working order: the whole live fill path.</li>
 * <li>{@code typicalUser}: a reader thread turns the frame into a {@code String} (what a WebSocket library hands
 * over), puts it into an {@link ArrayBlockingQueue}; a consumer thread takes it, parses it with fastjson2 (the
 * fastest library of {@code ParseBenchmark}) into POJOs with {@code BigDecimal}s, dedups the exec id in a bounded
 * {@code LinkedHashMap}, updates the order's cumulative quantity in a {@code HashMap} and calls the strategy with
 * the POJO, which acknowledges it.</li>
 * </ul>
 * Each operation is one fill with a new exec id, then a spin for the strategy's ack (the same ping-pong scheme and
 * ack as {@link RingHopBenchmark}), so the sample is the latency of one fill, p50/p99 in the table. Each pipeline
 * waits as its user would run it: the ring with the engine's default ({@code PARKING}), the queue in {@code take()}.
 * Both numbers include a thread wake-up per fill on an idle consumer; on 2 shared cores that wake-up (several
 * microseconds) is most of either number.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FillPipelineBenchmark
{
    private static final long FIRST_FILL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    // 1e-10 per fill against an order of 0.001: ten million fills before the order would be complete
    private static final String FILL_QTY = "0.0000000001";
    private static final int EXEC_ID_DIGITS = 13;

    /**
     * An execution push for one order whose exec id ends in a fixed-width counter, rewritten in place per fill.
     */
    static final class FillFrame
    {
        final byte[] bytes;
        final org.agrona.concurrent.UnsafeBuffer buffer;
        final int counterAt;

        FillFrame(final String orderLinkId, final String orderId)
        {
            final String text = "{\"topic\":\"execution.spot\",\"id\":\"bench\",\"creationTime\":1746270400355," +
                "\"data\":[{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"closedSize\":\"\"," +
                "\"execFee\":\"0.00000001\"," +
                "\"execId\":\"bench-exec-" + "0".repeat(EXEC_ID_DIGITS) + "\",\"execPrice\":\"10000\",\"execQty\":\"" +
                FILL_QTY + "\",\"execType\":\"Trade\",\"execValue\":\"0.000001\",\"feeRate\":\"0.001\"," +
                "\"tradeIv\":\"\",\"markIv\":\"\",\"blockTradeId\":\"\",\"markPrice\":\"\",\"indexPrice\":\"\"," +
                "\"underlyingPrice\":\"\",\"leavesQty\":\"0.0009999999\",\"orderId\":\"" + orderId + "\"," +
                "\"orderLinkId\":\"" + orderLinkId + "\",\"orderPrice\":\"10000\",\"orderQty\":\"0.001\"," +
                "\"orderType\":\"Limit\",\"stopOrderType\":\"UNKNOWN\",\"side\":\"Buy\"," +
                "\"execTime\":\"1746270400353\"," +
                "\"isLeverage\":\"0\",\"isMaker\":true,\"seq\":140612148849382,\"marketUnit\":\"\",\"execPnl\":\"0\"," +
                "\"createType\":\"CreateByUser\",\"feeCurrency\":\"BTC\"}]}";
            bytes = text.getBytes(StandardCharsets.US_ASCII);
            buffer = new org.agrona.concurrent.UnsafeBuffer(bytes);
            counterAt = text.indexOf("bench-exec-") + "bench-exec-".length();
        }

        void number(final long n)
        {
            long v = n;
            for (int i = counterAt + EXEC_ID_DIGITS - 1; i >= counterAt; i--)
            {
                bytes[i] = (byte)('0' + (v % 10));
                v /= 10;
            }
        }
    }

    /**
     * Our pipeline: a connected client, a broker with one working order, a strategy that acks each fill.
     */
    @State(Scope.Thread)
    public static class Ours
    {
        final HopAck ack = new HopAck();
        final List<Throwable> errors = new ArrayList<>();
        BybitSimulator sim;
        BybitClient client;
        BybitSpotBroker broker;
        RingPublisher publisher;
        FillFrame frame;
        volatile boolean accepted;
        volatile String orderId;
        long fills; // handler thread only
        long sequence;

        @Setup(Level.Trial)
        public void setUp()
        {
            sim = ReconnectBenchmark.startSimulator();
            client = new BybitClient(new BybitClientContext()
                .restUrl(sim.restUrl())
                .wsUrl(sim.wsPrivateUrl())
                .apiKey(ReconnectBenchmark.KEY)
                .apiSecret(ReconnectBenchmark.SECRET)
                .connectTimeoutMs(5_000)
                .engineContext(new EngineContext()
                    .threadNamePrefix("fill-bench")
                    .errorHandler(errors::add)));
            broker = new BybitSpotBroker(client, new BrokerEventDecoder(new BrokerEventHandler()
            {
                public void onOrderAccepted(final OrderAcceptedDecoder decoder)
                {
                    // fills must carry Bybit's id of the order (the broker checks a fill is of our order)
                    final String id = decoder.orderId();
                    final int nul = id.indexOf('\0');
                    orderId = nul < 0 ? id : id.substring(0, nul);
                    accepted = true;
                }

                public void onExecution(final ExecutionDecoder decoder)
                {
                    ack.ack(++fills);
                }
            }), errors::add, new BybitSpotBrokerContext().orderLinkIdPrefix("fb-"));
            client.connect();

            final long[] id = new long[1];
            client.execute(() -> id[0] = broker.submitLimit(
                ReconnectBenchmark.SYMBOL, Side.BUY, ReconnectBenchmark.QTY, ReconnectBenchmark.FAR_BELOW_MARKET));
            final long deadline = System.nanoTime() + FIRST_FILL_TIMEOUT_NS;
            while (!accepted)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("order not accepted: " + errors);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            final String[] linkId = new String[1];
            client.execute(() -> linkId[0] = broker.orderLinkId(id[0]));
            while (linkId[0] == null)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            frame = new FillFrame(linkId[0], orderId);
            publisher = client.publisher();

            // the first fill must reach the strategy, or the benchmark would measure a timeout
            publishFill();
            ack.awaitOrFail(sequence, FIRST_FILL_TIMEOUT_NS, "first fill: " + errors);
        }

        void publishFill()
        {
            frame.number(++sequence);
            publisher.publish(BybitEventTypes.WS_FRAME, 0, client.generation(), 0, frame.buffer, 0, frame.bytes.length);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            client.close();
            sim.close();
            if (!errors.isEmpty())
            {
                throw new IllegalStateException("errors during the run: " + errors.subList(0, Math.min(3,
                    errors.size())));
            }
        }
    }

    /**
     * The pipeline a typical user would write: a queue between threads and a JSON library into POJOs.
     */
    @State(Scope.Thread)
    public static class Typical
    {
        final HopAck ack = new HopAck();
        final ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(1024);
        final FillFrame frame = new FillFrame("fb-1", "bench-order");
        Thread consumer;
        volatile boolean running = true;
        long sequence;

        /** What the user keeps per order. */
        static final class UserOrder
        {
            final BigDecimal qty = new BigDecimal("1000");
            BigDecimal cum = BigDecimal.ZERO;
        }

        @Setup(Level.Trial)
        public void setUp()
        {
            final Map<String, UserOrder> orders = new HashMap<>();
            orders.put("fb-1", new UserOrder());
            final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false)
            {
                protected boolean removeEldestEntry(final Map.Entry<String, Boolean> eldest)
                {
                    return size() > 10_000;
                }
            };
            consumer = new Thread(() ->
            {
                long fills = 0;
                while (running)
                {
                    final String text;
                    try
                    {
                        text = queue.take();
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                    final JacksonDtos.ExecutionFrame push = JSON.parseObject(text, JacksonDtos.ExecutionFrame.class);
                    for (final JacksonDtos.Execution e : push.data)
                    {
                        if (!"Trade".equals(e.execType) || seen.put(e.execId, Boolean.TRUE) != null)
                        {
                            continue;
                        }
                        final UserOrder order = orders.get(e.orderLinkId);
                        if (order == null || e.execQty.signum() <= 0)
                        {
                            continue;
                        }
                        order.cum = order.cum.add(e.execQty);
                        final BigDecimal leaves = order.qty.subtract(order.cum).max(BigDecimal.ZERO);
                        onFill(e, order.cum, leaves, ++fills);
                    }
                }
            }, "typical-consumer");
            consumer.setDaemon(true);
            consumer.start();
            publishFill();
            ack.awaitOrFail(sequence, FIRST_FILL_TIMEOUT_NS, "typical pipeline first fill");
        }

        // the strategy callback
        private void onFill(final JacksonDtos.Execution fill, final BigDecimal cum, final BigDecimal leaves,
            final long fills)
        {
            ack.ack(fills);
        }

        void publishFill()
        {
            frame.number(++sequence);
            // what the WebSocket library does on its reader thread for each text frame
            queue.offer(new String(frame.bytes, StandardCharsets.UTF_8));
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            running = false;
            consumer.interrupt();
        }
    }

    @Benchmark
    public long ours(final Ours s)
    {
        s.publishFill();
        s.ack.await(s.sequence);
        return s.sequence;
    }

    @Benchmark
    public long typicalUser(final Typical s)
    {
        s.publishFill();
        s.ack.await(s.sequence);
        return s.sequence;
    }
}
