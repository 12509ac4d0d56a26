package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitRetCodes;
import com.qkt.codecs.Side;
import com.qkt.sim.bybit.RestCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.qkt.broker.bybit.SimHarness.KEY;
import static com.qkt.broker.bybit.SimHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server-time offset against the simulator with its clock skewed: at start, and changed while trading. Signed
 * REST and the WS auth use host time plus the estimate; a change costs at most the first signed call's 10002, which
 * is resent after a new estimate, and nothing is lost or rejected.
 */
@Timeout(120)
class ServerClockIntegrationTest
{
    /**
     * The estimate's error is at most half a round trip; loopback round trips are a few ms, but a loaded 2-core
     * machine stretches some to a few hundred.
     */
    private static final long TOLERANCE_MS = 250;

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
    void shouldAuthenticateAndTradeWhenTheExchangeIsTenSecondsAheadAtStart()
    {
        h = new SimHarness();
        h.sim.faults().clockSkew(Duration.ofSeconds(10));
        // with the host clock, the auth's expires (now + 10 s) would already be past on the exchange
        h.connect();
        awaitEstimates(1);
        assertNear(10_000, h.client.serverTimeOffsetMillis());
        trade(3, 1);
        assertEquals(0, (long)h.onHandler(() -> h.client.timestampRejects()), "the estimate at connect came first");
        assertEquals(0, timestampRejects(0));
        assertFalse(h.recorder.contains("REJECTED"), h.recorder.snapshot().toString());
        waitUntil("clock event", () -> h.recorder.contains("CLOCK OUT_OF_BOUND offset="));
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldTradeWhenTheExchangeIsTenSecondsBehindAtStart()
    {
        h = new SimHarness();
        h.sim.faults().clockSkew(Duration.ofSeconds(-10));
        h.connect();
        awaitEstimates(1);
        assertNear(-10_000, h.client.serverTimeOffsetMillis());
        trade(3, 1);
        assertEquals(0, (long)h.onHandler(() -> h.client.timestampRejects()));
        assertEquals(0, timestampRejects(0));
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldSeeAtMostTheFirstCallAfterEachChangeRefusedAndLoseNothing()
    {
        h = new SimHarness();
        // pings far apart, so the pong cannot notice the change before a signed call does: the 10002 path decides
        h.connect(c -> c.pingIntervalMs(5_000).staleTimeoutMs(12_000), b -> { });
        awaitEstimates(1);
        final List<String> perChange = new ArrayList<>();
        int expectedOrders = 0;
        long total = 0;
        for (final long skewMs : new long[] { 10_000, -10_000, 10_000, 0 })
        {
            // counted by the client: with overlapping requests the simulator's call log was seen to leave a 10002 the
            // client received as "no answer" on its call (likely the JDK 17 HttpServer's exchange attributes, which
            // the simulator keys the call by, being shared by the context)
            final long before = h.onHandler(() -> h.client.timestampRejects());
            h.sim.faults().clockSkew(Duration.ofMillis(skewMs));
            trade(4, 2);
            expectedOrders += 4;
            final long rejects = h.onHandler(() -> h.client.timestampRejects()) - before;
            total += rejects;
            perChange.add(skewMs + "ms: " + rejects);
            assertTrue(rejects <= 1, "at most the first call after the change: " + perChange);
            assertNear(skewMs, h.client.serverTimeOffsetMillis());
        }
        final int orders = expectedOrders;
        assertEquals(orders, h.sim.engine().orders(KEY).size(), "every submit reached the exchange once");
        assertFalse(h.recorder.contains("REJECTED"), h.recorder.snapshot().toString());
        assertTrue(total >= 3, "each change of 10 s was noticed by a signed call, or by the estimate running at the " +
            "time: " + perChange);
        assertTrue(timestampRejects(0) >= 1, "the simulator refused timestamps too");
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldNoticeAChangeFromThePongBeforeAnySignedCall()
    {
        h = new SimHarness();
        h.connect(); // pings every 200 ms
        awaitEstimates(1);
        final long before = h.onHandler(() -> h.client.timestampRejects());
        h.sim.faults().clockSkew(Duration.ofSeconds(-10));
        try
        {
            waitUntil("pong disagreement and a new estimate",
                () -> h.recorder.contains("CLOCK PONG_DISAGREES") &&
                Math.abs(h.client.serverTimeOffsetMillis() + 10_000) <= TOLERANCE_MS);
        }
        catch (final AssertionError e)
        {
            throw new AssertionError(e.getMessage() + ": offset " + h.client.serverTimeOffsetMillis() + " " +
                h.recorder.snapshot() + " " + h.errors, e);
        }
        trade(2, 1);
        assertEquals(before, (long)h.onHandler(() -> h.client.timestampRejects()));
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldReauthenticateAfterTheClockMovedWhileDisconnected()
    {
        h = new SimHarness();
        h.connect(c -> c.pingIntervalMs(5_000).staleTimeoutMs(12_000), b -> { });
        trade(1, 0);
        h.sim.faults().refuseConnections(Duration.ofMillis(300));
        h.sim.faults().clockSkew(Duration.ofSeconds(10));
        h.sim.faults().resetAll(KEY);
        waitUntil("reconnected", () -> h.recorder.contains("STATE DISCONNECTED") && h.client.isConnected());
        assertNear(10_000, h.client.serverTimeOffsetMillis());
        assertFalse(h.recorder.contains("STATE FAILED"));
        trade(2, 1);
        h.assertConsistentWithExchange();
    }

    /**
     * Submit {@code orders} resting orders, the first alone (it may meet the change), then cancel {@code cancels} of
     * them, and wait until every one is acknowledged.
     */
    private void trade(final int orders, final int cancels)
    {
        final long[] ids = new long[orders];
        final int before = h.onHandler(() -> h.broker.knownOrderCount());
        ids[0] = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "0.01", "1000"));
        final String first = h.onHandler(() -> h.broker.orderLinkId(ids[0]));
        waitUntil("first accepted", () -> h.recorder.contains("ACCEPTED " + first));
        for (int i = 1; i < orders; i++)
        {
            final int n = i;
            ids[n] = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "0.01", "1000"));
        }
        for (int i = 0; i < orders; i++)
        {
            final long id = ids[i];
            final String link = h.onHandler(() -> h.broker.orderLinkId(id));
            waitUntil("accepted " + link, () -> h.recorder.contains("ACCEPTED " + link));
        }
        for (int i = 0; i < cancels; i++)
        {
            final long id = ids[i];
            h.onHandler(() -> h.broker.cancel(id));
        }
        for (int i = 0; i < cancels; i++)
        {
            final long id = ids[i];
            final String link = h.onHandler(() -> h.broker.orderLinkId(id));
            waitUntil("cancelled " + link, () -> h.recorder.isTerminal(link));
        }
        waitUntil("known orders", () -> (int)h.onHandler(() -> h.broker.knownOrderCount()) == before + orders - cancels);
    }

    private void awaitEstimates(final long n)
    {
        waitUntil(n + " estimates finished", () -> h.onHandler(() -> h.client.serverTimeSyncs()) >= n);
    }

    private long timestampRejects(final long fromSeq)
    {
        final List<RestCall> calls = h.sim.callLog().calls(
            c -> c.seq() >= fromSeq && KEY.equals(c.apiKey()) && c.retCode() == BybitRetCodes.TIMESTAMP_OUT_OF_WINDOW);
        return calls.size();
    }

    private static void assertNear(final long expected, final long actual)
    {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE_MS, "offset " + actual + " ms, expected " + expected);
    }
}
