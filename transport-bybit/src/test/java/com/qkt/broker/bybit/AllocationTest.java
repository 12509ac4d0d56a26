package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.broker.bybit.rest.BybitSigner;
import com.qkt.broker.bybit.rest.RestReplyDecoder;
import com.qkt.broker.bybit.rest.RestReplyHandler;
import com.qkt.broker.bybit.stream.PrivateStreamAdapter;
import com.qkt.broker.bybit.stream.PrivateStreamHandler;
import com.qkt.codec.AsciiField;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady-state allocation on the decoding/signing thread must be zero (measured with
 * {@code com.sun.management.ThreadMXBean}, no timing assertions).
 */
class AllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** Consumes every field a strategy would read so nothing is optimised away; allocates nothing. */
    private static final class ConsumingHandler implements PrivateStreamHandler, RestReplyHandler
    {
        long checksum;
        long executions;
        long orders;
        long frames;

        public void onAuthResponse(final boolean success, final AsciiField retMsg)
        {
            checksum += retMsg.length();
        }

        public void onSubscribeResponse(final boolean success, final AsciiField reqId, final AsciiField retMsg)
        {
            checksum += reqId.length();
        }

        public void onPong(final long serverTimeMillis)
        {
            checksum += serverTimeMillis;
        }

        public void onOrder(final BybitOrder order)
        {
            orders++;
            checksum += order.orderId().hash64() + order.price().mantissa() + order.cumExecQty().mantissa() +
                order.orderStatus().ordinal() + order.updatedTime() + order.side().ordinal();
        }

        public void onExecution(final BybitExecution execution)
        {
            executions++;
            checksum += execution.execId().hash64() + execution.execPrice().mantissa() +
                execution.execQty().exponent() + execution.execFee().mantissa() + execution.seq() +
                execution.execTime() + execution.execType().ordinal() + (execution.isMaker() ? 1 : 0);
        }

        public void onFrameEnd(final AsciiField topic)
        {
            frames++;
        }

        public void onWallet(final BybitWallet wallet)
        {
            checksum += wallet.coinCount();
        }

        public void onPosition(final BybitPosition position)
        {
            checksum += position.seq();
        }

        public void onUnknownFrame(final DirectBuffer buffer, final int offset, final int length)
        {
            checksum += length;
        }
    }

    private static UnsafeBuffer offHeap(final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        buffer.putBytes(0, bytes);
        return buffer;
    }

    private static long allocatedBytes()
    {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    private static final int WINDOWS = 6;

    /** Bytes allocated by this thread in each of {@link #WINDOWS} runs of the work, net of the measurement itself. */
    private static long[] steadyStateWindows(final Runnable work)
    {
        final long overhead = measurementOverhead();
        final long[] allocated = new long[WINDOWS];
        for (int w = 0; w < WINDOWS; w++)
        {
            final long before = allocatedBytes();
            work.run();
            allocated[w] = allocatedBytes() - before - overhead;
        }
        return allocated;
    }

    /**
     * Code that allocates per operation shows in every window as at least 16 bytes per operation. A window with a few
     * dozen or hundred bytes on a loaded machine is the JIT re-materialising scalar-replaced objects when it
     * deoptimises a method mid-run, not the code under test; so: no window reaches one byte per operation, and most
     * windows are exactly 0.
     */
    private static void assertSteadyStateAllocatesNothing(final long[] allocated, final int opsPerWindow, final String what)
    {
        int clean = 0;
        for (final long bytes : allocated)
        {
            assertTrue(bytes < opsPerWindow, "allocation per operation while " + what + ": " +
                java.util.Arrays.toString(allocated));
            clean += 0 == bytes ? 1 : 0;
        }
        assertTrue(clean > WINDOWS / 2, "steady state not at 0 bytes while " + what + ": " +
            java.util.Arrays.toString(allocated));
    }

    private static long measurementOverhead()
    {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++)
        {
            final long before = allocatedBytes();
            min = Math.min(min, allocatedBytes() - before);
        }
        return min;
    }

    private static final class DecodeLoop
    {
        final UnsafeBuffer executions = offHeap(TestFrames.bytes("execution-three-fills"));
        final UnsafeBuffer orders = new UnsafeBuffer(TestFrames.bytes("order-partially-filled")); // heap too
        final UnsafeBuffer orderList = offHeap(TestFrames.bytes("rest-order-list-page"));
        final UnsafeBuffer pong = offHeap(TestFrames.bytes("pong"));
        final ConsumingHandler handler = new ConsumingHandler();
        final PrivateStreamAdapter adapter = new PrivateStreamAdapter(handler);
        final RestReplyDecoder rest = new RestReplyDecoder();

        // the same code runs for warm-up and measurement, so the measured loop is the compiled one
        long run(final int frames)
        {
            long items = 0;
            for (int i = 0; i < frames; i++)
            {
                items += adapter.decode(executions, 0, executions.capacity());
                items += adapter.decode(orders, 0, orders.capacity());
                if (i % 10 == 0)
                {
                    items += adapter.decode(pong, 0, pong.capacity());
                    items += rest.decodeOrderList(orderList, 0, orderList.capacity(), handler);
                }
            }
            return items;
        }
    }

    private static final class SignLoop
    {
        final BybitSigner signer = new BybitSigner("test_api_key", "test_secret".toCharArray());
        final byte[] body = ("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Limit\",\"qty\":\"0.001\",\"price\":\"30000\",\"orderLinkId\":\"cl-1\"}")
            .getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer heap = new UnsafeBuffer(body);
        final UnsafeBuffer direct = offHeap(body);
        final byte[] out = new byte[64];

        long run(final int calls)
        {
            long checksum = 0;
            for (int i = 0; i < calls; i++)
            {
                checksum += signer.signRest(1700000000000L + i, 5000, (i & 1) == 0 ? heap : direct, 0, body.length,
                    out);
                checksum += out[i & 63];
                if (i % 10 == 0)
                {
                    checksum += signer.signWsAuth(1700000000000L + i, out);
                }
            }
            return checksum;
        }
    }

    @Test
    void shouldDecodeExecutionAndOrderFramesWithoutAllocating()
    {
        assertTrue(THREADS.isThreadAllocatedMemorySupported());
        final DecodeLoop loop = new DecodeLoop();
        for (int i = 0; i < 10; i++)
        {
            loop.run(10_000);
        }
        loop.handler.executions = 0;
        loop.handler.orders = 0;

        final int framesPerWindow = 200_000;
        final long[] items = new long[1];
        final long[] allocated = steadyStateWindows(() -> items[0] += loop.run(framesPerWindow));

        final long frames = (long)framesPerWindow * WINDOWS;
        assertEquals(4L * frames + 3 * frames / 10, items[0]);
        assertEquals(3L * frames, loop.handler.executions);
        assertEquals(frames + 2L * frames / 10, loop.handler.orders);
        assertTrue(loop.handler.checksum != 0);
        assertSteadyStateAllocatesNothing(allocated, framesPerWindow, "decoding");
    }

    @Test
    void shouldSignWithoutAllocating()
    {
        final SignLoop loop = new SignLoop();
        for (int i = 0; i < 10; i++)
        {
            loop.run(10_000);
        }

        final int signsPerWindow = 20_000;
        final long[] checksum = new long[1];
        final long[] allocated = steadyStateWindows(() -> checksum[0] += loop.run(signsPerWindow));

        assertTrue(checksum[0] > 0);
        assertSteadyStateAllocatesNothing(allocated, signsPerWindow, "signing");
        loop.signer.signRest(1700000000000L, 5000, loop.heap, 0, loop.body.length, loop.out);
        assertEquals("24e43bc892b42909b993acbd51c733c4d269c750097acdf3101905bf3b6edfdf",
            new String(loop.out, StandardCharsets.US_ASCII));
    }
}
