package com.qkt.broker.bybit;

import com.qkt.broker.bybit.order.OrderManager;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.state.EngineStateStore;
import com.qkt.broker.bybit.state.StateFileCodec;
import com.qkt.codecs.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.qkt.broker.bybit.BybitFrames.ack;
import static com.qkt.broker.bybit.BybitFrames.executionItem;
import static com.qkt.broker.bybit.BybitFrames.push;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * halt() from a thread other than the handler's. The test thread plays the handler (FakeBybitClient).
 */
class HaltRaceTest
{
    @TempDir
    Path dir;

    private final FakeBybitClient transport = new FakeBybitClient();
    private final StrategyEventRecorder recorder = new StrategyEventRecorder();
    private final List<Throwable> errors = new ArrayList<>();

    private BybitSpotBroker broker()
    {
        return new BybitSpotBroker(transport, recorder, errors::add, new BybitSpotBrokerContext()
            .orderLinkIdPrefix("t-").reconcileIntervalMs(0).stateDir(dir).stateFlushMs(3_600_000));
    }

    /**
     * halt() sets the "killed" flag, then stops the journal. Whatever the handler processes between the two is
     * journalled as delivered yet never delivered: with the window held open (the store's monitor taken by another
     * thread, as store.close/start would), three fills are lost across the restart, not "at most the one in flight".
     */
    @Test
    void eventsHandledBetweenTheFlagAndTheJournalStopAreMarkedButNeverDelivered() throws Exception
    {
        final BybitSpotBroker broker = broker();
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        assertEquals(List.of("ACCEPTED t-1"), recorder.events);

        final Field ordersField = BybitSpotBroker.class.getDeclaredField("orders");
        ordersField.setAccessible(true);
        final OrderManager orders = (OrderManager)ordersField.get(broker);
        final Field storeField = OrderManager.class.getDeclaredField("store");
        storeField.setAccessible(true);
        final EngineStateStore store = (EngineStateStore)storeField.get(orders);

        final CountDownLatch monitorHeld = new CountDownLatch(1);
        final CountDownLatch releaseMonitor = new CountDownLatch(1);
        final Thread holder = new Thread(() ->
        {
            synchronized (store)
            {
                monitorHeld.countDown();
                try
                {
                    releaseMonitor.await(10, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ignore)
                {
                }
            }
        });
        holder.start();
        monitorHeld.await();
        final Thread killer = new Thread(broker::halt, "killer");
        killer.start();
        // killer: halted = true, then blocks on store.halt()
        SimHarness.waitUntil("halt() blocks on the store", () -> killer.getState() == Thread.State.BLOCKED);

        // the handler goes on meanwhile
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.1", "0.9", 1_700_000_000_100L, 1)));
        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", "0.1", "0.8", 1_700_000_000_200L, 2)));
        transport.push(push("execution", executionItem("e3", "t-1", "oid-1", "0.1", "0.7", 1_700_000_000_300L, 3)));
        releaseMonitor.countDown();
        killer.join();
        holder.join();

        assertEquals(List.of("ACCEPTED t-1"), recorder.events, "nothing after the halt reached the strategy");

        // the next process
        final EngineStateStore next = EngineStateStore.open(dir, null, "gen-", "p", "spot", "c",
            StateFileCodec.Format.BINARY, 3_600_000, 1024, 1_700_000_000_000L, errors::add);
        try
        {
            final int marked = next.loaded().orders().get(0).execCount();
            assertEquals(0, marked, "fills recorded as delivered that the strategy never got (lost for good): " +
                next.loaded());
        }
        finally
        {
            next.halt();
        }
    }

    /** The broker's counters after a halt: fills the strategy never got are counted as delivered. */
    @Test
    void fillsDeliveredCountsOnlyWhatReachedTheStrategy()
    {
        final BybitSpotBroker broker = broker();
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        broker.halt();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.1", "0.9", 1_700_000_000_100L, 1)));
        assertEquals(List.of("ACCEPTED t-1"), recorder.events);
        assertEquals(0, broker.fillsDelivered(), "broker.fillsDelivered after the halt");
    }
}
