package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.EventRecorder;
import com.qkt.broker.bybit.TestFrames;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static com.qkt.broker.bybit.rest.RestReplyDecoder.MALFORMED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestReplyDecoderTest
{
    private final RestReplyDecoder decoder = new RestReplyDecoder();
    private final EventRecorder recorder = new EventRecorder();

    @Test
    void shouldRejectEveryTruncationOfAListWithoutDeliveringItems()
    {
        final byte[] body = TestFrames.bytes("rest-execution-list");
        final UnsafeBuffer buffer = new UnsafeBuffer(body);
        for (int length = 0; length < body.length; length++)
        {
            assertEquals(MALFORMED, decoder.decodeExecutionList(buffer, 0, length, recorder), "length " + length);
            assertFalse(decoder.decodeEnvelope(buffer, 0, length));
        }
        assertTrue(recorder.lines.isEmpty());
        assertEquals(2, decoder.decodeExecutionList(buffer, 0, body.length, recorder));
    }

    @Test
    void shouldRequireRetCode()
    {
        final UnsafeBuffer body = TestFrames.buffer("{\"retMsg\":\"OK\",\"result\":{},\"time\":1}");
        assertFalse(decoder.decodeEnvelope(body, 0, body.capacity()));
        final UnsafeBuffer wrongType = TestFrames.buffer("{\"retCode\":\"x\",\"result\":{}}");
        assertFalse(decoder.decodeEnvelope(wrongType, 0, wrongType.capacity()));
        final UnsafeBuffer stringCode = TestFrames.buffer("{\"retCode\":\"10006\",\"result\":{}}");
        assertTrue(decoder.decodeEnvelope(stringCode, 0, stringCode.capacity()));
        assertEquals(10006, decoder.retCode());
    }

    @Test
    void shouldRefuseACursorItCannotHoldWhole()
    {
        final UnsafeBuffer body = TestFrames.buffer("{\"retCode\":0,\"result\":{\"nextPageCursor\":\"" +
            "c".repeat(513) + "\",\"list\":[]}}");
        assertEquals(MALFORMED, decoder.decodeOrderList(body, 0, body.capacity(), recorder));
    }

    @Test
    void shouldReturnMalformedForABadItemAndZeroForAnEmptyOrNullList()
    {
        final UnsafeBuffer bad = TestFrames.buffer(
            "{\"retCode\":0,\"result\":{\"list\":[{\"orderId\":\"a\",\"qty\":\"1e3\"}]}}");
        assertEquals(MALFORMED, decoder.decodeOrderList(bad, 0, bad.capacity(), recorder));
        final UnsafeBuffer empty = TestFrames.buffer(
            "{\"retCode\":0,\"result\":{\"list\":[],\"nextPageCursor\":\"\"}}");
        assertEquals(0, decoder.decodeOrderList(empty, 0, empty.capacity(), recorder));
        final UnsafeBuffer nullList = TestFrames.buffer("{\"retCode\":0,\"result\":{\"list\":null}}");
        assertEquals(0, decoder.decodeOrderList(nullList, 0, nullList.capacity(), recorder));
        final UnsafeBuffer listNotArray = TestFrames.buffer("{\"retCode\":0,\"result\":{\"list\":{}}}");
        assertEquals(MALFORMED, decoder.decodeOrderList(listNotArray, 0, listNotArray.capacity(), recorder));
    }

    @Test
    void shouldFallBackToSecondsThenEnvelopeTimeForServerTime()
    {
        final UnsafeBuffer seconds = TestFrames.buffer(
            "{\"retCode\":0,\"result\":{\"timeSecond\":\"1688639403\"},\"time\":5}");
        assertTrue(decoder.decodeServerTime(seconds, 0, seconds.capacity()));
        assertEquals(1688639403000L, decoder.serverTimeMillis());
        final UnsafeBuffer envelope = TestFrames.buffer("{\"retCode\":0,\"result\":{},\"time\":1688639403423}");
        assertTrue(decoder.decodeServerTime(envelope, 0, envelope.capacity()));
        assertEquals(1688639403423L, decoder.serverTimeMillis());
        final UnsafeBuffer none = TestFrames.buffer("{\"retCode\":0,\"result\":null}");
        assertFalse(decoder.decodeServerTime(none, 0, none.capacity()));
        assertEquals(RestReplyDecoder.NO_TIME, decoder.serverTimeMillis());
    }

    @Test
    void shouldDecodeAWalletBalanceList()
    {
        final String wallet = TestFrames.text("wallet");
        final String item = wallet.substring(wallet.indexOf("[{") + 1, wallet.lastIndexOf("}]") + 1);
        final UnsafeBuffer body = TestFrames.buffer("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[" +
            item + "]},\"retExtInfo\":{},\"time\":1}");
        assertEquals(1, decoder.decodeWalletBalance(body, 0, body.capacity(), recorder));
        assertTrue(recorder.lines.contains("coin.1.locked=127.8574"));
    }

    @Test
    void shouldPeekTheRetCodeWithoutDecoding()
    {
        assertEquals(10002, peek("{\"retCode\":10002,\"retMsg\":\"x\"}"));
        assertEquals(0, peek("{\"retCode\" : 0}"));
        assertEquals(-1, peek("{\"retCode\":-1}"));
        assertEquals(110001, peek("{\"retMsg\":\"a\",\"retCode\":110001}"));
        assertEquals(RestReplyDecoder.NO_RET_CODE, peek("{\"retMsg\":\"a\"}"));
        assertEquals(RestReplyDecoder.NO_RET_CODE, peek("{\"retCode\":"));
        assertEquals(RestReplyDecoder.NO_RET_CODE, peek("<html>"));
    }

    private static int peek(final String body)
    {
        final org.agrona.concurrent.UnsafeBuffer buffer =
            new org.agrona.concurrent.UnsafeBuffer(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return RestReplyDecoder.peekRetCode(buffer, 0, body.length());
    }
}
