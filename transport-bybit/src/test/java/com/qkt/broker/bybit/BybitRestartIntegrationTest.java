package com.qkt.broker.bybit;

import com.qkt.broker.bybit.state.EngineState;
import com.qkt.broker.bybit.state.EngineStateStore;
import com.qkt.broker.bybit.state.StateCorruptException;
import com.qkt.broker.bybit.state.StateFileCodec;
import com.qkt.codecs.Side;
import com.qkt.codecs.StateOutcome;
import com.qkt.sim.bybit.SimOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.qkt.broker.bybit.SimHarness.KEY;
import static com.qkt.broker.bybit.SimHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restarts against the simulator: the engine is killed (client terminated, persistence halted, no goodbye) and a new
 * client and broker start on the same state directory while the exchange keeps trading. One strategy recorder spans
 * both processes, so every test ends with the contract across restarts: each executed fill delivered exactly once,
 * order states equal to the exchange's, nothing left in the broker for orders that ended.
 */
@Timeout(90)
class BybitRestartIntegrationTest
{
    @TempDir
    Path stateDir;

    private SimHarness h;

    @AfterEach
    void tearDown()
    {
        if (null != h)
        {
            h.close();
        }
    }

    private void start()
    {
        start(b -> { });
    }

    private void start(final java.util.function.Consumer<BybitSpotBrokerContext> tweak)
    {
        h.connect(c -> { }, b ->
        {
            b.stateDir(stateDir);
            tweak.accept(b);
        });
        assertTrue(h.client.isConnected(), "connected only after the startup reconcile");
    }

    private String startupLine()
    {
        final List<String> events = h.recorder.snapshot();
        String last = null;
        for (final String e : events)
        {
            if (e.startsWith("STARTUP"))
            {
                last = e;
            }
        }
        return last;
    }

    @Test
    void shouldLetGoOfACrashedEngine()
    {
        // A stopped engine must become garbage, or a process that restarts its client leaks one per restart. With -ea
        // (as here) Chronicle Wire kept the ended handler thread (which had read and written the state snapshot) in a
        // static map, and on JDK 21+ the thread's task, the whole engine, with it.
        h = new SimHarness();
        start();
        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        h.orderId(id);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        final WeakReference<BybitClient> client = new WeakReference<>(h.client);
        final WeakReference<BybitSpotBroker> broker = new WeakReference<>(h.broker);
        h.crash();
        h.client = null;
        h.broker = null;
        waitUntil("the crashed engine collected", () ->
        {
            System.gc();
            return null == client.get() && null == broker.get();
        });

        start();
        assertTrue(startupLine().startsWith("STARTUP LOADED adoptedFromState=1"), startupLine());
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldAdoptOpenOrdersAndDeliverWhatHappenedWhileDownExactlyOnce()
    {
        h = new SimHarness();
        start();
        assertTrue(startupLine().startsWith("STARTUP FRESH"), startupLine());
        final long partly = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        final long toCancel = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        final long toFill = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        final long untouched = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.SELL, "2", "90000"));
        final String partlyId = h.orderId(partly);
        final String cancelId = h.orderId(toCancel);
        final String fillId = h.orderId(toFill);
        h.orderId(untouched);
        waitUntil("all accepted", () -> h.recorder.contains("ACCEPTED it-4"));
        h.sim.engine().fill(partlyId, "0.25");
        h.sim.engine().fill(fillId, "0.5");
        waitUntil("two live fills", () -> h.recorder.fillCount() == 2);

        h.crash();
        // the exchange goes on while nothing listens
        h.sim.engine().fill(partlyId, "0.25");
        h.sim.engine().cancelByExchange(cancelId);
        h.sim.engine().fill(fillId, "0.5");

        start();
        final String startup = startupLine();
        assertTrue(startup.startsWith("STARTUP LOADED adoptedFromState=2 adoptedFromExchange=0 fills=2 terminal=1"),
            startup);
        assertTrue(h.recorder.contains("ADOPTED it-1 fromState=TRUE cum=0.25 exchangeCum=0.5"), h.recorder.events.toString());
        assertTrue(h.recorder.contains("ADOPTED it-4 fromState=TRUE cum=0 exchangeCum=0"));
        assertTrue(h.recorder.contains("CANCELLED it-2 synthetic"));
        assertTrue(h.recorder.contains("FILL it-3"));
        assertEquals(4, h.recorder.fillCount());
        assertEquals(2, h.recorder.syntheticFillCount());
        h.assertConsistentWithExchange();

        // the working orders are the engine's again: they trade and cancel as before the restart
        h.sim.engine().fill(partlyId, "0.5");
        assertTrue(h.onHandler(() -> h.broker.cancel(4)));
        waitUntil("fill to terminal and cancel", () -> h.recorder.isTerminal("it-1") && h.recorder.isTerminal("it-4"));
        final long next = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        assertEquals(EngineStateStore.ID_BLOCK + 1, next, "the new process starts above the ids reserved before");
        h.orderId(next);
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldResumeFromTheJournalWhenTheCrashedProcessWroteNoSnapshot()
    {
        h = new SimHarness();
        // no snapshot after the start's own: everything the first process did lives only in its journal
        start(b -> b.stateFlushMs(3_600_000));
        final long a = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "3", "40000"));
        final long b = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.SELL, "2", "90000"));
        final String aId = h.orderId(a);
        final String bId = h.orderId(b);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-2"));
        h.sim.engine().fill(aId, "1");
        h.sim.engine().fill(bId, "1");
        h.sim.engine().fill(aId, "1");
        waitUntil("three live fills", () -> h.recorder.fillCount() == 3);
        h.crash();
        final EngineState snapshot = read(stateDir.resolve(EngineStateStore.STATE_FILE));
        assertEquals(0, snapshot.orders().size(), "the snapshot on disk predates every order");

        h.sim.engine().fill(aId, "1");
        h.sim.engine().fill(bId, "0.5");
        start();
        assertTrue(startupLine().startsWith("STARTUP LOADED adoptedFromState=1 adoptedFromExchange=0 fills=2"),
            startupLine());
        assertTrue(h.recorder.contains("ADOPTED it-2 fromState=TRUE cum=1 exchangeCum=1.5"));
        assertEquals(5, h.recorder.fillCount());
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldDetectATruncatedStateFileAndReconcileInFull() throws Exception
    {
        h = new SimHarness();
        start();
        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        final String orderId = h.orderId(id);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        h.sim.engine().fill(orderId, "0.25");
        waitUntil("a live fill", () -> h.recorder.fillCount() == 1);
        h.client.close();
        h.broker.close();
        final Path file = stateDir.resolve(EngineStateStore.STATE_FILE);
        final byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 7));
        h.sim.engine().fill(orderId, "0.25");

        // the state is gone, so this process is judged on its own: a new strategy view
        h.recorder = new StrategyEventRecorder();
        start();
        final String startup = startupLine();
        assertTrue(startup.startsWith("STARTUP CORRUPT adoptedFromState=0 adoptedFromExchange=1 fills=2"), startup);
        assertTrue(startup.contains("truncated"), startup);
        assertTrue(h.errors.stream().anyMatch(e -> e instanceof StateCorruptException &&
            e.getMessage().contains("full reconcile")), h.errors.toString());
        assertTrue(h.recorder.contains("ADOPTED it-1 fromState=FALSE cum=0 exchangeCum=0.5"));
        assertEquals(StateOutcome.CORRUPT, h.onHandler(() -> h.broker.stateOutcome()));
        // the identity survived in the journal header: the prefix is kept and ids go on above the old block
        assertEquals(EngineStateStore.ID_BLOCK + 1, (long)h.onHandler(() -> h.broker.nextClientOrderId()));
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldNeverReuseAnOrderLinkIdAcrossRestartsWithAGeneratedPrefix()
    {
        h = new SimHarness();
        final java.util.function.Consumer<BybitSpotBrokerContext> generated = b -> b.orderLinkIdPrefix(null);
        String prefix = null;
        for (int process = 0; process < 4; process++)
        {
            start(generated);
            final String linkId = h.broker.orderLinkId(h.onHandler(() -> h.broker.nextClientOrderId()));
            final String thisPrefix = linkId.substring(0, linkId.lastIndexOf('-') + 1);
            if (null != prefix)
            {
                assertEquals(prefix, thisPrefix, "the prefix is persisted on the first start and reused");
            }
            prefix = thisPrefix;
            for (int i = 0; i < 3; i++)
            {
                final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
                h.orderId(id);
            }
            h.crash();
        }
        start(generated);
        final List<SimOrder> orders = h.sim.engine().orders(KEY);
        final Set<String> linkIds = new HashSet<>();
        for (final SimOrder order : orders)
        {
            assertTrue(order.orderLinkId().startsWith(prefix), order.orderLinkId());
            linkIds.add(order.orderLinkId());
        }
        assertEquals(12, orders.size());
        assertEquals(12, linkIds.size(), "no orderLinkId used twice");
        assertFalse(h.recorder.contains("REJECTED"));
        // each start adopted the working orders of all the processes before it
        assertEquals(12, (int)h.onHandler(() -> h.broker.knownOrderCount()));
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldReportForeignOrdersOnceAndCancelThemWhenAsked()
    {
        h = new SimHarness();
        start();
        // another engine on the same account, with its own prefix and no state
        final SimHarness other = new SimHarness(h.sim);
        try
        {
            other.connect(c -> { }, b -> b.orderLinkIdPrefix("other-").foreignOrders(
                BybitSpotBrokerContext.ForeignOrderPolicy.IGNORE));
            final long foreignLive = other.onHandler(() -> other.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
            final String foreignLiveId = other.orderId(foreignLive);
            waitUntil("the live foreign order reported", () -> h.recorder.contains("FOREIGN other-1 " + foreignLiveId +
                " REPORTED"));
            h.sim.engine().fill(foreignLiveId, "0.5");
            final long own = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
            h.orderId(own);
            waitUntil("own accepted", () -> h.recorder.contains("ACCEPTED it-1"));
            h.crash();
            final long foreignDown = other.onHandler(() -> other.broker.submitLimit("BTCUSDT", Side.SELL, "1", "90000"));
            final String foreignDownId = other.orderId(foreignDown);

            start(b -> b.foreignOrders(BybitSpotBrokerContext.ForeignOrderPolicy.CANCEL));
            assertTrue(startupLine().contains("foreign=2"), startupLine());
            waitUntil("both foreign orders cancelled", () ->
                !h.sim.engine().order(KEY, foreignLiveId).isOpen() && !h.sim.engine().order(KEY, foreignDownId).isOpen());
            assertTrue(h.recorder.contains("FOREIGN other-2 " + foreignDownId + " CANCEL_REQUESTED"));
            assertEquals(2, h.recorder.snapshot().stream().filter(e -> e.startsWith("FOREIGN other-1")).count(),
                "reported once by the first process and once by the second, never more");
            // never traded on: no event of the foreign orders' fills or cancels reached the strategy
            assertFalse(h.recorder.contains("FILL other-"));
            assertFalse(h.recorder.contains("CANCELLED other-"));
            // the own order is untouched
            assertTrue(h.sim.engine().order(KEY, "it-1").isOpen());
        }
        finally
        {
            other.close();
        }
    }

    private static EngineState read(final Path file)
    {
        try
        {
            return StateFileCodec.read(file);
        }
        catch (final java.io.IOException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
