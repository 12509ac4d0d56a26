package com.qkt.soak;

import com.qkt.sim.bybit.FaultKind;
import com.qkt.sim.bybit.Faults;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The numbers of a finished soak and the invariants it broke, printed as its closing block.
 */
public final class SoakSummary
{
    final SoakOptions options;
    final long startNanos = System.nanoTime();
    int accounts;
    long orders;
    long cancelsRequested;
    long cancelsAtEnd;
    long fillsExecuted;
    long fillsDelivered;
    long syntheticFills;
    long duplicates;
    long duplicatesSuppressed;
    long fillsAfterTerminal;
    long cumWentBack;
    long cancels;
    long rejects;
    long drops;
    long faults;
    long disconnects;
    long failedStarts;
    long reconnects;
    long recoveries;
    int restarts;
    long restAttempts;
    long restRetries;
    long partialFills;
    long ringHighWater;
    int ringSize;
    long errors;
    Map<String, Long> errorsByKind = Map.of();
    final Map<FaultKind, Long> faultsFired = new EnumMap<>(FaultKind.class);
    double convergenceSeconds = -1;
    long maxResidentBytes = -1;
    final Histogram reconnectLatency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    final Histogram handlerLag = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    HeapCheck heap;
    final List<String> violations = new ArrayList<>();

    SoakSummary(final SoakOptions options)
    {
        this.options = options;
    }

    void addFaultsFired(final Faults faults)
    {
        for (final FaultKind kind : FaultKind.values())
        {
            final long n = faults.count(kind);
            if (n > 0)
            {
                faultsFired.merge(kind, n, Long::sum);
            }
        }
    }

    /**
     * @return true when no invariant broke.
     */
    public boolean passed()
    {
        return violations.isEmpty();
    }

    /**
     * @return the invariants that broke, one line each.
     */
    public List<String> violations()
    {
        return List.copyOf(violations);
    }

    /**
     * @return orders submitted over all accounts and engines.
     */
    public long orders()
    {
        return orders;
    }

    /**
     * @return fills the exchange executed.
     */
    public long fillsExecuted()
    {
        return fillsExecuted;
    }

    /**
     * @return fills delivered to the strategies.
     */
    public long fillsDelivered()
    {
        return fillsDelivered;
    }

    /**
     * @return socket drops injected.
     */
    public long drops()
    {
        return drops;
    }

    /**
     * @return engine restarts without a clean close.
     */
    public int restarts()
    {
        return restarts;
    }

    /**
     * @return reconnects that completed recovery.
     */
    public long reconnects()
    {
        return reconnects;
    }

    /**
     * @return how often the simulators applied each fault.
     */
    public Map<FaultKind, Long> faultsFired()
    {
        return Map.copyOf(faultsFired);
    }

    /**
     * @return the heap measurements.
     */
    public HeapCheck heap()
    {
        return heap;
    }

    /**
     * @return handler lag over the run, nanoseconds.
     */
    public Histogram handlerLag()
    {
        return handlerLag.copy();
    }

    /**
     * @param out     where to print.
     * @param verbose also list errors by kind.
     */
    public void print(final PrintStream out, final boolean verbose)
    {
        out.println();
        out.println("===================================== soak summary =====================================");
        row(out, "run", String.format(Locale.ROOT, "%d account(s), %.0f s of trading, %.0f s in all, seed %d",
            accounts, options.tradingSeconds(), (System.nanoTime() - startNanos) / 1e9, options.seed()));
        row(out, "orders submitted", orders + "  (asked " + options.orders() + "; cancels requested " +
            cancelsRequested + " + " + cancelsAtEnd + " at the end, cancelled " + cancels + ", rejected " + rejects +
            ")");
        row(out, "fills executed by the exchanges", Long.toString(fillsExecuted));
        row(out, "fills delivered to the strategies", fillsDelivered + "  (" + syntheticFills +
            " synthesised by recovery, " + partialFills + " explicit partial fills by the market)");
        row(out, "duplicate fills seen by strategies", duplicates + "  (" + duplicatesSuppressed +
            " suppressed by the brokers during recovery)");
        row(out, "fills after terminal / cum back", fillsAfterTerminal + " / " + cumWentBack);
        row(out, "socket drops injected", drops + "  (asked " + options.drops() + ")");
        row(out, "faults injected", faults + "  (drops included)");
        row(out, "faults applied by the simulators", faultsFired.toString());
        row(out, "drops detected / reconnects", disconnects + " / " + reconnects + "  (" + recoveries + " recoveries" +
            (failedStarts > 0 ? "; failed starts retried: " + failedStarts : "") + ")");
        row(out, "restarts without a clean close", restarts + "  (asked " + options.restarts() + ")");
        row(out, "REST calls / retries", restAttempts + " / " + restRetries);
        row(out, "errors handled", errors + "  (" + errorsByKind.size() + " kinds)");
        if (verbose)
        {
            errorsByKind.forEach((kind, count) -> row(out, "  " + count + " x", kind));
        }
        row(out, "reconnect-to-consistent", reconnectLatency.getTotalCount() == 0 ? "no reconnects" :
            String.format(Locale.ROOT, "p50 %.1f ms  p99 %.1f ms  max %.1f ms  (n=%d)",
            reconnectLatency.getValueAtPercentile(50) / 1000.0, reconnectLatency.getValueAtPercentile(99) / 1000.0,
            reconnectLatency.getMaxValue() / 1000.0, reconnectLatency.getTotalCount()));
        row(out, "handler lag", handlerLag.getTotalCount() == 0 ? "no samples" :
            String.format(Locale.ROOT, "p50 %.0f us  p99 %.0f us  p99.9 %.0f us  max %.1f ms  (n=%d, ring to handler)",
            HandlerLagProbe.micros(handlerLag, 50), HandlerLagProbe.micros(handlerLag, 99),
            HandlerLagProbe.micros(handlerLag, 99.9), handlerLag.getMaxValue() / 1e6, handlerLag.getTotalCount()));
        row(out, "ring occupancy high-water mark", ringHighWater + " of " + ringSize + " slots (the most any engine " +
            "had waiting at once)");
        row(out, "converged after quiet period", convergenceSeconds < 0 ? "NO" :
            String.format(Locale.ROOT, "%.2f s", convergenceSeconds));
        row(out, "heap after GC", null == heap ? "n/a" : heap.describe());
        row(out, "RSS (max of the report lines)", maxResidentBytes < 0 ? "n/a" : MemoryProbe.mib(maxResidentBytes));
        if (violations.isEmpty())
        {
            out.println("RESULT: OK - every executed fill delivered exactly once, order states equal on both sides, " +
                "brokers empty, heap flat");
        }
        else
        {
            out.println("RESULT: FAILED - " + violations.size() + " violation(s):");
            violations.stream().limit(50).forEach(v -> out.println("  - " + v));
            if (violations.size() > 50)
            {
                out.println("  ... and " + (violations.size() - 50) + " more");
            }
        }
        out.flush();
    }

    private static void row(final PrintStream out, final String name, final String value)
    {
        out.println(String.format(Locale.ROOT, "%-35s %s", name, value));
    }
}
