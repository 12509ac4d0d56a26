package com.qkt.broker.bybit;

import com.qkt.broker.bybit.rest.RestReplyDecoder;
import com.qkt.broker.bybit.stream.PrivateStreamAdapter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Recorded and documented-shape frames in {@code frames/NAME.json}, decoded and compared line by line with the
 * hand-written {@code frames/NAME.expected} (every field of every event, then the decode result).
 */
class GoldenFramesTest
{
    static Stream<String> frames()
    {
        return Stream.of(
            "order-new-real", "order-partially-filled", "order-filled-twice", "order-cancelled", "order-rejected",
            "execution-real", "execution-three-fills", "execution-fast",
            "auth-ok", "auth-fail", "subscribe-ok", "subscribe-fail", "unsubscribe-ok", "pong", "pong-public-shape",
            "wallet", "position", "unknown-topic",
            "rest-order-list-page", "rest-execution-list", "rest-order-ack", "rest-error-envelope",
            "rest-result-null", "rest-server-time", "rest-position-list");
    }

    static byte[] frame(final String name) throws IOException
    {
        try (InputStream in = GoldenFramesTest.class.getResourceAsStream("/frames/" + name + ".json"))
        {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        }
    }

    static List<String> expected(final String name) throws IOException
    {
        try (InputStream in = GoldenFramesTest.class.getResourceAsStream("/frames/" + name + ".expected"))
        {
            assertNotNull(in, name);
            final List<String> lines = new ArrayList<>();
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                if (!line.isBlank() && !line.startsWith("#"))
                {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    @ParameterizedTest
    @MethodSource("frames")
    void shouldDecodeEveryFieldOfTheRecordedFrame(final String name) throws IOException
    {
        final List<String> expected = expected(name);
        final byte[] bytes = frame(name);

        // off-heap, at an offset, with junk around it: decoders must respect offset and length
        final int offset = 13;
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length + 2 * offset));
        buffer.setMemory(0, buffer.capacity(), (byte)'}');
        buffer.putBytes(offset, bytes);

        final EventRecorder recorder = new EventRecorder();
        final String mode = expected.get(0);
        recorder.lines.add(mode);
        final RestReplyDecoder rest = new RestReplyDecoder();
        switch (mode)
        {
            case "decode=stream":
            {
                final PrivateStreamAdapter adapter = new PrivateStreamAdapter(recorder);
                recorder.add("result", adapter.decode(buffer, offset, bytes.length));
                recorder.add("mayHaveCarriedFills", adapter.lastFrameMayHaveCarriedFills());
                break;
            }
            case "decode=orderList":
                recorder.add("result", rest.decodeOrderList(buffer, offset, bytes.length, recorder));
                addEnvelope(recorder, rest);
                addList(recorder, rest);
                break;
            case "decode=executionList":
                recorder.add("result", rest.decodeExecutionList(buffer, offset, bytes.length, recorder));
                addEnvelope(recorder, rest);
                addList(recorder, rest);
                break;
            case "decode=positionList":
                recorder.add("result", rest.decodePositionList(buffer, offset, bytes.length, recorder));
                addEnvelope(recorder, rest);
                addList(recorder, rest);
                break;
            case "decode=orderAck":
                recorder.add("result", rest.decodeOrderAck(buffer, offset, bytes.length));
                addEnvelope(recorder, rest);
                recorder.add("ackOrderId", rest.ackOrderId());
                recorder.add("ackOrderLinkId", rest.ackOrderLinkId());
                break;
            case "decode=serverTime":
                recorder.add("result", rest.decodeServerTime(buffer, offset, bytes.length));
                addEnvelope(recorder, rest);
                recorder.add("serverTimeMillis", rest.serverTimeMillis());
                break;
            default:
                throw new IllegalArgumentException(mode);
        }

        assertEquals(String.join("\n", expected), String.join("\n", recorder.lines), name);
    }

    private static void addEnvelope(final EventRecorder recorder, final RestReplyDecoder rest)
    {
        recorder.add("retCode", rest.retCode());
        recorder.add("retMsg", rest.retMsg());
        recorder.add("time", rest.time());
        recorder.add("resultIsNull", rest.resultIsNull());
    }

    private static void addList(final EventRecorder recorder, final RestReplyDecoder rest)
    {
        recorder.add("category", rest.category());
        recorder.add("nextPageCursor", rest.nextPageCursor());
    }
}
