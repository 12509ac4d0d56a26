package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.state.EngineState;
import com.qkt.broker.bybit.state.EngineStateStore;
import com.qkt.broker.bybit.state.PersistedOrder;
import com.qkt.broker.bybit.state.StateFileCodec;
import com.qkt.codecs.Side;
import com.qkt.events.BrokerEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.qkt.broker.bybit.BybitFrames.ack;
import static com.qkt.broker.bybit.BybitFrames.error;
import static com.qkt.broker.bybit.BybitFrames.executionItem;
import static com.qkt.broker.bybit.BybitFrames.order;
import static com.qkt.broker.bybit.BybitFrames.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mark, then deliver: at the moment the strategy is given an event, the state directory already holds it, so a process
 * killed right then (while the strategy holds the event) restarts without delivering it again. Each event is checked
 * by copying the state directory from inside the strategy's callback and loading the copy as the next process would.
 */
class MarkThenDeliverTest
{
    @TempDir
    Path dir;

    @TempDir
    Path copies;

    private final FakeBybitClient transport = new FakeBybitClient();
    private final StrategyEventRecorder recorder = new StrategyEventRecorder();
    private final List<Throwable> errors = new ArrayList<>();
    /** Each event, and what a restart at the moment it was delivered would load. */
    private final Map<String, EngineState> atDelivery = new LinkedHashMap<>();
    private BybitSpotBroker broker;
    private long id;

    @BeforeEach
    void setUp()
    {
        final BrokerEventListener strategy = (buffer, offset, length) ->
        {
            recorder.onBrokerEvent(buffer, offset, length);
            atDelivery.put(recorder.events.get(recorder.events.size() - 1), restartNow());
        };
        broker = new BybitSpotBroker(transport, strategy, errors::add, new BybitSpotBrokerContext()
            .orderLinkIdPrefix("t-").reconcileIntervalMs(0).stateDir(dir).stateFlushMs(3_600_000));
        id = broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
    }

    @AfterEach
    void tearDown()
    {
        broker.halt();
        assertEquals(List.of(), recorder.violations);
    }

    private EngineState restartNow()
    {
        try
        {
            final Path copy = Files.createTempDirectory(copies, "restart");
            // the snapshot first: the journal copied after it holds every record the snapshot does not cover
            Files.copy(dir.resolve(EngineStateStore.STATE_FILE), copy.resolve(EngineStateStore.STATE_FILE));
            Files.copy(dir.resolve(EngineStateStore.JOURNAL_FILE), copy.resolve(EngineStateStore.JOURNAL_FILE));
            final EngineStateStore store = EngineStateStore.open(copy, null, "gen-", "prefix", "spot", "category",
                StateFileCodec.Format.BINARY, 3_600_000, 1024, 1_700_000_000_000L, errors::add);
            store.halt();
            assertEquals(EngineStateStore.Outcome.LOADED, store.outcome(), store.detail());
            return store.loaded();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private EngineState at(final String event)
    {
        final EngineState state = atDelivery.get(event);
        assertNotNull(state, event + " not delivered: " + recorder.events);
        return state;
    }

    private static PersistedOrder order1(final EngineState state)
    {
        assertEquals(1, state.orders().size(), state.toString());
        return state.orders().get(0);
    }

    @Test
    void acceptedFillAndCancelAreInTheStateWhenTheStrategyGetsThem()
    {
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        assertTrue(broker.cancel(id));
        transport.answer(BybitPaths.ORDER_CANCEL, ack("oid-1", "t-1"));
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0.4")));

        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6", "CANCELLED t-1"),
            recorder.events);
        assertTrue(order1(at("ACCEPTED t-1")).accepted());
        final PersistedOrder filled = order1(at("FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6"));
        assertEquals(1, filled.execCount(), "the fill's exec id is recorded before the strategy sees it");
        assertEquals(1_700_000_000_100L, at("FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6").lastExecTime());
        assertEquals(List.of(), at("CANCELLED t-1").orders(), "the order's end is recorded before its terminal event");
    }

    @Test
    void aRejectIsInTheStateWhenTheStrategyGetsIt()
    {
        transport.answer(BybitPaths.ORDER_CREATE, error(170131, "Insufficient balance"));
        assertEquals(1, recorder.events.size(), recorder.events.toString());
        assertTrue(recorder.events.get(0).startsWith("REJECTED t-1"), recorder.events.toString());
        assertEquals(List.of(), at(recorder.events.get(0)).orders());
    }

    @Test
    void theLastFillEndsTheOrderInTheStateBeforeTheStrategyGetsIt()
    {
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "1", "0", 1_700_000_000_100L, 1)));
        final EngineState state = at("FILL t-1 e1 qty=1 cum=1 leaves=0");
        assertEquals(List.of(), state.orders());
        assertEquals(1, state.watermarkHashes().length, "the fill is in the watermark");
    }

    @Test
    void afterAHaltNothingReachesTheStrategyAsAfterAKill()
    {
        // the restart tests kill the engine on its handler thread; what the handler still processes must stay unseen,
        // as it is unrecorded (a strategy given the ack here got it again after the restart)
        broker.halt();
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "1", "0", 1_700_000_000_100L, 1)));
        assertEquals(List.of(), recorder.events);
    }
}
