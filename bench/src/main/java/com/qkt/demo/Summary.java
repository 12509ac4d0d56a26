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
    long failedStarts;
    long reconnects;
    long recoveries;
    long restAttempts;
    long restRetries;
    long serverTimeOffsetMillis;
    long serverTimeSyncs;
    long timestampRejects;
    long exchangeClockSkewMillis;
    long rejectedForTimestamp;
    long throttledCalls;
    long longestWaitNanos;
    long ipBans;
    long rateLimitRejects;
    long partialFills;
    long cancelsAtEnd;
    long errors;
    long restThrottled;
    long malformedFrames;
    long ringHighWater;
    int ringSize;
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
     * @return signed calls Bybit refused for their timestamp (10002).
     */
    public long timestampRejects()
    {
        return timestampRejects;
    }

    /**
     * @return orders the strategy submitted.
     */
    public long ordersSubmitted()
    {
        return ordersSubmitted;
    }

    /**
     * @return orders rejected with a rate-limit reason code (the governor resends Bybit's, so 0 unless a lane filled).
     */
    public long rateLimitRejects()
    {
        return rateLimitRejects;
    }

    /**
     * @return REST calls the governor made wait.
     */
    public long throttledCalls()
    {
        return throttledCalls;
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
        row(out, "orders submitted", ordersSubmitted + "  (" + count(rejects, "rejected", "rejected") + ")");
        row(out, "cancels requested / cancelled", (cancelsRequested + cancelsAtEnd) + " / " + cancels + "  (" +
            cancelsRequested + " while trading + " + cancelsAtEnd + " at the end; a request can lose the race to " +
            "a fill, and the exchange cancels some orders itself)");
        row(out, "fills executed by the exchange", Long.toString(fillsExecuted));
        row(out, "fills delivered to the strategy", fillsDelivered + "  (" + syntheticFills +
            " synthesised by recovery, " + count(partialFills, "explicit partial fill", "explicit partial fills") +
            " by the market)");
        row(out, "duplicate fills seen by strategy", duplicates + "  (" + duplicatesSuppressed +
            " suppressed by the broker during recovery)");
        row(out, "fills after terminal / cum back", fillsAfterTerminal + " / " + cumWentBack);
        row(out, "faults injected", faultsInjected + "  (" + count(dropsInjected, "socket drop", "socket drops") + ")");
        final long reconciles = Math.max(0, recoveries - reconnects - startups.size()); // a start reconciles too
        row(out, "drops detected / reconnects", disconnects + " / " + reconnects + "  (" +
            count(recoveries, "recovery", "recoveries") + ": " + reconnects + " after reconnects" +
            (startups.isEmpty() ? "" : ", " + startups.size() + " at engine starts") +
            (reconciles > 0 ? ", " + reconciles + " reconcile" + (reconciles == 1 ? "" : "s") +
            " without a drop (a malformed frame, a fill still missing, the periodic check)" : "") + ")" +
            (failedStarts > 0 ? "; " + count(failedStarts, "start", "starts") + " retried after a failed connect" : ""));
        row(out, "REST calls / retries", restAttempts + " / " + restRetries + (restarts > 0 ? "  (last process)" : ""));
        row(out, "REST throttled calls", throttledCalls + String.format(Locale.ROOT,
            "  (longest wait %.1f ms; %d answers 10006/429/403 kept and resent; %d IP bans)",
            longestWaitNanos / 1e6, restThrottled, ipBans));
        row(out, "rejected for rate limits", Long.toString(rateLimitRejects));
        row(out, "server time offset (estimate)", String.format(Locale.ROOT,
            "%+d ms  (exchange skew at the end %+d ms; %s)", serverTimeOffsetMillis, exchangeClockSkewMillis,
            count(serverTimeSyncs, "estimate", "estimates")));
        row(out, "10002 (timestamp) seen", timestampRejects + "  (each resent after a new estimate, up to twice; orders " +
            "rejected for it " + rejectedForTimestamp + ")");
        if (restarts > 0)
        {
            row(out, "engine restarts (killed, no close)", Integer.toString(restarts));
            for (int i = 0; i < startups.size(); i++)
            {
                row(out, "  start " + (i + 1) + " reconciled", startups.get(i));
            }
        }
        row(out, "malformed frames", Long.toString(malformedFrames));
        row(out, "ring occupancy high-water", ringHighWater + " of " + ringSize + " slots");
        row(out, "errors handled", errors + "  (" + count(errorsByKind.size(), "distinct error", "distinct errors") +
            "; no stack traces; scripts/errors shows them on a live engine)");
        if (verbose)
        {
            errorsByKind.forEach((kind, count) -> row(out, "  " + count + " x", kind));
        }
        final long n = latencyMicros.getTotalCount();
        if (n >= 20)
        {
            row(out, "reconnect-to-consistent", String.format(Locale.ROOT,
                "p50 %.1f ms  p99 %.1f ms  max %.1f ms  (n=%d, drop detected -> CONNECTED after recovery)",
                ms(latencyMicros.getValueAtPercentile(50)), ms(latencyMicros.getValueAtPercentile(99)),
                ms(latencyMicros.getMaxValue()), n));
        }
        else if (n > 0)
        {
            // below 20 samples p99 is the max: show every value instead of pretending to a percentile
            final StringBuilder values = new StringBuilder();
            latencyMicros.recordedValues().forEach((v) ->
            {
                for (long i = 0; i < v.getCountAddedInThisIterationStep(); i++)
                {
                    values.append(values.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f",
                        ms(v.getValueIteratedTo())));
                }
            });
            row(out, "reconnect-to-consistent", String.format(Locale.ROOT,
                "%s ms  (n=%d, too few for percentiles: p99 = max = %.1f ms; " +
                "drop detected -> CONNECTED after recovery)",
                values, n, ms(latencyMicros.getMaxValue())));
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
            out.println("RESULT: FAILED - " + count(violations.size(), "invariant violation", "invariant violations") +
                ":");
            violations.stream().limit(50).forEach(v -> out.println("  - " + v));
            if (violations.size() > 50)
            {
                out.println("  ... and " + (violations.size() - 50) + " more");
            }
        }
        out.flush();
    }

    static String count(final long n, final String singular, final String plural)
    {
        return n + " " + (n == 1 ? singular : plural);
    }

    private static double ms(final long micros)
    {
        return micros / 1000.0;
    }

    private static void row(final PrintStream out, final String name, final String value)
    {
        out.println(String.format(Locale.ROOT, "%-34s %s", name, value));
    }
}
