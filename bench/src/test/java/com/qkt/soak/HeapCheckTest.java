package com.qkt.soak;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap verdict: growth net of the harness's bytes per order, against the tolerance.
 */
class HeapCheckTest
{
    private static final long MIB = 1L << 20;

    @Test
    void shouldPassWhenTheGrowthIsWhatTheHarnessKeepsPerOrder()
    {
        final HeapCheck heap = measured(100 * MIB, 2_500, 100 * MIB + 7_500 * 2_000L, 10_000, 2_000);
        assertEquals(0, heap.netGrowthBytes());
        assertTrue(heap.verdict().isEmpty());
    }

    @Test
    void shouldFailWhenTheEnginesKeepSomethingPerOrderOnTopOfTheHarness()
    {
        // 1,200 bytes per order more than the harness keeps: 8.6 MiB over 7,500 orders
        final HeapCheck heap = measured(100 * MIB, 2_500, 100 * MIB + 7_500 * 3_200L, 10_000, 2_000);
        assertEquals(7_500 * 1_200L, heap.netGrowthBytes());
        assertTrue(heap.verdict().orElseThrow().contains("grew"), heap.verdict().toString());
    }

    @Test
    void shouldFailWhenNotMeasured()
    {
        assertTrue(new HeapCheck().verdict().orElseThrow().contains("not measured"));
    }

    private static HeapCheck measured(
        final long quarter, final long ordersAtQuarter, final long end, final long ordersAtEnd, final double perOrder)
    {
        final HeapCheck heap = new HeapCheck();
        heap.quarter(quarter, ordersAtQuarter, 180);
        heap.end(end, ordersAtEnd);
        heap.enginesClosed(end - 40 * MIB);
        // simulators that took 6 MiB when they started, plus what the harness keeps per order
        heap.harnessClosed(end - 40 * MIB - 6 * MIB - Math.round(perOrder * ordersAtEnd));
        heap.beforeSimulators(20 * MIB);
        heap.simulatorsStarted(26 * MIB);
        assertEquals(perOrder, heap.harnessBytesPerOrder(), 0.001);
        assertEquals(40 * MIB, heap.enginesAtEndBytes());
        return heap;
    }
}
