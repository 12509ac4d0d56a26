package com.qkt.soak;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the heap after GC grew from a quarter of the way into the trading to the end, net of what the soak itself
 * is meant to keep.
 * <p>
 * The process holds the engines under test and the soak's own records, and the latter grow by design: each
 * simulator keeps every order and execution, each checker every order's view and exec id. So the raw growth is
 * corrected by the harness's bytes per order, measured in the same run: after the last check the engines are closed
 * (the heap given back is what they held at the end, reported too), then the simulators and checkers (the heap given
 * back is what the harness held at the end); less the simulators' fixed part (the heap they took when they started,
 * before any engine) and divided by the orders, that is the harness's bytes per order. Net growth = (heap at the
 * end - heap at the quarter) - harness bytes per order x orders placed in between. The end point is after the final
 * cancel, when every order is terminal and the broker's maps are empty, so what the engines hold then is their steady
 * state
 * (rings, pools, bounded windows, all sized at start).
 * <p>
 * Tolerance: {@link #TOLERANCE_BYTES}. The live set a full collection leaves moves a little with what is in flight
 * (socket and HTTP buffers of a reconnect or retry in progress, the simulators' fault log): in the default run's last
 * two minutes, with no new orders, the readings moved by 0.1 MiB a minute. The estimate of the harness's share moves
 * more: closed servers and clients keep their buffers until their threads end, so the readings after the closes are
 * taken once settled ({@link MemoryProbe#settledHeapAfterGc(int)}); before that was done, three default runs of the
 * same seed measured a net of -0.7, -1.7 and +4.2 MiB (the harness's share read as 3,020 and 2,221 B/order in the
 * last two); with the settled readings the next one measured -2.2 MiB. 8 MiB is about twice that spread, and still
 * catches an engine that keeps ~1.2 KB per order (a tracked order with its strings) over the ~7,000 orders of a
 * default run after its quarter mark; a leak of whole orders by
 * the broker is caught exactly, by its maps not being back to empty.
 */
public final class HeapCheck
{
    /** Net growth allowed from the quarter to the end (see the class comment). */
    static final long TOLERANCE_BYTES = 8L << 20;

    private long quarter = -1;
    private long ordersAtQuarter;
    private double quarterSeconds;
    private long end = -1;
    private long ordersAtEnd;
    private long enginesClosed = -1;
    private long harnessClosed = -1;
    private long beforeSimulators = -1;
    private long simulatorsStarted = -1;
    private long enginesStarted = -1;

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

    void harnessClosed(final long heapBytes)
    {
        harnessClosed = heapBytes;
    }

    void beforeSimulators(final long heapBytes)
    {
        beforeSimulators = heapBytes;
    }

    void simulatorsStarted(final long heapBytes)
    {
        simulatorsStarted = heapBytes;
    }

    void enginesStarted(final long heapBytes)
    {
        enginesStarted = heapBytes;
    }

    /**
     * @return what the engines took when they had connected, before any order (-1 when not measured).
     */
    public long enginesAtStartBytes()
    {
        return enginesStarted < 0 ? -1 : enginesStarted - simulatorsStarted;
    }

    /**
     * @return what the simulators took when they started, before any order.
     */
    public long simulatorsFixedBytes()
    {
        return Math.max(0, simulatorsStarted - beforeSimulators);
    }

    /**
     * @return what the simulators and checkers held at the end (heap given back when they were closed).
     */
    public long harnessAtEndBytes()
    {
        return enginesClosed - harnessClosed;
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
     * @return what the engines held at the end (heap given back when they were closed).
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
        if (ordersAtEnd == 0 || !measured())
        {
            return 0;
        }
        return Math.max(0, harnessAtEndBytes() - simulatorsFixedBytes()) / (double)ordersAtEnd;
    }

    private boolean measured()
    {
        return quarter >= 0 && end >= 0 && enginesClosed >= 0 && harnessClosed >= 0 && beforeSimulators >= 0 &&
            simulatorsStarted >= 0;
    }

    /**
     * @return heap growth from the quarter to the end.
     */
    public long rawGrowthBytes()
    {
        return end - quarter;
    }

    /**
     * @return heap growth from the quarter to the end, net of the harness's growth.
     */
    public long netGrowthBytes()
    {
        return rawGrowthBytes() - Math.round(harnessBytesPerOrder() * (ordersAtEnd - ordersAtQuarter));
    }

    /**
     * @return a violation when the net growth is over the tolerance, else empty.
     */
    public Optional<String> verdict()
    {
        if (!measured())
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
            "%s at %.0f s (%d orders) -> %s at the end (%d orders): %s raw, harness %.0f B/order " +
            "(it held %s at the end, %s of it from the start), net %s (tolerance %s); engines held %s once " +
            "connected and %s at the end",
            MemoryProbe.mib(quarter), quarterSeconds, ordersAtQuarter, MemoryProbe.mib(end), ordersAtEnd,
            MemoryProbe.mib(rawGrowthBytes()), harnessBytesPerOrder(), MemoryProbe.mib(harnessAtEndBytes()),
            MemoryProbe.mib(simulatorsFixedBytes()), MemoryProbe.mib(netGrowthBytes()),
            MemoryProbe.mib(TOLERANCE_BYTES), MemoryProbe.mib(enginesAtStartBytes()),
            MemoryProbe.mib(enginesAtEndBytes()));
    }
}
