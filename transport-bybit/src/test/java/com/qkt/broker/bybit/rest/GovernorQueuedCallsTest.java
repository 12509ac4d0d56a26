package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.codecs.RestAccess;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.net.ExponentialBackoff;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import com.qkt.engine.RingEvent;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rate-limit governor through the REST client, on a manual clock, where a call ends without a reply: queued calls
 * behind a call that failed for good still go out, a cap with no further answer lapses, cancels still go first, and a
 * ban probe that fails for good gives its caller an outcome.
 */
class GovernorQueuedCallsTest
{
    private static final String SPOT_BODY = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"}";
    private static final String LINEAR_BODY = "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\"}";
    private static final String INVERSE_BODY = "{\"category\":\"inverse\",\"symbol\":\"BTCUSD\"}";
    private static final String OPTION_BODY = "{\"category\":\"option\",\"symbol\":\"BTC-1JAN27-90000-C\"}";

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final TimerService timers = new TimerService(clock.nanoTime(), 1L << 20, 512);
    private final List<PendingRestCall> sent = new ArrayList<>();
    /** Paths as sent: a completed call object is reset and reused. */
    private final List<String> sentPaths = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private final List<String> accessChanges = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final RingEvent event = new RingEvent(4096);
    private final EngineCounters engineCounters = new EngineCounters();
    private final RateLimitCounters counters = new RateLimitCounters(engineCounters);
    private RateLimitGovernor governor;
    private BybitRestClient rest;

    private final RestReplyListener listener = new RestReplyListener()
    {
        public void onRestReply(
            final long callId,
            final int attempt,
            final int httpStatus,
            final DirectBuffer body,
            final int offset,
            final int length)
        {
            outcomes.add(callId + " HTTP " + httpStatus + " attempt " + attempt + " " +
                body.getStringWithoutLengthAscii(offset, length));
        }

        public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
        {
            outcomes.add(callId + " " + failure + " after " + attempts);
        }
    };

    GovernorQueuedCallsTest()
    {
        start(RateLimitPolicy.bybitDefaults());
    }

    private void start(final RateLimitPolicy policy)
    {
        governor = new RateLimitGovernor(policy, timers, clock, clock, counters);
        governor.accessListener((state, previous, httpStatus, bans, holdNanos, resumeEpochMillis, queued) ->
            accessChanges.add(previous + "->" + state + " status=" + httpStatus + " bans=" + bans +
                " holdMs=" + TimeUnit.NANOSECONDS.toMillis(holdNanos) + " queued=" + queued));
        rest = new BybitRestClient(
            (call) -> sent.add(call) && sentPaths.add(call.path), governor, timers, clock,
            new ExponentialBackoff(TimeUnit.MILLISECONDS.toNanos(500), 2.0, TimeUnit.SECONDS.toNanos(4)),
            3, errors::add, engineCounters, TimeUnit.SECONDS.toNanos(5), 8);
    }

    /**
     * A cancel that waited (10006) is let go; the query and the create queued behind it wait for its answer. The
     * cancel never gets one (every attempt times out) and fails for good. Nothing else happens afterwards.
     */
    @Test
    void callsQueuedBehindACancelThatFailedForGoodAreStillSent()
    {
        final long cancel = post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        reply(cancel, 200, 20, 0, clock.time() + 500, "{\"retCode\":10006}");
        final long query = rest.get(BybitPaths.ORDER_REALTIME, "category=spot", listener);
        final long create = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        sent.clear();
        sentPaths.clear();
        advanceMillis(501);
        assertEquals(List.of(BybitPaths.ORDER_CANCEL), paths(), "the cancel first");
        advanceMillis(60_000); // every attempt of the cancel times out (watchdog 5 s, 3 attempts)
        assertTrue(outcomes.stream().anyMatch(o -> o.startsWith(cancel + " TIMEOUT")), outcomes.toString());
        assertTrue(paths().contains(BybitPaths.ORDER_REALTIME),
            "60 s after the cancel failed for good the query " + query + " is still queued: sent=" + paths() +
            " queueDepth=" + governor.queueDepth() + " outcomes=" + outcomes);
        // the create waits for the query's answer (a lane goes only when the lanes above are empty and answered)
        replyOk(query, 50, 49, clock.time());
        advanceMillis(1);
        assertTrue(paths().contains(BybitPaths.ORDER_CREATE),
            "the create " + create + " is still queued after the query's answer: sent=" + paths() +
            " queueDepth=" + governor.queueDepth());
        assertEquals(0, governor.queueDepth());
    }

    /** Same, the cancel's last attempt ends with a connection failure instead of a timeout. */
    @Test
    void callsQueuedBehindACancelThatFailedForGoodOnIoErrorAreStillSent()
    {
        final long cancel = post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        reply(cancel, 200, 20, 0, clock.time() + 500, "{\"retCode\":10006}");
        rest.get(BybitPaths.ORDER_REALTIME, "category=spot", listener);
        sent.clear();
        sentPaths.clear();
        advanceMillis(501);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            final PendingRestCall c = sent.get(sent.size() - 1);
            event.set(BybitEventTypes.REST_FAILURE, c.callId, c.dispatch, RestFailure.IO_ERROR.ordinal());
            rest.onEvent(event);
            advanceMillis(5_000);
        }
        advanceMillis(30_000);
        assertTrue(outcomes.stream().anyMatch(o -> o.startsWith(cancel + " IO_ERROR")), outcomes.toString());
        assertTrue(paths().contains(BybitPaths.ORDER_REALTIME),
            "the query is still queued: sent=" + paths() + " queueDepth=" + governor.queueDepth());
    }

    /** A cap from X-Bapi-Limit-Status 0 with no reset and no later reply: lifted when the window has moved on. */
    @Test
    void aCapWithNoFurtherAnswerIsLiftedAfterAWindow()
    {
        final long first = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        replyOk(first, 20, 0, RestReplyFrame.ABSENT);
        post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        assertEquals(1, sent.size(), "capped");
        advanceMillis(1_001);
        assertEquals(2, sent.size(), "the cap lapsed without any answer");
    }

    /** The create budget capped by Bybit's count: a cancel and a query still go at once, the cancel first. */
    @Test
    void cancelsStillGoWhileCreatesAreCapped()
    {
        final long first = post(BybitPaths.ORDER_CREATE, LINEAR_BODY);
        replyOk(first, 10, 0, clock.time() + 800);
        post(BybitPaths.ORDER_CREATE, INVERSE_BODY);
        post(BybitPaths.ORDER_CANCEL, INVERSE_BODY);
        assertEquals(List.of(BybitPaths.ORDER_CREATE, BybitPaths.ORDER_CANCEL), paths());
    }

    /** A probe that never gets an answer fails for good: its caller hears so, and the next call probes after a hold. */
    @Test
    void aProbeThatFailsForGoodGivesItsCallerAnOutcomeAndTheNextCallProbes()
    {
        start(new RateLimitPolicy(20, 10, 50, 10, 1000, 64, 10_000, 15_000));
        final long first = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        reply(first, 403, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "access too frequent");
        final long other = rest.get(BybitPaths.ORDER_REALTIME, "category=spot", listener);
        sent.clear();
        sentPaths.clear();
        for (int i = 0; i < 120 && outcomes.isEmpty(); i++)
        {
            advanceMillis(1_000); // every probe attempt is dropped: the watchdog times it out
        }
        assertEquals(List.of(other + " TIMEOUT after 3"), outcomes, "the query (higher lane) was the probe");
        final int before = sent.size();
        advanceMillis(10_001);
        assertEquals(before + 1, sent.size(), "the next call probes after another hold");
        assertEquals(first, sent.get(sent.size() - 1).callId);
        replyOk(first, 20, 19, clock.time());
        assertEquals(RestAccess.OPEN, governor.access());
    }

    // ---------------------------------------------------------------- helpers

    private long post(final String path, final String body)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(body.getBytes(StandardCharsets.US_ASCII));
        return rest.post(path, buffer, 0, buffer.capacity(), listener);
    }

    private void replyOk(final long callId, final int limit, final int remaining, final long resetMillis)
    {
        reply(callId, 200, limit, remaining, resetMillis, "{\"retCode\":0}");
    }

    private void reply(
        final long callId, final int status, final int limit, final int remaining, final long resetMillis,
        final String body)
    {
        PendingRestCall call = null;
        for (int i = sent.size() - 1; i >= 0 && null == call; i--)
        {
            if (sent.get(i).callId == callId)
            {
                call = sent.get(i);
            }
        }
        final byte[] frame =
            RestReplyFrame.frame(limit, remaining, resetMillis, body.getBytes(StandardCharsets.US_ASCII));
        event.set(BybitEventTypes.REST_REPLY, callId, null == call ? -1 : call.dispatch, status)
            .payload(frame, 0, frame.length);
        rest.onEvent(event);
    }

    /** Answer every call in {@link #sent} OK, then forget them. */
    private void answerAllSent()
    {
        final List<Long> ids = new ArrayList<>();
        for (final PendingRestCall call : sent)
        {
            ids.add(call.callId);
        }
        for (final long id : ids)
        {
            replyOk(id, 20, 19, clock.time());
        }
        sent.removeIf((c) -> ids.contains(c.callId) || c.callId == 0);
        sentPaths.subList(0, ids.size()).clear();
    }

    private List<String> paths()
    {
        return new ArrayList<>(sentPaths);
    }

    private void advanceMillis(final long millis)
    {
        for (long i = 0; i < millis; i++)
        {
            clock.advanceMillis(1);
            timers.poll(clock.nanoTime());
        }
    }
}
