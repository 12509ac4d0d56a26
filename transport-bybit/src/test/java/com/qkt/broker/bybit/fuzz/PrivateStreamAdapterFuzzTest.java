package com.qkt.broker.bybit.fuzz;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.qkt.broker.bybit.EventRecorder;
import com.qkt.broker.bybit.stream.PrivateStreamAdapter;

import static com.qkt.broker.bybit.fuzz.FuzzOutcomes.assertNoItem;
import static com.qkt.broker.bybit.fuzz.FuzzOutcomes.decode;
import static com.qkt.broker.bybit.fuzz.FuzzOutcomes.outcome;
import static com.qkt.broker.bybit.fuzz.FuzzOutcomes.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing (Jazzer) of the private-stream adapter, which reads the bytes of every WebSocket text frame.
 * For any input: no exception escapes, a malformed frame delivers no item, and the adapter's state is clean for the
 * next frame (a known frame decodes to exactly its known events right after).
 * <p>
 * The seed corpus is checked in under {@code src/test/resources/com/qkt/broker/bybit/fuzz/PrivateStreamAdapterFuzzTestInputs}
 * (the recorded golden frames, and {@code sim-N}: what the simulator sent and answered during a short session, written by
 * {@code com.qkt.bench.FuzzCorpusCapture}). {@code mvn verify} fuzzes each target for a few seconds
 * ({@code JAZZER_FUZZ=1} set by the {@code fuzz} surefire execution of this module); without it (e.g. from an IDE)
 * the targets run once per seed (Jazzer's regression mode).
 */
class PrivateStreamAdapterFuzzTest
{
    private static final byte[] GOOD_STREAM = resource("/frames/execution-three-fills.json");

    private final EventRecorder recorder = new EventRecorder();
    private final PrivateStreamAdapter adapter = new PrivateStreamAdapter(recorder);
    private final List<String> goodStreamEvents = decode(recorder, () -> adapter.decode(
        new UnsafeBuffer(GOOD_STREAM), 0, GOOD_STREAM.length));

    @FuzzTest(maxDuration = "3s")
    void privateStreamFrame(final byte[] frame)
    {
        recorder.lines.clear();
        final int result = adapter.decode(new UnsafeBuffer(frame), 0, frame.length);
        final List<String> seen = outcome(recorder, result);
        // what the adapter learned from earlier frames (member layouts, predicted bytes) never changes an outcome:
        // a fresh adapter, which predicts nothing, decodes the frame to the same events
        final EventRecorder fresh = new EventRecorder();
        assertEquals(outcome(fresh, new PrivateStreamAdapter(fresh).decode(new UnsafeBuffer(frame), 0, frame.length)),
            seen, "a learned adapter against a fresh one");
        if (result == PrivateStreamAdapter.MALFORMED)
        {
            assertNoItem(seen, "stream");
        }
        else
        {
            assertTrue(result >= 0, "result " + result);
        }
        assertEquals(goodStreamEvents, decode(recorder, () -> adapter.decode(new UnsafeBuffer(GOOD_STREAM), 0,
            GOOD_STREAM.length)), "adapter state after the fuzzed frame");
    }
}
