package com.qkt.soak;

import com.qkt.codecs.ConnectionState;
import com.qkt.demo.ConnectionMonitor;
import com.qkt.demo.DemoSettings;
import com.qkt.demo.DemoStrategy;
import com.qkt.demo.ErrorLog;
import com.qkt.demo.InvariantChecker;
import com.qkt.demo.MarketMoves;
import com.qkt.demo.SimulationRun;
import com.qkt.demo.Timeline;
import com.qkt.sim.bybit.BybitSimulator;
import com.qkt.sim.bybit.SimOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restart hook: an engine made by the factory trades; a crash ends it as a killed process would look from
 * outside (its socket gone, nothing reaching the strategy afterwards); the next engine, on the same state directory,
 * delivers the fill made while nothing was running, and the strategy's view equals the exchange's again.
 */
class LaneEngineTest
{
    @Test
    @Timeout(90)
    void shouldDeliverTheFillMadeWhileCrashedThroughTheNextEngineOnTheSameState() throws Exception
    {
        final Timeline timeline = new Timeline(new PrintStream(OutputStream.nullOutputStream()), true, false);
        final Path stateDir = Files.createTempDirectory("qkt-lane-engine-test");
        try (BybitSimulator sim = BybitSimulator.builder().account("crash", "crash-secret").build().start())
        {
            final InvariantChecker checker = new InvariantChecker("c0-");
            final ConnectionMonitor monitor = new ConnectionMonitor(timeline);
            final MarketMoves market = new MarketMoves(sim, "crash", DemoStrategy.SYMBOL, "c0-", new Random(1));
            final LaneEngineFactory factory = new LaneEngineFactory(sim, "crash", "crash-secret", "c0-",
                DemoSettings.simulatorDefaults(1), new ErrorLog(timeline), checker, monitor, market, new Random(2),
                20, 8, stateDir);

            final LaneEngine first = factory.create(0, 40);
            assertTrue(SimulationRun.waitUntil(20_000, () -> null != market.randomOpenOrder() &&
                monitor.state() == ConnectionState.CONNECTED), "a resting order within 20 s");

            first.crash();
            assertTrue(SimulationRun.waitUntil(5_000, () -> sim.connectedSockets("crash") == 0),
                "no socket of the crashed engine left");
            final SimOrder resting = market.randomOpenOrder();
            final long fillsAtCrash = checker.fills();
            sim.engine().fill(resting.orderId(), resting.leavesQty());
            assertEquals(fillsAtCrash, checker.fills(), "a fill after the crash reached the strategy");
            assertTrue(checker.differences(sim.engine().orders("crash"), sim.engine().executions("crash"), false)
                .stream().anyMatch(d -> d.startsWith("lost fill")), "the fill is missing while nothing runs");

            try (LaneEngine second = factory.create(1, 0))
            {
                assertTrue(SimulationRun.waitUntil(20_000, () -> checker.differences(
                    sim.engine().orders("crash"), sim.engine().executions("crash"), false).isEmpty()),
                    () -> "the next engine did not catch up: " + checker.differences(
                        sim.engine().orders("crash"), sim.engine().executions("crash"), false));
                assertEquals(List.of(), checker.violations());
                assertTrue(checker.syntheticFills() >= 1, "the missed fill came from the startup reconcile");
                assertTrue(second.ringHighWaterAtEnd() > 0);
            }
        }
        finally
        {
            try (Stream<Path> paths = Files.walk(stateDir))
            {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
