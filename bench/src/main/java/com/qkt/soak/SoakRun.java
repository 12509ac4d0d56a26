package com.qkt.soak;

import com.qkt.demo.DemoSettings;
import com.qkt.demo.ErrorLog;
import com.qkt.demo.SimulationRun;
import com.qkt.demo.Timeline;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One soak: several accounts ({@link Lane}s) trade in parallel through the faults of their {@link SoakPlan}s for the
 * trading time, with a report line at every interval (a minute, or a quarter of a short run); then a quiet period in
 * which every account must converge with its simulator, a cancel of everything left, and the checks: the invariants
 * of every account, the broker's maps back to empty, the order, drop and restart counts reached, and the heap after
 * GC not growing from a quarter of the way in to the end (see {@link HeapCheck}).
 */
public final class SoakRun
{
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LAG_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long CONVERGE_DEADLINE_MS = 60_000;
    private static final long CANCEL_DEADLINE_MS = 30_000;
    private static final int MAX_WORKING = 16;
    private static final long OVERTIME_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long IP_BAN_HOLD_MS = 2_000;
    private static final int SETTLE_READINGS = 10;

    private final SoakOptions options;
    private final PrintStream out;

    /**
     * @param options the parsed command line.
     * @param out     report lines and the summary.
     */
    public SoakRun(final SoakOptions options, final PrintStream out)
    {
        this.options = options;
        this.out = out;
    }

    /**
     * Run the soak.
     *
     * @return the summary; {@link SoakSummary#passed()} says whether every invariant held.
     * @throws com.qkt.broker.bybit.BybitConnectException if an initial connect fails.
     */
    public SoakSummary run()
    {
        final SoakSummary summary = new SoakSummary(options);
        final Timeline timeline = new Timeline(out, !options.verbose(), options.verbose());
        final ErrorLog errors = new ErrorLog(timeline);
        final Random seeds = new Random(options.seed());
        final int accounts = options.accounts();
        final double tradingSeconds = options.tradingSeconds();
        final Properties settings = DemoSettings.simulatorDefaults(seeds.nextLong());
        // the simulated IP bans last 1.5 s where Bybit's last 10 minutes: the governor's hold is scaled down alike
        settings.setProperty("qkt.bybit.rateLimit.ipBanHoldMs", Long.toString(IP_BAN_HOLD_MS));
        settings.setProperty("qkt.bybit.rateLimit.ipBanMaxHoldMs", Long.toString(4 * IP_BAN_HOLD_MS));
        // each account's share of the orders, paced to be placed in about 60% of the time: restarts, reconnects,
        // rate-limit storms and a full book (maxWorking) all skip ticks, and at 90% a loaded 2-core box sometimes
        // left a couple of the quick soak's 600 orders unplaced when the time ran out
        final long quota = (options.orders() + accounts - 1) / accounts;
        final long tickMillis = Math.max(20, Math.min(100, (long)(tradingSeconds * 1000 * 0.6 / quota)));
        final Recorder lagRecorder = HandlerLagProbe.newRecorder();
        final HeapCheck heap = new HeapCheck();

        timeline.always(String.format(Locale.ROOT,
            "soak: %d account(s) in parallel, %.0f s of trading, %d orders, %d drops, %d restarts, seed %d",
            accounts, tradingSeconds, options.orders(), options.drops(), options.restarts(), options.seed()));
        heap.beforeSimulators(MemoryProbe.heapAfterGc());
        final List<Lane> lanes = new ArrayList<>();
        final Thread sampler;
        try
        {
            for (int i = 0; i < accounts; i++)
            {
                lanes.add(new Lane(i, quota, share(options.drops(), accounts, i),
                    share(options.restarts(), accounts, i),
                    tradingSeconds, new Random(seeds.nextLong()), settings, errors,
                    laneTimeline(i, accounts, options.verbose()), lagRecorder, MAX_WORKING, tickMillis));
            }
            heap.simulatorsStarted(MemoryProbe.heapAfterGc());
            for (final Lane lane : lanes)
            {
                lane.start();
            }
            heap.enginesStarted(MemoryProbe.heapAfterGc());
            final LagSampler lagSampler = new LagSampler(lanes);
            sampler = new Thread(lagSampler, "soak-lag-sampler");
            sampler.setDaemon(true);
            sampler.start();
            try
            {
                trade(lanes, lagSampler, lagRecorder, summary, heap, tradingSeconds, timeline);
                finish(lanes, summary, timeline);
            }
            finally
            {
                lagSampler.stop();
            }
            summary.handlerLag.add(lagRecorder.getIntervalHistogram());
            heap.end(MemoryProbe.settledHeapAfterGc(SETTLE_READINGS), orders(lanes));
            for (final Lane lane : lanes)
            {
                lane.closeEngine();
            }
            heap.enginesClosed(MemoryProbe.settledHeapAfterGc(SETTLE_READINGS));
            collect(lanes, summary, errors);
        }
        finally
        {
            lanes.forEach(Lane::close);
        }
        lanes.clear();
        heap.harnessClosed(MemoryProbe.settledHeapAfterGc(SETTLE_READINGS));
        summary.heap = heap;
        heap.verdict().ifPresent(summary.violations::add);
        return summary;
    }

    private void trade(
        final List<Lane> lanes,
        final LagSampler lagSampler,
        final Recorder lagRecorder,
        final SoakSummary summary,
        final HeapCheck heap,
        final double tradingSeconds,
        final Timeline timeline)
    {
        final double reportEvery = Math.min(60.0, tradingSeconds / 4);
        final long start = System.nanoTime();
        final long end = start + (long)(tradingSeconds * 1e9);
        long nextStep = start;
        int reports = 0;
        Histogram lagSinceReport = null;
        while (System.nanoTime() - end < 0)
        {
            final double elapsed = (System.nanoTime() - start) / 1e9;
            for (final Lane lane : lanes)
            {
                lane.step(elapsed);
            }
            if (elapsed >= reportEvery * (reports + 1) - 1e-9)
            {
                reports++;
                lagSinceReport = lagRecorder.getIntervalHistogram(lagSinceReport);
                summary.handlerLag.add(lagSinceReport);
                final long heapNow = lagSampler.pausedWhile(MemoryProbe::heapAfterGc);
                final long orders = orders(lanes);
                if (!heap.hasQuarter() && elapsed >= tradingSeconds / 4 - 1e-9)
                {
                    heap.quarter(heapNow, orders, elapsed);
                }
                report(lanes, summary, elapsed, heapNow, lagSinceReport, timeline);
            }
            // pacing of the simulated market, not a wait for a condition
            nextStep += STEP_NANOS;
            LockSupport.parkNanos(Math.max(0, nextStep - System.nanoTime()));
        }
        // a drop waits for the previous one's reconnect, so the last ones may still be due: let them land
        final long overtimeEnd = System.nanoTime() + OVERTIME_NANOS;
        while (lanes.stream().anyMatch(lane -> lane.scenario().remaining() > 0) && System.nanoTime() - overtimeEnd < 0)
        {
            final double elapsed = (System.nanoTime() - start) / 1e9;
            for (final Lane lane : lanes)
            {
                lane.step(elapsed);
            }
            nextStep += STEP_NANOS;
            LockSupport.parkNanos(Math.max(0, nextStep - System.nanoTime()));
        }
        lagSinceReport = lagRecorder.getIntervalHistogram(lagSinceReport);
        summary.handlerLag.add(lagSinceReport);
        final long heapAtEnd = lagSampler.pausedWhile(MemoryProbe::heapAfterGc);
        if (!heap.hasQuarter())
        {
            heap.quarter(heapAtEnd, orders(lanes), tradingSeconds);
        }
        report(lanes, summary, tradingSeconds, heapAtEnd, lagSinceReport, timeline);
    }

    private void report(
        final List<Lane> lanes,
        final SoakSummary summary,
        final double elapsed,
        final long heapBytes,
        final Histogram lag,
        final Timeline timeline)
    {
        long fills = 0;
        long drops = 0;
        long recoveries = 0;
        int restarts = 0;
        for (final Lane lane : lanes)
        {
            fills += lane.checker().fills();
            drops += lane.scenario().dropsInjected();
            recoveries += lane.monitor().recoveries();
            restarts += lane.restarts();
        }
        final long rss = MemoryProbe.residentBytes();
        summary.maxResidentBytes = Math.max(summary.maxResidentBytes, rss);
        timeline.always(String.format(Locale.ROOT,
            "%3d:%02d  orders %6d  fills %6d  drops %4d  recoveries %4d  restarts %2d  heap after GC %s  RSS %s" +
            "  handler lag p99 %.0f us (max %.0f us)",
            (int)elapsed / 60, (int)elapsed % 60, orders(lanes), fills, drops, recoveries, restarts,
            MemoryProbe.mib(heapBytes), MemoryProbe.mib(rss), HandlerLagProbe.micros(lag, 99),
            lag.getTotalCount() == 0 ? 0 : lag.getMaxValue() / 1000.0));
    }

    private void finish(final List<Lane> lanes, final SoakSummary summary, final Timeline timeline)
    {
        lanes.forEach(Lane::stopTrading);
        timeline.event("QUIET", "trading and faults stopped; waiting for every account to converge");
        final long quietStart = System.nanoTime();
        if (SimulationRun.waitUntil(CONVERGE_DEADLINE_MS, () -> lanes.stream().allMatch(Lane::converged)))
        {
            summary.convergenceSeconds = (System.nanoTime() - quietStart) / 1e9;
        }
        else
        {
            for (final Lane lane : lanes)
            {
                if (!lane.converged())
                {
                    summary.violations.add(lane.apiKey() + ": no convergence within " + CONVERGE_DEADLINE_MS / 1000 +
                        " s of quiet (" + lane.monitor().state() + "): " + first(lane.differences(false), 20));
                }
            }
        }
        for (final Lane lane : lanes)
        {
            summary.cancelsAtEnd += lane.cancelAll();
        }
        if (!SimulationRun.waitUntil(CANCEL_DEADLINE_MS, () -> lanes.stream().allMatch(Lane::allTerminal)))
        {
            for (final Lane lane : lanes)
            {
                if (!lane.allTerminal())
                {
                    summary.violations.add(lane.apiKey() + ": orders still working " + CANCEL_DEADLINE_MS / 1000 +
                        " s after cancelling everything: strategy " + lane.checker().workingCount() + ", broker " +
                        lane.brokerKnownOrders());
                }
            }
        }
        for (final Lane lane : lanes)
        {
            summary.violations.addAll(lane.violations());
        }
    }

    private static void collect(final List<Lane> lanes, final SoakSummary summary, final ErrorLog errors)
    {
        for (final Lane lane : lanes)
        {
            summary.accounts++;
            summary.orders += lane.orders();
            summary.cancelsRequested += lane.cancelsRequested();
            summary.fillsExecuted += lane.executions().size();
            summary.fillsDelivered += lane.checker().fills();
            summary.syntheticFills += lane.checker().syntheticFills();
            summary.duplicates += lane.checker().duplicates();
            summary.duplicatesSuppressed += lane.monitor().duplicatesSuppressed();
            summary.fillsAfterTerminal += lane.checker().fillsAfterTerminal();
            summary.cumWentBack += lane.checker().cumWentBack();
            summary.cancels += lane.checker().cancels();
            summary.rejects += lane.checker().rejects();
            summary.drops += lane.scenario().dropsInjected();
            summary.faults += lane.scenario().faultsInjected();
            summary.disconnects += lane.monitor().disconnects();
            summary.failedStarts += lane.monitor().failedStarts();
            summary.reconnects += lane.monitor().reconnects();
            summary.recoveries += lane.monitor().recoveries();
            summary.restarts += lane.restarts();
            summary.restAttempts += lane.restAttempts();
            summary.restRetries += lane.restRetries();
            summary.ringHighWater = Math.max(summary.ringHighWater, lane.ringHighWater());
            summary.ringSize = lane.ringSize();
            summary.partialFills += lane.market().partialFills();
            summary.reconnectLatency.add(lane.monitor().latencyMicros());
            summary.addFaultsFired(lane.sim().faults());
        }
        summary.errors = errors.total();
        summary.errorsByKind = errors.byKind();
        if (summary.orders < summary.options.orders())
        {
            summary.violations.add("only " + summary.orders + " of the " + summary.options.orders() +
                " orders asked for were submitted in the time");
        }
        if (summary.drops < summary.options.drops())
        {
            summary.violations.add("only " + summary.drops + " of the " + summary.options.drops() +
                " drops asked for were injected in the time (each waits for the previous reconnect)");
        }
    }

    private static long orders(final List<Lane> lanes)
    {
        long orders = 0;
        for (final Lane lane : lanes)
        {
            orders += lane.orders();
        }
        return orders;
    }

    private static int share(final int total, final int parts, final int index)
    {
        return total / parts + (index < total % parts ? 1 : 0);
    }

    private static String first(final List<String> lines, final int n)
    {
        return lines.size() <= n ? lines.toString() : lines.subList(0, n) + " ... and " + (lines.size() - n) + " more";
    }

    private Timeline laneTimeline(final int index, final int accounts, final boolean verbose)
    {
        if (!verbose || accounts == 1)
        {
            return new Timeline(out, !verbose, verbose);
        }
        return new Timeline(new LinePrefixStream(out, "[soak" + index + "] "), false, true);
    }

    /**
     * Samples the handler lag of every account every 5 ms on its own thread; pauses for the report's full GC, whose
     * stop-the-world pause is the soak's own doing and would otherwise be the run's worst lag.
     */
    private static final class LagSampler implements Runnable
    {
        private final List<Lane> lanes;
        private volatile boolean running = true;
        private volatile boolean paused;

        LagSampler(final List<Lane> lanes)
        {
            this.lanes = lanes;
        }

        public void run()
        {
            long next = System.nanoTime();
            while (running)
            {
                if (!paused)
                {
                    final long now = System.nanoTime();
                    for (final Lane lane : lanes)
                    {
                        lane.sampleLag(now);
                    }
                }
                next += LAG_SAMPLE_NANOS;
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
        }

        long pausedWhile(final java.util.function.LongSupplier action)
        {
            paused = true;
            try
            {
                // the probes already posted run (and record) before the collection starts
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                return action.getAsLong();
            }
            finally
            {
                paused = false;
            }
        }

        void stop()
        {
            running = false;
        }
    }

    /**
     * Prefixes every line printed through {@link #println(String)} (all {@link Timeline} uses), so the verbose
     * timelines of several accounts can be told apart.
     */
    private static final class LinePrefixStream extends PrintStream
    {
        private final PrintStream target;
        private final String prefix;

        LinePrefixStream(final PrintStream target, final String prefix)
        {
            super(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            this.target = target;
            this.prefix = prefix;
        }

        @Override
        public void println(final String line)
        {
            target.println(prefix + line);
        }

        @Override
        public void flush()
        {
            target.flush();
        }
    }
}
