package com.qkt.broker.bybit.fuzz;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.qkt.broker.bybit.EventRecorder;
import com.qkt.broker.bybit.rest.RestReplyDecoder;

import static com.qkt.broker.bybit.fuzz.FuzzOutcomes.assertNoItem;
import static com.qkt.broker.bybit.fuzz.FuzzOutcomes.decode;
import static com.qkt.broker.bybit.fuzz.FuzzOutcomes.outcome;
import static com.qkt.broker.bybit.fuzz.FuzzOutcomes.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    private final List<String> goodRestEvents = decode(recorder, () -> rest.decodeExecutionList(
        new UnsafeBuffer(GOOD_REST), 0, GOOD_REST.length, recorder));

    @FuzzTest(maxDuration = "3s")
    void restReply(final byte[] body)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(body);
        recorder.lines.clear();
        final int executions = rest.decodeExecutionList(buffer, 0, body.length, recorder);
        final List<String> executionEvents = outcome(recorder, executions);
        if (executions == RestReplyDecoder.MALFORMED)
        {
            assertNoItem(executionEvents, "execution list");
        }
        // what the decoder learned from earlier bodies never changes an outcome: a fresh one decodes alike
        final EventRecorder fresh = new EventRecorder();
        assertEquals(executionEvents, outcome(fresh,
            new RestReplyDecoder().decodeExecutionList(buffer, 0, body.length, fresh)), "learned vs fresh executions");
        final int orders = rest.decodeOrderList(buffer, 0, body.length, recorder);
        final List<String> orderEvents = outcome(recorder, orders);
        if (orders == RestReplyDecoder.MALFORMED)
        {
            assertNoItem(orderEvents, "order list");
        }
        assertEquals(orderEvents, outcome(fresh,
            new RestReplyDecoder().decodeOrderList(buffer, 0, body.length, fresh)), "learned vs fresh orders");
        rest.decodeOrderAck(buffer, 0, body.length);
        rest.decodeServerTime(buffer, 0, body.length);
        assertEquals(goodRestEvents, decode(recorder, () -> rest.decodeExecutionList(new UnsafeBuffer(GOOD_REST), 0,
            GOOD_REST.length, recorder)), "decoder state after the fuzzed body");
    }
}
