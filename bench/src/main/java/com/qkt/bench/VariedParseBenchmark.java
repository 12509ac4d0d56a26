package com.qkt.bench;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.stream.PrivateStreamAdapter;
import com.qkt.broker.bybit.stream.PrivateStreamHandler;
import com.qkt.codec.AsciiField;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import com.alibaba.fastjson2.JSON;
import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;
import com.dslplatform.json.runtime.Settings;

/**
 * {@link ParseBenchmark}'s ours, fastjson2 and DSL-JSON variants over a rotation of 64 different frames of one kind,
 * the way a live feed sends them: the same members in the same order, but every fill has its own exec id, prices,
 * sizes (of varying lengths), mark price, PnL, time and seq, and every order update its own fill state. A frame
 * repeated over and over (ParseBenchmark) lets anything that learns from the last frame look better than it is;
 * this is the figure to quote next to it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VariedParseBenchmark
{
    static final int FRAMES = 64;
    private static final Pattern DECIMAL_MEMBER = Pattern.compile(
        "\"(closedSize|execFee|execPrice|execQty|execValue|markPrice|execPnl|leavesQty|price|avgPrice|cumExecQty|" +
        "cumExecValue|cumExecFee|leavesValue|lastPriceOnCreated)\":\"[^\"]*\"");
    private static final Pattern ID_MEMBER = Pattern.compile("\"(execId|orderId)\":\"[^\"]*\"");
    private static final Pattern TIME_MEMBER = Pattern.compile("\"(execTime|updatedTime|creationTime)\":\"?(\\d+)");
    private static final Pattern SEQ_MEMBER = Pattern.compile("\"seq\":\\d+");

    @Param({ "execution", "order" })
    public String frame;

    private byte[][] frames;
    private UnsafeBuffer[] offHeap;
    private int next;
    private boolean isExecution;
    private PrivateStreamAdapter adapter;

    private JsonReader<Object> dslReader;
    private JsonReader.ReadObject<JacksonDtos.ExecutionFrame> dslExecutionReader;
    private JsonReader.ReadObject<JacksonDtos.OrderFrame> dslOrderReader;

    @Setup(Level.Trial)
    public void setUp(final Blackhole bh) throws IOException
    {
        isExecution = "execution".equals(frame);
        final String base = new String(
            BenchFrames.load(isExecution ? "execution-real" : "order-partially-filled"), StandardCharsets.UTF_8);
        final SplittableRandom random = new SplittableRandom(42);
        frames = new byte[FRAMES][];
        offHeap = new UnsafeBuffer[FRAMES];
        for (int i = 0; i < FRAMES; i++)
        {
            frames[i] = vary(base, random, i).getBytes(StandardCharsets.UTF_8);
            offHeap[i] = new UnsafeBuffer(ByteBuffer.allocateDirect(frames[i].length));
            offHeap[i].putBytes(0, frames[i]);
        }
        final ParseBenchmark.BlackholeHandler handler = new ParseBenchmark.BlackholeHandler();
        handler.bh = bh;
        adapter = new PrivateStreamAdapter(handler);
        final DslJson<Object> dslJson = new DslJson<>(Settings.withRuntime().includeServiceLoader());
        dslReader = dslJson.newReader();
        dslExecutionReader = dslJson.tryFindReader(JacksonDtos.ExecutionFrame.class);
        dslOrderReader = dslJson.tryFindReader(JacksonDtos.OrderFrame.class);
        verify();
    }

    // Every frame decoded by every variant to the same values before anything is timed.
    private void verify() throws IOException
    {
        final Recorder recorder = new Recorder();
        final PrivateStreamAdapter checker = new PrivateStreamAdapter(recorder);
        for (int i = 0; i < FRAMES; i++)
        {
            check(checker.decode(offHeap[i], 0, frames[i].length) == 1, "ours, frame " + i);
            if (isExecution)
            {
                final JacksonDtos.Execution f =
                    JSON.parseObject(frames[i], JacksonDtos.ExecutionFrame.class).data.get(0);
                final JacksonDtos.Execution d = dslExecution(i).data.get(0);
                for (final JacksonDtos.Execution e : new JacksonDtos.Execution[] { f, d })
                {
                    check(recorder.id.equals(e.execId) && recorder.price.equals(e.execPrice.toPlainString()) &&
                        recorder.qty.equals(e.execQty.toPlainString()) && recorder.seq == e.seq, "frame " + i);
                }
            }
            else
            {
                final JacksonDtos.Order f = JSON.parseObject(frames[i], JacksonDtos.OrderFrame.class).data.get(0);
                final JacksonDtos.Order d = dslOrder(i).data.get(0);
                for (final JacksonDtos.Order o : new JacksonDtos.Order[] { f, d })
                {
                    check(recorder.id.equals(o.orderId) && recorder.price.equals(o.avgPrice.toPlainString()) &&
                        recorder.qty.equals(o.cumExecQty.toPlainString()) && recorder.seq == o.updatedTime,
                        "frame " + i);
                }
            }
        }
    }

    // The frame with every value that differs from fill to fill replaced by a new one of its kind.
    static String vary(final String base, final SplittableRandom random, final int index)
    {
        String text = replaceAll(DECIMAL_MEMBER, base, m -> "\"" + m.group(1) + "\":\"" + decimal(random) + "\"");
        text = replaceAll(ID_MEMBER, text, m -> "\"" + m.group(1) + "\":\"" + uuid(random) + "\"");
        text = replaceAll(TIME_MEMBER, text, m -> "\"" + m.group(1) + "\":" +
            (m.group().contains(":\"") ? "\"" : "") + (Long.parseLong(m.group(2)) + index * 37L));
        return replaceAll(SEQ_MEMBER, text, m -> "\"seq\":" + (140612148849382L + index * 11L));
    }

    private static String replaceAll(
        final Pattern pattern, final String text, final java.util.function.Function<Matcher, String> replacement)
    {
        final Matcher m = pattern.matcher(text);
        final StringBuilder out = new StringBuilder();
        while (m.find())
        {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
        }
        return m.appendTail(out).toString();
    }

    // 1 to 7 integer digits and 0 to 8 fraction digits, never a trailing zero: BigDecimal's plain text equals ours
    private static String decimal(final SplittableRandom random)
    {
        final int integerDigits = random.nextInt(1, 7);
        final StringBuilder text = new StringBuilder().append(1 + random.nextInt((int)Math.pow(10, integerDigits)));
        final int fraction = random.nextInt(9);
        if (fraction > 0)
        {
            text.append('.');
            for (int i = 0; i < fraction; i++)
            {
                text.append((char)('1' + random.nextInt(9)));
            }
        }
        return text.toString();
    }

    private static String uuid(final SplittableRandom random)
    {
        final String hex = String.format("%016x%016x", random.nextLong(), random.nextLong());
        return hex.substring(0, 8) + '-' + hex.substring(8, 12) + '-' + hex.substring(12, 16) + '-' +
            hex.substring(16, 20) + '-' + hex.substring(20, 32);
    }

    private int nextFrame()
    {
        final int i = next;
        next = (i + 1) & (FRAMES - 1);
        return i;
    }

    @Benchmark
    public int ours()
    {
        final int i = nextFrame();
        return adapter.decode(offHeap[i], 0, frames[i].length);
    }

    @Benchmark
    public int fastjson2(final Blackhole bh)
    {
        final byte[] bytes = frames[nextFrame()];
        return isExecution ?
            ParseBenchmark.consume(JSON.parseObject(bytes, JacksonDtos.ExecutionFrame.class), bh) :
            ParseBenchmark.consume(JSON.parseObject(bytes, JacksonDtos.OrderFrame.class), bh);
    }

    @Benchmark
    public int dslJson(final Blackhole bh) throws IOException
    {
        final int i = nextFrame();
        return isExecution ? ParseBenchmark.consume(dslExecution(i), bh) : ParseBenchmark.consume(dslOrder(i), bh);
    }

    private JacksonDtos.ExecutionFrame dslExecution(final int i) throws IOException
    {
        return ParseBenchmark.dslRead(dslReader, dslExecutionReader, frames[i]);
    }

    private JacksonDtos.OrderFrame dslOrder(final int i) throws IOException
    {
        return ParseBenchmark.dslRead(dslReader, dslOrderReader, frames[i]);
    }

    private static void check(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw new IllegalStateException("variant decoded a wrong value: " + what);
        }
    }

    /**
     * Keeps the values {@link #verify()} compares: id, price and qty as text, seq (or updatedTime).
     */
    static final class Recorder implements PrivateStreamHandler
    {
        String id;
        String price;
        String qty;
        long seq;

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
            id = order.orderId().toString();
            price = order.avgPrice().toString();
            qty = order.cumExecQty().toString();
            seq = order.updatedTime();
        }

        public void onExecution(final BybitExecution execution)
        {
            id = execution.execId().toString();
            price = execution.execPrice().toString();
            qty = execution.execQty().toString();
            seq = execution.seq();
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
