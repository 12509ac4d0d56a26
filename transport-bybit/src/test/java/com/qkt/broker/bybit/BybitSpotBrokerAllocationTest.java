package com.qkt.broker.bybit;

import com.qkt.broker.bybit.stream.PrivateStreamAdapter;
import com.qkt.codecs.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;

import static com.qkt.broker.bybit.BybitFrames.executionItem;
import static com.qkt.broker.bybit.BybitFrames.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live path of a fill on the handler thread: frame decode, dedup, order book-keeping and the SBE event to the
 * strategy allocate nothing in steady state; nor do the wallet and position pushes that follow fills.
 * <p>
 * The warm-up runs past the one-off costs of a long-lived order (its exec-hash record doubles at 512 and 1024 fills)
 * and past the dedup window's first evictions, so the measured windows are steady state.
 */
class BybitSpotBrokerAllocationTest
{
    private static final int ORDERS = 50;
    private static final int FILLS_PER_ORDER = 1600;
    private static final int WARM_UP_FILLS_PER_ORDER = 1100;
    private static final int WINDOWS = 4;
    /** Every this many fills, a wallet push and a position push follow (as Bybit sends after fills). */
    private static final int ACCOUNT_PUSH_EVERY = 10;

    @TempDir
    Path stateDir;

    @Test
    void shouldAllocateNothingPerLiveFill()
    {
        measure(new BybitSpotBrokerContext().orderLinkIdPrefix("a-").dedupWindow(1 << 15));
    }

    @Test
    void shouldAllocateNothingPerLiveFillWithPersistenceOn()
    {
        // every fill also goes into the state journal (a record in a mapped file); the persister thread does the I/O
        measure(new BybitSpotBrokerContext().orderLinkIdPrefix("a-").dedupWindow(1 << 15).stateDir(stateDir));
    }

    @Test
    void shouldAllocateNothingPerLiveFillWhenAnOrderPushAnnouncesItsCumFirst()
    {
        // each fill's order push comes first and reports the cum before the fill is delivered: a fill wait is armed
        // and cancelled per fill (reported-but-missing fills of a working order are looked up after fillWaitMs)
        measure(new BybitSpotBrokerContext().orderLinkIdPrefix("a-").dedupWindow(1 << 15), true);
    }

    private void measure(final BybitSpotBrokerContext ctx)
    {
        measure(ctx, false);
    }

    private void measure(final BybitSpotBrokerContext ctx, final boolean announceCumFirst)
    {
        final FakeBybitClient transport = new FakeBybitClient();
        final long[] accountEvents = new long[1];
        final com.qkt.codecs.MessageHeaderDecoder header = new com.qkt.codecs.MessageHeaderDecoder();
        final BybitSpotBroker broker = new BybitSpotBroker(transport, (buffer, offset, length) ->
            {
                final int template = header.wrap(buffer, offset).templateId();
                if (template == com.qkt.codecs.WalletUpdateDecoder.TEMPLATE_ID ||
                    template == com.qkt.codecs.PositionUpdateDecoder.TEMPLATE_ID)
                {
                    accountEvents[0]++;
                }
            },
            Throwable::printStackTrace, ctx);

        // frames are built before measuring: each one fills 0.0001 of one of the orders
        final int fills = ORDERS * FILLS_PER_ORDER;
        final UnsafeBuffer[] frames =
            new UnsafeBuffer[(announceCumFirst ? 2 : 1) * fills + 2 * (fills / ACCOUNT_PUSH_EVERY)];
        final String[] fillFrames = new String[fills];
        final String[] orderFrames = new String[fills];
        for (int o = 1; o <= ORDERS; o++)
        {
            broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
            for (int f = 0; f < FILLS_PER_ORDER; f++)
            {
                fillFrames[(f * ORDERS) + (o - 1)] = push("execution", executionItem(
                    "exec-" + o + "-" + f, "a-" + o, "oid-" + o, "0.0001", "0.9", 1_700_000_000_000L + f, f));
                orderFrames[(f * ORDERS) + (o - 1)] = push("order", BybitFrames.orderItem("a-" + o, "oid-" + o,
                    "PartiallyFilled", "1", "50000", new java.math.BigDecimal(f + 1).movePointLeft(4).toPlainString(),
                    "UNKNOWN", "EC_NoError"));
            }
        }
        int n = 0;
        int warmUp = 0;
        for (int i = 0; i < fills; i++)
        {
            if (announceCumFirst)
            {
                frames[n++] = ascii(orderFrames[i]);
            }
            frames[n++] = ascii(fillFrames[i]);
            if (i % ACCOUNT_PUSH_EVERY == ACCOUNT_PUSH_EVERY - 1)
            {
                // every push moves the balance and the position, so each one is applied and emitted
                frames[n++] = ascii(AccountFrames.walletPush(1_700_000_000_000L + i, "USDT", (100_000 + i) + ".5",
                    (100_000 + i) + ".25", "90000"));
                frames[n++] = ascii(AccountFrames.positionPush("BTCUSDT", "Buy", "0." + (i + 1), "50000", "1.5",
                    1_000 + i, 1_700_000_000_000L + i));
            }
            if (i == WARM_UP_FILLS_PER_ORDER * ORDERS - 1)
            {
                warmUp = n;
            }
        }
        final StreamToListener forwarder = new StreamToListener(broker);
        final PrivateStreamAdapter adapter = new PrivateStreamAdapter(forwarder);
        forwarder.adapter = adapter;

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

        assertEquals(fills, broker.fillsDelivered());
        assertEquals(2L * (fills / ACCOUNT_PUSH_EVERY), accountEvents[0], "every account push emitted an event");
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
        assertEquals(0, broker.stateJournalOverflows());
        broker.close();
    }

    private static UnsafeBuffer ascii(final String json)
    {
        return new UnsafeBuffer(json.getBytes(StandardCharsets.US_ASCII));
    }
}
