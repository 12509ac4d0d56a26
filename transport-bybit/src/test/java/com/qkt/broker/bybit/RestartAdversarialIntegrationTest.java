package com.qkt.broker.bybit;

import com.qkt.broker.bybit.state.EngineStateStore;
import com.qkt.codecs.Side;
import com.qkt.codecs.StateOutcome;
import com.qkt.common.config.ConfigurationException;
import com.qkt.events.BrokerEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

import static com.qkt.broker.bybit.SimHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adversarial restarts: a crash at the worst moment, damaged journal bytes, a different configuration on the same
 * state. Every test ends with the cross-process contract (exactly once, no second terminal event, states equal).
 */
@Timeout(120)
class RestartAdversarialIntegrationTest
{
    @TempDir
    Path stateDir;

    private SimHarness h;
    /** Runs on the handler thread after the strategy has been given each event; null = nothing. */
    private volatile Runnable afterEvent;

    @AfterEach
    void tearDown()
    {
        if (null != h)
        {
            h.close();
        }
    }

    private void start(final Consumer<BybitSpotBrokerContext> tweak)
    {
        final BybitClientContext ctx = h.clientContext();
        h.client = new BybitClient(ctx);
        final BybitSpotBrokerContext brokerCtx = new BybitSpotBrokerContext().orderLinkIdPrefix("it-");
        brokerCtx.stateDir(stateDir);
        tweak.accept(brokerCtx);
        final StrategyEventRecorder recorder = h.recorder;
        final BrokerEventListener strategy = (buffer, offset, length) ->
        {
            recorder.onBrokerEvent(buffer, offset, length);
            final Runnable hook = afterEvent;
            if (null != hook)
            {
                hook.run();
            }
        };
        h.broker = h.onHandler(() -> new BybitSpotBroker(h.client, strategy, h.errors::add, brokerCtx));
        h.client.connect();
        assertTrue(h.client.isConnected());
    }

    /** The process dies while the strategy holds the event just given to it (kill -9 at that instruction). */
    private void crashOnNext(final String eventPrefix)
    {
        final int before = h.recorder.snapshot().size();
        final BybitSpotBroker broker = h.broker;
        afterEvent = () ->
        {
            final List<String> events = h.recorder.snapshot();
            for (int i = before; i < events.size(); i++)
            {
                if (events.get(i).startsWith(eventPrefix))
                {
                    afterEvent = null;
                    broker.halt(); // persistence stops here, as in a killed process
                    return;
                }
            }
        };
    }

    @Test
    void aFillDeliveredJustBeforeTheCrashIsNotDeliveredAgain()
    {
        h = new SimHarness();
        start(b -> { });
        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        final String orderId = h.orderId(id);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        crashOnNext("FILL it-1");
        h.sim.engine().fill(orderId, "0.25");
        waitUntil("the fill delivered", () -> h.recorder.fillCount() == 1);
        h.client.terminate();

        afterEvent = null;
        start(b -> { });
        h.assertConsistentWithExchange();
    }

    @Test
    void aTerminalEventDeliveredJustBeforeTheCrashIsNotDeliveredAgain()
    {
        h = new SimHarness();
        start(b -> { });
        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        h.orderId(id);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        crashOnNext("CANCELLED it-1");
        assertTrue(h.onHandler(() -> h.broker.cancel(id)));
        waitUntil("cancelled", () -> h.recorder.isTerminal("it-1"));
        h.client.terminate();

        afterEvent = null;
        start(b -> { });
        h.assertConsistentWithExchange();
    }

    @Test
    void aJournalWhoseEpochByteFlippedIsNotTrusted() throws Exception
    {
        h = new SimHarness();
        start(b -> b.stateFlushMs(3_600_000)); // every change after the start lives in the journal only
        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        final String orderId = h.orderId(id);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        h.sim.engine().fill(orderId, "0.25");
        waitUntil("a live fill", () -> h.recorder.fillCount() == 1);
        h.crash();

        // one bit of the journal header's epoch (offset 16) flips on disk
        try (FileChannel ch = FileChannel.open(stateDir.resolve(EngineStateStore.JOURNAL_FILE),
            StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, 16);
            b.put(0, (byte)(b.get(0) ^ 1));
            b.rewind();
            ch.write(b, 16);
        }
        start(b -> { });
        final StateOutcome outcome = h.onHandler(() -> h.broker.stateOutcome());
        System.out.println("epoch flip: outcome " + outcome + " events " + h.recorder.snapshot());
        h.assertConsistentWithExchange();
        assertEquals(StateOutcome.CORRUPT, outcome, "a damaged journal must be reported, not loaded");
    }

    @Test
    void aRestartWithAnotherCategoryOnTheSameStateKeepsTheTruth()
    {
        h = new SimHarness();
        start(b -> { });
        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        final String orderId = h.orderId(id);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        h.crash();
        h.sim.engine().fill(orderId, "0.25"); // while the engine is down

        // the state's open order is a spot order: a linear engine would never see it again, so the start is refused
        // (as for a prefix that contradicts the state) and names the key
        final AssertionError refused = assertThrows(AssertionError.class, () -> start(b -> b.category("linear")));
        Throwable cause = refused;
        while (null != cause && !(cause instanceof ConfigurationException))
        {
            cause = cause.getCause();
        }
        assertNotNull(cause, "refused for another reason: " + refused);
        assertTrue(cause.getMessage().contains(BybitSpotBrokerContext.CATEGORY_PROP), cause.getMessage());
        h.client.close();

        // with the state's category the fill made while the engine was down is delivered, once
        start(b -> { });
        h.assertConsistentWithExchange();
    }

    @Test
    void aCrashRightAfterTheSubmitLeftKeepsTheTruth()
    {
        h = new SimHarness();
        start(b -> { });
        h.onHandler(() ->
        {
            h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000");
            h.broker.halt(); // dies with the create on the wire, before any ack
        });
        h.client.terminate();
        start(b -> { });
        h.assertConsistentWithExchange();
    }

    @Test
    void twoQuickRestartsWithFillsBetweenThem()
    {
        h = new SimHarness();
        start(b -> { });
        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "3", "40000"));
        final String orderId = h.orderId(id);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        h.sim.engine().fill(orderId, "0.5");
        waitUntil("fill", () -> h.recorder.fillCount() == 1);
        h.crash();
        h.sim.engine().fill(orderId, "0.5");
        start(b -> { });
        h.crash(); // at once, nothing new delivered after the startup reconcile
        h.sim.engine().fill(orderId, "0.5");
        start(b -> { });
        h.crash();
        h.sim.engine().fill(orderId, "1.5");
        start(b -> { });
        h.assertConsistentWithExchange();
    }

    @Test
    void fillsOlderThanTheStartupLookbackAreStillDeliveredOnce()
    {
        h = new SimHarness();
        start(b -> { });
        final long a = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "3", "40000"));
        final long b2 = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        final String aId = h.orderId(a);
        final String bId = h.orderId(b2);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-2"));
        h.sim.engine().fill(aId, "1");
        waitUntil("fill", () -> h.recorder.fillCount() == 1);
        h.crash();
        h.sim.engine().fill(aId, "1");
        h.sim.engine().fill(bId, "1"); // b ends while down
        final long filledAt = System.currentTimeMillis();
        waitUntil("the fills are older than the 50 ms look-back", () -> System.currentTimeMillis() - filledAt >= 300);
        start(b -> b.startupLookbackMs(50).recoveryMarginMs(0));
        System.out.println("lookback: " + h.recorder.snapshot());
        h.assertConsistentWithExchange();
    }
}
