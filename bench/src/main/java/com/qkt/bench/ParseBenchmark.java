package com.qkt.bench;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.stream.PrivateStreamAdapter;
import com.qkt.broker.bybit.stream.PrivateStreamHandler;
import com.qkt.codec.AsciiField;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

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
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.JSONWire;

/**
 * One Bybit private-stream push (execution with 1 or 3 fills, or an order update) decoded into events by:
 * <ul>
 * <li>{@code ours}: {@link PrivateStreamAdapter} over an off-heap Agrona buffer, into reused flyweight-like
 * objects;</li>
 * <li>{@code chronicleWire}: Chronicle Wire JSONWire into a reused ReadMarshallable (outer '{' skipped by hand, its
 * fastest form);</li>
 * <li>{@code jacksonDatabind}: Jackson ObjectReader into POJOs (Strings + BigDecimal), told the frame's class
 * up front;</li>
 * <li>{@code jacksonStreaming}: Jackson JsonParser into the same reused holders as Chronicle;</li>
 * <li>{@code fastjson2}: fastjson2 {@code JSON.parseObject(byte[], Class)} into the databind POJOs;</li>
 * <li>{@code dslJson}: DSL-JSON (runtime analysis) into the databind POJOs through a reused {@code JsonReader} and
 * the class's {@code ReadObject}, its fastest form.</li>
 * </ul>
 * Every variant yields the same fields (ids, side/type/status enums, exact decimals, times, seq, maker flag), and
 * each benchmark feeds the same few of them per item to the Blackhole.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseBenchmark
{
    @Param({ "execution-1-fill", "execution-3-fills", "order" })
    public String frame;

    private byte[] bytes;
    private UnsafeBuffer offHeap;
    private BlackholeHandler handler;
    private PrivateStreamAdapter adapter;

    private Bytes<?> chronicleBytes;
    private JSONWire chronicleWire;
    private ChronicleFrameReader chronicleReader;

    private ObjectReader executionReader;
    private ObjectReader orderReader;
    private boolean isExecution;

    private JacksonStreamingReader streamingReader;

    private JsonReader<Object> dslReader;
    private JsonReader.ReadObject<JacksonDtos.ExecutionFrame> dslExecutionReader;
    private JsonReader.ReadObject<JacksonDtos.OrderFrame> dslOrderReader;

    /**
     * Our handler: consumes the same fields the other variants consume.
     */
    static final class BlackholeHandler implements PrivateStreamHandler
    {
        Blackhole bh;

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
            final Blackhole bh = this.bh;
            bh.consume(order.orderId().length());
            bh.consume(order.orderStatus());
            bh.consume(order.cumExecQty().mantissa());
            bh.consume(order.avgPrice().mantissa());
            bh.consume(order.updatedTime());
        }

        public void onExecution(final BybitExecution execution)
        {
            final Blackhole bh = this.bh;
            bh.consume(execution.execId().length());
            bh.consume(execution.execPrice().mantissa());
            bh.consume(execution.execQty().mantissa());
            bh.consume(execution.seq());
            bh.consume(execution.isMaker());
        }

        public void onFrameEnd(final AsciiField topic)
        {
            bh.consume(topic.length());
        }

        public void onUnknownFrame(final DirectBuffer buffer, final int offset, final int length)
        {
            throw new IllegalStateException("unexpected frame");
        }
    }

    @Setup(Level.Trial)
    public void setUp(final Blackhole bh) throws IOException
    {
        switch (frame)
        {
            case "execution-1-fill": bytes = BenchFrames.load("execution-real"); break;
            case "execution-3-fills": bytes = BenchFrames.load("execution-three-fills"); break;
            case "order": bytes = BenchFrames.load("order-partially-filled"); break;
            default: throw new IllegalArgumentException(frame);
        }
        isExecution = !"order".equals(frame);
        final int expectedItems = "execution-3-fills".equals(frame) ? 3 : 1;

        offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length));
        offHeap.putBytes(0, bytes);
        handler = new BlackholeHandler();
        handler.bh = bh;
        adapter = new PrivateStreamAdapter(handler);

        chronicleBytes = Bytes.allocateElasticDirect(bytes.length + 64);
        chronicleBytes.write(bytes);
        chronicleWire = new JSONWire(chronicleBytes);
        chronicleReader = new ChronicleFrameReader();

        final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        executionReader = mapper.readerFor(JacksonDtos.ExecutionFrame.class);
        orderReader = mapper.readerFor(JacksonDtos.OrderFrame.class);

        streamingReader = new JacksonStreamingReader();

        final DslJson<Object> dslJson = new DslJson<>(Settings.withRuntime().includeServiceLoader());
        dslReader = dslJson.newReader();
        dslExecutionReader = dslJson.tryFindReader(JacksonDtos.ExecutionFrame.class);
        dslOrderReader = dslJson.tryFindReader(JacksonDtos.OrderFrame.class);
        check(dslExecutionReader != null && dslOrderReader != null, "DSL-JSON has no reader for the POJOs");

        verify(expectedItems);
    }

    // Every variant must decode the frame correctly before it is timed.
    private void verify(final int expectedItems) throws IOException
    {
        check(adapter.decode(offHeap, 0, bytes.length) == expectedItems, "ours");

        chronicleRead();
        check(chronicleReader.count == expectedItems, "chronicle count");
        streamingReader.read(bytes, 0, bytes.length);
        check(streamingReader.count == expectedItems, "streaming count");
        if (isExecution)
        {
            final MutableEvents.Execution c = chronicleReader.executions[expectedItems - 1].e;
            final MutableEvents.Execution s = streamingReader.executions[expectedItems - 1];
            check(c.execId.toString().equals(s.execId.toString()), "execId");
            check(c.seq == s.seq && c.execTime == s.execTime && c.execType == s.execType, "seq/execTime/execType");
            check(c.execPrice.equals(s.execPrice) && c.execQty.equals(s.execQty), "execPrice/execQty");
            checkPojo(executionReader.readValue(bytes, 0, bytes.length), expectedItems, c, "databind");
            checkPojo(fastjson2Execution(), expectedItems, c, "fastjson2");
            checkPojo(dslJsonExecution(), expectedItems, c, "DSL-JSON");
        }
        else
        {
            final MutableEvents.Order c = chronicleReader.orders[0].o;
            final MutableEvents.Order s = streamingReader.orders[0];
            check(c.orderId.toString().equals(s.orderId.toString()), "orderId");
            check(c.cumExecQty.equals(s.cumExecQty) && c.avgPrice.equals(s.avgPrice), "cumExecQty/avgPrice");
            check(c.updatedTime == s.updatedTime && c.orderStatus == s.orderStatus, "updatedTime/orderStatus");
            checkPojo(orderReader.readValue(bytes, 0, bytes.length), expectedItems, c, "databind");
            checkPojo(fastjson2Order(), expectedItems, c, "fastjson2");
            checkPojo(dslJsonOrder(), expectedItems, c, "DSL-JSON");
        }
    }

    // A POJO variant (Jackson databind, fastjson2, DSL-JSON) against Chronicle's decoding of the last item.
    private static void checkPojo(
        final JacksonDtos.ExecutionFrame f, final int expectedItems, final MutableEvents.Execution c, final String who)
    {
        check(f != null && f.data != null && f.data.size() == expectedItems, who + " count");
        check(f.topic != null && f.topic.startsWith("execution"), who + " topic");
        final JacksonDtos.Execution d = f.data.get(expectedItems - 1);
        check(c.execId.toString().equals(d.execId), who + " execId");
        check(c.seq == d.seq, who + " seq");
        check(c.execPrice.toString().equals(d.execPrice.toPlainString()), who + " execPrice");
        check(c.execQty.toString().equals(d.execQty.toPlainString()), who + " execQty");
        check(c.execTime == d.execTime, who + " execTime");
        check(c.isMaker == d.isMaker, who + " isMaker");
        check(c.execType.wireName().equals(d.execType), who + " execType");
    }

    private static void checkPojo(
        final JacksonDtos.OrderFrame f, final int expectedItems, final MutableEvents.Order c, final String who)
    {
        check(f != null && f.data != null && f.data.size() == expectedItems, who + " count");
        check(f.topic != null && f.topic.startsWith("order"), who + " topic");
        final JacksonDtos.Order d = f.data.get(0);
        check(c.orderId.toString().equals(d.orderId), who + " orderId");
        check(c.cumExecQty.toString().equals(d.cumExecQty.toPlainString()), who + " cumExecQty");
        check(c.avgPrice.toString().equals(d.avgPrice.toPlainString()), who + " avgPrice");
        check(c.updatedTime == d.updatedTime, who + " updatedTime");
        check(c.orderStatus.wireName().equals(d.orderStatus), who + " orderStatus");
    }

    private JacksonDtos.ExecutionFrame fastjson2Execution()
    {
        return JSON.parseObject(bytes, JacksonDtos.ExecutionFrame.class);
    }

    private JacksonDtos.OrderFrame fastjson2Order()
    {
        return JSON.parseObject(bytes, JacksonDtos.OrderFrame.class);
    }

    private JacksonDtos.ExecutionFrame dslJsonExecution() throws IOException
    {
        return dslRead(dslReader, dslExecutionReader, bytes);
    }

    private JacksonDtos.OrderFrame dslJsonOrder() throws IOException
    {
        return dslRead(dslReader, dslOrderReader, bytes);
    }

    // DSL-JSON's fastest form: a reused reader over the frame and the class's ReadObject.
    static <T> T dslRead(final JsonReader<Object> reader, final JsonReader.ReadObject<T> read, final byte[] frame)
        throws IOException
    {
        final JsonReader<Object> processed = reader.process(frame, frame.length);
        processed.getNextToken();
        return read.read(processed);
    }

    private static void check(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw new IllegalStateException("variant decoded a wrong value: " + what);
        }
    }

    private void chronicleRead()
    {
        chronicleBytes.readPosition(1); // skip the outer '{': marshallable() would pre-scan the whole frame
        chronicleBytes.readLimit(bytes.length);
        chronicleReader.readMarshallable(chronicleWire);
    }

    @Benchmark
    public int ours()
    {
        return adapter.decode(offHeap, 0, bytes.length);
    }

    @Benchmark
    public int chronicleWire(final Blackhole bh)
    {
        chronicleRead();
        final ChronicleFrameReader r = chronicleReader;
        for (int i = 0; i < r.count; i++)
        {
            if (r.isExecution)
            {
                final MutableEvents.Execution e = r.executions[i].e;
                bh.consume(e.execId.length());
                bh.consume(e.execPrice.mantissa());
                bh.consume(e.execQty.mantissa());
                bh.consume(e.seq);
                bh.consume(e.isMaker);
            }
            else
            {
                final MutableEvents.Order o = r.orders[i].o;
                bh.consume(o.orderId.length());
                bh.consume(o.orderStatus);
                bh.consume(o.cumExecQty.mantissa());
                bh.consume(o.avgPrice.mantissa());
                bh.consume(o.updatedTime);
            }
        }
        bh.consume(r.topic.length());
        return r.count;
    }

    @Benchmark
    public int jacksonDatabind(final Blackhole bh) throws IOException
    {
        if (isExecution)
        {
            return consume(executionReader.<JacksonDtos.ExecutionFrame>readValue(bytes, 0, bytes.length), bh);
        }
        return consume(orderReader.<JacksonDtos.OrderFrame>readValue(bytes, 0, bytes.length), bh);
    }

    @Benchmark
    public int fastjson2(final Blackhole bh)
    {
        return isExecution ? consume(fastjson2Execution(), bh) : consume(fastjson2Order(), bh);
    }

    @Benchmark
    public int dslJson(final Blackhole bh) throws IOException
    {
        return isExecution ? consume(dslJsonExecution(), bh) : consume(dslJsonOrder(), bh);
    }

    static int consume(final JacksonDtos.ExecutionFrame f, final Blackhole bh)
    {
        for (final JacksonDtos.Execution e : f.data)
        {
            bh.consume(e.execId.length());
            bh.consume(e.execPrice);
            bh.consume(e.execQty);
            bh.consume(e.seq);
            bh.consume(e.isMaker);
        }
        bh.consume(f.topic.length());
        return f.data.size();
    }

    static int consume(final JacksonDtos.OrderFrame f, final Blackhole bh)
    {
        for (final JacksonDtos.Order o : f.data)
        {
            bh.consume(o.orderId.length());
            bh.consume(o.orderStatus);
            bh.consume(o.cumExecQty);
            bh.consume(o.avgPrice);
            bh.consume(o.updatedTime);
        }
        bh.consume(f.topic.length());
        return f.data.size();
    }

    @Benchmark
    public int jacksonStreaming(final Blackhole bh) throws IOException
    {
        final JacksonStreamingReader r = streamingReader;
        r.read(bytes, 0, bytes.length);
        for (int i = 0; i < r.count; i++)
        {
            if (r.isExecution)
            {
                final MutableEvents.Execution e = r.executions[i];
                bh.consume(e.execId.length());
                bh.consume(e.execPrice.mantissa());
                bh.consume(e.execQty.mantissa());
                bh.consume(e.seq);
                bh.consume(e.isMaker);
            }
            else
            {
                final MutableEvents.Order o = r.orders[i];
                bh.consume(o.orderId.length());
                bh.consume(o.orderStatus);
                bh.consume(o.cumExecQty.mantissa());
                bh.consume(o.avgPrice.mantissa());
                bh.consume(o.updatedTime);
            }
        }
        bh.consume(r.topic.length());
        return r.count;
    }
}
