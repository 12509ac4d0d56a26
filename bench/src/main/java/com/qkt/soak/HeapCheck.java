package com.qkt.soak;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the heap after GC grew from a quarter of the way into the trading to the end, net of what the soak itself
 * is meant to keep.
 * <p>
 * The process holds the engines under test and the soak's own records, and the latter grow by design: each
 * simulator keeps every order and execution, each checker every order's view and exec id. So the raw growth is
 * corrected by the harness's retention per order, measured in the same run: after the last check the engines are
 * closed (heap falls by what the engines held), then the simulators and checkers (heap falls by what the harness held
 * at the end); less the simulators' fixed part, measured when they started empty, and divided by the orders, that is
 * the harness's bytes per order. Net growth = (heap at the end - heap at the quarter) - bytes per order x orders
 * placed in between. The end point is after the final cancel, when every order is terminal and the broker's maps are
 * empty, so the engines' share at the end is their steady state: the rings, pools and bounded windows, all sized
 * at start.
 * <p>
 * Tolerance: {@link #TOLERANCE_BYTES}. A full collection leaves exactly the live set, but the live set moves by
 * what is in flight at the instant it is taken: socket and HTTP client buffers of the connections open at that
 * moment (a reconnect in progress, a REST call retried), the JDK HTTP client's idle pool, timer wheel slots and
 * allocation buffers claimed by running threads before the heap is read. Repeated reads in a quiet process
 * differ by about 1 MiB; the corrected estimate adds the error of a linear per-order model. 8 MiB is a few times
 * that, and far below what a leak per order would show over a default run: one forgotten 100-byte object per
 * order is 0.75 MB over 7,500 orders, so it would take about ten such objects; a leaked tracked order with its
 * strings and map entry (~500 bytes) is caught from ~16,000 orders, and a leaked ring payload or REST call at once.
 */
public final class HeapCheck
{
    /** Net growth allowed from the quarter to the end (see the class comment). */
    static final long TOLERANCE_BYTES = 8L << 20;

    private long beforeSimulators = -1;
    private long simulatorsStarted = -1;
    private long quarter = -1;
    private long ordersAtQuarter;
    private double quarterSeconds;
    private long end = -1;
    private long ordersAtEnd;
    private long enginesClosed = -1;
    private long simulatorsClosed = -1;

    void beforeSimulators(final long heapBytes)
    {
        beforeSimulators = heapBytes;
    }

    void simulatorsStarted(final long heapBytes)
    {
        simulatorsStarted = heapBytes;
    }

    void quarter(final long heapBytes, final long orders, final double atSeconds)
    {
        quarter = heapBytes;
        ordersAtQuarter = orders;
        quarterSeconds = atSeconds;
    }

    boolean hasQuarter()
    {
        return quarter >= 0;
    }

    void end(final long heapBytes, final long orders)
    {
        end = heapBytes;
        ordersAtEnd = orders;
    }

    void enginesClosed(final long heapBytes)
    {
        enginesClosed = heapBytes;
    }

    void simulatorsClosed(final long heapBytes)
    {
        simulatorsClosed = heapBytes;
    }

    /**
     * @return heap after GC at the quarter mark.
     */
    public long quarterBytes()
    {
        return quarter;
    }

    /**
     * @return heap after GC at the end.
     */
    public long endBytes()
    {
        return end;
    }

    /**
     * @return what the engines held at the end (heap drop when they were closed).
     */
    public long enginesAtEndBytes()
    {
        return end - enginesClosed;
    }

    /**
     * @return the harness's retention per order, bytes.
     */
    public double harnessBytesPerOrder()
    {
        final long fixed = Math.max(0, simulatorsStarted - beforeSimulators);
        final long harness = Math.max(0, enginesClosed - simulatorsClosed - fixed);
        return ordersAtEnd == 0 ? 0 : (double)harness / ordersAtEnd;
    }

    /**
     * @return heap growth from the quarter to the end, net of the harness's growth.
     */
    public long netGrowthBytes()
    {
        return (end - quarter) - Math.round(harnessBytesPerOrder() * (ordersAtEnd - ordersAtQuarter));
    }

    /**
     * @return a violation when the net growth is over the tolerance, else empty.
     */
    public Optional<String> verdict()
    {
        if (quarter < 0 || end < 0 || enginesClosed < 0 || simulatorsClosed < 0)
        {
            return Optional.of("heap after GC not measured at the quarter and the end");
        }
        if (netGrowthBytes() > TOLERANCE_BYTES)
        {
            return Optional.of("heap after GC grew by " + MemoryProbe.mib(netGrowthBytes()) + " net of the harness " +
                "from the quarter to the end (tolerance " + MemoryProbe.mib(TOLERANCE_BYTES) + "): " + describe());
        }
        return Optional.empty();
    }

    /**
     * @return the measurements in one line.
     */
    public String describe()
    {
        return String.format(Locale.ROOT,
            "%s at %.0f s (%d orders) -> %s at the end (%d orders); harness %.0f B/order; net %s (tolerance %s); " +
            "engines held %s at the end",
            MemoryProbe.mib(quarter), quarterSeconds, ordersAtQuarter, MemoryProbe.mib(end), ordersAtEnd,
            harnessBytesPerOrder(), MemoryProbe.mib(netGrowthBytes()), MemoryProbe.mib(TOLERANCE_BYTES),
            MemoryProbe.mib(enginesAtEndBytes()));
    }
}
