package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.codecs.Side;
import com.qkt.sim.bybit.FaultKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static com.qkt.broker.bybit.SimHarness.KEY;
import static com.qkt.broker.bybit.SimHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client, broker and recovery against the Bybit simulator on loopback, through injected faults. Every test ends
 * by checking the contract against the exchange's own records: each executed fill delivered exactly once, order
 * states equal, and nothing left in the broker's maps for terminal orders.
 */
@Timeout(60)
class BybitResilienceIntegrationTest
{
    private SimHarness h;

    @AfterEach
    void tearDown()
    {
        if (null != h)
        {
            h.close();
        }
    }

    @Test
    void shouldReconnectAutomaticallyAndFireOnReconnectOnlyAfterAReconnect()
    {
        h = new SimHarness();
        final AtomicInteger reconnects = new AtomicInteger();
        h.connect();
        h.onHandler(() -> h.client.onReconnect(reconnects::incrementAndGet));
        assertTrue(h.client.isConnected());
        assertEquals(0, reconnects.get(), "no onReconnect for the initial connect");

        h.sim.faults().closeAll(KEY);
        waitUntil("a reconnect", () -> reconnects.get() == 1);
        assertTrue(h.client.isConnected());
        assertTrue(h.recorder.contains("RECOVERED"));
        assertEquals(1, h.sim.authenticatedSockets(KEY));
        // every attempt the client announced is counted (rarely a first attempt stalls and a second one follows)
        final long announced = h.recorder.snapshot().stream().filter(e -> e.startsWith("STATE RECONNECTING attempt")).count();
        assertTrue(announced >= 1);
        assertEquals(announced, h.client.counters().reconnectAttempts().get(), "reconnect attempts counted");
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldReportDisconnectedAtOnceAndConnectedOnlyAfterRecovery()
    {
        h = new SimHarness();
        h.connect();
        h.sim.faults().refuseConnections(Duration.ofMillis(500));
        h.sim.faults().resetAll(KEY);
        waitUntil("isConnected false", () -> !h.client.isConnected());
        waitUntil("isConnected true again", () -> h.client.isConnected());
        // isConnected turns true on the handler thread as it publishes CONNECTED: the event may reach the recorder
        // just after; wait for it rather than read a snapshot taken in between
        waitUntil("the strategy hears CONNECTED again", () ->
            h.recorder.snapshot().stream().filter(e -> e.startsWith("STATE CONNECTED")).count() >= 2);
        final var events = h.recorder.snapshot();
        int recovering = -1;
        int connectedAfter = -1;
        for (int i = 0; i < events.size(); i++)
        {
            if (events.get(i).startsWith("STATE RECOVERING"))
            {
                recovering = i;
            }
            if (recovering >= 0 && events.get(i).startsWith("STATE CONNECTED"))
            {
                connectedAfter = i;
            }
        }
        assertTrue(recovering > 0 && connectedAfter > recovering, events.toString());
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldFailLoudOnABadKey()
    {
        h = new SimHarness();
        final BybitConnectException ex = assertThrows(BybitConnectException.class,
            () -> h.connect(c -> c.apiKey("wrong-key"), b -> { }));
        assertEquals(BybitConnectException.Reason.AUTH_REJECTED, ex.reason());
        assertFalse(ex.getMessage().contains(SimHarness.SECRET));
    }

    @Test
    void shouldFailLoudWhenNothingListens()
    {
        h = new SimHarness();
        final BybitConnectException ex = assertThrows(BybitConnectException.class,
            () -> h.connect(c -> c.wsUrl("ws://127.0.0.1:1/v5/private"), b -> { }));
        assertEquals(BybitConnectException.Reason.UNREACHABLE, ex.reason());
    }

    @Test
    void shouldFailLoudWhenTheSessionIsNeverAcknowledged()
    {
        h = new SimHarness();
        h.sim.faults().blackholeConnections(Duration.ofSeconds(10));
        final long start = System.nanoTime();
        final BybitConnectException ex = assertThrows(BybitConnectException.class,
            () -> h.connect(c -> c.connectTimeoutMs(700), b -> { }));
        assertEquals(BybitConnectException.Reason.TIMEOUT, ex.reason());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "bounded");
    }

    @Test
    void shouldRecoverFillsOfAPartiallyFilledOrderDroppedMidFill()
    {
        h = new SimHarness().connect();
        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        final String orderId = h.orderId(id);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        h.sim.engine().fill(orderId, "0.25");
        waitUntil("the live fill", () -> h.recorder.fillCount() == 1);
        // one fill lands on the drop itself (pushes swallowed, sockets reset), one while the socket is down
        h.sim.faults().fillDuringGap(orderId, "0.25");
        h.sim.faults().fillOnDrop(orderId, "0.25");
        waitUntil("recovered", () -> h.recorder.contains("RECOVERED") && h.client.isConnected());
        h.assertConsistentWithExchange();
        assertEquals(3, h.sim.engine().executions(KEY).size());
    }

    @Test
    void shouldRecover120FillsFromOneGapAcrossPages()
    {
        h = new SimHarness().connect();
        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "120", "100"));
        final String orderId = h.orderId(id);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        h.sim.faults().refuseConnections(Duration.ofMillis(800));
        h.sim.faults().resetAll(KEY);
        waitUntil("socket gone", () -> h.sim.connectedSockets(KEY) == 0);
        for (int i = 0; i < 120; i++)
        {
            h.sim.engine().fill(orderId, "1");
        }
        waitUntil("all fills", () -> h.recorder.fillCount() == 120);
        h.assertConsistentWithExchange();
        assertEquals(120, h.recorder.syntheticFillCount());
        assertTrue(h.sim.faults().restCalls(BybitPaths.EXECUTION_LIST) >= 2, "paged");
        assertEquals(0, (int)h.onHandler(() -> h.broker.knownOrderCount()));
    }

    @Test
    void shouldRecoverACancelAndARejectThatHappenedDuringAGap()
    {
        h = new SimHarness().connect();
        final long first = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        final String firstOrderId = h.orderId(first);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        h.sim.faults().refuseConnections(Duration.ofMillis(1_000));
        h.sim.faults().resetAll(KEY);
        waitUntil("socket gone", () -> h.sim.connectedSockets(KEY) == 0);
        h.sim.engine().cancelByExchange(firstOrderId);
        h.sim.engine().rejectNextOrder(KEY);
        final long second = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        waitUntil("reject and cancel reported",
            () -> h.recorder.contains("CANCELLED it-1 synthetic") && h.recorder.contains("REJECTED it-2"));
        h.assertConsistentWithExchange();
        assertFalse(h.onHandler(() -> h.broker.isWorking(second)));
    }

    @Test
    void shouldDeliverFillsRacingTheRecoverySnapshotExactlyOnce()
    {
        h = new SimHarness().connect();
        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "10", "40000"));
        final String orderId = h.orderId(id);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        h.sim.faults().refuseConnections(Duration.ofMillis(300));
        h.sim.faults().resetAll(KEY);
        waitUntil("socket gone", () -> h.sim.connectedSockets(KEY) == 0);
        h.sim.engine().fill(orderId, "1");
        // the first recovery query hangs until the client's REST timeout, while fills are pushed live
        h.sim.faults().restTimeout(BybitPaths.ORDER_REALTIME, 1);
        waitUntil("re-subscribed", () -> h.sim.authenticatedSockets(KEY) == 1);
        for (int i = 0; i < 5; i++)
        {
            h.sim.engine().fill(orderId, "1");
        }
        waitUntil("recovered", () -> h.recorder.contains("RECOVERED"));
        h.assertConsistentWithExchange();
        assertEquals(6, h.recorder.fillCount());
    }

    @Test
    void shouldDetectAHalfOpenSocketByThePingDeadline()
    {
        h = new SimHarness().connect();
        h.sim.faults().halfOpen(KEY);
        waitUntil("stale socket dropped", () -> !h.client.isConnected());
        waitUntil("reconnected", () -> h.client.isConnected());
        assertEquals(1, h.sim.faults().count(FaultKind.WS_HALF_OPEN));
        assertTrue(h.recorder.contains("STATE DISCONNECTED stale socket"), h.recorder.snapshot().toString());
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldRetryASubmitOnConnectionResetWithTheSameLinkId()
    {
        h = new SimHarness().connect();
        h.sim.faults().restReset(BybitPaths.ORDER_CREATE, 2);
        h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        assertEquals(3, h.sim.faults().restCalls(BybitPaths.ORDER_CREATE));
        assertEquals(2, h.client.restRetries());
        assertEquals(1, h.sim.engine().orders(KEY).size());
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldNotRetryWhenBybitAnswered()
    {
        h = new SimHarness().connect();
        h.sim.faults().restRetCode(BybitPaths.ORDER_CREATE, 170131, "Insufficient balance.", 1);
        h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        waitUntil("rejected", () -> h.recorder.contains("REJECTED it-1 170131"));
        assertEquals(1, h.sim.faults().restCalls(BybitPaths.ORDER_CREATE));
        assertEquals(0, h.client.restRetries());
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldResendA10006AfterTheResetInsteadOfRejecting()
    {
        h = new SimHarness().connect();
        h.sim.faults().restRateLimited(BybitPaths.ORDER_CREATE, 1);
        h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        assertEquals(2, h.sim.faults().restCalls(BybitPaths.ORDER_CREATE));
        assertEquals(0, h.client.restRetries(), "a rate-limit resend is not a connection retry");
        assertEquals(1, h.client.rateLimits().rateLimitedReplies());
        assertFalse(h.recorder.contains("REJECTED"));
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldResolveARetriedSubmitThatHitDuplicateLinkId()
    {
        h = new SimHarness().connect();
        // the startup reconcile, the wallet snapshot and the server-time estimate taken at start are REST attempts of their own: count from
        // after them (connect() returns at the estimate's first sample)
        waitUntil("the start snapshot", () -> h.recorder.contains("WALLET"));
        waitUntil("the estimate at connect finished", () -> h.onHandler(() -> h.client.serverTimeSyncs()) == 1);
        final long startupQueries = h.sim.faults().restCalls(BybitPaths.ORDER_REALTIME);
        final long attemptsBefore = h.onHandler(() -> (long)h.client.restAttempts());
        h.sim.faults().restResetAfterProcessing(BybitPaths.ORDER_CREATE, 1);
        h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        waitUntil("the retry answered by 110072 and resolved by a query",
            () -> h.sim.faults().restCalls(BybitPaths.ORDER_REALTIME) == startupQueries + 1 &&
            (long)h.onHandler(() -> (long)h.client.restAttempts()) == attemptsBefore + 3);
        assertEquals(2, h.sim.faults().restCalls(BybitPaths.ORDER_CREATE));
        assertEquals(1, h.sim.engine().orders(KEY).size(), "one order, not two");
        assertFalse(h.recorder.contains("REJECTED"));
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldReachFailedAfterTheAuthFailureBoundWhenTheKeyIsRevoked()
    {
        h = new SimHarness();
        h.connect(c -> c.maxAuthFailures(3), b -> { });
        h.sim.faults().revokeKey(KEY);
        h.sim.faults().closeAll(KEY);
        waitUntil("FAILED", () -> h.recorder.contains("STATE FAILED"));
        assertFalse(h.client.isConnected());
        final long attempts = h.recorder.snapshot().stream().filter(e -> e.startsWith("STATE RECONNECTING attempt")).count();
        assertEquals(3, attempts, h.recorder.snapshot().toString());
        waitUntil("no socket left open", () -> h.sim.connectedSockets(KEY) == 0);
    }

    @Test
    void shouldFillAMarketOrderInTheBaseCoinAndForgetIt()
    {
        h = new SimHarness().connect();
        final long id = h.onHandler(() -> h.broker.submitMarket("BTCUSDT", Side.BUY, "0.01"));
        waitUntil("filled", () -> h.recorder.isTerminal("it-1"));
        assertTrue(h.recorder.contains("FILL it-1"), h.recorder.snapshot().toString());
        assertTrue(h.recorder.snapshot().stream().anyMatch(e -> e.startsWith("FILL it-1") && e.contains("cum=0.01 leaves=0")),
            h.recorder.snapshot().toString());
        assertFalse(h.onHandler(() -> h.broker.isWorking(id)));
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldFailLoudWhenTheAuthOpIsNeverAnswered() throws Exception
    {
        h = new SimHarness();
        // a WebSocket server that completes the handshake, reads the auth op and never answers it
        final java.util.concurrent.CountDownLatch authSeen = new java.util.concurrent.CountDownLatch(1);
        final org.java_websocket.server.WebSocketServer silent = new org.java_websocket.server.WebSocketServer(
            new java.net.InetSocketAddress("127.0.0.1", 0))
        {
            public void onOpen(final org.java_websocket.WebSocket conn,
                final org.java_websocket.handshake.ClientHandshake handshake)
            {
            }

            public void onClose(final org.java_websocket.WebSocket conn, final int code, final String reason,
                final boolean remote)
            {
            }

            public void onMessage(final org.java_websocket.WebSocket conn, final String message)
            {
                if (message.contains("\"op\":\"auth\""))
                {
                    authSeen.countDown();
                }
            }

            public void onError(final org.java_websocket.WebSocket conn, final Exception ex)
            {
            }

            public void onStart()
            {
            }
        };
        silent.setReuseAddr(true);
        silent.start();
        try
        {
            waitUntil("the silent server is listening", () -> silent.getPort() > 0);
            final String url = "ws://127.0.0.1:" + silent.getPort() + "/v5/private";
            final BybitConnectException ex = assertThrows(BybitConnectException.class,
                () -> h.connect(c -> c.wsUrl(url).connectTimeoutMs(800), b -> { }));
            assertEquals(BybitConnectException.Reason.TIMEOUT, ex.reason());
            assertTrue(ex.getMessage().contains("AUTHENTICATING"), ex.getMessage());
            assertEquals(0, authSeen.getCount(), "the auth op was sent");
        }
        finally
        {
            silent.stop(1000);
        }
    }
}
