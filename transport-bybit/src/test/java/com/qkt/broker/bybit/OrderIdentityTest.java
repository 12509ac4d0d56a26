package com.qkt.broker.bybit;

import com.qkt.broker.bybit.order.OrderManager;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.codecs.Side;
import org.agrona.ErrorHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.qkt.broker.bybit.BybitFrames.ack;
import static com.qkt.broker.bybit.BybitFrames.error;
import static com.qkt.broker.bybit.BybitFrames.executionItem;
import static com.qkt.broker.bybit.BybitFrames.list;
import static com.qkt.broker.bybit.BybitFrames.order;
import static com.qkt.broker.bybit.BybitFrames.orderItem;
import static com.qkt.broker.bybit.BybitFrames.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Order identity with hand-fed replies: an {@code orderLinkId} that already names another order on Bybit (a reused
 * prefix) is a collision, reported as a reject, and the other order's state and fills are never adopted.
 */
class OrderIdentityTest
{
    private final FakeBybitClient transport = new FakeBybitClient();
    private final StrategyEventRecorder recorder = new StrategyEventRecorder();
    private final List<Throwable> errors = new ArrayList<>();
    private final ErrorHandler errorHandler = errors::add;
    private BybitSpotBroker broker;

    @BeforeEach
    void setUp()
    {
        broker = new BybitSpotBroker(transport, recorder, errorHandler, new BybitSpotBrokerContext()
            .orderLinkIdPrefix("t-").reconcileIntervalMs(0));
    }

    @AfterEach
    void contractHolds()
    {
        assertEquals(List.of(), recorder.violations);
    }

    @Test
    void shouldRejectA110072OnTheFirstAttemptAsACollisionWithoutLookingItUp()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, error(110072, "OrderLinkedID is duplicate"));

        assertEquals(1, recorder.events.size(), recorder.events.toString());
        final String rejected = recorder.events.get(0);
        assertTrue(rejected.startsWith("REJECTED t-1 110072 orderLinkId collision: t-1 already names another order"),
            rejected);
        assertEquals(1, transport.calls.size(), "no lookup, nothing adopted: " + transport.calls);
        assertEquals(0, broker.knownOrderCount());

        // the old order keeps trading under the same id: none of it reaches the strategy
        transport.push(push("execution", executionItem("old-e1", "t-1", "old-oid", "0.5", "0.5", 1_700_000_000_100L, 1)));
        transport.push(push("order", order("t-1", "old-oid", "PartiallyFilled", "0.5")));
        assertEquals(1, recorder.events.size());
        assertEquals(2, broker.foreignEvents());
    }

    @Test
    void shouldAdoptTheOrderARetried110072FindsWhenItMatchesTheRequest()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, 2, 200, error(110072, "OrderLinkedID is duplicate"));
        final FakeBybitClient.Call query =
            transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "New", "0")));
        assertEquals("category=spot&orderLinkId=t-1", query.payload);
        assertEquals(List.of("ACCEPTED t-1 synthetic"), recorder.events);
        assertEquals(1, broker.knownOrderCount());

        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "1", "0", 1_700_000_000_100L, 1)));
        assertEquals("FILL t-1 e1 qty=1 cum=1 leaves=0", recorder.events.get(1));
    }

    @Test
    void shouldRejectARetried110072WhoseLookupFindsAnotherQuantity()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, 2, 200, error(110072, "OrderLinkedID is duplicate"));
        transport.answer(BybitPaths.ORDER_REALTIME, list("",
            orderItem("t-1", "old-oid", "PartiallyFilled", "3", "50000", "2", "UNKNOWN", "EC_NoError")));

        assertEquals(1, recorder.events.size(), recorder.events.toString());
        final String rejected = recorder.events.get(0);
        assertTrue(rejected.startsWith("REJECTED t-1 " + OrderManager.REJECT_ID_COLLISION + " synthetic " +
            "orderLinkId collision: t-1 names another order on Bybit (BTCUSDT BUY 3 @ 50000, orderId old-oid)"),
            rejected);
        assertEquals(0, broker.knownOrderCount());
        assertEquals(0, transport.openCalls(), "nothing more is asked about the other order");
    }

    @Test
    void shouldRejectAnOutcomeUnknownSubmitWhoseLookupFindsAnotherPrice()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.fail(BybitPaths.ORDER_CREATE, RestFailure.TIMEOUT);
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.ORDER_HISTORY, list("",
            orderItem("t-1", "old-oid", "Filled", "1", "49000", "1", "UNKNOWN", "EC_NoError")));

        assertEquals(1, recorder.events.size(), recorder.events.toString());
        assertTrue(recorder.events.get(0).startsWith("REJECTED t-1 -2 synthetic orderLinkId collision"),
            recorder.events.get(0));
        assertEquals(0, broker.knownOrderCount());
    }

    @Test
    void shouldNotDecideACollisionWhileTheCreateIsStillUnanswered()
    {
        final long id = broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        broker.cancel(id);
        transport.answer(BybitPaths.ORDER_CANCEL, error(110001, "Order does not exist"));
        // the lookup the cancel triggered finds an old order under the id while our create is in flight
        transport.answer(BybitPaths.ORDER_REALTIME, list("",
            orderItem("t-1", "old-oid", "New", "5", "40000", "0", "UNKNOWN", "EC_NoError")));
        transport.answer(BybitPaths.ORDER_HISTORY, list(""));
        assertEquals(List.of(), recorder.events);
        assertEquals(1, broker.knownOrderCount());

        transport.answer(BybitPaths.ORDER_CREATE, error(110072, "OrderLinkedID is duplicate"));
        assertEquals(1, recorder.events.size());
        assertTrue(recorder.events.get(0).startsWith("REJECTED t-1 110072"), recorder.events.get(0));
        assertEquals(0, broker.knownOrderCount());
    }

    @Test
    void shouldIgnorePushesOfAnotherOrderUnderOurLinkIdBeforeAndAfterTheAck()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        // before the ack: another symbol, another side
        transport.push(push("order", "{\"category\":\"spot\",\"symbol\":\"ETHUSDT\",\"orderId\":\"old-oid\"," +
            "\"orderLinkId\":\"t-1\",\"side\":\"Sell\",\"orderStatus\":\"New\",\"price\":\"3000\",\"qty\":\"2\"," +
            "\"cumExecQty\":\"0\",\"orderType\":\"Limit\",\"createdTime\":\"1700000000000\"," +
            "\"updatedTime\":\"1700000000000\"}"));
        assertEquals(List.of(), recorder.events);

        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        // after the ack the ids decide, whatever the other fields say
        transport.push(push("execution", executionItem("old-e1", "t-1", "old-oid", "1", "0", 1_700_000_000_100L, 1)));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_200L, 2)));
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6"), recorder.events);
        assertEquals(2, broker.foreignEvents());
        assertEquals(1, broker.knownOrderCount());
    }
}
