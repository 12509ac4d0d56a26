package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.rest.RateLimitPolicy;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.codecs.RestAccess;
import com.qkt.codecs.Side;
import com.qkt.sim.bybit.FaultKind;
import com.qkt.sim.bybit.RestCall;
import com.qkt.sim.bybit.RestCallKind;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.qkt.broker.bybit.SimHarness.KEY;
import static com.qkt.broker.bybit.SimHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rate-limit governor against the simulator's exchange rules (per-UID budgets on, 10006 and 429 storms, an IP
 * ban): nothing is rejected for a rate limit, no fill is lost or delivered twice, cancels reach the exchange before
 * new orders that waited with them, and no REST goes out while banned except the one probe per hold.
 */
@Timeout(60)
class RateLimitIntegrationTest
{
    private SimHarness h;
    private SimHarness h2;

    @AfterEach
    void tearDown()
    {
        if (null != h2)
        {
            h2.close();
        }
        if (null != h)
        {
            h.close();
        }
    }

    @Test
    void shouldRideA10006StormOnCreateAndCancelWithCancelsFirstAndNothingRejected()
    {
        h = new SimHarness(b -> { }).connect();
        final List<Long> resting = submit(5, "40000");
        waitUntil("resting orders accepted", () -> count("ACCEPTED") == 5);
        h.sim.engine().fill(h.orderId(resting.get(0)), "0.4");

        final long from = h.sim.callLog().nextSeq();
        h.sim.faults().restRateLimited(BybitPaths.ORDER_CREATE, Duration.ofMillis(1500));
        h.sim.faults().restRateLimited(BybitPaths.ORDER_CANCEL, Duration.ofMillis(1500));
        final List<Long> fresh = new ArrayList<>();
        h.onHandler(() ->
        {
            // new orders first, then the cancels: the lanes must still put the cancels ahead
            for (int i = 0; i < 8; i++)
            {
                fresh.add(h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "39000"));
            }
            for (final long id : resting)
            {
                h.broker.cancel(id);
            }
        });
        h.sim.engine().fill(h.orderId(resting.get(1)), "0.3"); // fills keep flowing while REST waits

        waitUntil("the new orders accepted", () -> count("ACCEPTED") == 13);
        waitUntil("the resting orders cancelled", () -> count("CANCELLED") == 5);
        assertFalse(h.recorder.contains("REJECTED"), h.recorder.snapshot().toString());
        assertTrue(h.client.rateLimits().rateLimitedReplies() >= 2, h.client.rateLimits().toString());
        assertTrue(h.client.rateLimits().throttledCalls() >= 13, h.client.rateLimits().toString());
        assertTrue(h.client.rateLimits().longestWaitNanos() >= TimeUnit.MILLISECONDS.toNanos(500));
        assertTrue(h.sim.faults().count(FaultKind.REST_RATE_LIMITED) >= 2);

        final List<RestCall> served = h.sim.callLog().calls(c -> c.seq() >= from && c.apiKey().equals(KEY) &&
            c.served() && (c.kind() == RestCallKind.CANCEL || c.kind() == RestCallKind.CREATE));
        served.sort(Comparator.comparingLong(RestCall::processedSeq));
        assertEquals(13, served.size(), served.toString());
        for (int i = 0; i < 5; i++)
        {
            assertEquals(RestCallKind.CANCEL, served.get(i).kind(), "cancels before new orders: " + served);
        }
        h.assertConsistentWithExchange();
        assertEquals(2, h.recorder.fillCount());
    }

    @Test
    void shouldRideA429StormAcrossAReconnectWithRecoveryLookupsThroughTheGovernor()
    {
        h = new SimHarness(b -> { }).connect();
        final List<Long> resting = submit(3, "40000");
        waitUntil("resting orders accepted", () -> count("ACCEPTED") == 3);
        final String filledFully = h.orderId(resting.get(0));
        final String filledPartly = h.orderId(resting.get(1));

        h.sim.faults().refuseConnections(Duration.ofMillis(300));
        h.sim.faults().resetAll(KEY);
        waitUntil("socket gone", () -> h.sim.connectedSockets(KEY) == 0);
        h.sim.engine().fill(filledFully, "1"); // missed by the stream: recovery must find them
        h.sim.engine().fill(filledPartly, "0.5");
        h.sim.faults().restHttp429("*", Duration.ofMillis(1500));
        final List<Long> fresh = new ArrayList<>();
        h.onHandler(() ->
        {
            fresh.add(h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "39000"));
            fresh.add(h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "39000"));
            h.broker.cancel(resting.get(2));
        });

        waitUntil("recovered", () -> h.recorder.contains("RECOVERED"));
        waitUntil("the new orders accepted", () -> count("ACCEPTED") == 5);
        waitUntil("the cancel done", () -> count("CANCELLED") == 1);
        assertFalse(h.recorder.contains("REJECTED"), h.recorder.snapshot().toString());
        assertTrue(h.client.rateLimits().rateLimitedReplies() >= 1, h.client.rateLimits().toString());
        final long answered429 = h.sim.callLog().calls(c -> c.apiKey().equals(KEY) && c.httpStatus() == 429).size();
        assertTrue(answered429 >= 1, "the storm was met");
        h.assertConsistentWithExchange();
        assertEquals(2, h.recorder.fillCount());
    }

    @Test
    void shouldHoldAllRestWhileIpBannedProbeOncePerHoldAndReportTheStateBothWays()
    {
        h = new SimHarness(b -> { });
        h.connect(c -> c.rateLimitPolicy(new RateLimitPolicy(20, 10, 50, 10, 1000, 4096, 800, 1600)), b -> { });
        final List<Long> resting = submit(1, "40000");
        waitUntil("accepted", () -> count("ACCEPTED") == 1);

        final long from = h.sim.callLog().nextSeq();
        h.sim.faults().ipBan(Duration.ofMillis(2000));
        h.onHandler(() ->
        {
            h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "39000");
            h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "39000");
            h.broker.cancel(resting.get(0));
        });
        waitUntil("banned reported", () -> h.recorder.contains("REST IP_BANNED previous=OPEN status=403 bans=1"));
        assertEquals(RestAccess.IP_BANNED, h.onHandler(() -> h.client.restAccess()));
        h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.SELL, "1", "41000")); // waits, is not rejected

        waitUntil("open again", () -> h.recorder.contains("REST OPEN previous=IP_BANNED"));
        waitUntil("orders accepted", () -> count("ACCEPTED") == 4);
        waitUntil("cancelled", () -> count("CANCELLED") == 1);
        assertEquals(RestAccess.OPEN, h.onHandler(() -> h.client.restAccess()));
        assertFalse(h.recorder.contains("REJECTED"), h.recorder.snapshot().toString());
        assertTrue(h.client.rateLimits().ipBans() >= 1);

        // every call that met the ban after the first burst is a probe, one per hold
        final List<RestCall> banned = h.sim.callLog().calls(c -> c.seq() >= from && c.apiKey().equals(KEY) &&
            c.httpStatus() == 403);
        banned.sort(Comparator.comparingLong(RestCall::arrivalNanos));
        assertFalse(banned.isEmpty());
        final long burstEnd = banned.get(0).arrivalNanos() + TimeUnit.MILLISECONDS.toNanos(200);
        long previous = banned.get(0).arrivalNanos();
        int probes = 0;
        for (final RestCall call : banned)
        {
            if (call.arrivalNanos() > burstEnd)
            {
                probes++;
                assertTrue(call.arrivalNanos() - previous >= TimeUnit.MILLISECONDS.toNanos(750),
                    "a probe only after a full hold: " + banned);
                previous = call.arrivalNanos();
            }
        }
        assertTrue(probes <= 2, "at most one probe per hold: " + banned);
        assertTrue(banned.size() <= 3 + probes, "only the calls in flight when the ban began, then probes");
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldKeepQueriesOfEveryCategoryWithinTheEndpointsOneBudget()
    {
        h = new SimHarness(b -> { }).connect();
        waitUntil("connected", () -> h.client.isConnected());
        waitUntilTheWindowHolds(h, 0, BybitPaths.ORDER_REALTIME);
        final long from = h.sim.callLog().nextSeq();
        final Outcomes outcomes = new Outcomes();
        h.onHandler(() ->
        {
            // Bybit's /v5/order/realtime budget (50/s per UID) is one for the endpoint, whatever the category
            for (int i = 0; i < 50; i++)
            {
                h.client.getSigned(BybitPaths.ORDER_REALTIME, "category=spot&symbol=BTCUSDT", outcomes);
                h.client.getSigned(BybitPaths.ORDER_REALTIME, "category=linear&symbol=BTCUSDT", outcomes);
            }
        });
        waitUntil("100 outcomes", () -> outcomes.count.get() == 100);
        assertEquals(List.of(), rateLimitedSince(from), "refused by the exchange; " + h.client.rateLimits() + "; " +
            callsSince(from - 20));
        assertEquals(100, h.sim.callLog().calls(c -> c.seq() >= from && c.apiKey().equals(KEY) &&
            c.path().equals(BybitPaths.ORDER_REALTIME) && c.retCode() == 0).size());
        assertTrue(h.client.rateLimits().throttledCalls() >= 50, "the second 50 waited a window");
    }

    @Test
    void shouldLeaveTheExchangeWhatAnotherEngineOfTheSameUidSpentOfABudget()
    {
        h = new SimHarness(b -> { }).connect();
        h2 = new SimHarness(h.sim).connect();
        waitUntil("both connected", () -> h.client.isConnected() && h2.client.isConnected());
        waitUntilTheWindowHolds(h, 0, BybitPaths.ORDER_REALTIME);
        final Outcomes other = new Outcomes();
        h2.onHandler(() ->
        {
            for (int i = 0; i < 45; i++)
            {
                h2.client.getSigned(BybitPaths.ORDER_REALTIME, "category=spot&symbol=BTCUSDT", other);
            }
        });
        waitUntil("the other engine's 45 outcomes", () -> other.count.get() == 45);

        final long from = h.sim.callLog().nextSeq();
        final Outcomes ours = new Outcomes();
        h.onHandler(() -> h.client.getSigned(BybitPaths.ORDER_REALTIME, "category=spot&symbol=BTCUSDT",
            new RestReplyListener()
            {
                public void onRestReply(
                    final long callId, final int attempt, final int httpStatus, final DirectBuffer body,
                    final int offset, final int length)
                {
                    // Bybit just said how many are left (about 4) of what this engine alone would think is 49
                    for (int i = 0; i < 10; i++)
                    {
                        h.client.getSigned(BybitPaths.ORDER_REALTIME, "category=spot&symbol=BTCUSDT", ours);
                    }
                }

                public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
                {
                }
            }));
        waitUntil("our 10 outcomes", () -> ours.count.get() == 10);
        assertEquals(List.of(), rateLimitedSince(from), "refused by the exchange; " + h.client.rateLimits() + "; " +
            callsSince(from));
        assertTrue(h.client.rateLimits().throttledCalls() >= 6, "the calls beyond what was left waited");
    }

    private List<String> callsSince(final long from)
    {
        final List<RestCall> calls = h.sim.callLog().calls(c -> c.seq() >= from);
        final long t0 = calls.isEmpty() ? 0 : calls.get(0).arrivalNanos();
        return calls.stream().map(c -> "#" + c.seq() + " " + c.path() + " " + c.retCode() + " +" +
            TimeUnit.NANOSECONDS.toMillis(c.arrivalNanos() - t0) + "ms").toList();
    }

    private List<RestCall> rateLimitedSince(final long from)
    {
        return h.sim.callLog().calls(c -> c.seq() >= from && c.retCode() == 10006);
    }

    /**
     * Wait (a condition with a deadline) until the simulator's rolling window holds at most {@code allowed} calls of
     * this key on the path: the start's own queries must not count against what a test measures.
     */
    private static void waitUntilTheWindowHolds(final SimHarness harness, final int allowed, final String path)
    {
        waitUntil("at most " + allowed + " calls to " + path + " in the simulator's window", () ->
        {
            final long windowStart = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(1100);
            return harness.sim.callLog().calls(c -> c.apiKey().equals(KEY) && c.path().equals(path) &&
                c.arrivalNanos() - windowStart > 0).size() <= allowed;
        });
    }

    /** Counts the outcomes of plain signed calls, whatever they are. */
    private static final class Outcomes implements RestReplyListener
    {
        final AtomicInteger count = new AtomicInteger();

        public void onRestReply(
            final long callId, final int attempt, final int httpStatus, final DirectBuffer body, final int offset,
            final int length)
        {
            count.incrementAndGet();
        }

        public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
        {
            count.incrementAndGet();
        }
    }

    private List<Long> submit(final int orders, final String price)
    {
        return h.onHandler(() ->
        {
            final List<Long> ids = new ArrayList<>();
            for (int i = 0; i < orders; i++)
            {
                ids.add(h.broker.submitLimit("BTCUSDT", Side.BUY, "1", price));
            }
            return ids;
        });
    }

    private long count(final String prefix)
    {
        return h.recorder.snapshot().stream().filter(e -> e.startsWith(prefix)).count();
    }
}
