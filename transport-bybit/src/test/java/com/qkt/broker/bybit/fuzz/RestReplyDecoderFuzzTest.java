package com.qkt.broker.bybit.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.qkt.broker.bybit.EventRecorder;
import com.qkt.broker.bybit.rest.RestReplyDecoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing (Jazzer) of the REST reply decoder (envelope, order and execution lists, order ack, server
 * time) over the same bytes. For any body: no exception escapes, a malformed list delivers no item, and the decoder's
 * state is clean for the next body (a known reply decodes to exactly its known events right after).
 * <p>
 * The seed corpus is checked in under {@code src/test/resources/com/qkt/broker/bybit/fuzz/RestReplyDecoderFuzzTestInputs}
 * (the recorded golden frames, and {@code sim-N}: what the simulator sent and answered during a short session, written by
 * {@code com.qkt.bench.FuzzCorpusCapture}). {@code mvn verify} fuzzes each target for a few seconds
 * ({@code JAZZER_FUZZ=1} set by the {@code fuzz} surefire execution of this module); without it (e.g. from an IDE)
 * the targets run once per seed (Jazzer's regression mode).
 */
class RestReplyDecoderFuzzTest
{
    private static final byte[] GOOD_REST = resource("/frames/rest-execution-list.json");

    private final EventRecorder recorder = new EventRecorder();
    private final RestReplyDecoder rest = new RestReplyDecoder();
    private final List<String> goodRestEvents = events(() -> rest.decodeExecutionList(new UnsafeBuffer(GOOD_REST), 0,
        GOOD_REST.length, recorder));

    @FuzzTest(maxDuration = "3s")
    void restReply(final byte[] body)
    {
        recorder.lines.clear();
        final UnsafeBuffer buffer = new UnsafeBuffer(body);
        final int executions = rest.decodeExecutionList(buffer, 0, body.length, recorder);
        if (executions == RestReplyDecoder.MALFORMED)
        {
            assertNoItem("execution list");
        }
        // what the decoder learned from earlier bodies never changes an outcome: a fresh one decodes alike
        final EventRecorder fresh = new EventRecorder();
        assertEquals(lines(executions), freshLines(fresh,
            new RestReplyDecoder().decodeExecutionList(buffer, 0, body.length, fresh)), "learned vs fresh executions");
        recorder.lines.clear();
        final int orders = rest.decodeOrderList(buffer, 0, body.length, recorder);
        if (orders == RestReplyDecoder.MALFORMED)
        {
            assertNoItem("order list");
        }
        fresh.lines.clear();
        assertEquals(lines(orders), freshLines(fresh,
            new RestReplyDecoder().decodeOrderList(buffer, 0, body.length, fresh)), "learned vs fresh orders");
        rest.decodeOrderAck(buffer, 0, body.length);
        rest.decodeServerTime(buffer, 0, body.length);
        assertEquals(goodRestEvents, events(() -> rest.decodeExecutionList(new UnsafeBuffer(GOOD_REST), 0,
            GOOD_REST.length, recorder)), "decoder state after the fuzzed body");
    }

    private List<String> lines(final int result)
    {
        final List<String> lines = new java.util.ArrayList<>(recorder.lines);
        lines.add("result=" + result);
        return lines;
    }

    private static List<String> freshLines(final EventRecorder fresh, final int result)
    {
        fresh.lines.add("result=" + result);
        return fresh.lines;
    }

    private void assertNoItem(final String what)
    {
        for (final String line : recorder.lines)
        {
            assertFalse(line.startsWith("event=execution") || line.startsWith("event=order") ||
                line.startsWith("event=wallet") || line.startsWith("event=position"),
                what + " delivered an item from malformed input: " + recorder.lines);
        }
    }

    private List<String> events(final java.util.function.IntSupplier decode)
    {
        recorder.lines.clear();
        final int result = decode.getAsInt();
        recorder.lines.add("result=" + result);
        final List<String> lines = List.copyOf(recorder.lines);
        recorder.lines.clear();
        return lines;
    }

    private static byte[] resource(final String name)
    {
        try (InputStream in = RestReplyDecoderFuzzTest.class.getResourceAsStream(name))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(name, ex);
        }
    }
}
