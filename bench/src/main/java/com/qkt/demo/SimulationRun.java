package com.qkt.demo;

import com.qkt.broker.bybit.BybitClient;
import com.qkt.broker.bybit.BybitClientContext;
import com.qkt.broker.bybit.BybitSpotBroker;
import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.codecs.ConnectionState;
import com.qkt.engine.EngineContext;
import com.qkt.events.BrokerEventDecoder;
import com.qkt.monitor.MonitorFile;
import com.qkt.sim.bybit.BybitSimulator;
import com.qkt.sim.bybit.SimExecution;
import com.qkt.sim.bybit.SimOrder;
import org.agrona.concurrent.errors.ErrorLogReader;


import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One demo run against an embedded simulator: trade through the faults for the chosen duration, then a quiet period
 * (no trading, no faults) in which the strategy's view must converge with the exchange's within a deadline, then
 * cancel what is left and check that every order is terminal on both sides and the broker holds nothing.
 */
public final class SimulationRun
{
    static final String API_KEY = "demo-key";
    static final String API_SECRET = "demo-secret";
    static final String LINK_ID_PREFIX = "demo-";
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long CONVERGE_DEADLINE_MS = 30_000;
    private static final long CANCEL_DEADLINE_MS = 20_000;

    private final DemoOptions options;
    private final PrintStream out;

    /**
     * @param options the parsed command line.
     * @param out     where the timeline and summary go.
     */
    public SimulationRun(final DemoOptions options, final PrintStream out)
    {
        this.options = options;
        this.out = out;
    }

    /**
     * Run the demo.
     *
     * @return the summary; {@link Summary#passed()} says whether every invariant held.
     * @throws com.qkt.broker.bybit.BybitConnectException if the initial connect fails.
     * @throws IllegalArgumentException                   on a bad configuration.
     */
    public Summary run()
    {
        final Timeline timeline = new Timeline(out, options.quiet(), options.verbose());
        final ErrorLog errors = new ErrorLog(timeline);
        final Properties props = DemoSettings.withFile(DemoSettings.simulatorDefaults(options.seed()), options.config());
        final Random seeds = new Random(options.seed());

        try (BybitSimulator sim = BybitSimulator.builder()
            .account(API_KEY, API_SECRET)
            .seed(seeds.nextLong())
            .build()
            .start())
        {
            final Path stateDir = tempStateDir();
            // unknown keys and bad values fail here, before anything is reported as applied
            final Object[] firstContexts;
            try
            {
                firstContexts = EngineProcess.contexts(sim, props, errors, stateDir);
            }
            catch (final RuntimeException ex)
            {
                deleteQuietly(stateDir);
                throw ex;
            }
            timeline.event("START", String.format(Locale.ROOT,
                "simulator REST %s WS %s; %d s of trading, %d drops, %d restarts, seed %d; state in %s",
                sim.restUrl(), sim.wsPrivateUrl(), options.durationSeconds(), options.drops(), options.restarts(),
                options.seed(), stateDir));
            if (null != options.config())
            {
                final List<String> applied = DemoSettings.describeFile(
                    DemoSettings.simulatorDefaults(options.seed()), options.config());
                timeline.event("CONFIG", options.config() + ": " + applied.size() +
                    (applied.size() == 1 ? " key" : " keys") + " applied over the demo's defaults");
                applied.forEach((line) -> timeline.event("CONFIG", "  " + line));
            }
            final InvariantChecker checker = new InvariantChecker(LINK_ID_PREFIX);
            final ConnectionMonitor monitor = new ConnectionMonitor(timeline);
            final MarketMoves market =
                new MarketMoves(sim, API_KEY, DemoStrategy.SYMBOL, LINK_ID_PREFIX, new Random(seeds.nextLong()));
            final long strategySeed = seeds.nextLong();
            final EngineProcess[] current = {null};
            try
            {
                current[0] = EngineProcess.start(firstContexts, checker, monitor, market, new Random(strategySeed));
                timeline.event("MONITOR", "counters and errors in " +
                    current[0].engineContext.monitorFile().directory() + " while it runs: scripts/stat, scripts/errors");
                final FaultScenario scenario = new FaultScenario(
                    // a new engine process is a fresh session too: a drop waits for a reconnect or a start
                    sim, API_KEY, market, timeline, () -> monitor.reconnects() + monitor.startups().size(),
                    new Random(seeds.nextLong()), options.drops(),
                    options.durationSeconds());
                final Summary summary = new Summary();
                trade(timeline, market, scenario, checker, monitor, options.durationSeconds(), options.restarts(),
                    restart ->
                    {
                        final EngineProcess old = current[0];
                        old.client.terminate();
                        old.broker.halt();
                        summary.ordersSubmittedByEarlierProcesses += old.strategy.ordersSubmitted();
                        summary.cancelsRequestedByEarlierProcesses += old.strategy.cancelsRequested();
                        timeline.event("KILL", "engine process " + restart + " killed: client dropped without close, " +
                            "state as its journal holds it; the exchange keeps trading");
                        // a restart can land while the exchange refuses connections: retried as a supervisor would
                        current[0] = SupervisedStart.start(() -> EngineProcess.start(
                            EngineProcess.contexts(sim, props, errors, stateDir), checker, monitor, market,
                            new Random(strategySeed + restart)), timeline, "engine process " + (restart + 1));
                    },
                    () -> current[0].strategy.ordersSubmitted() + summary.ordersSubmittedByEarlierProcesses);
                final EngineProcess engine = current[0];
                final BybitClient client = engine.client;
                final BybitSpotBroker broker = engine.broker;
                final DemoStrategy strategy = engine.strategy;

                strategy.stopTrading();
                scenario.stop();
                timeline.event("QUIET", "trading and faults stopped; waiting for the strategy's view to converge");
                final long quietStart = System.nanoTime();
                final boolean converged = waitUntil(CONVERGE_DEADLINE_MS, () ->
                    monitor.state() == ConnectionState.CONNECTED &&
                    checker.differences(sim.engine().orders(API_KEY), sim.engine().executions(API_KEY), false).isEmpty());
                if (converged)
                {
                    summary.convergenceSeconds = (System.nanoTime() - quietStart) / 1e9;
                    timeline.event("CONVERGED", String.format(Locale.ROOT,
                        "after %.2f s: every executed fill delivered, order states equal", summary.convergenceSeconds));
                }
                else
                {
                    summary.violations.add("no convergence within " + CONVERGE_DEADLINE_MS / 1000 + " s of quiet: " +
                        checker.differences(sim.engine().orders(API_KEY), sim.engine().executions(API_KEY), false));
                }

                final int cancelling = onHandler(client, strategy::cancelAll);
                summary.cancelsAtEnd = cancelling;
                timeline.event("CANCEL REST", cancelling + " working order(s)");
                final boolean allTerminal = waitUntil(CANCEL_DEADLINE_MS, () ->
                    checker.workingCount() == 0 && onHandler(client, broker::knownOrderCount) == 0 &&
                    checker.differences(sim.engine().orders(API_KEY), sim.engine().executions(API_KEY), true).isEmpty());
                if (!allTerminal)
                {
                    summary.violations.add("orders still working " + CANCEL_DEADLINE_MS / 1000 +
                        " s after cancelling everything: strategy " + checker.workingCount() + ", broker " +
                        onHandler(client, broker::knownOrderCount));
                }

                final List<SimOrder> simOrders = sim.engine().orders(API_KEY);
                final List<SimExecution> simExecutions = sim.engine().executions(API_KEY);
                summary.violations.addAll(checker.violations());
                summary.violations.addAll(checker.differences(simOrders, simExecutions, true));
                summary.knownOrdersAtEnd = onHandler(client, broker::knownOrderCount);
                if (summary.knownOrdersAtEnd != 0)
                {
                    summary.violations.add("broker.knownOrderCount() = " + summary.knownOrdersAtEnd + " at the end");
                }
                final java.util.Set<String> linkIds = new java.util.HashSet<>();
                for (final SimOrder order : simOrders)
                {
                    if (!linkIds.add(order.orderLinkId()))
                    {
                        summary.violations.add("orderLinkId " + order.orderLinkId() + " used for two orders");
                    }
                }
                summary.ordersSubmitted = strategy.ordersSubmitted() + summary.ordersSubmittedByEarlierProcesses;
                summary.cancelsRequested = strategy.cancelsRequested() + summary.cancelsRequestedByEarlierProcesses;
                summary.fillsExecuted = simExecutions.size();
                summary.fillsDelivered = checker.fills();
                summary.syntheticFills = checker.syntheticFills();
                summary.duplicates = checker.duplicates();
                summary.fillsAfterTerminal = checker.fillsAfterTerminal();
                summary.cumWentBack = checker.cumWentBack();
                summary.cancels = checker.cancels();
                summary.rejects = checker.rejects();
                summary.dropsInjected = scenario.dropsInjected();
                summary.faultsInjected = scenario.faultsInjected();
                summary.disconnects = monitor.disconnects();
                summary.failedStarts = monitor.failedStarts();
                summary.reconnects = monitor.reconnects();
                readCounters(client, engine.engineContext, summary);
                if (options.restarts() > 0)
                {
                    // the monitor file is one process's; the strategy saw every process's recoveries
                    summary.recoveries = monitor.recoveries();
                }
                summary.rateLimitRejects = checker.rateLimitRejects();
                summary.serverTimeOffsetMillis = client.serverTimeOffsetMillis();
                summary.serverTimeSyncs = onHandler(client, client::serverTimeSyncs);
                summary.timestampRejects = onHandler(client, client::timestampRejects);
                summary.exchangeClockSkewMillis = sim.faults().clockSkewMillis();
                summary.rejectedForTimestamp = strategy.rejectedForTimestamp();
                if (summary.rejectedForTimestamp > 0)
                {
                    summary.violations.add(summary.rejectedForTimestamp + " order(s) rejected with 10002: the clock " +
                        "estimate did not follow the exchange");
                }
                summary.partialFills = market.partialFills();
                summary.latencyMicros = monitor.latencyMicros();
                summary.restarts = options.restarts();
                summary.startups = monitor.startups();
                if (options.verbose())
                {
                    timeline.detail("SIM LOG", sim.faults().log().size() + " fault log lines:");
                    sim.faults().log().forEach(line -> timeline.detail("SIM", line));
                }
                return summary;
            }
            finally
            {
                if (null != current[0])
                {
                    current[0].client.close();
                    current[0].broker.close();
                }
                deleteQuietly(stateDir);
            }
        }
    }

    /**
     * One engine process: a client, the broker on it (on the shared state directory) and a strategy.
     */
    private static final class EngineProcess
    {
        final EngineContext engineContext;
        final BybitClient client;
        final BybitSpotBroker broker;
        final DemoStrategy strategy;

        private EngineProcess(
            final EngineContext engineContext,
            final BybitClient client,
            final BybitSpotBroker broker,
            final DemoStrategy strategy)
        {
            this.engineContext = engineContext;
            this.client = client;
            this.broker = broker;
            this.strategy = strategy;
        }

        /**
         * @return the client and broker contexts of one process, concluded (bad keys fail here).
         */
        static Object[] contexts(
            final BybitSimulator sim, final Properties props, final ErrorLog errors, final Path stateDir)
        {
            final EngineContext engineContext = new EngineContext().applyProperties(props).errorHandler(errors);
            final BybitClientContext clientContext = new BybitClientContext()
                .applyProperties(props)
                .restUrl(sim.restUrl())
                .wsUrl(sim.wsPrivateUrl())
                .apiKey(API_KEY)
                .apiSecret(API_SECRET)
                .engineContext(engineContext);
            final BybitSpotBrokerContext brokerContext = new BybitSpotBrokerContext()
                .applyProperties(props)
                .orderLinkIdPrefix(LINK_ID_PREFIX)
                .stateDir(stateDir);
            clientContext.conclude();
            brokerContext.conclude();
            return new Object[] {engineContext, clientContext, brokerContext};
        }

        static EngineProcess start(
            final Object[] contexts,
            final InvariantChecker checker,
            final ConnectionMonitor monitor,
            final MarketMoves market,
            final Random random)
        {
            final EngineContext engineContext = (EngineContext)contexts[0];
            final BybitClient client = new BybitClient((BybitClientContext)contexts[1]);
            BybitSpotBroker broker = null;
            try
            {
                final DemoStrategy strategy = new DemoStrategy(client, checker, monitor, market, random, 100);
                broker = onHandler(client, () ->
                    new BybitSpotBroker(client, new BrokerEventDecoder(strategy), engineContext.errorHandler(),
                        (BybitSpotBrokerContext)contexts[2]));
                strategy.broker(broker);
                client.connect();
                client.execute(strategy::start);
                return new EngineProcess(engineContext, client, broker, strategy);
            }
            catch (final RuntimeException ex)
            {
                // a process that failed to start ends: its state directory is free for the next one
                SupervisedStart.endFailedStart(client, broker, ex);
                throw ex;
            }
        }
    }

    private static Path tempStateDir()
    {
        try
        {
            return Files.createTempDirectory("qkt-demo-state");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteQuietly(final Path dir)
    {
        // twice: a file that appeared while the first pass walked (a last snapshot's rename) keeps the directory
        for (int pass = 0; pass < 2 && Files.exists(dir); pass++)
        {
            try (java.util.stream.Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            catch (final IOException | java.io.UncheckedIOException ignore)
            {
                // a temporary directory left behind is harmless
            }
        }
    }

    /**
     * The summary's library numbers come from the engine's monitor file, through the same reader as scripts/stat
     * and scripts/errors: what an operator sees of a live engine is what the demo reports.
     */
    private static void readCounters(final BybitClient client, final EngineContext engineContext, final Summary summary)
    {
        onHandler(client, () ->
        {
            engineContext.counters().sampleGauges(); // the values as of now, not of the last tick
            return null;
        });
        final Map<String, Long> byLabel = new HashMap<>();
        final Map<String, Long> errorsByKind = new LinkedHashMap<>();
        try (MonitorFile file = MonitorFile.open(engineContext.monitorFile().directory()))
        {
            file.countersReader().forEach((value, id, label) -> byLabel.merge(label, value, Long::sum));
            ErrorLogReader.read(file.errorLogBuffer(), (count, firstMs, lastMs, text) ->
                errorsByKind.merge(firstLine(text), (long)count, Long::sum));
        }
        summary.errors = counter(byLabel, "errors");
        summary.errorsByKind = errorsByKind;
        summary.recoveries = counter(byLabel, "broker.recoveries");
        summary.duplicatesSuppressed = counter(byLabel, "broker.duplicatesSuppressed");
        summary.restAttempts = counter(byLabel, "bybit.rest.calls");
        summary.restRetries = counter(byLabel, "retries");
        summary.restThrottled = counterStartingWith(byLabel, "bybit.rest.throttled");
        summary.throttledCalls = counter(byLabel, "bybit.rateLimit.throttledCalls");
        summary.longestWaitNanos = counter(byLabel, "bybit.rateLimit.longestWaitNanos");
        summary.ipBans = counter(byLabel, "bybit.rateLimit.ipBans");
        summary.malformedFrames = counter(byLabel, "bybit.ws.malformedFrames");
        summary.ringHighWater = counter(byLabel, "ring occupancy high-water mark");
        summary.ringSize = engineContext.ringSize();
    }

    private static long counter(final Map<String, Long> byLabel, final String label)
    {
        final Long value = byLabel.get(label);
        if (null == value)
        {
            throw new IllegalStateException("no counter '" + label + "' in the monitor file: " + byLabel.keySet());
        }
        return value;
    }

    private static long counterStartingWith(final Map<String, Long> byLabel, final String prefix)
    {
        return byLabel.entrySet().stream().filter((e) -> e.getKey().startsWith(prefix))
            .mapToLong(Map.Entry::getValue).sum();
    }

    private static String firstLine(final String text)
    {
        final int newLine = text.indexOf('\n');
        final String line = (newLine < 0 ? text : text.substring(0, newLine)).trim();
        return line.length() > 110 ? line.substring(0, 110) + "..." : line;
    }

    private void trade(
        final Timeline timeline,
        final MarketMoves market,
        final FaultScenario scenario,
        final InvariantChecker checker,
        final ConnectionMonitor monitor,
        final int durationSeconds,
        final int restarts,
        final java.util.function.IntConsumer restart,
        final java.util.function.LongSupplier ordersSubmitted)
    {
        final long start = System.nanoTime();
        final long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
        long nextProgress = start + PROGRESS_NANOS;
        long nextStep = start;
        int restarted = 0;
        while (System.nanoTime() - end < 0)
        {
            market.step();
            final String fill = market.maybePartialFill(15);
            if (null != fill)
            {
                timeline.detail("MARKET", fill);
            }
            final double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            scenario.poll(elapsedSeconds);
            // kills spread evenly over the trading time
            if (restarted < restarts && elapsedSeconds >= (restarted + 1) * (double)durationSeconds / (restarts + 1))
            {
                restarted++;
                restart.accept(restarted);
            }
            final long now = System.nanoTime();
            if (now - nextProgress >= 0)
            {
                nextProgress += PROGRESS_NANOS;
                timeline.event("PROGRESS", String.format(Locale.ROOT,
                    "%.0f s: %d orders, %d fills, %d reconnects, %d restarts, %d faults injected",
                    (now - start) / 1e9, ordersSubmitted.getAsLong(), checker.fills(), monitor.reconnects(),
                    restarted, scenario.faultsInjected()));
            }
            // pacing of the simulated market, not a wait for a condition
            nextStep += STEP_NANOS;
            LockSupport.parkNanos(Math.max(0, nextStep - System.nanoTime()));
        }
    }

    /**
     * Run an action on the client's handler thread (where the broker lives) and wait for its result.
     *
     * @param client the client whose handler thread runs it.
     * @param action what to run.
     * @param <T>    the result type.
     * @return the action's result.
     * @throws IllegalStateException if the handler did not run it within 10 s.
     */
    public static <T> T onHandler(final BybitClient client, final Supplier<T> action)
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        client.execute(() ->
        {
            try
            {
                result.complete(action.get());
            }
            catch (final Throwable t)
            {
                result.completeExceptionally(t);
            }
        });
        try
        {
            return result.get(10, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("handler thread did not run the action", ex);
        }
    }

    /**
     * Poll a condition every 20 ms until it holds or the deadline passes.
     *
     * @param deadlineMs how long to wait at most.
     * @param condition  what to wait for.
     * @return true when it held in time.
     */
    public static boolean waitUntil(final long deadlineMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return true;
    }
}
