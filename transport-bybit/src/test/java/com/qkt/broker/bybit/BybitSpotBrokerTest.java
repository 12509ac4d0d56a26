package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.codecs.Side;
import org.agrona.ErrorHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BybitSpotBrokerTest
{
    private final FakeBybitClient transport = new FakeBybitClient();
    private final StrategyEventRecorder recorder = new StrategyEventRecorder();
    private final List<Throwable> errors = new ArrayList<>();
    private final ErrorHandler errorHandler = errors::add;
    private BybitSpotBroker broker;

    @BeforeEach
    void setUp()
    {
        // orders only: the wallet snapshot each session start also takes is AccountTrackerTest's subject
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

    @Test
    void shouldSendTheOrderWithItsLinkIdAndReportAcceptedFillsAndForgetTheFilledOrder()
    {
        final long id = broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        final FakeBybitClient.Call create = transport.oldestOpen(BybitPaths.ORDER_CREATE);
        assertEquals("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\"," +
            "\"qty\":\"1\",\"price\":\"50000\",\"timeInForce\":\"GTC\",\"orderLinkId\":\"t-1\"}", create.payload);
        assertEquals("t-1", broker.orderLinkId(id));

        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push(push("order", order("t-1", "oid-1", "New", "0")));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        assertTrue(broker.isWorking(id));
        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", "0.6", "0", 1_700_000_000_200L, 2)));
        transport.push(push("order", order("t-1", "oid-1", "Filled", "1")));

        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6",
            "FILL t-1 e2 qty=0.6 cum=1 leaves=0"), recorder.events);
        assertFalse(broker.isWorking(id));
        assertEquals(0, broker.knownOrderCount());
    }

    @Test
    void shouldDeliverAFillPushedTwiceOnlyOnce()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        final String fill = push("execution", executionItem("e1", "t-1", "oid-1", "0.5", "0.5", 1_700_000_000_100L, 1));
        transport.push(fill);
        transport.push(fill);
        assertEquals(1, recorder.fills);
        assertEquals(1, broker.duplicateFills());
    }

    @Test
    void shouldHoldTheTerminalEventUntilTheReportedFillsArrive()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0.3")));
        assertEquals(List.of("ACCEPTED t-1"), recorder.events);

        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.3", "0.7", 1_700_000_000_100L, 1)));
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=0.3 cum=0.3 leaves=0.7", "CANCELLED t-1"), recorder.events);
        assertEquals(0, broker.knownOrderCount());
    }

    @Test
    void shouldReconcileAnOrderWhoseReportedFillsNeverArrive()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push(push("order", order("t-1", "oid-1", "Cancelled", "0.3")));
        transport.advanceMillis(5_100);

        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "Cancelled", "0.3")));
        final FakeBybitClient.Call executions = transport.answer(BybitPaths.EXECUTION_LIST,
            list("", executionItem("e1", "t-1", "oid-1", "0.3", "0.7", 1_700_000_000_100L, 1)));
        assertEquals("category=spot&orderLinkId=t-1&limit=100", executions.payload);
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.3 cum=0.3 leaves=0.7 synthetic",
            "CANCELLED t-1 synthetic"), recorder.events);
        assertEquals(0, broker.knownOrderCount());
    }

    @Test
    void shouldRecoverFillsAndACancelMissedDuringAGapExactlyOnce()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.2", "0.8", 1_700_000_000_100L, 1)));
        final int[] reconnects = new int[1];
        transport.onReconnect(() -> reconnects[0]++);

        transport.drop();
        transport.advanceMillis(1_000);
        transport.fireOnReconnect();

        final FakeBybitClient.Call open = transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        assertEquals("category=spot&limit=50", open.payload);
        final FakeBybitClient.Call executions = transport.answer(BybitPaths.EXECUTION_LIST, list("",
            executionItem("e3", "t-1", "oid-1", "0.3", "0.5", 1_700_000_000_300L, 3),
            executionItem("e2", "t-1", "oid-1", "0.2", "0.6", 1_700_000_000_200L, 2),
            executionItem("e1", "t-1", "oid-1", "0.2", "0.8", 1_700_000_000_100L, 1)));
        assertTrue(executions.payload.startsWith("category=spot&limit=100&startTime="), executions.payload);
        assertEquals(0, reconnects[0]);

        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "Cancelled", "0.7")));

        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.2 cum=0.2 leaves=0.8",
            "FILL t-1 e2 qty=0.2 cum=0.4 leaves=0.6 synthetic",
            "FILL t-1 e3 qty=0.3 cum=0.7 leaves=0.3 synthetic",
            "CANCELLED t-1 synthetic",
            "RECOVERED fills=2 cancels=1 rejects=0 dups=1"), recorder.without("STATE"));
        assertEquals(1, reconnects[0]);
        assertEquals(0, broker.knownOrderCount());
        assertEquals(0, transport.openCalls());
    }

    @Test
    void shouldReportACancelByDisconnectionProtectionAsSuchLive()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-2", "t-2"));
        transport.push(push("order", BybitFrames.orderItem(
            "t-1", "oid-1", "Cancelled", "1", "50000", "0", "CancelByDCP", "EC_NoError")));
        transport.push(push("order", order("t-2", "oid-2", "Cancelled", "0")));
        assertEquals(List.of("ACCEPTED t-1", "ACCEPTED t-2", "CANCELLED t-1 byDCP", "CANCELLED t-2"), recorder.events);
    }

    @Test
    void shouldReportACancelByDisconnectionProtectionAsSuchFromRecovery()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.drop();
        transport.advanceMillis(15_000);
        transport.fireOnReconnect();
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.EXECUTION_LIST, list(""));
        transport.answer(BybitPaths.ORDER_REALTIME, list("", BybitFrames.orderItem(
            "t-1", "oid-1", "Cancelled", "1", "50000", "0", "CancelByDCP", "EC_NoError")));
        assertEquals(List.of("ACCEPTED t-1", "CANCELLED t-1 synthetic byDCP",
            "RECOVERED fills=0 cancels=1 rejects=0 dups=0"), recorder.without("STATE"));
    }

    @Test
    void shouldAskForTheRecoveryWindowInServerTime()
    {
        transport.serverOffsetMillis = -10_000; // the exchange is 10 s behind the host
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.drop();
        transport.advanceMillis(1_000);
        transport.fireOnReconnect();
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        final FakeBybitClient.Call executions = transport.answer(BybitPaths.EXECUTION_LIST, list(""));
        final long serverNow = transport.clock.time() - 10_000;
        final long submittedAtServer = serverNow - 1_000;
        // from the submit minus the margin, to now plus the margin, all on the exchange's clock
        assertEquals("category=spot&limit=100&startTime=" + (submittedAtServer - 10_000) + "&endTime=" +
            (serverNow + 10_000), executions.payload);
    }

    @Test
    void shouldPageThroughExecutionsByCursor()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "120", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.fireOnReconnect();
        // the exchange's view carries the order's real qty (120), which the broker adopts
        transport.answer(BybitPaths.ORDER_REALTIME, list("",
            orderItem("t-1", "oid-1", "PartiallyFilled", "120", "50000", "120", "UNKNOWN", "EC_NoError")));

        final String[] page1 = new String[100];
        final String[] page2 = new String[20];
        for (int i = 0; i < 120; i++)
        {
            final String item = executionItem("e" + (120 - i), "t-1", "oid-1", "1", Integer.toString(i),
                1_700_000_000_000L + (120 - i), 120 - i);
            if (i < 100)
            {
                page1[i] = item;
            }
            else
            {
                page2[i - 100] = item;
            }
        }
        transport.answer(BybitPaths.EXECUTION_LIST, list("page2", page1));
        final FakeBybitClient.Call second = transport.answer(BybitPaths.EXECUTION_LIST, list("", page2));
        assertTrue(second.payload.endsWith("&cursor=page2"), second.payload);

        assertEquals(120, recorder.syntheticFills);
        assertEquals(0, broker.knownOrderCount());
        assertEquals("RECOVERED fills=120 cancels=0 rejects=0 dups=0", recorder.events.get(recorder.events.size() - 1));
    }

    @Test
    void shouldReportABybitRefusalAsRejectedWithItsCodeAndNeverRetryIt()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1000", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, error(170131, "Insufficient balance."));
        assertEquals(List.of("REJECTED t-1 170131 Insufficient balance."), recorder.events);
        assertEquals(1, transport.calls.size());
        assertEquals(0, broker.knownOrderCount());
    }

    @Test
    void shouldResolveADuplicateLinkIdOfARetriedSubmitByQueryingInsteadOfRejecting()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, 2, 200, error(110072, "OrderLinkedID is duplicate"));
        final FakeBybitClient.Call query =
            transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "New", "0")));
        assertEquals("category=spot&orderLinkId=t-1", query.payload);
        assertEquals(List.of("ACCEPTED t-1 synthetic"), recorder.events);
        assertEquals(1, broker.knownOrderCount());
    }

    @Test
    void shouldRejectASubmitTheGovernorNeverSentWithoutAskingBybit()
    {
        final long id = broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.fail(BybitPaths.ORDER_CREATE, RestFailure.NOT_SENT);
        assertEquals(1, recorder.events.size());
        assertTrue(recorder.events.get(0).startsWith("REJECTED t-1 -10006 "), recorder.events.get(0));
        assertTrue(recorder.events.get(0).contains("rate-limit order lane full"), recorder.events.get(0));
        assertEquals(0, broker.knownOrderCount());
        assertEquals(1, transport.calls.size(), "a call known never to have left needs no lookup");
        assertFalse(broker.cancel(id));
    }

    @Test
    void shouldKeepTheOrderWhenItsCancelWasNeverSent()
    {
        final long id = broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        assertTrue(broker.cancel(id));
        transport.fail(BybitPaths.ORDER_CANCEL, RestFailure.NOT_SENT);
        assertEquals(1, broker.knownOrderCount(), "still working on the exchange: the strategy may cancel again");
        assertEquals(2, transport.calls.size());
        assertTrue(broker.cancel(id));
    }

    @Test
    void shouldRejectASubmitWhoseOutcomeWasUnknownWhenBybitHasNoTraceOfIt()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.fail(BybitPaths.ORDER_CREATE, RestFailure.TIMEOUT);
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.ORDER_HISTORY, list(""));
        assertEquals(1, recorder.events.size());
        assertTrue(recorder.events.get(0).startsWith("REJECTED t-1 -1 synthetic"), recorder.events.get(0));
        assertEquals(0, broker.knownOrderCount());
    }

    @Test
    void shouldRecoverARejectDuringAGap()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.drop();
        transport.fireOnReconnect();
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.EXECUTION_LIST, list(""));
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "Rejected", "0")));
        assertEquals(List.of(
            "ACCEPTED t-1",
            "REJECTED t-1 0 synthetic EC_Others",
            "RECOVERED fills=0 cancels=0 rejects=1 dups=0"), recorder.without("STATE"));
    }

    @Test
    void shouldRetryAFailedRecoveryStepAfterADelay()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.fireOnReconnect();
        transport.answer(BybitPaths.ORDER_REALTIME, error(10016, "service restarting"));
        assertEquals(0, transport.openCalls());
        transport.advanceMillis(1_100);
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "New", "0")));
        transport.answer(BybitPaths.EXECUTION_LIST, list(""));
        assertEquals(1, errors.size());
        assertEquals(1, transport.recoveryCompletedCalls);
        assertEquals(1, broker.knownOrderCount());
    }

    @Test
    void shouldIgnoreFillsOfOrdersThatAreNotOurs()
    {
        transport.push(push("execution", executionItem("x1", "someone-else", "oid-9", "1", "0", 1_700_000_000_100L, 1)));
        transport.push(push("order", order("", "oid-9", "Filled", "1")));
        assertEquals(List.of(), recorder.events);
        assertEquals(2, broker.foreignEvents());
    }

    @Test
    void shouldReconcileWhenAMalformedFrameMayHaveCarriedAFill()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push("{\"topic\":\"execution\",\"data\":[{\"execId\":\"e1\",\"execQty\":\"0.");
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "PartiallyFilled", "0.5")));
        transport.answer(BybitPaths.EXECUTION_LIST,
            list("", executionItem("e1", "t-1", "oid-1", "0.5", "0.5", 1_700_000_000_100L, 1)));
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.5 cum=0.5 leaves=0.5 synthetic",
            "RECOVERED fills=1 cancels=0 rejects=0 dups=0"), recorder.events);
        assertEquals(0, transport.recoveryCompletedCalls);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0", "-0.1", // qty <= 0
        "0.00000000000000000000000001", // exact, but aligned with the order's qty it needs more than a long
        "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
            "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001",
        // exponent -201: no SBE byte exponent carries it
    })
    void shouldNeverRecordAFillItCannotDeliverAndReconcileInstead(final String badQty)
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        errors.clear();

        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", badQty, "0.6", 1_700_000_000_200L, 2)));
        assertEquals(1, broker.malformedFills(), badQty);
        assertEquals(1, errors.size(), badQty);
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6"), recorder.events);

        // the reconcile it started fetches the truth: e2 was 0.6; it was never recorded, so it is delivered now,
        // and the order's cum is intact for it
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "Filled", "1")));
        transport.answer(BybitPaths.EXECUTION_LIST, list("",
            executionItem("e2", "t-1", "oid-1", "0.6", "0", 1_700_000_000_200L, 2),
            executionItem("e1", "t-1", "oid-1", "0.4", "0.6", 1_700_000_000_100L, 1)));
        assertEquals(List.of(
            "ACCEPTED t-1",
            "FILL t-1 e1 qty=0.4 cum=0.4 leaves=0.6",
            "FILL t-1 e2 qty=0.6 cum=1 leaves=0 synthetic",
            "RECOVERED fills=1 cancels=0 rejects=0 dups=1"), recorder.events);
        assertEquals(0, broker.knownOrderCount());
    }

    @Test
    void shouldKeepDeliveringLaterFillsOfAnOrderAfterAMalformedOne()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push(push("execution",
            executionItem("e1", "t-1", "oid-1", "0.00000000000000000000000001", "1", 1_700_000_000_100L, 1)));
        assertEquals(1, broker.malformedFills());
        // a later good fill of the same order is not poisoned by the bad one (no throw, cum not corrupted)
        transport.push(push("execution", executionItem("e2", "t-1", "oid-1", "0.5", "0.5", 1_700_000_000_200L, 2)));
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e2 qty=0.5 cum=0.5 leaves=0.5"), recorder.events);
    }

    @Test
    void shouldCountAMalformedRecoveredFillWithoutStartingAnotherReconcile()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        broker.reconcile();
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "PartiallyFilled", "0.5")));
        transport.answer(BybitPaths.EXECUTION_LIST,
            list("", executionItem("e1", "t-1", "oid-1", "0", "0.5", 1_700_000_000_100L, 1)));
        assertEquals(1, broker.malformedFills());
        assertEquals(1, errors.size());
        assertEquals(List.of("ACCEPTED t-1"), recorder.events);
        // a bad item read by recovery is not a reason for another recovery (it would read the same item again)
        assertFalse(errors.get(0).getMessage().contains("reconciling"), errors.get(0).getMessage());
    }

    @Test
    void shouldKeepMemoryFlatOverManyOrders()
    {
        for (int i = 1; i <= 10_000; i++)
        {
            final String linkId = "t-" + i;
            broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
            transport.answer(BybitPaths.ORDER_CREATE, ack("oid-" + i, linkId));
            transport.push(push("execution", executionItem("e" + i, linkId, "oid-" + i, "1", "0", 1_700_000_000_100L + i, i)));
        }
        assertEquals(0, broker.knownOrderCount());
        assertEquals(10_000, recorder.fills);
    }

    @Test
    void shouldNeverLookFurtherBackThanTheConfiguredRecoveryWindow()
    {
        final FakeBybitClient transport = new FakeBybitClient();
        final BybitSpotBroker broker = new BybitSpotBroker(transport, new StrategyEventRecorder(), errorHandler, 60_000);
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", broker.orderLinkId(1)));
        transport.advanceMillis(600_000);
        transport.fireOnReconnect();
        transport.answer(BybitPaths.ORDER_REALTIME,
            list("", order(broker.orderLinkId(1), "oid-1", "New", "0")));
        final long now = transport.clock.time();
        final FakeBybitClient.Call executions = transport.oldestOpen(BybitPaths.EXECUTION_LIST);
        assertEquals("category=spot&limit=100&startTime=" + (now - 60_000) + "&endTime=" + (now + 10_000),
            executions.payload);
    }

    @Test
    void shouldStartTheExecutionWindowAtTheLastFillSeenMinusTheMargin()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.advanceMillis(60_000);
        final long lastFill = transport.clock.time();
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "0.5", "0.5", lastFill, 1)));
        transport.advanceMillis(60_000);
        transport.fireOnReconnect();
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "PartiallyFilled", "0.5")));
        final FakeBybitClient.Call executions = transport.oldestOpen(BybitPaths.EXECUTION_LIST);
        assertTrue(executions.payload.contains("&startTime=" + (lastFill - 10_000) + "&"), executions.payload);
    }

    @Test
    void shouldSendMarketOrdersInTheBaseCoin()
    {
        broker.submitMarket("BTCUSDT", Side.BUY, "0.01");
        assertEquals("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\"," +
            "\"qty\":\"0.01\",\"marketUnit\":\"baseCoin\",\"orderLinkId\":\"t-1\"}",
            transport.oldestOpen(BybitPaths.ORDER_CREATE).payload);
    }

    @Test
    void shouldFinishARecoveryThatKeepsFailingAsIncompleteInsteadOfHangingInRecovering()
    {
        final BybitSpotBroker broker = new BybitSpotBroker(transport, recorder, errorHandler, new BybitSpotBrokerContext()
            .walletAccountType("").orderLinkIdPrefix("u-").recoveryMaxFailures(2).recoveryRetryMs(100));
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "u-1"));
        transport.fireOnReconnect();
        for (int i = 0; i < 3; i++)
        {
            transport.fail(BybitPaths.ORDER_REALTIME, RestFailure.CONNECTION_RESET);
            transport.advanceMillis(150);
        }
        assertEquals(0, transport.openCalls());
        assertEquals(1, transport.recoveryCompletedCalls, "the connection does not stay in RECOVERING for ever");
        assertEquals(4, errors.size(), "three failed steps and the incomplete recovery: " + errors);
        assertTrue(recorder.events.get(recorder.events.size() - 1).startsWith("RECOVERED"));
    }

    @Test
    void shouldNotRejectAnOrderWhoseSubmitIsStillInFlightWhenItsCancelFails()
    {
        final long id = broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        broker.cancel(id);
        transport.fail(BybitPaths.ORDER_CANCEL, RestFailure.CONNECTION_RESET);
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.ORDER_HISTORY, list(""));
        assertEquals(List.of(), recorder.events, "no verdict while the submit is unanswered");

        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "1", "0", 1_700_000_000_100L, 1)));
        assertEquals(List.of("ACCEPTED t-1", "FILL t-1 e1 qty=1 cum=1 leaves=0"), recorder.events);
    }

    @Test
    void shouldLookUpARetriedSubmitThatBybitRefusedInsteadOfRejectingIt()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        // attempt 1 reached Bybit and created the order; attempt 2 was refused
        transport.answer(BybitPaths.ORDER_CREATE, 2, 200, error(10006, "Too many visits!"));
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "New", "0")));
        assertEquals(List.of("ACCEPTED t-1 synthetic"), recorder.events);
        assertEquals(1, broker.knownOrderCount());
    }

    @Test
    void shouldNeverCallAnOrderBybitConfirmedNeverPlacedWhenLookupsLag()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.drop();
        transport.fireOnReconnect();
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.EXECUTION_LIST, list(""));
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.ORDER_HISTORY, list(""));
        assertEquals(List.of("ACCEPTED t-1", "RECOVERED fills=0 cancels=0 rejects=0 dups=0"), recorder.without("STATE"));
        assertEquals(1, broker.knownOrderCount());

        transport.advanceMillis(5_100);
        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "Cancelled", "0")));
        assertEquals("CANCELLED t-1 synthetic", recorder.events.get(recorder.events.size() - 1));
        assertEquals(0, broker.knownOrderCount());
    }

    @Test
    void shouldNotDeliverAFillTwiceWhenItHasLeftTheDedupWindow()
    {
        final BybitSpotBroker broker = new BybitSpotBroker(transport, recorder, errorHandler, new BybitSpotBrokerContext()
            .orderLinkIdPrefix("w-").dedupWindow(2));
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "w-1"));
        transport.push(push("execution", executionItem("e1", "w-1", "oid-1", "0.2", "0.8", 1_700_000_000_100L, 1)));
        transport.push(push("execution", executionItem("x1", "other", "oid-9", "1", "0", 1_700_000_000_101L, 2)));
        transport.push(push("execution", executionItem("x2", "other", "oid-9", "1", "0", 1_700_000_000_102L, 3)));
        transport.push(push("order", order("w-1", "oid-1", "Cancelled", "0.5")));
        transport.advanceMillis(5_100);

        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("w-1", "oid-1", "Cancelled", "0.5")));
        transport.answer(BybitPaths.EXECUTION_LIST, list("",
            executionItem("e2", "w-1", "oid-1", "0.3", "0.5", 1_700_000_000_200L, 4),
            executionItem("e1", "w-1", "oid-1", "0.2", "0.8", 1_700_000_000_100L, 1)));
        assertEquals(List.of(
            "ACCEPTED w-1",
            "FILL w-1 e1 qty=0.2 cum=0.2 leaves=0.8",
            "FILL w-1 e2 qty=0.3 cum=0.5 leaves=0.5 synthetic",
            "CANCELLED w-1 synthetic"), recorder.events);
    }

    @Test
    void shouldStillResolveAnOrderWhosePooledObjectWasRecycledDuringRecovery()
    {
        broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");                 // t-1
        transport.answer(BybitPaths.ORDER_CREATE, ack("oid-1", "t-1"));
        transport.fireOnReconnect();
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.EXECUTION_LIST, list(""));
        // recovery now asks about t-1; meanwhile t-1 fills live and its object goes back to the pool
        transport.push(push("execution", executionItem("e1", "t-1", "oid-1", "1", "0", 1_700_000_000_100L, 1)));
        final long second = broker.submitLimit("BTCUSDT", Side.BUY, "1", "50000");  // t-2 reuses the object
        transport.fail(BybitPaths.ORDER_CREATE, RestFailure.TIMEOUT);

        transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-1", "oid-1", "Filled", "1")));
        final FakeBybitClient.Call lookup =
            transport.answer(BybitPaths.ORDER_REALTIME, list("", order("t-2", "oid-2", "New", "0")));
        assertEquals("category=spot&orderLinkId=t-2", lookup.payload);
        assertTrue(recorder.events.contains("ACCEPTED t-2 synthetic"), recorder.events.toString());
        assertTrue(broker.isWorking(second));
        assertEquals(0, transport.openCalls());
    }
}
