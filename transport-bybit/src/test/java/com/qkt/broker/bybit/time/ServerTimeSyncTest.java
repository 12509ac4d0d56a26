package com.qkt.broker.bybit.time;

import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import com.qkt.codecs.ServerTimeOffsetKind;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server-time estimator on a manual clock with hand-fed {@code /v5/market/time} replies.
 */
class ServerTimeSyncTest
{
    private static final long HOST_START = 1_700_000_000_000L;

    private final ManualClock clock = new ManualClock(HOST_START);
    private final TimerService timers = new TimerService(clock.nanoTime(), 1L << 20, 512);
    private final ServerClock serverClock = new ServerClock(clock);
    private final List<String> calls = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final EngineCounters counters = new EngineCounters();
    private long nextCallId = 1;
    private RestReplyListener pending;

    private final ServerTimeSync sync = new ServerTimeSync(
        serverClock,
        (path, query, listener) ->
        {
            calls.add(path);
            pending = listener;
            return nextCallId++;
        },
        timers,
        clock,
        errors::add,
        counters,
        new ServerTimeSync.Listener()
        {
            public void onOffsetAvailable()
            {
                events.add("AVAILABLE " + serverClock.offsetMillis());
            }

            public void onSyncDone(final boolean estimated)
            {
                events.add("DONE " + estimated);
            }

            public void onOffsetEvent(
                final ServerTimeOffsetKind kind, final long offsetMillis, final long previousOffsetMillis,
                final long roundTripMicros, final long boundMillis)
            {
                events.add(kind + " " + offsetMillis + " from " + previousOffsetMillis + " rtt=" + roundTripMicros +
                    "us bound=" + boundMillis);
            }
        },
        3,
        60_000,
        1_000,
        500);

    @Test
    void shouldTakeTheMidpointOfTheSampleWithTheSmallestRoundTrip()
    {
        sync.sync();
        assertTrue(sync.isSyncing());
        assertTrue(sync.awaitingOffset());
        // sample 1: 40 ms round trip; the server read its clock (host + 10 000) 30 ms in: offset looks 10 010
        answer(40, 30, 10_000);
        assertEquals(10_010, serverClock.offsetMillis(), "usable at once, to within its round trip");
        assertFalse(sync.awaitingOffset());
        assertTrue(sync.isSyncing());
        // sample 2: 4 ms round trip, read in the middle: offset 10 000 exactly
        answer(4, 2, 10_000);
        // sample 3: 20 ms round trip, read at the start: looks 9 990
        answer(20, 0, 10_000);
        assertEquals(List.of("/v5/market/time", "/v5/market/time", "/v5/market/time"), calls);
        assertEquals(10_000, serverClock.offsetMillis());
        assertEquals(HOST_START + 10_000 + 64, serverClock.time());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(4), sync.lastRoundTripNanos());
        assertFalse(sync.isSyncing());
        assertEquals(List.of("AVAILABLE 10010", "OUT_OF_BOUND 10000 from 0 rtt=4000us bound=1000", "DONE true"), events);
        assertEquals(1, sync.syncs());
    }

    @Test
    void shouldReportDriftAndTheWayBackIntoBoundAndRepeatPeriodically()
    {
        sync.sync();
        answerAll(2, -300);
        assertEquals(List.of("AVAILABLE -300", "DONE true"), events, "within the bound: nothing to say");
        events.clear();

        advanceMillis(59_000);
        assertEquals(3, calls.size(), "not yet");
        advanceMillis(1_001);
        assertEquals(4, calls.size(), "the periodic estimate started");
        answerAll(2, -1_500);
        // the first sample went out inside the 1 001 ms advance, one ms before the end: its round trip is 3 ms and
        // the server read its clock 2 ms in, so it looks 1 ms off; it is used at once, and the best sample wins
        assertEquals(List.of("AVAILABLE -1499", "DRIFT -1500 from -300 rtt=2000us bound=500",
            "OUT_OF_BOUND -1500 from -300 rtt=2000us bound=1000", "DONE true"), events);
        events.clear();

        sync.sync();
        answerAll(2, -200);
        assertEquals(List.of("AVAILABLE -200", "DRIFT -200 from -1500 rtt=2000us bound=500",
            "BACK_IN_BOUND -200 from -1500 rtt=2000us bound=1000", "DONE true"), events);
        assertEquals(-200, serverClock.offsetMillis());
    }

    @Test
    void shouldRestartARunningEstimateAndIgnoreItsOldSamples()
    {
        sync.sync();
        final RestReplyListener first = pending;
        final long firstCall = nextCallId - 1;
        clock.advanceMillis(3);
        sync.sync(); // a 10002 arrived: samples taken before it cannot answer it
        first.onRestReply(firstCall, 1, 200, body(clock.time() + 5_000), 0, bodyLength(clock.time() + 5_000));
        assertTrue(sync.isSyncing(), "the restarted estimate still needs its own samples");
        answerAll(2, 7_000);
        assertEquals(7_000, serverClock.offsetMillis());
    }

    @Test
    void shouldKeepTheOffsetWhenEverySampleFails()
    {
        serverClock.offsetMillis(250);
        sync.sync();
        pending.onRestFailure(nextCallId - 1, RestFailure.CONNECT_REFUSED, 3);
        final String refused = "{\"retCode\":10001,\"retMsg\":\"no\"}";
        pending.onRestReply(nextCallId - 1, 1, 200, new UnsafeBuffer(refused.getBytes(StandardCharsets.US_ASCII)), 0,
            refused.length());
        pending.onRestReply(nextCallId - 1, 1, 502, body(1), 0, bodyLength(1));
        assertEquals(List.of("DONE false"), events);
        assertEquals(250, serverClock.offsetMillis());
        assertEquals(3, errors.size());
        assertFalse(sync.hasEstimate());
    }

    @Test
    void shouldTreatAPongThatDisagreesAsDriftAndEstimateAgain()
    {
        sync.sync();
        answerAll(2, 100);
        events.clear();
        calls.clear();

        // ping sent, pong 10 ms later carrying server time consistent with the estimate: nothing to say
        long pingSent = clock.nanoTime();
        clock.advanceMillis(10);
        sync.onPong(clock.time() - 5 + 100, pingSent, clock.nanoTime());
        assertEquals(List.of(), events);
        assertEquals(List.of(), calls);
        assertEquals(100, sync.lastPongOffsetMillis());

        // the exchange's clock jumped 10 s ahead: the pong says so before any signed call is refused
        pingSent = clock.nanoTime();
        clock.advanceMillis(10);
        sync.onPong(clock.time() - 5 + 10_100, pingSent, clock.nanoTime());
        assertEquals(List.of("PONG_DISAGREES 10100 from 100 rtt=10000us bound=500"), events);
        assertEquals(List.of("/v5/market/time"), calls, "an estimate started");
        answerAll(2, 10_100);
        assertEquals(10_100, serverClock.offsetMillis());
    }

    @Test
    void shouldStopWhenClosed()
    {
        sync.sync();
        answerAll(2, 0);
        sync.close();
        advanceMillis(120_000);
        assertEquals(3, calls.size());
    }

    /** Answer the pending sample: the round trip takes {@code rttMs}, the server reads its clock {@code atMs} in. */
    private void answer(final long rttMs, final long atMs, final long offsetMs)
    {
        final RestReplyListener listener = pending;
        final long callId = nextCallId - 1;
        clock.advanceMillis(atMs);
        final long serverTime = clock.time() + offsetMs;
        clock.advanceMillis(rttMs - atMs);
        listener.onRestReply(callId, 1, 200, body(serverTime), 0, bodyLength(serverTime));
    }

    private void answerAll(final long rttMs, final long offsetMs)
    {
        for (int i = 0; i < 3; i++)
        {
            answer(rttMs, rttMs / 2, offsetMs);
        }
    }

    private void advanceMillis(final long millis)
    {
        for (long i = 0; i < millis; i++)
        {
            clock.advanceMillis(1);
            timers.poll(clock.nanoTime());
        }
    }

    private static String text(final long serverTimeMillis)
    {
        return "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"timeSecond\":\"" + serverTimeMillis / 1000 +
            "\",\"timeNano\":\"" + serverTimeMillis * 1_000_000L + "\"},\"retExtInfo\":{},\"time\":" + serverTimeMillis + "}";
    }

    private static UnsafeBuffer body(final long serverTimeMillis)
    {
        return new UnsafeBuffer(text(serverTimeMillis).getBytes(StandardCharsets.US_ASCII));
    }

    private static int bodyLength(final long serverTimeMillis)
    {
        return text(serverTimeMillis).length();
    }
}
