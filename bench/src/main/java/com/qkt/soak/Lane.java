package com.qkt.soak;

import com.qkt.codecs.ConnectionState;
import com.qkt.demo.ConnectionMonitor;
import com.qkt.demo.DemoStrategy;
import com.qkt.demo.FaultScenario;
import com.qkt.demo.InvariantChecker;
import com.qkt.demo.MarketMoves;
import com.qkt.demo.SimulationRun;
import com.qkt.demo.SupervisedStart;
import com.qkt.demo.Timeline;
import com.qkt.sim.bybit.BybitSimulator;
import com.qkt.sim.bybit.SimExecution;
import org.HdrHistogram.Recorder;
import org.agrona.ErrorHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/**
 * One account of the soak: its own simulator, price walk, fault plan, invariant checker and connection monitor, and
 * the engine trading on it (replaced on each planned restart). The soak's main thread drives it with
 * {@link #step(double)}; the engine's events reach the checker and monitor on its handler thread.
 */
final class Lane implements AutoCloseable
{
    private final int index;
    private final String apiKey;
    private final String linkIdPrefix;
    private final long orderQuota;
    private final Timeline timeline;
    private final BybitSimulator sim;
    private final MarketMoves market;
    private final InvariantChecker checker;
    private final ConnectionMonitor monitor;
    private final SoakPlan plan;
    private final FaultScenario scenario;
    private final LaneEngineFactory factory;
    private final HandlerLagProbe lag;
    private final java.nio.file.Path stateDir;
    private LaneEngine engine;
    private int incarnation;
    private int nextRestart;
    private long ordersOfEndedEngines;
    private long cancelsOfEndedEngines;
    private long restAttemptsOfEndedEngines;
    private long restRetriesOfEndedEngines;
    private long ringHighWater;
    private int ringSize;

    /**
     * Start the account's simulator; the engine comes with {@link #start()}.
     */
    Lane(
        final int index,
        final long orderQuota,
        final int drops,
        final int restarts,
        final double tradingSeconds,
        final Random seeds,
        final Properties settings,
        final ErrorHandler errors,
        final Timeline timeline,
        final Recorder lagRecorder,
        final int maxWorking,
        final long tickMillis)
    {
        this.index = index;
        this.apiKey = "soak" + index;
        this.linkIdPrefix = "s" + index + "-";
        this.orderQuota = orderQuota;
        this.timeline = timeline;
        this.sim = BybitSimulator.builder()
            .account(apiKey, "soak-secret-" + index)
            .seed(seeds.nextLong())
            .callLogCapacity(1_024) // the soak does not read it; bounded and full early, so no part of the heap growth
            .build()
            .start();
        try
        {
            this.checker = new InvariantChecker(linkIdPrefix);
            this.monitor = new ConnectionMonitor(timeline);
            this.market = new MarketMoves(sim, apiKey, DemoStrategy.SYMBOL, linkIdPrefix, new Random(seeds.nextLong()));
            this.plan = SoakPlan.of(new Random(seeds.nextLong()), drops, restarts, tradingSeconds);
            this.scenario = new FaultScenario(sim, apiKey, market, timeline, monitor::reconnects, plan.faults());
            this.stateDir = java.nio.file.Files.createTempDirectory("qkt-soak-" + apiKey + "-");
            this.factory = new LaneEngineFactory(sim, apiKey, "soak-secret-" + index, linkIdPrefix, settings, errors,
                checker, monitor, market, new Random(seeds.nextLong()), tickMillis, maxWorking, stateDir);
            this.lag = new HandlerLagProbe(lagRecorder);
        }
        catch (final java.io.IOException ex)
        {
            sim.close();
            throw new java.io.UncheckedIOException("no state directory for " + apiKey, ex);
        }
        catch (final RuntimeException ex)
        {
            sim.close();
            throw ex;
        }
    }

    /**
     * Start the first engine and trading.
     */
    void start()
    {
        engine = factory.create(incarnation, orderQuota);
        ringSize = engine.client().context().engineContext().ringSize();
        lag.attach(engine.client());
    }

    /**
     * One step of the market and the faults, every 100 ms; restarts the engine when one is due.
     *
     * @param elapsedSeconds since trading started.
     */
    void step(final double elapsedSeconds)
    {
        market.step();
        final String fill = market.maybePartialFill(15);
        if (null != fill)
        {
            timeline.detail("MARKET", fill);
        }
        scenario.poll(elapsedSeconds);
        if (nextRestart < plan.restartsAt().size() && plan.restartsAt().get(nextRestart) <= elapsedSeconds)
        {
            nextRestart++;
            restart();
        }
    }

    private void restart()
    {
        timeline.event("RESTART", "engine " + incarnation + " of " + apiKey + " dropped without a clean close");
        lag.attach(null);
        final LaneEngine crashed = engine;
        crashed.crash();
        ordersOfEndedEngines += crashed.strategy().ordersSubmitted();
        cancelsOfEndedEngines += crashed.strategy().cancelsRequested();
        restAttemptsOfEndedEngines += crashed.client().restAttempts();
        restRetriesOfEndedEngines += crashed.client().restRetries();
        ringHighWater = Math.max(ringHighWater, crashed.ringHighWaterAtEnd());
        incarnation++;
        final long quota = Math.max(0, orderQuota - ordersOfEndedEngines);
        // a restart can land while the exchange refuses connections: retried as a supervisor would
        engine = SupervisedStart.start(() -> factory.create(incarnation, quota), timeline,
            "engine " + incarnation + " of " + apiKey);
        scenario.engineRestarted();
        lag.attach(engine.client());
        timeline.event("RESTART", "engine " + incarnation + " of " + apiKey + " started");
    }

    /**
     * Stop placing orders and injecting faults; disarm what the faults left armed.
     */
    void stopTrading()
    {
        engine.strategy().stopTrading();
        scenario.stop();
    }

    /**
     * @return true when connected and the strategy's view equals the exchange's (fills and order states).
     */
    boolean converged()
    {
        return monitor.state() == ConnectionState.CONNECTED && differences(false).isEmpty();
    }

    /**
     * Cancel every working order; call after {@link #stopTrading()}.
     *
     * @return cancels sent.
     */
    int cancelAll()
    {
        return SimulationRun.onHandler(engine.client(), engine.strategy()::cancelAll);
    }

    /**
     * @return true when nothing is working on either side and both agree.
     */
    boolean allTerminal()
    {
        return checker.workingCount() == 0 && brokerKnownOrders() == 0 && differences(true).isEmpty();
    }

    /**
     * @param finalCheck true once everything was cancelled.
     * @return the differences between the strategy's view and the exchange's.
     */
    List<String> differences(final boolean finalCheck)
    {
        return checker.differences(sim.engine().orders(apiKey), sim.engine().executions(apiKey), finalCheck);
    }

    /**
     * @return every invariant this account broke, each line prefixed with the account.
     */
    List<String> violations()
    {
        final List<String> out = new ArrayList<>();
        checker.violations().forEach(v -> out.add(apiKey + ": " + v));
        differences(true).forEach(v -> out.add(apiKey + ": " + v));
        final int known = brokerKnownOrders();
        if (known != 0)
        {
            out.add(apiKey + ": broker.knownOrderCount() = " + known + " at the end (baseline 0)");
        }
        if (plan.restartsAt().size() != nextRestart)
        {
            out.add(apiKey + ": " + nextRestart + " of " + plan.restartsAt().size() + " restarts done");
        }
        return out;
    }

    int brokerKnownOrders()
    {
        return SimulationRun.onHandler(engine.client(), engine.broker()::knownOrderCount);
    }

    /**
     * Close the engine cleanly (the end of the run, not a restart).
     */
    void closeEngine()
    {
        lag.attach(null);
        if (null != engine)
        {
            final LaneEngine closing = engine;
            engine = null; // unreachable once closed, so the heap given back can be measured
            closing.close();
            ringHighWater = Math.max(ringHighWater, closing.ringHighWaterAtEnd());
            // the handler thread has stopped: its counters can be read from here
            restAttemptsOfEndedEngines += closing.client().restAttempts();
            restRetriesOfEndedEngines += closing.client().restRetries();
            ordersOfEndedEngines += closing.strategy().ordersSubmitted();
            cancelsOfEndedEngines += closing.strategy().cancelsRequested();
        }
    }

    /**
     * Close the engine and the simulator.
     */
    public void close()
    {
        try
        {
            closeEngine();
        }
        finally
        {
            sim.close();
            deleteStateDir();
        }
    }

    void sampleLag(final long nowNanos)
    {
        lag.sample(nowNanos);
    }

    String apiKey()
    {
        return apiKey;
    }

    BybitSimulator sim()
    {
        return sim;
    }

    InvariantChecker checker()
    {
        return checker;
    }

    ConnectionMonitor monitor()
    {
        return monitor;
    }

    FaultScenario scenario()
    {
        return scenario;
    }

    MarketMoves market()
    {
        return market;
    }

    int restarts()
    {
        return nextRestart;
    }

    long orders()
    {
        return ordersOfEndedEngines + (null == engine ? 0 : engine.strategy().ordersSubmitted());
    }

    long cancelsRequested()
    {
        return cancelsOfEndedEngines + (null == engine ? 0 : engine.strategy().cancelsRequested());
    }

    /**
     * @return the most ring slots any engine of the account had occupied at once; read after {@link #closeEngine()}.
     */
    long ringHighWater()
    {
        return ringHighWater;
    }

    /**
     * @return ring slots of the account's engines.
     */
    int ringSize()
    {
        return ringSize;
    }

    /**
     * @return REST calls of every engine; read after {@link #closeEngine()}.
     */
    long restAttempts()
    {
        return restAttemptsOfEndedEngines;
    }

    /**
     * @return REST retries of every engine; read after {@link #closeEngine()}.
     */
    long restRetries()
    {
        return restRetriesOfEndedEngines;
    }

    List<SimExecution> executions()
    {
        return sim.engine().executions(apiKey);
    }

    private void deleteStateDir()
    {
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(stateDir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final java.io.IOException ex)
        {
            // a temp directory left behind is the only cost
        }
    }
}
