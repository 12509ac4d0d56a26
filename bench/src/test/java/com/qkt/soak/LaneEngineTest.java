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
import com.qkt.sim.bybit.FaultKind;
import com.qkt.sim.bybit.SimOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restart hook: an engine made by the factory trades, and a crash ends it as a killed process would look from
 * outside — its socket reset at the exchange, nothing reaching the strategy afterwards, the client unusable.
 */
class LaneEngineTest
{
    @Test
    @Timeout(60)
    void shouldCutEventsAndResetTheSocketWhenCrashed()
    {
        final Timeline timeline = new Timeline(new PrintStream(OutputStream.nullOutputStream()), true, false);
        try (BybitSimulator sim = BybitSimulator.builder().account("crash", "crash-secret").build().start())
        {
            final InvariantChecker checker = new InvariantChecker("c0-");
            final ConnectionMonitor monitor = new ConnectionMonitor(timeline);
            final MarketMoves market = new MarketMoves(sim, "crash", DemoStrategy.SYMBOL, "c0-", new Random(1));
            final LaneEngineFactory factory = new LaneEngineFactory(sim, "crash", "crash-secret", "c0-",
                DemoSettings.simulatorDefaults(1), new ErrorLog(timeline), checker, monitor, market, new Random(2),
                20, 8);

            final LaneEngine engine = factory.create(0, 1_000);
            assertTrue(SimulationRun.waitUntil(20_000, () -> null != market.randomOpenOrder() &&
                monitor.state() == ConnectionState.CONNECTED), "a resting order within 20 s");

            engine.crash();
            final SimOrder resting = market.randomOpenOrder();
            final long fillsAtCrash = checker.fills();
            sim.engine().fill(resting.orderId(), resting.leavesQty());

            assertTrue(sim.faults().count(FaultKind.WS_RESET) >= 1, sim.faults().log().toString());
            assertTrue(SimulationRun.waitUntil(5_000, () -> sim.connectedSockets("crash") == 0),
                "no socket of the crashed engine left");
            assertEquals(fillsAtCrash, checker.fills(), "a fill after the crash reached the strategy");
            assertTrue(checker.differences(sim.engine().orders("crash"), sim.engine().executions("crash"), false)
                .stream().anyMatch(d -> d.startsWith("lost fill")),
                "the checker sees the crashed engine's fill as lost");
            assertThrows(IllegalStateException.class, () -> engine.client().execute(() -> { }));
            engine.close(); // idempotent after a crash
        }
    }
}
