package com.qkt.common.error;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineCountersTest
{
    @Test
    void shouldRegisterCoreCountersAndTransportCounters()
    {
        final EngineCounters counters = new EngineCounters();
        counters.errors().increment();
        counters.oversizePayloads().increment();
        counters.oversizePayloads().increment();
        final long framesDropped = counters.newCounter("ws frames dropped");
        counters.increment(framesDropped);
        counters.add(framesDropped, 4);

        final Map<String, Long> values = new LinkedHashMap<>();
        counters.forEach(values::put);

        assertEquals(5, counters.get(framesDropped));
        assertEquals(Map.of(
            "errors", 1L,
            "reconnect attempts", 0L,
            "reconnects (succeeded)", 0L,
            "retries", 0L,
            "oversize payloads", 2L,
            "publishes after close", 0L,
            "ring occupancy high-water mark", 0L,
            "distinct errors not stored (error log full)", 0L,
            "ws frames dropped", 5L), values);
        assertTrue(counters.toString().contains("ws frames dropped=5"), counters.toString());
        assertThrows(IllegalArgumentException.class, () -> counters.increment(999));
    }

    @Test
    void shouldCountFromManyThreads() throws InterruptedException
    {
        final EngineCounters counters = new EngineCounters();
        final long id = counters.newCounter("shared");
        final Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++)
        {
            threads[t] = new Thread(() ->
            {
                for (int i = 0; i < 10_000; i++)
                {
                    counters.increment(id);
                }
            });
            threads[t].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }

        assertEquals(40_000, counters.get(id));
    }

    @Test
    void shouldSampleGaugesIntoTheirCountersOnlyWhenAsked()
    {
        final EngineCounters counters = new EngineCounters();
        final long[] fills = {3};
        final long id = counters.newGauge("fills", () -> fills[0]);

        assertEquals(0, counters.get(id));
        counters.sampleGauges();
        assertEquals(3, counters.get(id));
        fills[0] = 7;
        counters.sampleGauges();
        assertEquals(7, counters.get(id));
    }
}
