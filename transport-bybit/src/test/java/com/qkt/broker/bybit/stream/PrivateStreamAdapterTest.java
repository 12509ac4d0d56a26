package com.qkt.broker.bybit.stream;

import com.qkt.broker.bybit.EventRecorder;
import com.qkt.broker.bybit.TestFrames;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.qkt.broker.bybit.stream.PrivateStreamAdapter.MALFORMED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivateStreamAdapterTest
{
    private final EventRecorder recorder = new EventRecorder();
    private final PrivateStreamAdapter adapter = new PrivateStreamAdapter(recorder);

    private int decode(final String frame)
    {
        final UnsafeBuffer buffer = TestFrames.buffer(frame);
        return adapter.decode(buffer, 0, buffer.capacity());
    }

    private void assertStillWorks()
    {
        recorder.lines.clear();
        assertEquals(3, decode(TestFrames.text("execution-three-fills")));
        assertFalse(adapter.lastFrameMayHaveCarriedFills());
        assertEquals(3, recorder.lines.stream().filter("event=execution"::equals).count());
        recorder.lines.clear();
    }

    @Test
    void shouldRejectEveryTruncationOfAnExecutionFrameWithoutDeliveringAFill()
    {
        final byte[] frame = TestFrames.bytes("execution-three-fills");
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        for (int length = 0; length < frame.length; length++)
        {
            recorder.lines.clear();
            assertEquals(MALFORMED, adapter.decode(buffer, 0, length), "length " + length);
            assertTrue(adapter.lastFrameMayHaveCarriedFills(), "length " + length);
            assertEquals(List.of(), recorder.lines, "length " + length);
        }
        assertStillWorks();
    }

    @Test
    void shouldRejectEveryTruncationOfAnOrderFrameWithoutDeliveringAnOrder()
    {
        final byte[] frame = TestFrames.bytes("order-filled-twice");
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        for (int length = 0; length < frame.length; length++)
        {
            recorder.lines.clear();
            assertEquals(MALFORMED, adapter.decode(buffer, 0, length), "length " + length);
            // topic comes last in this frame: it is never read, so the frame may have carried fills
            assertTrue(adapter.lastFrameMayHaveCarriedFills(), "length " + length);
            assertEquals(List.of(), recorder.lines, "length " + length);
        }
        assertStillWorks();
    }

    @Test
    void shouldNotAskForReconcileWhenATruncatedFrameIsAControlReply()
    {
        final byte[] frame = "{\"op\":\"auth\",\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"x\"}"
            .getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final int opRead = "{\"op\":\"auth\"".length();
        for (int length = 0; length < frame.length; length++)
        {
            assertEquals(MALFORMED, adapter.decode(buffer, 0, length));
            assertEquals(length < opRead, adapter.lastFrameMayHaveCarriedFills(), "length " + length);
        }
        assertEquals(List.of(), recorder.lines);
        assertStillWorks();
    }

    @Test
    void shouldNotAskForReconcileWhenAWalletOrPositionFrameIsMalformed()
    {
        assertEquals(MALFORMED, decode(TestFrames.text("wallet").replace("\"9684.46297164\"", "\"9684,46\"")));
        assertFalse(adapter.lastFrameMayHaveCarriedFills());
        assertEquals(MALFORMED, decode(TestFrames.text("position").replace("\"seq\":8172241024", "\"seq\":true")));
        assertFalse(adapter.lastFrameMayHaveCarriedFills());
        assertStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"isMaker\":false", // boolean as string
        "\"seq\":140612148849400", // seq not a number
        "\"execPrice\":\"69990.5\"", // exponent notation
        "\"execQty\":\"0.001\"", // two dots
        "\"execId\":\"6a1e2f4c-0b7d-4c2e-9f3a-1d5b8e7c9a01\"", // id longer than 40
        "\"execType\":\"Trade\"", // wrong type
        "\"orderId\":\"b7c0e5d1-3f2a-4e8b-a6d9-0c4f1e2d3a5b\"", // empty order id
    })
    void shouldRejectAFirstFillWithAWrongTypeOrBadValue(final String field)
    {
        final String replacement;
        switch (field.substring(1, field.indexOf('"', 1)))
        {
            case "isMaker": replacement = "\"isMaker\":\"false\""; break;
            case "seq": replacement = "\"seq\":\"12x\""; break;
            case "execPrice": replacement = "\"execPrice\":\"6.99905e4\""; break;
            case "execQty": replacement = "\"execQty\":\"0.0.1\""; break;
            case "execId": replacement = "\"execId\":\"6a1e2f4c-0b7d-4c2e-9f3a-1d5b8e7c9a01-0123456789\""; break;
            case "execType": replacement = "\"execType\":1"; break;
            default: replacement = "\"orderId\":\"\"";
        }
        final String frame = TestFrames.text("execution-three-fills").replaceFirst(
            java.util.regex.Pattern.quote(field), java.util.regex.Matcher.quoteReplacement(replacement));
        recorder.lines.clear();
        assertEquals(MALFORMED, decode(frame), replacement);
        assertTrue(adapter.lastFrameMayHaveCarriedFills());
        assertEquals(List.of(), recorder.lines, "nothing is delivered from a malformed frame");
        assertStillWorks();
    }

    @Test
    void shouldDeliverNoFillOfAFrameWhoseThirdFillIsBad()
    {
        final String frame = TestFrames.text("execution-three-fills").replace("\"69992.5\"", "\"69992.5.\"");
        assertEquals(MALFORMED, decode(frame));
        assertTrue(adapter.lastFrameMayHaveCarriedFills());
        assertEquals(List.of(), recorder.lines, "the good fills before the bad one are not delivered either");
        assertStillWorks();
    }

    @Test
    void shouldDeliverNoItemOfALongFrameWhoseLastItemIsBad()
    {
        // more items than the batch holds take the check-then-deliver path
        final StringBuilder frame = new StringBuilder("{\"topic\":\"execution\",\"data\":[");
        for (int i = 0; i < 20; i++)
        {
            frame.append("{\"execId\":\"e").append(i).append("\",\"orderId\":\"o\",\"execQty\":\"1\"},");
        }
        final String good = frame + "{\"execId\":\"e20\",\"orderId\":\"o\"}]}";
        assertEquals(21, decode(good));
        recorder.lines.clear();
        assertEquals(MALFORMED, decode(frame + "{\"execId\":\"e20\",\"orderId\":\"o\",\"execQty\":\"x\"}]}"));
        assertTrue(adapter.lastFrameMayHaveCarriedFills());
        assertEquals(List.of(), recorder.lines);
        assertStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // a second topic after the data: the items would be re-classified (or a previous frame's batch delivered)
        "{\"topic\":\"order\",\"data\":[{\"orderId\":\"o\",\"orderLinkId\":\"l\"}],\"topic\":\"execution\"}",
        "{\"topic\":\"execution\",\"data\":[],\"topic\":\"execution\"}",
        "{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\",\"orderId\":\"o\"}],\"data\":[]}",
        "{\"topic\":\"execution\",\"creationTime\":1,\"creationTime\":2,\"data\":[]}",
    })
    void shouldRejectAFrameWithARepeatedKeyAndDeliverNothingStale(final String frame)
    {
        // a good execution frame first, so a batch of executions is left behind in the adapter
        assertEquals(3, decode(TestFrames.text("execution-three-fills")));
        recorder.lines.clear();
        assertEquals(MALFORMED, decode(frame), frame);
        assertTrue(adapter.lastFrameMayHaveCarriedFills(), frame);
        assertEquals(List.of(), recorder.lines, frame);
        assertStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "[]",
        "\"order\"",
        "null",
        "{",
        "{\"topic\":\"order\",\"data\":{}}",
        "{\"topic\":\"order\"}",
        "{\"topic\":\"order\",\"data\":[1]}",
        "{\"topic\":\"order\",\"data\":[{}]}",
        "{\"topic\":\"order\",\"data\":[]}x",
        "{\"topic\":\"order\",\"data\":[]}{}",
        "{\"topic\":\"order\" \"data\":[]}",
        "{\"topic\":\"order\",\"data\":[],}",
        "{,\"topic\":\"order\",\"data\":[]}",
        "{\"topic\":\"order\",\"data\":[,]}",
        "{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\",\"orderId\":\"o\"}]]}",
        "{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\",\"orderId\":\"o\",}]}",
        "{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\"\"orderId\":\"o\"}]}",
        "{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\",\"orderId\"}]}",
        "{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\",\"orderId\":o}]}",
        "{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\",\"orderId\":\"o\",\"seq\":tru}]}",
        "{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\",\"orderId\":\"o\",\"execQty\":\"1\"\"}]}",
        "{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\",\"orderId\":\"o\",\"execQty\":{\"a\":1}}]}",
        "{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\",\"orderId\":\"o\",\"execQty\":\"1\u0001\"}]}",
        "{\"topic\":5,\"data\":[]}",
    })
    void shouldRejectMalformedFramesThatMayCarryFillsAndKeepWorking(final String frame)
    {
        assertEquals(MALFORMED, decode(frame), frame);
        assertTrue(adapter.lastFrameMayHaveCarriedFills(), frame);
        assertFalse(recorder.lines.contains("event=execution"), frame);
        assertFalse(recorder.lines.contains("event=order"), frame);
        assertStillWorks();
    }

    @Test
    void shouldDeliverNothingBeforeASyntaxErrorBetweenItems()
    {
        // a stray comma between items is found while decoding them, like a bad item: nothing is delivered
        assertEquals(MALFORMED, decode("{\"topic\":\"execution\",\"data\":[{\"execId\":\"e\",\"orderId\":\"o\"},]}"));
        assertTrue(adapter.lastFrameMayHaveCarriedFills());
        assertEquals(List.of(), recorder.lines);
        // and the same with data before topic (the check-then-deliver path)
        assertEquals(MALFORMED, decode("{\"data\":[{\"execId\":\"e\",\"orderId\":\"o\"},],\"topic\":\"execution\"}"));
        assertEquals(List.of(), recorder.lines);
        assertStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"auth\",\"success\":\"true\"}",
        "{\"op\":\"auth\"}",
        "{\"op\":\"subscribe\",\"success\":1}",
        "{\"op\":\"pong\",\"args\":[\"16754x\"]}",
        "{\"op\":\"pong\",\"args\":{}}",
        "{\"op\":\"auth\",\"success\":true,\"ret_msg\":[]}",
    })
    void shouldRejectMalformedControlRepliesWithoutAskingForReconcile(final String frame)
    {
        assertEquals(MALFORMED, decode(frame), frame);
        assertFalse(adapter.lastFrameMayHaveCarriedFills(), frame);
        assertEquals(List.of(), recorder.lines);
        assertStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"op\":\"unknown-op\",\"success\":true}",
        "{\"topic\":\"orderbook.50.BTCUSDT\",\"data\":{\"b\":[]}}",
        "{\"topic\":\"orders\",\"data\":[]}",
        "{\"topic\":\"order.futures\",\"data\":[]}",
        "{\"topic\":\"wallet.linear\",\"data\":[]}",
        "{\"topic\":\"execution.fastest\",\"data\":[]}",
    })
    void shouldPassValidFramesWithUnknownOpOrTopicToTheHandler(final String frame)
    {
        assertEquals(0, decode(frame), frame);
        assertFalse(adapter.lastFrameMayHaveCarriedFills());
        assertEquals(List.of("event=unknown", "length=" + frame.length()), recorder.lines);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "order", "order.spot", "order.linear", "order.inverse", "order.option" })
    void shouldAcceptEveryOrderTopicVariant(final String topic)
    {
        final String frame = TestFrames.text("order-rejected").replace("\"topic\":\"order\"", "\"topic\":\"" +
            topic + "\"");
        assertEquals(1, decode(frame));
        assertEquals(List.of("event=frameEnd", "topic=" + topic), recorder.lines.subList(
            recorder.lines.size() - 2, recorder.lines.size()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "execution", "execution.spot", "execution.linear", "execution.inverse", "execution.option",
        "execution.fast", "execution.fast.linear", "execution.fast.spot" })
    void shouldAcceptEveryExecutionTopicVariant(final String topic)
    {
        final String frame = TestFrames.text("execution-real").replace("\"topic\":\"execution\"", "\"topic\":\"" +
            topic + "\"");
        assertEquals(1, decode(frame));
        assertTrue(recorder.lines.contains("execType=TRADE"));
    }

    @Test
    void shouldAcceptAnEmptyPushAndStillEndTheFrame()
    {
        assertEquals(0, decode("{\"topic\":\"execution\",\"creationTime\":1,\"data\":[]}"));
        assertEquals(List.of("event=frameEnd", "topic=execution"), recorder.lines);
        assertEquals(1, adapter.lastCreationTime());
    }

    @Test
    void shouldDecodePrettyPrintedFramesWithNullsNumbersAndEscapes()
    {
        final String frame = "\n{ \"topic\" : \"execution\" ,\r\n \"data\" : [ {\n" +
            "   \"category\" : null , \"symbol\" : \"BTC\\u0055SDT\" , \"orderId\" : \"o-1\" ,\n" +
            "   \"orderLinkId\" : \"a\\\"b\\\\c\\/d\" , \"execId\" : \"x\" , \"execPrice\" : 95900.1 ,\n" +
            "   \"execQty\" : \"0.5\" , \"execFee\" : null , \"execTime\" : 1746270400353 , \"seq\" : \"42\" ,\n" +
            "   \"isMaker\" : true , \"side\" : \"Sideways\" , \"orderType\" : \"Limit\" ,\n" +
            "   \"nested\" : { \"a\" : [ 1, { \"b\" : \"}]\" } ] } , \"execType\" : \"Funding\" } ] }\t \n";
        assertEquals(1, decode(frame));
        final List<String> l = recorder.lines;
        assertTrue(l.contains("category="));
        assertTrue(l.contains("symbol=BTCUSDT"));
        assertTrue(l.contains("orderLinkId=a\"b\\c/d"));
        assertTrue(l.contains("execPrice=95900.1"));
        assertTrue(l.contains("execFee=<absent>"));
        assertTrue(l.contains("execTime=1746270400353"));
        assertTrue(l.contains("seq=42"));
        assertTrue(l.contains("isMaker=true"));
        assertTrue(l.contains("side=null"));
        assertTrue(l.contains("orderType=LIMIT"));
        assertTrue(l.contains("execType=FUNDING"));
    }

    @Test
    void shouldEchoANumericReqIdAsText()
    {
        assertEquals(1, decode("{\"req_id\":17,\"success\":true,\"ret_msg\":\"\",\"op\":\"subscribe\"}"));
        assertEquals(List.of("event=subscribe", "success=true", "reqId=17", "retMsg="), recorder.lines);
    }

    @Test
    void shouldReadServerTimeFromOrderEntryStylePong()
    {
        assertEquals(1, decode("{\"retCode\":0,\"retMsg\":\"OK\",\"op\":\"pong\",\"data\":[\"1711002002529\"]}"));
        assertEquals(List.of("event=pong", "serverTime=1711002002529"), recorder.lines);
        recorder.lines.clear();
        assertEquals(1, decode("{\"op\":\"pong\"}"));
        assertEquals(List.of("event=pong", "serverTime=" + PrivateStreamAdapter.NO_SERVER_TIME), recorder.lines);
    }

    @Test
    void shouldKeepTheFramesNestingLimitedAndStillSkipDeepUnknownValues()
    {
        final StringBuilder deep = new StringBuilder("{\"topic\":\"greeks\",\"data\":");
        for (int i = 0; i < 200; i++)
        {
            deep.append('[');
        }
        for (int i = 0; i < 200; i++)
        {
            deep.append(']');
        }
        deep.append('}');
        assertEquals(0, decode(deep.toString()));
        assertEquals("event=unknown", recorder.lines.get(0));
    }

    @Test
    void shouldDeliverLargePushesInOrderAndNothingFromATruncatedOne()
    {
        final StringBuilder frame = new StringBuilder("{\"topic\":\"execution\",\"data\":[");
        for (int i = 0; i < 40; i++)
        {
            frame.append(i == 0 ? "" : ",").append("{\"execId\":\"e-").append(i)
                .append("\",\"orderId\":\"o\",\"execQty\":\"0.1\",\"seq\":").append(i).append('}');
        }
        final String full = frame.append("]}").toString();
        assertEquals(40, decode(full));
        for (int i = 0; i < 40; i++)
        {
            assertEquals("execId=e-" + i, recorder.lines.get(recorder.lines.indexOf("execId=e-" + i)));
            assertTrue(recorder.lines.indexOf("seq=" + i) > recorder.lines.indexOf("execId=e-" + i));
        }
        recorder.lines.clear();
        assertEquals(MALFORMED, decode(full.substring(0, full.length() - 2)));
        assertTrue(adapter.lastFrameMayHaveCarriedFills());
        assertEquals(List.of(), recorder.lines);
        assertStillWorks();
    }
}
