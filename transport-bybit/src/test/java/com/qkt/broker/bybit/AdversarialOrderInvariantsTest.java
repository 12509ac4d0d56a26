package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.codecs.Side;
import org.agrona.ErrorHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.qkt.broker.bybit.BybitFrames.ack;
import static com.qkt.broker.bybit.BybitFrames.executionItem;
import static com.qkt.broker.bybit.BybitFrames.list;
import static com.qkt.broker.bybit.BybitFrames.order;
import static com.qkt.broker.bybit.BybitFrames.orderItem;
import static com.qkt.broker.bybit.BybitFrames.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adversarial exchange input against the order/fill invariants, found by review: orders ended by a push that a stale
 * REST view lists open, overfills, Filled/Rejected/Cancelled pushes ahead of their fills, amends on the exchange,
 * inflated cums, refusals after confirmation, items without execType; and, from a review of those fixes, normal flows
 * in another decimal scale, pushes announcing cum before their fills, an amended order across a restart, a refused
 * create Bybit never finds, and a first-attempt 110072 after another order's push.
 */
class AdversarialOrderInvariantsTest
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
            .walletAccountType("")
            .orderLinkIdPrefix("t-")
            .recoveryWindowMs(300_000)
            .executionPageLimit(100));
    }

    @AfterEach
    void contractHolds()
    {
        assertEquals(List.of(), recorder.violations);
    }

    private void placeAcked()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push(push("order", order("t-1", "oid-1", "New", "0")));
    }

    /** An execution whose qty takes the order past its quantity: cum must never exceed qty. */
    @Test
    void overfillingExecutionMustNotBeDeliveredPastTheOrderQty()
    {
        placeAcked();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.6", "0.4", 1_700_000_000_100L, 1)));
        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", "0.6", "0", 1_700_000_000_200L, 2)));
        for (final String e : recorder.events)
        {
            if (e.startsWith("FILL"))
            {
                final String cum = e.replaceAll(".* cum=([0-9.]+).*", "$1");
                assertTrue(new java.math.BigDecimal(cum).compareTo(java.math.BigDecimal.ONE) <= 0,
                    "cum exceeds order qty 1: " + e + " all=" + recorder.events);
            }
        }
        // contradictory, so counted, not delivered, and the exchange asked for the truth
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=0.6 cum=0.6 leaves=0.4"), recorder.events);
        assertEquals(1, broker.malformedFills());
        assertTrue(transport.openCalls() > 0, "no reconcile after an overfilling execution");
    }

    /**
     * A Filled push whose cumExecQty equals what was delivered but is below the qty (contradictory): the order must
     * not vanish without a terminal event.
     */
    @Test
    void filledPushBelowQtyMustNotSilentlyDropTheOrder()
    {
        placeAcked();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        transport.push(push("order", order("t-1", "oid-1", "Filled", "0.4")));
        // the rest of the fill arrives after
        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", "0.6", "0", 1_700_000_000_200L, 2)));
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6",
            "FILL t-1 e2 qty=0.6 cum=1 leaves=0"), recorder.events);
    }

    /** A Filled push with an absent cumExecQty ("") before the last fill's execution push. */
    @Test
    void filledPushWithAbsentCumBeforeTheLastExecution()
    {
        placeAcked();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        transport.push(push("order", order("t-1", "oid-1", "Filled", "")));
        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", "0.6", "0", 1_700_000_000_200L, 2)));
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6",
            "FILL t-1 e2 qty=0.6 cum=1 leaves=0"), recorder.events);
    }

    /** A Filled push below the qty whose last fill never comes live: looked up after fillWaitMs and delivered. */
    @Test
    void filledPushBelowQtyWithTheLastFillLostIsLookedUpAfterFillWait()
    {
        placeAcked();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        transport.push(push("order", order("t-1", "oid-1", "Filled", "0.4")));
        assertEquals(0, transport.openCalls());
        transport.advanceMillis(5_100);
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "Filled", "1")));
        transport.answer(BybitPaths.EXECUTION_LIST, list("",
            executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1),
            executionItem("e2", "t-1", "oid-1", "0.6", "0", 1_700_000_000_200L, 2)));
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6",
            "FILL t-1 e2 qty=0.6 cum=1 leaves=0 synthetic"), recorder.events);
        assertEquals(0, broker.knownOrderCount());
    }

    /** Order push Filled before both execution pushes: held, then fills, then done. */
    @Test
    void filledPushBeforeItsExecutions()
    {
        placeAcked();
        transport.push(push("order", order("t-1", "oid-1", "Filled", "1")));
        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", "0.6", "0", 1_700_000_000_200L, 2)));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        assertEquals(3, recorder.events.size(), recorder.events.toString());
        assertEquals(0, broker.knownOrderCount());
    }

    /**
     * A push reports a cumExecQty higher than the truth (hostile). Reconcile then shows the exchange's truth
     * (Cancelled, cum 0.3, one fill of 0.3). The order must end in CANCELLED rather than hang forever.
     */
    @Test
    void inflatedCumInOnePushMustNotWedgeTheOrderAfterTheExchangeSaysOtherwise()
    {
        placeAcked();
        transport.push(push("order", order("t-1", "oid-1", "PartiallyFilled", "0.5")));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.3", "0.7", 1_700_000_000_100L, 1)));
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0.3")));
        // let every lookup happen, and answer each with the exchange's truth
        for (int i = 0; i < 10 && broker.knownOrderCount() > 0; i++)
        {
            transport.advanceMillis(400_000);
            while (transport.openCalls() > 0)
            {
                final FakeBybitClient.Call c = firstOpen();
                if (c.path.equals(BybitPaths.EXECUTION_LIST))
                {
                    transport.answer(c.path, list("",
                        executionItem("e1", "t-1", "oid-1", "0.3", "0.7", 1_700_000_000_100L, 1)));
                }
                else
                {
                    transport.answer(c.path, list("", order("t-1", "oid-1", "Cancelled", "0.3")));
                }
            }
        }
        assertTrue(recorder.contains("CANCELLED t-1"), recorder.events + " after " + transport.calls.size() +
            " REST calls answered with the exchange's truth; still working: " + broker.knownOrderCount());
        assertEquals(0, broker.knownOrderCount());
    }

    /** cumExecQty above the order's qty in a push (hostile), then a fill to qty. */
    @Test
    void cumAboveQtyInAPushThenCancelled()
    {
        placeAcked();
        transport.push(push("order", order("t-1", "oid-1", "PartiallyFilled", "5")));
        assertEquals(1, broker.malformedOrders(), "cumExecQty 5 of qty 1 not counted as malformed");
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.5", "0.5", 1_700_000_000_100L, 1)));
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0.5")));
        for (int i = 0; i < 10 && broker.knownOrderCount() > 0; i++)
        {
            transport.advanceMillis(400_000);
            while (transport.openCalls() > 0)
            {
                final FakeBybitClient.Call c = firstOpen();
                if (c.path.equals(BybitPaths.EXECUTION_LIST))
                {
                    transport.answer(c.path, list("",
                        executionItem("e1", "t-1", "oid-1", "0.5", "0.5", 1_700_000_000_100L, 1)));
                }
                else
                {
                    transport.answer(c.path, list("", order("t-1", "oid-1", "Cancelled", "0.5")));
                }
            }
        }
        assertTrue(recorder.contains("CANCELLED t-1"), recorder.events + " after " + transport.calls.size() +
            " REST calls answered with the exchange's truth; still working: " + broker.knownOrderCount());
        assertEquals(0, broker.knownOrderCount());
    }

    /** A working order whose push reports fills that never arrive is reconciled within fillWaitMs. */
    @Test
    void missingFillsOfAWorkingOrderAreLookedUpAfterFillWait()
    {
        placeAcked();
        final int before = transport.calls.size();
        transport.push(push("order", order("t-1", "oid-1", "PartiallyFilled", "0.5")));
        transport.advanceMillis(5_100);
        assertTrue(transport.calls.size() > before, "no lookup after fillWaitMs: " + transport.calls);
    }

    /** The fills a working order's push reported arrive within fillWaitMs: no lookup. */
    @Test
    void reportedFillsOfAWorkingOrderThatArriveInTimeNeedNoLookup()
    {
        placeAcked();
        final int before = transport.calls.size();
        transport.push(push("order", order("t-1", "oid-1", "PartiallyFilled", "0.5")));
        transport.advanceMillis(1_000);
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.5", "0.5", 1_700_000_000_100L, 1)));
        transport.advanceMillis(30_000);
        assertEquals(before, transport.calls.size(), transport.calls.toString());
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=0.5 cum=0.5 leaves=0.5"), recorder.events);
    }

    /** Execution after the order's Cancelled push, Cancelled push saying cum 0 (the fill raced). */
    @Test
    void executionAfterCancelledPushWithStaleCum()
    {
        placeAcked();
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0")));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.3", "0.7", 1_700_000_000_100L, 1)));
        System.out.println("executionAfterCancelledPushWithStaleCum: " + recorder.events + " foreign=" +
            broker.foreignEvents());
    }

    /** The same exec id twice with different qty. */
    @Test
    void sameExecIdDifferentQty()
    {
        placeAcked();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.3", "0.7", 1_700_000_000_100L, 1)));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.5", "0.5", 1_700_000_000_100L, 1)));
        System.out.println("sameExecIdDifferentQty: " + recorder.events + " errors=" + errors + " calls=" +
            transport.openCalls());
    }

    /** Non-Trade exec types for our order. */
    @Test
    void nonTradeExecTypes()
    {
        placeAcked();
        for (final String type : new String[] {"Funding", "AdlTrade", "BustTrade", "Settle", "Delivery", "Bogus"})
        {
            transport.push(push("execution", executionItem("x-" + type, "t-1", "oid-1", "0.1", "0.9",
                1_700_000_000_100L, 1).replace("\"execType\":\"Trade\"", "\"execType\":\"" + type + "\"")));
        }
        System.out.println("nonTradeExecTypes: " + recorder.events + " errors=" + errors + " foreign=" +
            broker.foreignEvents() + " open=" + transport.openCalls());
    }

    /** The order's qty was amended down on the exchange (by hand) from 1 to 0.5, then filled. */
    @Test
    void orderAmendedDownOnTheExchangeThenFilledGetsATerminalEvent()
    {
        placeAcked();
        transport.push(push("order", orderItem("t-1", "oid-1", "New", "0.5", "50000", "0", "UNKNOWN", "EC_NoError")));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.5", "0", 1_700_000_000_100L, 1)
            .replace("\"orderQty\":\"1\"", "\"orderQty\":\"0.5\"")));
        transport.push(push("order", orderItem("t-1", "oid-1", "Filled", "0.5", "50000", "0.5", "UNKNOWN",
            "EC_NoError")));
        System.out.println("amendedDown: " + recorder.events + " known=" + broker.knownOrderCount());
        // the strategy must learn the order is done: a fill with leaves 0, or a terminal event
        final String last = recorder.events.get(recorder.events.size() - 1);
        assertTrue(last.startsWith("CANCELLED") || last.endsWith("leaves=0") || last.startsWith("REJECTED"),
            "no terminal event for an order the exchange reports Filled: " + recorder.events + " known=" +
            broker.knownOrderCount());
    }

    /** The amend down (1 to 0.5) is reported only by the Filled push, after its last fill went out with leaves 0.5. */
    @Test
    void orderAmendedDownReportedAfterItsLastFillGetsATerminalEvent()
    {
        placeAcked();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.5", "0", 1_700_000_000_100L, 1)));
        transport.push(push("order", orderItem("t-1", "oid-1", "Filled", "0.5", "50000", "0.5", "UNKNOWN",
            "EC_NoError")));
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=0.5 cum=0.5 leaves=0.5", "CANCELLED t-1"),
            recorder.events);
        assertEquals(0, broker.knownOrderCount());
    }

    /** An order push whose qty is below the fills already delivered contradicts them: not applied, reconciled. */
    @Test
    void orderQtyBelowTheDeliveredFillsIsMalformed()
    {
        placeAcked();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.6", "0.4", 1_700_000_000_100L, 1)));
        final int before = transport.calls.size();
        transport.push(push("order", orderItem("t-1", "oid-1", "Cancelled", "0.5", "50000", "0.6", "CancelByUser",
            "EC_NoError")));
        assertEquals(1, broker.malformedOrders());
        assertTrue(transport.calls.size() > before, "no reconcile after a contradictory order item");
        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", "0.4", "0", 1_700_000_000_200L, 2)));
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.6 cum=0.6 leaves=0.4",
            "FILL t-1 e2 qty=0.4 cum=1 leaves=0"), recorder.events);
    }

    /** The order's qty was amended up on the exchange from 1 to 2 and fills 1.5, then cancelled. */
    @Test
    void orderAmendedUpOnTheExchangeDeliversEveryFill()
    {
        placeAcked();
        transport.push(push("order", orderItem("t-1", "oid-1", "New", "2", "50000", "0", "UNKNOWN", "EC_NoError")));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "1", "1", 1_700_000_000_100L, 1)
            .replace("\"orderQty\":\"1\"", "\"orderQty\":\"2\"")));
        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", "0.5", "0.5", 1_700_000_000_200L, 2)
            .replace("\"orderQty\":\"1\"", "\"orderQty\":\"2\"")));
        transport.push(push("order", orderItem("t-1", "oid-1", "Cancelled", "2", "50000", "1.5", "CancelByUser",
            "EC_NoError")));
        System.out.println("amendedUp: " + recorder.events + " known=" + broker.knownOrderCount());
        assertEquals(2, recorder.fills, "executed fills not all delivered: " + recorder.events);
    }

    /** An execution item without execType on the full execution topic (malformed): counted and reconciled. */
    @Test
    void executionWithoutExecTypeIsCountedAndReconciled()
    {
        placeAcked();
        final int before = transport.calls.size();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)
            .replace("\"execType\":\"Trade\",", "")));
        System.out.println("noExecType: " + recorder.events + " malformed=" + broker.malformedFills() + " foreign=" +
            broker.foreignEvents() + " calls=" + transport.calls.subList(before, transport.calls.size()));
        assertTrue(broker.malformedFills() > 0 || transport.calls.size() > before,
            "silently dropped: neither counted as malformed nor reconciled");
        assertEquals(1, broker.malformedFills());
        assertTrue(transport.calls.size() > before, "not reconciled");
        assertEquals(List.of("ACCEPTED t-1"), recorder.events);
    }

    /** Bybit's create reply refuses the order after its fill was already pushed (contradictory). */
    @Test
    void createRefusedAfterAFillWasPushed()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        transport.answer(BybitPaths.ORDER_CREATE, BybitFrames.error(170131, "Insufficient balance."));
        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", "0.6", "0", 1_700_000_000_200L, 2)));
        System.out.println("refusedAfterFill: " + recorder.events + " known=" + broker.knownOrderCount());
        assertTrue(!recorder.contains("REJECTED"), "rejected after a fill: " + recorder.events);
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6",
            "FILL t-1 e2 qty=0.6 cum=1 leaves=0"), recorder.events);
        assertEquals(0, broker.knownOrderCount());
    }

    /** Startup with state: a live terminal push lands while the startup reconcile's open-orders query is out. */
    @Test
    void staleStartupOpenOrdersReplyAfterALiveTerminalPush() throws Exception
    {
        final java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("adv-state");
        final FakeBybitClient t1 = new FakeBybitClient();
        final StrategyEventRecorder r1 = new StrategyEventRecorder();
        final BybitSpotBroker b1 = new BybitSpotBroker(t1, r1, errorHandler, new BybitSpotBrokerContext()
            .walletAccountType("").orderLinkIdPrefix("s-").recoveryWindowMs(300_000).executionPageLimit(100)
            .stateDir(dir));
        b1.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        t1.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "s-1"));
        b1.close();

        final FakeBybitClient t2 = new FakeBybitClient();
        final StrategyEventRecorder r2 = new StrategyEventRecorder();
        final BybitSpotBroker b2 = new BybitSpotBroker(t2, r2, errorHandler, new BybitSpotBrokerContext()
            .walletAccountType("").orderLinkIdPrefix("s-").recoveryWindowMs(300_000).executionPageLimit(100)
            .stateDir(dir));
        try
        {
            b2.onStartupSessionReady(t2.generation());
            // live: the order is cancelled while the startup query is out
            t2.push(push("order", order("s-1", "oid-1", "Cancelled", "0")));
            // the open-orders reply was made before the cancel
            t2.answer(BybitPaths.ORDER_REALTIME, list("", order("s-1", "oid-1", "New", "0")));
            for (int i = 0; i < 5 && t2.openCalls() > 0; i++)
            {
                final FakeBybitClient.Call c = firstOpen(t2);
                if (c.path.equals(BybitPaths.EXECUTION_LIST))
                {
                    t2.answer(c.path, list(""));
                }
                else
                {
                    t2.answer(c.path, list("", order("s-1", "oid-1", "Cancelled", "0")));
                }
            }
            t2.advanceMillis(120_000);
            for (int i = 0; i < 10 && t2.openCalls() > 0; i++)
            {
                final FakeBybitClient.Call c = firstOpen(t2);
                if (c.path.equals(BybitPaths.EXECUTION_LIST))
                {
                    t2.answer(c.path, list(""));
                }
                else if (c.payload.contains("orderLinkId"))
                {
                    t2.answer(c.path, list("", order("s-1", "oid-1", "Cancelled", "0")));
                }
                else
                {
                    t2.answer(c.path, list(""));
                }
            }
            System.out.println("staleStartup: " + r2.events + " violations=" + r2.violations + " known=" +
                b2.knownOrderCount());
            assertEquals(List.of(), r2.violations, r2.events.toString());
            assertEquals(0, b2.knownOrderCount(), r2.events.toString());
        }
        finally
        {
            b2.close();
        }
    }

    /** Startup with state: the order fills completely live while the startup open-orders query is out. */
    @Test
    void staleStartupOpenOrdersReplyAfterALiveFill() throws Exception
    {
        final java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("adv-state");
        final FakeBybitClient t1 = new FakeBybitClient();
        final BybitSpotBroker b1 = new BybitSpotBroker(t1, new StrategyEventRecorder(), errorHandler,
            new BybitSpotBrokerContext().walletAccountType("").orderLinkIdPrefix("s-").recoveryWindowMs(300_000)
                .executionPageLimit(100).stateDir(dir));
        b1.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        t1.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "s-1"));
        b1.close();

        final FakeBybitClient t2 = new FakeBybitClient();
        final StrategyEventRecorder r2 = new StrategyEventRecorder();
        final BybitSpotBroker b2 = new BybitSpotBroker(t2, r2, errorHandler, new BybitSpotBrokerContext()
            .walletAccountType("").orderLinkIdPrefix("s-").recoveryWindowMs(300_000).executionPageLimit(100)
            .stateDir(dir));
        final String fill = executionItem("e1", "s-1", "oid-1", "1", "0", t2.clock.time() - 10, 1);
        try
        {
            b2.onStartupSessionReady(t2.generation());
            t2.push(push("execution", fill));
            t2.push(push("order", order("s-1", "oid-1", "Filled", "1")));
            // the open-orders reply was made just before the fill
            t2.answer(BybitPaths.ORDER_REALTIME, list("", order("s-1", "oid-1", "New", "0")));
            for (int round = 0; round < 6; round++)
            {
                for (int i = 0; i < 20 && t2.openCalls() > 0; i++)
                {
                    final FakeBybitClient.Call c = firstOpen(t2);
                    if (c.path.equals(BybitPaths.EXECUTION_LIST))
                    {
                        t2.answer(c.path, list("", fill));
                    }
                    else if (c.payload.contains("orderLinkId"))
                    {
                        t2.answer(c.path, list("", order("s-1", "oid-1", "Filled", "1")));
                    }
                    else
                    {
                        t2.answer(c.path, list(""));
                    }
                }
                t2.advanceMillis(400_000);
            }
            System.out.println("staleStartupFill: " + r2.events + " violations=" + r2.violations + " known=" +
                b2.knownOrderCount());
            assertEquals(List.of(), r2.violations, r2.events.toString());
            assertEquals(0, b2.knownOrderCount(), "order left working: " + r2.events);
        }
        finally
        {
            b2.close();
        }
    }

    /** A Rejected push reporting cumExecQty 0.3 before that fill's execution push: held like a cancel. */
    @Test
    void rejectedPushWithReportedFillsIsHeldBackUntilTheFillArrives()
    {
        placeAcked();
        transport.push(push("order", order("t-1", "oid-1", "Rejected", "0.3")));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.3", "0.7", 1_700_000_000_100L, 1)));
        System.out.println("rejectedWithCum: " + recorder.events + " foreign=" + broker.foreignEvents());
        assertEquals(1, recorder.fills, "the reported fill was never delivered: " + recorder.events);
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=0.3 cum=0.3 leaves=0.7", "REJECTED t-1 0 EC_Others"),
            recorder.events);
        assertEquals(0, broker.knownOrderCount());
    }

    /** With the session up (periodic reconcile at its default 60 s), reported-but-missing fills of a working order. */
    @Test
    void missingFillsOfAWorkingOrderWithSessionUp()
    {
        transport.fireInitialSessionReady();
        placeAcked();
        final int before = transport.calls.size();
        transport.push(push("order", order("t-1", "oid-1", "PartiallyFilled", "0.5")));
        transport.advanceMillis(10_000);
        final int after10s = transport.calls.size();
        transport.advanceMillis(55_000);
        System.out.println("missingFillsWorking: calls in first 10 s " + transport.calls.subList(before, after10s) +
            "; by 65 s " + transport.calls.subList(before, transport.calls.size()));
        assertTrue(after10s > before, "not looked up within 2x fillWaitMs (5 s)");
    }

    /** A malformed copy of an exec id first (price 0), then the good one: delivered once. */
    @Test
    void malformedThenGoodSameExecId()
    {
        placeAcked();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.3", "0.7", 1_700_000_000_100L, 1)
            .replace("\"execPrice\":\"50000\"", "\"execPrice\":\"0\"")));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.3", "0.7", 1_700_000_000_100L, 1)));
        assertEquals(1, recorder.fills, recorder.events.toString());
    }

    /** execution.fast then the full execution of the same fill, then the order's Filled push. */
    @Test
    void fastThenFullExecution()
    {
        placeAcked();
        final String fast = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"execId\":\"e1\",\"execPrice\":" +
            "\"50000\",\"execQty\":\"1\",\"orderId\":\"oid-1\",\"isMaker\":false,\"orderLinkId\":\"t-1\"," +
            "\"side\":\"Buy\",\"execTime\":\"1700000000100\",\"seq\":1}";
        transport.push(push("execution.fast", fast));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "1", "0", 1_700_000_000_100L, 1)));
        transport.push(push("order", order("t-1", "oid-1", "Filled", "1")));
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=1 cum=1 leaves=0"), recorder.events);
        assertEquals(0, broker.knownOrderCount());
    }

    /** New -> PartiallyFilled -> New (amend-like) then Cancelled. */
    @Test
    void newPartiallyFilledNewThenCancelled()
    {
        placeAcked();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.3", "0.7", 1_700_000_000_100L, 1)));
        transport.push(push("order", order("t-1", "oid-1", "PartiallyFilled", "0.3")));
        transport.push(push("order", order("t-1", "oid-1", "New", "0")));
        transport.push(push("order", order("t-1", "oid-1", "PartiallyFilledCanceled", "0.3")));
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=0.3 cum=0.3 leaves=0.7", "CANCELLED t-1"),
            recorder.events);
        assertEquals(0, broker.knownOrderCount());
    }

    private static String exec(final String id, final String qty, final String leaves, final long seq)
    {
        return executionItem(id, "t-1", "oid-1", qty, leaves, 1_700_000_000_000L + seq * 100, seq);
    }

    // ------------------------------------------------------------------ held-up checks (expected to pass)

    /** Normal flow, pushes in a different scale ("1.000"), cum announced before the executions, then cancelled. */
    @Test
    void normalFlowPushesInAnotherScaleThenCancel()
    {
        placeAcked();
        final int before = transport.calls.size();
        transport.push(push("order", orderItem("t-1", "oid-1", "PartiallyFilled", "1.000", "50000.00", "0.300",
            "UNKNOWN", "EC_NoError")));
        transport.push(push("execution", exec("e1", "0.3", "0.7", 1)));
        transport.push(push("order", orderItem("t-1", "oid-1", "PartiallyFilled", "1.000", "50000.00", "0.500",
            "UNKNOWN", "EC_NoError")));
        transport.push(push("execution", exec("e2", "0.2", "0.5", 2)));
        transport.push(push("order", orderItem("t-1", "oid-1", "Cancelled", "1.000", "50000.00", "0.500",
            "CancelByUser", "EC_NoError")));
        transport.advanceMillis(30_000);
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.3 cum=0.3 leaves=0.7",
            "FILL t-1 e2 qty=0.2 cum=0.5 leaves=0.5",
            "CANCELLED t-1"), recorder.events);
        assertEquals(0, broker.knownOrderCount());
        assertEquals(before, transport.calls.size(), "lookups in a normal flow: " + transport.calls);
        assertEquals(0, broker.malformedOrders());
        assertEquals(0, transport.timers.timerCount(), "timer left armed");
    }

    /** Cum announced by working pushes well before executions, many times: no lookups, no timer left. */
    @Test
    void manyPushesAnnouncingCumBeforeTheirExecutionsStartNoLookups()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        final int before = transport.calls.size();
        for (int i = 1; i <= 9; i++)
        {
            transport.push(push("order", order("t-1", "oid-1", "PartiallyFilled", "0." + i)));
            transport.advanceMillis(4_000);
            transport.push(push("execution", exec("e" + i, "0.1", "0." + (10 - i), i)));
        }
        transport.push(push("order", order("t-1", "oid-1", "Filled", "1")));
        transport.advanceMillis(4_000);
        transport.push(push("execution", exec("e10", "0.1", "0", 10)));
        transport.advanceMillis(600_000);
        assertEquals(before, transport.calls.size(), transport.calls.toString());
        assertEquals(10, recorder.fills);
        assertEquals(0, broker.knownOrderCount());
        assertEquals(0, transport.timers.timerCount(), "timer left armed");
    }

    /** Filled push (qty 1) then the last fill taking cum to qty: exactly one terminal (the fill), no CANCELLED. */
    @Test
    void filledPushBeforeLastFillGivesOneTerminal()
    {
        placeAcked();
        transport.push(push("execution", exec("e1", "0.4", "0.6", 1)));
        transport.push(push("order", orderItem("t-1", "oid-1", "Filled", "1.0", "50000", "1.0", "UNKNOWN",
            "EC_NoError")));
        transport.push(push("execution", exec("e2", "0.6", "0", 2)));
        transport.push(push("order", orderItem("t-1", "oid-1", "Filled", "1.0", "50000", "1.0", "UNKNOWN",
            "EC_NoError")));
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6",
            "FILL t-1 e2 qty=0.6 cum=1 leaves=0"), recorder.events);
        assertEquals(0, broker.knownOrderCount());
    }

    /** Amend up (1 to 2) then a stale push with the old qty 1, then a fill of 1.5: refused, reconciled, delivered. */
    @Test
    void stalePushWithTheOldQtyAfterAnAmendUpDoesNotWedge()
    {
        placeAcked();
        transport.push(push("order", orderItem("t-1", "oid-1", "New", "2", "50000", "0", "UNKNOWN", "EC_NoError")));
        transport.push(push("order", orderItem("t-1", "oid-1", "New", "1", "50000", "0", "UNKNOWN", "EC_NoError")));
        final String e1 = exec("e1", "1.5", "0.5", 1).replace("\"orderQty\":\"1\"", "\"orderQty\":\"2\"");
        transport.push(push("execution", e1));
        final String truth = orderItem("t-1", "oid-1", "PartiallyFilled", "2", "50000", "1.5", "UNKNOWN",
            "EC_NoError");
        for (int i = 0; i < 20 && transport.openCalls() > 0; i++)
        {
            final FakeBybitClient.Call c = firstOpen();
            transport.answer(c.path, c.path.equals(BybitPaths.EXECUTION_LIST) ? list("", e1) : list("", truth));
        }
        transport.push(push("order", orderItem("t-1", "oid-1", "Cancelled", "2", "50000", "1.5", "CancelByUser",
            "EC_NoError")));
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=1.5 cum=1.5 leaves=0.5 synthetic",
            "CANCELLED t-1"), recorder.without("RECOVERED"));
        assertEquals(0, broker.knownOrderCount());
    }

    // ------------------------------------------------------------------ holes

    /**
     * A create refused (170131) after a push of the order (so existenceConfirmed), and the exchange has no record of
     * it (every lookup answers empty). The refusal path now looks the order up; applyNotFound then re-arms a lookup
     * for ever because the order is existenceConfirmed: the order never gets a terminal event and the lookups never
     * stop.
     */
    @Test
    void createRefusedAfterAPushButUnknownToTheExchangeEnds()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.push(push("order", order("t-1", "oid-1", "New", "0")));
        transport.answer(BybitPaths.ORDER_CREATE, BybitFrames.error(170131, "Insufficient balance."));
        int lookups = 0;
        for (int round = 0; round < 12; round++)
        {
            while (transport.openCalls() > 0)
            {
                final FakeBybitClient.Call c = firstOpen();
                transport.answer(c.path, list(""));
                lookups++;
            }
            transport.advanceMillis(400_000);
        }
        assertTrue(recorder.isTerminal("t-1") || broker.knownOrderCount() == 0,
            "order never ends after " + lookups + " empty lookups over 80 min: " + recorder.events);
    }

    /** A first-attempt 110072 after a fill of the order was delivered: looked up, never a rejection after a fill. */
    @Test
    void firstAttemptDuplicateAfterADeliveredFillIsLookedUpNotRejected()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        transport.answer(BybitPaths.ORDER_CREATE, BybitFrames.error(110072, "OrderLinkedID is duplicate"));
        assertFalse(recorder.contains("REJECTED"), "rejected after its fill: " + recorder.events);
        assertEquals(1, broker.knownOrderCount());
    }

    /**
     * A refused create that a push confirmed: lookups miss it five times, then one finds it working. From then on the
     * refusal no longer stands, whatever later lookups (after a cancel Bybit answers "order does not exist") say.
     */
    @Test
    void aRefusalNoLongerStandsOnceALookupFoundTheOrder()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.push(push("order", order("t-1", "oid-1", "New", "0")));
        transport.answer(BybitPaths.ORDER_CREATE, BybitFrames.error(170131, "Insufficient balance."));
        answerLookups(5, list(""));
        answerLookups(1, list("", order("t-1", "oid-1", "New", "0")));
        assertTrue(broker.cancel(1));
        transport.answer(BybitPaths.ORDER_CANCEL, BybitFrames.error(110001, "Order does not exist."));
        answerLookups(12, list(""));
        assertFalse(recorder.contains("REJECTED"), "an order a lookup found, rejected: " + recorder.events);
    }

    /** A refused create whose push reported fills (cum 0.4) is never rejected, however long lookups find nothing. */
    @Test
    void aRefusalNeverStandsForAnOrderBybitReportedFillsOf()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.push(push("order", order("t-1", "oid-1", "PartiallyFilled", "0.4")));
        transport.answer(BybitPaths.ORDER_CREATE, BybitFrames.error(170131, "Insufficient balance."));
        answerLookups(12, list(""));
        assertFalse(recorder.contains("REJECTED"), "rejected although 0.4 executed: " + recorder.events);
    }

    // Answer every open call with the reply, then let the look-up back-off run, `rounds` times.
    private void answerLookups(final int rounds, final String reply)
    {
        for (int round = 0; round < rounds; round++)
        {
            while (transport.openCalls() > 0)
            {
                transport.answer(firstOpen().path, reply);
            }
            transport.advanceMillis(400_000);
        }
    }

    /**
     * An order amended up on the exchange (1 to 2) with 1.5 delivered, then a restart with the state directory. The
     * adopted qty is neither persisted nor matchable after the restart (the orderId is not persisted, so the identity
     * check compares the exchange's qty 2 with the restored, submitted qty 1).
     */
    @Test
    void orderAmendedUpThenRestartIsAdoptedAndFinishes() throws Exception
    {
        final Path dir = Files.createTempDirectory("review-state");
        final FakeBybitClient t1 = new FakeBybitClient();
        final StrategyEventRecorder r1 = new StrategyEventRecorder();
        final BybitSpotBroker b1 = new BybitSpotBroker(t1, r1, errorHandler, new BybitSpotBrokerContext()
            .walletAccountType("").orderLinkIdPrefix("s-").recoveryWindowMs(300_000).executionPageLimit(100)
            .stateDir(dir));
        final long t0 = t1.clock.time();
        final String e1 = executionItem("e1", "s-1", "oid-1", "1.5", "0.5", t0 - 1_000, 1)
            .replace("\"orderQty\":\"1\"", "\"orderQty\":\"2\"");
        b1.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        t1.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "s-1"));
        t1.push(push("order", orderItem("s-1", "oid-1", "New", "2", "50000", "0", "UNKNOWN", "EC_NoError")));
        t1.push(push("execution", e1));
        assertEquals(List.of("ACCEPTED s-1", "FILL s-1 e1 qty=1.5 cum=1.5 leaves=0.5"), r1.events);
        b1.close();

        final FakeBybitClient t2 = new FakeBybitClient();
        final StrategyEventRecorder r2 = new StrategyEventRecorder();
        final BybitSpotBroker b2 = new BybitSpotBroker(t2, r2, errorHandler, new BybitSpotBrokerContext()
            .walletAccountType("").orderLinkIdPrefix("s-").recoveryWindowMs(300_000).executionPageLimit(100)
            .stateDir(dir));
        final String open = orderItem("s-1", "oid-1", "PartiallyFilled", "2", "50000", "1.5", "UNKNOWN",
            "EC_NoError");
        try
        {
            b2.onStartupSessionReady(t2.generation());
            for (int i = 0; i < 20 && t2.openCalls() > 0; i++)
            {
                final FakeBybitClient.Call c = firstOpen(t2);
                if (c.path.equals(BybitPaths.EXECUTION_LIST))
                {
                    t2.answer(c.path, list("", e1));
                }
                else
                {
                    t2.answer(c.path, list("", open));
                }
            }
            // the rest of the order fills live
            t2.push(push("execution", executionItem("e2", "s-1", "oid-1", "0.5", "0", t2.clock.time(), 2)
                .replace("\"orderQty\":\"1\"", "\"orderQty\":\"2\"")));
            assertFalse(r2.contains("REJECTED"), "an accepted, partly filled order rejected after restart: " +
                r2.events);
            assertTrue(r2.events.contains("FILL s-1 e2 qty=0.5 cum=2 leaves=0"), "last fill lost: " + r2.events);
            assertEquals(List.of(), r2.violations, r2.events.toString());
        }
        finally
        {
            b2.close();
        }
    }

    /**
     * A fixed prefix reused: another order (oid-OLD, same symbol/side/qty/price) already holds t-1 on Bybit. A push of
     * it lands between our submit and the create reply, which is 110072 on the first attempt: proof the id is another
     * order's (README: OrderRejected 110072, nothing looked up or adopted; the other order's fills never ours). Since
     * 392e8c2 the existenceConfirmed branch runs before the collision branch: the other order is looked up and kept
     * as ours, and its later fills are delivered as ours.
     */
    @Test
    void duplicateIdOnFirstAttemptAfterAnotherOrdersPushIsStillACollision()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.push(push("order", order("t-1", "oid-OLD", "New", "0")));
        transport.answer(BybitPaths.ORDER_CREATE, BybitFrames.error(110072, "OrderLinkedID is duplicate"));
        for (int i = 0; i < 10 && transport.openCalls() > 0; i++)
        {
            final FakeBybitClient.Call c = firstOpen();
            transport.answer(c.path, c.path.equals(BybitPaths.EXECUTION_LIST) ? list("") :
                list("", order("t-1", "oid-OLD", "New", "0")));
        }
        // the other order fills
        transport.push(push("execution", executionItem("x1", "t-1", "oid-OLD", "1", "0", 1_700_000_000_100L, 1)));
        assertTrue(recorder.contains("REJECTED t-1 110072"), "collision not reported: " + recorder.events);
        assertEquals(0, recorder.fills, "another order's fill delivered as ours: " + recorder.events);
    }

    private static FakeBybitClient.Call firstOpen(final FakeBybitClient t)
    {
        for (final FakeBybitClient.Call c : t.calls)
        {
            if (!c.answered)
            {
                return c;
            }
        }
        throw new AssertionError();
    }

    private FakeBybitClient.Call firstOpen()
    {
        for (final FakeBybitClient.Call c : transport.calls)
        {
            if (!c.answered)
            {
                return c;
            }
        }
        throw new AssertionError();
    }
}
