package com.qkt.demo;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers of a finished run and the invariants it broke, printed as the closing block of the demo.
 */
public final class Summary
{
    long ordersSubmitted;
    long cancelsRequested;
    long fillsExecuted;
    long fillsDelivered;
    long syntheticFills;
    long duplicates;
    long duplicatesSuppressed;
    long fillsAfterTerminal;
    long cumWentBack;
    long cancels;
    long rejects;
    long dropsInjected;
    long faultsInjected;
    long disconnects;
    long reconnects;
    long recoveries;
    long restAttempts;
    long restRetries;
    long partialFills;
    long errors;
    Map<String, Long> errorsByKind = Map.of();
    double convergenceSeconds = -1;
    int knownOrdersAtEnd;
    int restarts;
    long ordersSubmittedByEarlierProcesses;
    long cancelsRequestedByEarlierProcesses;
    List<String> startups = new java.util.ArrayList<>();
    Histogram latencyMicros = new Histogram(3);
    final List<String> violations = new ArrayList<>();

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
     * @return fills delivered to the strategy.
     */
    public long fillsDelivered()
    {
        return fillsDelivered;
    }

    /**
     * @return fills the exchange executed.
     */
    public long fillsExecuted()
    {
        return fillsExecuted;
    }

    /**
     * @return reconnects that completed recovery.
     */
    public long reconnects()
    {
        return reconnects;
    }

    /**
     * @return orders the strategy submitted.
     */
    public long ordersSubmitted()
    {
        return ordersSubmitted;
    }

    /**
     * @return exec ids the strategy saw twice.
     */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * @param out       where to print.
     * @param verbose   also list errors by kind.
     */
    public void print(final PrintStream out, final boolean verbose)
    {
        out.println();
        out.println("==================================== summary ====================================");
        row(out, "orders submitted", ordersSubmitted + "  (cancels requested " + cancelsRequested + ", cancelled " +
            cancels + ", rejected " + rejects + ")");
        row(out, "fills executed by the exchange", Long.toString(fillsExecuted));
        row(out, "fills delivered to the strategy", fillsDelivered + "  (" + syntheticFills +
            " synthesised by recovery, " + partialFills + " explicit partial fills by the market)");
        row(out, "duplicate fills seen by strategy", duplicates + "  (" + duplicatesSuppressed +
            " suppressed by the broker during recovery)");
        row(out, "fills after terminal / cum back", fillsAfterTerminal + " / " + cumWentBack);
        row(out, "faults injected", faultsInjected + "  (" + dropsInjected + " socket drops)");
        row(out, "drops detected / reconnects", disconnects + " / " + reconnects + "  (" + recoveries +
            " recoveries)");
        row(out, "REST calls / retries", restAttempts + " / " + restRetries + (restarts > 0 ? "  (last process)" : ""));
        row(out, "engine restarts (killed, no close)", Integer.toString(restarts));
        for (int i = 0; i < startups.size(); i++)
        {
            row(out, "  start " + (i + 1) + " reconciled", startups.get(i));
        }
        row(out, "errors handled", errors + "  (" + errorsByKind.size() + " kinds; no stack traces)");
        if (verbose)
        {
            errorsByKind.forEach((kind, count) -> row(out, "  " + count + " x", kind));
        }
        if (latencyMicros.getTotalCount() > 0)
        {
            row(out, "reconnect-to-consistent", String.format(Locale.ROOT,
                "p50 %.1f ms  p99 %.1f ms  max %.1f ms  (n=%d, drop detected -> CONNECTED after recovery)",
                latencyMicros.getValueAtPercentile(50) / 1000.0, latencyMicros.getValueAtPercentile(99) / 1000.0,
                latencyMicros.getMaxValue() / 1000.0, latencyMicros.getTotalCount()));
        }
        else
        {
            row(out, "reconnect-to-consistent", "no reconnects");
        }
        row(out, "converged after quiet period", convergenceSeconds < 0 ? "NO" :
            String.format(Locale.ROOT, "%.2f s", convergenceSeconds));
        row(out, "broker known orders at the end", Integer.toString(knownOrdersAtEnd));
        if (violations.isEmpty())
        {
            out.println("RESULT: OK - every executed fill delivered exactly once" +
                (restarts > 0 ? " across " + (restarts + 1) + " engine processes" : "") +
                ", order states equal on both sides");
        }
        else
        {
            out.println("RESULT: FAILED - " + violations.size() + " invariant violation(s):");
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
        out.println(String.format(Locale.ROOT, "%-34s %s", name, value));
    }
}
