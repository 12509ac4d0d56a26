package com.qkt.bench;

import com.qkt.broker.bybit.BybitSpotBroker;
import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.broker.bybit.stream.PrivateStreamAdapter;
import com.qkt.codecs.Side;
import org.agrona.concurrent.UnsafeBuffer;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The live fill path on the handler thread (decode an {@code execution} push, dedup, book-keeping, the SBE event to
 * the strategy) with the engine state persisted ({@code ours}: each fill also becomes a record in the mapped state
 * journal, which the persister thread snapshots) against the same broker with nothing persisted
 * ({@code persistenceOff}). Every operation is a new fill (a fresh exec id written into the frame in place) of one of
 * 256 working orders, so nothing is deduplicated away; an order is filled in 64 fills and then replaced by a new
 * submit inside the same operation (1 op in 64 also pays a submit, in both variants), so the persisted state stays
 * the size of a live book rather than growing with every fill of the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StatePersistenceBenchmark
{
    private static final int ORDERS = 256;
    private static final int EXEC_ID_DIGITS = 16;
    private static final int LINK_ID_DIGITS = 12;
    private static final int FILLS_PER_ORDER = 64;

    private Path stateDir;
    private Variant on;
    private Variant off;

    /** A broker, its frames and the adapter feeding it. */
    static final class Variant
    {
        final BybitSpotBroker broker;
        final PrivateStreamAdapter adapter;
        final UnsafeBuffer[] frames = new UnsafeBuffer[ORDERS];
        final int[] execIdOffsets = new int[ORDERS];
        final int[] linkIdOffsets = new int[ORDERS];
        long events;
        long next;

        Variant(final BybitSpotBrokerContext ctx)
        {
            final StubTransport transport = new StubTransport();
            broker = new BybitSpotBroker(transport, (buffer, offset, length) -> events++, Throwable::printStackTrace,
                    ctx.orderLinkIdPrefix("b-").dedupWindow(1 << 16));
            adapter = new PrivateStreamAdapter(transport);
            for (int o = 0; o < ORDERS; o++)
            {
                final long id = submit();
                final String execId = "0".repeat(EXEC_ID_DIGITS);
                final String linkDigits = String.format("%0" + LINK_ID_DIGITS + "d", id);
                final String json = "{\"topic\":\"execution\",\"id\":\"1\",\"creationTime\":1700000000000,\"data\":[" +
                    "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"execFee\":\"0.0001\",\"execId\":\"" + execId +
                    "\",\"execPrice\":\"50000\",\"execQty\":\"0.0001\",\"execType\":\"Trade\",\"execValue\":\"5\"," +
                    "\"feeRate\":\"0.001\",\"leavesQty\":\"1\",\"orderId\":\"oid-" + id + "\",\"orderLinkId\":\"b-" +
                    linkDigits + "\",\"orderPrice\":\"50000\",\"orderQty\":\"1000000000\"," +
                    "\"orderType\":\"Limit\",\"side\":\"Buy\",\"execTime\":\"1700000000100\",\"isMaker\":true," +
                    "\"seq\":1,\"feeCurrency\":\"BTC\"}]}";
                final byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
                frames[o] = new UnsafeBuffer(bytes);
                execIdOffsets[o] = json.indexOf(execId);
                linkIdOffsets[o] = json.indexOf("b-" + linkDigits) + 2;
            }
        }

        private long submit()
        {
            return broker.submit("BTCUSDT", Side.BUY, com.qkt.codecs.OrderType.LIMIT, FILLS_PER_ORDER, -4, 50000, 0);
        }

        private static void putDigits(final UnsafeBuffer frame, final int offset, final int width, final long value)
        {
            long v = value;
            for (int i = offset + width - 1; i >= offset; i--)
            {
                frame.putByte(i, (byte)('0' + (v % 10)));
                v /= 10;
            }
        }

        long fill()
        {
            final long n = next++;
            final int o = (int)(n & (ORDERS - 1));
            final UnsafeBuffer frame = frames[o];
            // a new exec id in place: the digits of n, right-aligned in the fixed-width field
            putDigits(frame, execIdOffsets[o], EXEC_ID_DIGITS, n);
            adapter.decode(frame, 0, frame.capacity());
            if ((n / ORDERS) % FILLS_PER_ORDER == FILLS_PER_ORDER - 1)
            {
                // the order is filled: a new one takes its slot (leading zeros: the broker reads the id as a number)
                putDigits(frame, linkIdOffsets[o], LINK_ID_DIGITS, submit());
            }
            return events;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        stateDir = Files.createTempDirectory("qkt-bench-state");
        on = new Variant(new BybitSpotBrokerContext().stateDir(stateDir));
        off = new Variant(new BybitSpotBrokerContext());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        if (on.broker.stateJournalOverflows() > 0 || on.broker.knownOrderCount() != ORDERS ||
            off.broker.knownOrderCount() != ORDERS)
        {
            throw new IllegalStateException("the run did not measure what it says: journal overflows " +
                on.broker.stateJournalOverflows() + ", working orders " + on.broker.knownOrderCount() + " / " +
                off.broker.knownOrderCount());
        }
        on.broker.close();
        off.broker.close();
        try (java.util.stream.Stream<Path> paths = Files.walk(stateDir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * @return events delivered so far (consumed by JMH).
     */
    @Benchmark
    public long ours()
    {
        return on.fill();
    }

    /**
     * @return events delivered so far (consumed by JMH).
     */
    @Benchmark
    public long persistenceOff()
    {
        return off.fill();
    }
}
