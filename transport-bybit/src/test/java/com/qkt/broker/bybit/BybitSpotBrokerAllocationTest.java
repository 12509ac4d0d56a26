package com.qkt.broker.bybit;

import com.qkt.broker.bybit.stream.PrivateStreamAdapter;
import com.qkt.codecs.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static com.qkt.broker.bybit.BybitFrames.executionItem;
import static com.qkt.broker.bybit.BybitFrames.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live path of a fill on the handler thread: frame decode, dedup, order book-keeping and the SBE event to the
 * strategy allocate nothing in steady state.
 */
class BybitSpotBrokerAllocationTest
{
    private static final int ORDERS = 100;
    private static final int FILLS_PER_ORDER = 1000;
    private static final int WINDOWS = 4;

    @TempDir
    Path stateDir;

    @Test
    void shouldAllocateNothingPerLiveFill()
    {
        measure(new BybitSpotBrokerContext().orderLinkIdPrefix("a-").dedupWindow(1 << 16));
    }

    @Test
    void shouldAllocateNothingPerLiveFillWithPersistenceOn()
    {
        // every fill also goes into the state journal (a record in a mapped file); the persister thread does the I/O
        measure(new BybitSpotBrokerContext().orderLinkIdPrefix("a-").dedupWindow(1 << 16).stateDir(stateDir));
    }

    private void measure(final BybitSpotBrokerContext ctx)
    {
        final FakeBybitClient transport = new FakeBybitClient();
        final long[] events = new long[1];
        final BybitSpotBroker broker = new BybitSpotBroker(transport, (buffer, offset, length) -> events[0]++,
            Throwable::printStackTrace, ctx);

        // frames are built before measuring: each one fills 0.0001 of one of the orders
        final UnsafeBuffer[] frames = new UnsafeBuffer[ORDERS * FILLS_PER_ORDER];
        for (int o = 1; o <= ORDERS; o++)
        {
            broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
            for (int f = 0; f < FILLS_PER_ORDER; f++)
            {
                final String json = push("execution", executionItem(
                    "exec-" + o + "-" + f, "a-" + o, "oid-" + o, "0.0001", "0.9", 1_700_000_000_000L + f, f));
                frames[(f * ORDERS) + (o - 1)] = new UnsafeBuffer(json.getBytes(StandardCharsets.US_ASCII));
            }
        }
        final PrivateStreamAdapter adapter = new PrivateStreamAdapter(new StreamToListener(broker));

        // warm-up past 512 fills per order: the order's exec record doubles to 1024 ids there (once per order)
        final int warmUp = frames.length * 3 / 5;
        for (int i = 0; i < warmUp; i++)
        {
            adapter.decode(frames[i], 0, frames[i].capacity());
        }
        // several windows: the first may still see the JIT settle; code that allocates per fill shows in every one
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final int window = (frames.length - warmUp) / WINDOWS;
        final long[] allocated = new long[WINDOWS];
        for (int w = 0; w < WINDOWS; w++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = warmUp + w * window, end = i + window; i < end; i++)
            {
                adapter.decode(frames[i], 0, frames[i].capacity());
            }
            allocated[w] = threads.getCurrentThreadAllocatedBytes() - before;
        }
        System.out.println("bytes allocated per window of " + window + " live fills: " +
            java.util.Arrays.toString(allocated));

        assertEquals(frames.length, broker.fillsDelivered());
        // Code that allocates per fill shows in every window as at least 16 bytes per fill. A window of a few hundred
        // bytes on a loaded machine is the JIT re-materialising scalar-replaced objects when it deoptimises a method
        // mid-run, not the fill path; so: no window reaches one byte per fill, and the steady state is exactly 0.
        int clean = 0;
        for (final long bytes : allocated)
        {
            assertTrue(bytes < window, "per-fill allocation: " + java.util.Arrays.toString(allocated));
            clean += 0 == bytes ? 1 : 0;
        }
        assertTrue(clean >= WINDOWS / 2, "steady state not at 0 bytes: " + java.util.Arrays.toString(allocated));
        assertEquals(ORDERS, broker.knownOrderCount());
        broker.close();
    }
}
