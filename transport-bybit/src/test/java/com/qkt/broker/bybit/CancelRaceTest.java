package com.qkt.broker.bybit;

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
import static com.qkt.broker.bybit.BybitFrames.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cancel that overtakes its create, in every order the events can arrive: the intent is remembered, and
 * {@code cancel()} always ends in OrderCancelled, a fill to terminal, OrderRejected (never placed) or CancelRejected.
 */
class CancelRaceTest
{
    private static final String NOT_EXISTS = error(110001, "Order does not exist");

    private final FakeBybitClient transport = new FakeBybitClient();
    private final StrategyEventRecorder recorder = new StrategyEventRecorder();
    private final List<Throwable> errors = new ArrayList<>();
    private final ErrorHandler errorHandler = errors::add;
    private BybitSpotBroker broker;
    private long id;

    @BeforeEach
    void setUp()
    {
        broker = new BybitSpotBroker(transport, recorder, errorHandler, new BybitSpotBrokerContext()
            .orderLinkIdPrefix("t-").reconcileIntervalMs(0));
        id = broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        assertTrue(broker.cancel(id));
    }

    @AfterEach
    void contractHolds()
    {
        assertEquals(List.of(), recorder.violations);
    }

    private void cancelOvertookTheCreate()
    {
        transport.answer(BybitPaths.ORDER_CANCEL, NOT_EXISTS);
        // the lookup finds nothing yet and gives no verdict while the create is unanswered
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.ORDER_HISTORY, list(""));
        assertEquals(List.of(), recorder.events);
        assertEquals(0, transport.openCalls() - 1, "only the create is open: " + transport.calls);
    }

    private long cancelCalls()
    {
        return transport.calls.stream().filter(c -> c.path.equals(BybitPaths.ORDER_CANCEL)).count();
    }

    @Test
    void shouldSendTheCancelAgainWhenTheCreateIsAcknowledged()
    {
        cancelOvertookTheCreate();
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        assertEquals(2, cancelCalls());
        transport.answer(BybitPaths.ORDER_CANCEL, ack("oid-1", "t-1"));
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0")));
        assertEquals(List.of("ACCEPTED t-1", "CANCELLED t-1"), recorder.events);
        assertFalse(broker.isWorking(id));
        assertEquals(0, transport.openCalls());
    }

    @Test
    void shouldSendTheCancelAgainWhenTheCreateShowsFirstOnTheStream()
    {
        cancelOvertookTheCreate();
        transport.push(push("order", order("t-1", "oid-1", "New", "0")));
        assertEquals(2, cancelCalls());
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        assertEquals(2, cancelCalls(), "one resend, not one per sign of life");
        transport.answer(BybitPaths.ORDER_CANCEL, ack("oid-1", "t-1"));
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0")));
        assertEquals(List.of("ACCEPTED t-1", "CANCELLED t-1"), recorder.events);
    }

    @Test
    void shouldSendTheCancelAgainWhenAPartialFillShowsTheCreateLanded()
    {
        cancelOvertookTheCreate();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        assertEquals(2, cancelCalls());
        transport.answer(BybitPaths.ORDER_CANCEL, ack("oid-1", "t-1"));
        transport.push(push("order", order("t-1", "oid-1", "PartiallyFilledCanceled", "0.4")));
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6", "CANCELLED t-1"),
            recorder.events);
    }

    @Test
    void shouldEndInTheFillWhenTheOrderFillsToTerminalBeforeTheCancelCanBeResent()
    {
        cancelOvertookTheCreate();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "1", "0", 1_700_000_000_100L, 1)));
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        assertEquals(1, cancelCalls(), "nothing left to cancel");
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=1 cum=1 leaves=0"), recorder.events);
    }

    @Test
    void shouldSendTheCancelAgainWhenALookupFindsTheCreateLandedAfterItsReplyWasLost()
    {
        cancelOvertookTheCreate();
        transport.fail(BybitPaths.ORDER_CREATE, RestFailure.CONNECTION_RESET);
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "New", "0")));
        assertEquals(2, cancelCalls());
        transport.answer(BybitPaths.ORDER_CANCEL, ack("oid-1", "t-1"));
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0")));
        assertEquals(List.of("ACCEPTED t-1 synthetic", "CANCELLED t-1"), recorder.events);
    }

    @Test
    void shouldReportTheOrderNeverPlacedWhenTheCreateNeverLands()
    {
        cancelOvertookTheCreate();
        transport.fail(BybitPaths.ORDER_CREATE, RestFailure.CONNECTION_RESET);
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.ORDER_HISTORY, list(""));
        assertEquals(1, recorder.events.size());
        assertTrue(recorder.events.get(0).startsWith("REJECTED t-1 -1 synthetic"), recorder.events.get(0));
        assertEquals(1, cancelCalls());
        assertFalse(broker.isWorking(id));
    }

    @Test
    void shouldEndInTheRejectWhenTheCreateIsRefused()
    {
        cancelOvertookTheCreate();
        transport.answer(BybitPaths.ORDER_CREATE, error(170131, "Insufficient balance."));
        assertEquals(List.of("REJECTED t-1 170131 Insufficient balance."), recorder.events);
        assertEquals(1, cancelCalls());
    }

    @Test
    void shouldSendTheCancelAgainWhenItsNotFoundReplyArrivesAfterTheCreateAck()
    {
        // Bybit acted on the cancel first, but the create's ack overtook the cancel's reply
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.answer(BybitPaths.ORDER_CANCEL, NOT_EXISTS);
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "New", "0")));
        assertEquals(2, cancelCalls());
        transport.answer(BybitPaths.ORDER_CANCEL, ack("oid-1", "t-1"));
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0")));
        assertEquals(List.of("ACCEPTED t-1", "CANCELLED t-1"), recorder.events);
    }

    @Test
    void shouldReportTheCancelWhenTheCreateAndCancelBothLandInOrder()
    {
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.answer(BybitPaths.ORDER_CANCEL, ack("oid-1", "t-1"));
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0")));
        assertEquals(List.of("ACCEPTED t-1", "CANCELLED t-1"), recorder.events);
        assertEquals(1, cancelCalls());
    }

    @Test
    void shouldSayWhyWhenBybitRefusesTheCancel()
    {
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.answer(BybitPaths.ORDER_CANCEL, error(10001, "params error"));
        assertEquals(List.of("ACCEPTED t-1", "CANCEL_REJECTED t-1 10001 params error"), recorder.events);
        assertTrue(broker.isWorking(id), "the order is still working");
    }

    @Test
    void shouldGiveUpWithCancelRejectedWhenTheOrderStaysOpenAfterEveryAttempt()
    {
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        for (int i = 0; i < 3; i++)
        {
            transport.answer(BybitPaths.ORDER_CANCEL, error(10016, "service restarting"));
            transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "New", "0")));
        }
        assertEquals(3, cancelCalls());
        assertEquals(List.of("ACCEPTED t-1",
            "CANCEL_REJECTED t-1 -1 cancel did not take effect after 3 attempts; the order is still open"),
            recorder.events);
        assertEquals(0, transport.openCalls());
        assertTrue(broker.isWorking(id));
    }

    @Test
    void shouldIgnoreALateCancelReplyOfAnOrderRejectedAsACollision()
    {
        transport.answer(BybitPaths.ORDER_CREATE, error(110072, "OrderLinkedID is duplicate"));
        transport.answer(BybitPaths.ORDER_CANCEL, NOT_EXISTS);
        assertEquals(1, recorder.events.size());
        assertTrue(recorder.events.get(0).startsWith("REJECTED t-1 110072"));
        assertEquals(0, transport.openCalls());
    }

    @Test
    void shouldSayWhyWhenTheCancelNeverLeftTheProcess()
    {
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.fail(BybitPaths.ORDER_CANCEL, RestFailure.NOT_SENT);
        assertEquals(List.of("ACCEPTED t-1", "CANCEL_REJECTED t-1 -10006 not sent: rate-limit cancel lane full"),
            recorder.events);
        assertTrue(broker.isWorking(id));
        assertEquals(0, transport.openCalls(), "nothing to look up: it never left");
    }
}
