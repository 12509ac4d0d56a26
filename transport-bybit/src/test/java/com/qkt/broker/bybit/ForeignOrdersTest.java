package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitPaths;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.qkt.broker.bybit.BybitFrames.executionItem;
import static com.qkt.broker.bybit.BybitFrames.order;
import static com.qkt.broker.bybit.BybitFrames.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The foreign-order policy on live pushes, with a manual transport: one event per foreign order, never traded on,
 * cancelled by its orderId when asked; orders under the engine's own prefix are never foreign.
 */
class ForeignOrdersTest
{
    private final FakeBybitClient transport = new FakeBybitClient();
    private final StrategyEventRecorder recorder = new StrategyEventRecorder();
    private final List<Throwable> errors = new ArrayList<>();

    private BybitSpotBroker broker(final BybitSpotBrokerContext.ForeignOrderPolicy policy)
    {
        return new BybitSpotBroker(transport, recorder, errors::add, new BybitSpotBrokerContext()
            .walletAccountType("")
            .orderLinkIdPrefix("t-")
            .foreignOrders(policy));
    }

    private long cancels()
    {
        return transport.calls.stream().filter(c -> c.path.equals(BybitPaths.ORDER_CANCEL)).count();
    }

    @Test
    void shouldReportAForeignOrderOnceAndNeverDeliverItsFills()
    {
        final BybitSpotBroker broker = broker(BybitSpotBrokerContext.ForeignOrderPolicy.REPORT);
        transport.push(push("order", order("hand-7", "oid-f", "New", "0")));
        transport.push(push("order", order("hand-7", "oid-f", "PartiallyFilled", "0.5")));
        transport.push(push("execution", executionItem("ef", "hand-7", "oid-f", "0.5", "0.5", 1_700_000_000_100L, 1)));
        transport.push(push("order", order("", "oid-manual", "New", "0")));   // placed by hand, no orderLinkId

        assertEquals(List.of("FOREIGN hand-7 oid-f REPORTED", "FOREIGN  oid-manual REPORTED"), recorder.snapshot());
        assertEquals(0, recorder.fillCount());
        assertEquals(0, cancels());
        assertEquals(2, broker.foreignOrdersSeen());
        assertEquals(0, broker.knownOrderCount());
        assertEquals(List.of(), errors);
    }

    @Test
    void shouldCancelAForeignOrderOnSightByItsOrderId()
    {
        final BybitSpotBroker broker = broker(BybitSpotBrokerContext.ForeignOrderPolicy.CANCEL);
        transport.push(push("order", order("other-1", "oid-x", "New", "0")));
        transport.push(push("order", order("other-1", "oid-x", "New", "0")));
        assertEquals(1, cancels(), "one cancel per foreign order");
        final FakeBybitClient.Call cancel = transport.oldestOpen(BybitPaths.ORDER_CANCEL);
        assertTrue(cancel.payload.contains("\"orderId\":\"oid-x\"") && !cancel.payload.contains("orderLinkId"),
            cancel.payload);
        assertEquals(List.of("FOREIGN other-1 oid-x CANCEL_REQUESTED"), recorder.snapshot());
        // its terminal push is not an event of the engine's
        transport.push(push("order", order("other-1", "oid-x", "Cancelled", "0")));
        assertFalse(recorder.contains("CANCELLED"));
        assertEquals(1, broker.foreignOrdersSeen());
    }

    @Test
    void shouldIgnoreForeignOrdersWhenToldAndNeverCallTheEnginesOwnOrdersForeign()
    {
        final BybitSpotBroker broker = broker(BybitSpotBrokerContext.ForeignOrderPolicy.IGNORE);
        transport.push(push("order", order("other-1", "oid-x", "New", "0")));
        // an order of the engine's own prefix it no longer tracks (ended, or before a restart without state)
        transport.push(push("order", order("t-99", "oid-own", "New", "0")));
        assertEquals(List.of(), recorder.snapshot());
        assertEquals(0, cancels());
        assertEquals(1, broker.foreignOrdersSeen(), "counted, nothing else");
    }
}
