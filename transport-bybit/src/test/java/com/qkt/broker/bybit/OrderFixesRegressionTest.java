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
 * What a review of the order/fill fixes (exchange qty adopted, Filled ends at qty, fill wait for working orders,
 * refusal after confirmation) found or checked: normal flows in another decimal scale, pushes announcing cum before
 * their fills, a stale old-qty push, an amended order across a restart, a refused create Bybit never finds, and a
 * first-attempt 110072 after another order's push.
 */
class OrderFixesRegressionTest
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
        return firstOpen(transport);
    }
}
