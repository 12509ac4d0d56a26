package com.qkt.bench.floor;

import java.nio.ByteBuffer;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.infra.Blackhole;

import com.qkt.bench.ParseBenchmark;
import com.qkt.bench.ParseCpuTime;
import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.stream.PrivateStreamAdapter;
import com.qkt.broker.bybit.stream.PrivateStreamHandler;
import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;

/**
 * The floor decoders timed beside {@link ParseBenchmark}'s ours and fastjson2, by the thread's CPU time as
 * {@link ParseCpuTime} does, after checking that each floor decodes the same values as {@link
 * PrivateStreamAdapter}:
 * <p>
 * {@code java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * com.qkt.bench.floor.FloorCpuTime}
 */
public final class FloorCpuTime
{
    private FloorCpuTime()
    {
    }

    /**
     * @param args ignored.
     * @throws Exception if a floor disagrees with the adapter or a variant fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Blackhole bh = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        System.out.println("CPU ns per frame (best round); x = fastjson2 / variant");
        for (final String frame : new String[] { "execution-1-fill", "execution-3-fills", "order" })
        {
            final ParseBenchmark benchmark = new ParseBenchmark();
            benchmark.frame = frame;
            benchmark.setUp(bh);
            final Checked floors = checked(frame);
            final double[] best = ParseCpuTime.bestCpuNanos(
                bh,
                benchmark::ours,
                () -> consume(floors.template, bh, floors.buffer, floors.length),
                () -> consume(floors.straight, bh, floors.buffer, floors.length),
                () -> benchmark.fastjson2(bh));
            System.out.printf(
                "%-18s ours %6.1f (%.2fx)  template %6.1f (%.2fx)  straight %6.1f (%.2fx)  fastjson2 %6.1f%n",
                frame, best[0], best[3] / best[0], best[1], best[3] / best[1], best[2], best[3] / best[2], best[3]);
        }
    }

    /**
     * One benchmark frame in a buffer with the floors' slack, and both floors, checked against the adapter.
     */
    static final class Checked
    {
        final UnsafeBuffer buffer;
        final int length;
        final FloorTemplate template;
        final FloorDecoder straight;

        Checked(final UnsafeBuffer buffer, final int length, final FloorTemplate template, final FloorDecoder straight)
        {
            this.buffer = buffer;
            this.length = length;
            this.template = template;
            this.straight = straight;
        }
    }

    // ParseBenchmark's frame parameter: its floors, once they decode what PrivateStreamAdapter decodes.
    static Checked checked(final String frame) throws java.io.IOException
    {
        final String resource;
        final java.util.Map<String, int[]> actions;
        final int items;
        final FloorDecoder straight;
        switch (frame)
        {
            case "execution-1-fill":
                resource = "execution-real";
                actions = FloorLayout.EXECUTION;
                items = 1;
                straight = new ExecutionOneFillFloor();
                break;
            case "execution-3-fills":
                resource = "execution-three-fills";
                actions = FloorLayout.EXECUTION;
                items = 3;
                straight = new ExecutionThreeFillsFloor();
                break;
            case "order":
                resource = "order-partially-filled";
                actions = FloorLayout.ORDER;
                items = 1;
                straight = new OrderFloor();
                break;
            default: throw new IllegalArgumentException(frame);
        }
        final byte[] bytes = FloorGenerator.frame(resource);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length + 16));
        buffer.putBytes(0, bytes);
        final FloorTemplate template = new FloorTemplate(new FloorLayout(bytes, actions), items);
        final Capture capture = new Capture();
        check(new PrivateStreamAdapter(capture).decode(buffer, 0, bytes.length) == items, "adapter");
        for (final FloorDecoder floor : new FloorDecoder[] { template, straight })
        {
            check(floor.decode(buffer, 0, bytes.length) == items, floor.getClass().getSimpleName());
            if (capture.execution != null)
            {
                sameExecution(capture.execution, floor);
            }
            else
            {
                sameOrder(capture.order, floor);
            }
        }
        return new Checked(buffer, bytes.length, template, straight);
    }

    static int consume(final FloorDecoder floor, final Blackhole bh, final UnsafeBuffer buffer, final int length)
    {
        final int items = floor.decode(buffer, 0, length);
        bh.consume(floor.texts[4].length());
        bh.consume(floor.decimals[0].mantissa());
        bh.consume(floor.decimals[1].mantissa());
        bh.consume(floor.longs[5]);
        bh.consume(floor.longs[4]);
        return items;
    }

    private static void sameExecution(final BybitExecution e, final FloorDecoder f)
    {
        same(e.execPrice(), f.decimals[0], "execPrice");
        same(e.execQty(), f.decimals[1], "execQty");
        same(e.execFee(), f.decimals[2], "execFee");
        same(e.execValue(), f.decimals[3], "execValue");
        same(e.leavesQty(), f.decimals[4], "leavesQty");
        same(e.orderQty(), f.decimals[5], "orderQty");
        same(e.orderPrice(), f.decimals[6], "orderPrice");
        same(e.feeRate(), f.decimals[7], "feeRate");
        same(e.category(), f.texts[0], "category");
        same(e.symbol(), f.texts[1], "symbol");
        same(e.orderId(), f.texts[2], "orderId");
        same(e.orderLinkId(), f.texts[3], "orderLinkId");
        same(e.execId(), f.texts[4], "execId");
        same(e.feeCurrency(), f.texts[5], "feeCurrency");
        check(e.execTime() == f.longs[3] && e.seq() == f.longs[5] && e.isMaker() == (f.longs[4] == 1), "times");
    }

    private static void sameOrder(final BybitOrder o, final FloorDecoder f)
    {
        same(o.price(), f.decimals[0], "price");
        same(o.qty(), f.decimals[1], "qty");
        same(o.leavesQty(), f.decimals[2], "leavesQty");
        same(o.cumExecQty(), f.decimals[3], "cumExecQty");
        same(o.cumExecValue(), f.decimals[4], "cumExecValue");
        same(o.cumExecFee(), f.decimals[5], "cumExecFee");
        same(o.avgPrice(), f.decimals[6], "avgPrice");
        same(o.category(), f.texts[0], "category");
        same(o.symbol(), f.texts[1], "symbol");
        same(o.orderId(), f.texts[2], "orderId");
        same(o.orderLinkId(), f.texts[3], "orderLinkId");
        same(o.timeInForce(), f.texts[4], "timeInForce");
        same(o.rejectReason(), f.texts[5], "rejectReason");
        same(o.cancelType(), f.texts[7], "cancelType");
        check(o.createdTime() == f.longs[3] && o.updatedTime() == f.longs[4] &&
            o.reduceOnly() == (f.longs[5] == 1) && o.positionIdx() == f.longs[7], "times");
    }

    private static void same(final FixedDecimal ours, final FixedDecimal floor, final String what)
    {
        check(ours.isPresent() == floor.isPresent() && (!ours.isPresent() || ours.compareTo(floor) == 0), what);
    }

    private static void same(final AsciiField ours, final AsciiField floor, final String what)
    {
        check(ours.contentEquals(floor), what);
    }

    private static void check(final boolean ok, final String what)
    {
        if (!ok)
        {
            throw new IllegalStateException("the floor disagrees with the adapter: " + what);
        }
    }

    /**
     * Keeps the adapter's last item; it stays valid until the next decode.
     */
    private static final class Capture implements PrivateStreamHandler
    {
        BybitExecution execution;
        BybitOrder order;

        public void onAuthResponse(final boolean success, final AsciiField retMsg)
        {
        }

        public void onSubscribeResponse(final boolean success, final AsciiField reqId, final AsciiField retMsg)
        {
        }

        public void onPong(final long serverTimeMillis)
        {
        }

        public void onOrder(final BybitOrder order)
        {
            this.order = order;
        }

        public void onExecution(final BybitExecution execution)
        {
            this.execution = execution;
        }

        public void onFrameEnd(final AsciiField topic)
        {
        }

        public void onUnknownFrame(final DirectBuffer buffer, final int offset, final int length)
        {
            throw new IllegalStateException("unexpected frame");
        }
    }
}
