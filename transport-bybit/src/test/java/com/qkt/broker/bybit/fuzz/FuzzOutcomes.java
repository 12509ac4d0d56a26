package com.qkt.broker.bybit.fuzz;

import com.qkt.broker.bybit.EventRecorder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What the fuzz targets compare of one decode: the events it delivered followed by its result, so a learned decoder
 * and a fresh one, or a known input before and after a fuzzed one, can be checked for the same outcome.
 */
final class FuzzOutcomes
{
    private FuzzOutcomes()
    {
    }

    /**
     * @param recorder that received the decode's events; emptied.
     * @param result   the decode's result.
     * @return the events, then {@code result=<result>}.
     */
    static List<String> outcome(final EventRecorder recorder, final int result)
    {
        final List<String> lines = new ArrayList<>(recorder.lines);
        lines.add("result=" + result);
        recorder.lines.clear();
        return lines;
    }

    /**
     * @param recorder emptied, then given to the decode.
     * @param decode   reporting to {@code recorder}.
     * @return its {@link #outcome}.
     */
    static List<String> decode(final EventRecorder recorder, final IntSupplier decode)
    {
        recorder.lines.clear();
        return outcome(recorder, decode.getAsInt());
    }

    /**
     * @param outcome of a decode of malformed input.
     * @param what    was decoded, for the message.
     */
    static void assertNoItem(final List<String> outcome, final String what)
    {
        for (final String line : outcome)
        {
            assertFalse(line.startsWith("event=execution") || line.startsWith("event=order") ||
                line.startsWith("event=wallet") || line.startsWith("event=position"),
                what + " delivered an item from malformed input: " + outcome);
        }
    }

    /**
     * @param name of a class path resource.
     * @return its bytes, surrounding whitespace stripped.
     */
    static byte[] resource(final String name)
    {
        try (InputStream in = FuzzOutcomes.class.getResourceAsStream(name))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(name, ex);
        }
    }
}
