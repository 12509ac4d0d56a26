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
 * The rate-limit governor through the REST client, on a manual clock: budgets from Bybit's defaults and headers,
 * waits on the timer wheel, priority lanes, 10006/429 resends, the 403 hold with its probe, full lanes.
 */
class RateLimitGovernorTest
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

    RateLimitGovernorTest()
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

    @Test
    void shouldUseBybitsDefaultBudgetsBeforeTheFirstReplyPerCategory()
    {
        for (int i = 0; i < 25; i++)
        {
            post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        }
        assertEquals(20, sent.size(), "spot create: 20 per second");
        for (int i = 0; i < 12; i++)
        {
            post(BybitPaths.ORDER_CREATE, LINEAR_BODY);
        }
        assertEquals(30, sent.size(), "linear create has its own budget: 10 per second");
        for (int i = 0; i < 55; i++)
        {
            rest.get(BybitPaths.ORDER_REALTIME, "category=spot&orderLinkId=x" + i, listener);
        }
        assertEquals(80, sent.size(), "queries 50 per second");
        assertEquals(5 + 2 + 5, governor.queueDepth());

        advanceMillis(999);
        assertEquals(80, sent.size(), "nothing before the first sends leave the window");
        advanceMillis(2);
        assertEquals(85, sent.size(), "the waiting queries first; new orders wait for their answers");
        for (int i = 80; i < 85; i++)
        {
            replyOk(sent.get(i).callId, 50, 49, clock.time());
        }
        assertEquals(92, sent.size());
        assertEquals(0, governor.queueDepth());
        assertEquals(12, counters.throttledCalls());
        assertTrue(counters.longestWaitNanos() >= TimeUnit.MILLISECONDS.toNanos(1000), counters.toString());
        assertEquals(12, counters.maxQueueDepth());
    }

    @Test
    void shouldShareOneFuturesBudgetBetweenLinearAndInverseOrdersAndKeepSpotAndOptionApart()
    {
        // Bybit's UTA order limits are per product: linear and inverse together 10/s, option 10/s, spot 20/s
        for (int i = 0; i < 10; i++)
        {
            post(BybitPaths.ORDER_CREATE, LINEAR_BODY);
            post(BybitPaths.ORDER_CREATE, INVERSE_BODY);
        }
        assertEquals(10, sent.size(), "linear and inverse creates share 10 per second");
        assertEquals(10, governor.queueDepth(RestLane.ORDER));
        assertEquals(governor.budgetOf(BybitPaths.ORDER_CREATE, "linear"),
            governor.budgetOf(BybitPaths.ORDER_CREATE, "inverse"));

        post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        post(BybitPaths.ORDER_CREATE, OPTION_BODY);
        post(BybitPaths.ORDER_CANCEL, INVERSE_BODY);
        assertEquals(13, sent.size(), "spot, option and another endpoint have budgets of their own");

        advanceMillis(1001);
        assertEquals(23, sent.size(), "the waiting futures creates go when the first ten leave the window");
        assertEquals(0, governor.queueDepth());
    }

    @Test
    void shouldShareOneBudgetPerQueryEndpointWhateverTheCategory()
    {
        for (int i = 0; i < 50; i++)
        {
            rest.get(BybitPaths.ORDER_REALTIME, "category=spot&orderLinkId=s" + i, listener);
            rest.get(BybitPaths.ORDER_REALTIME, "category=linear&orderLinkId=l" + i, listener);
        }
        assertEquals(50, sent.size(), "/v5/order/realtime: 50 per second for all categories together");
        assertEquals(50, governor.queueDepth(RestLane.QUERY));
        assertEquals(governor.budgetOf(BybitPaths.ORDER_REALTIME, "spot"),
            governor.budgetOf(BybitPaths.ORDER_REALTIME, "option"));
        assertEquals(50, governor.budgetOf(BybitPaths.ORDER_REALTIME, "linear").limit());

        sent.clear();
        advanceMillis(1001);
        assertEquals(50, sent.size(), "the other 50 in the next window");
        assertEquals(0, governor.queueDepth());
    }

    @Test
    void shouldTakeTheLimitFromTheHeadersAndWaitForTheResetWhenNoneIsLeft()
    {
        final long first = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        replyOk(first, 5, 4, clock.time());
        for (int i = 0; i < 5; i++)
        {
            post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        }
        assertEquals(5, sent.size(), "X-Bapi-Limit 5: four more in this window");
        assertEquals(5, governor.budgetOf(BybitPaths.ORDER_CREATE, "spot").limit());

        // another process of the same UID spent the budget: Bybit says 0 left, reset in 300 ms
        final long cancelOther = post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        replyOk(cancelOther, 20, 0, clock.time() + 300);
        post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        assertEquals(6, sent.size());
        advanceMillis(299);
        assertEquals(6, sent.size());
        advanceMillis(2);
        assertEquals(7, sent.size());
        assertEquals(BybitPaths.ORDER_CANCEL, sent.get(6).path);
    }

    @Test
    void shouldSendNoMoreThanBybitSaysAreLeftUntilTheWindowMovesOn()
    {
        // another process of the same UID spent most of the window: Bybit says 2 are left after our first call
        final long first = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        replyOk(first, 20, 2, clock.time());
        for (int i = 0; i < 10; i++)
        {
            post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        }
        assertEquals(3, sent.size(), "X-Bapi-Limit-Status 2: two more, though this process sent only one");
        assertEquals(8, governor.queueDepth(RestLane.ORDER));

        // their answers say none is left; the second went while the first was on its way, so Bybit's 0 may not
        // count the first: the reset (the oldest call Bybit counted leaves) frees nothing for sure
        replyOk(sent.get(1).callId, 20, 1, clock.time());
        replyOk(sent.get(2).callId, 20, 0, clock.time() + 400);
        advanceMillis(401);
        assertEquals(3, sent.size());
        advanceMillis(598);
        assertEquals(3, sent.size());
        advanceMillis(2);
        assertEquals(11, sent.size(), "a window after those answers all Bybit counted has left; the own log governs");
        assertEquals(0, governor.queueDepth());
    }

    @Test
    void shouldKeepABurstsWindowUntilAWindowAfterItsLastAnswerWhenBybitCountedThemInAnotherOrder()
    {
        // 50 queries sent at once reach Bybit in one order (two connections, several exchange threads) and are
        // answered in another: a window counted from the send would free them before Bybit's window does
        for (int i = 0; i < 100; i++)
        {
            rest.get(BybitPaths.ORDER_REALTIME, "category=spot", listener);
        }
        assertEquals(50, sent.size());
        final List<Long> ids = new ArrayList<>();
        for (final PendingRestCall call : sent)
        {
            ids.add(call.callId);
        }
        final List<Long> counted = new ArrayList<>(ids);
        Collections.shuffle(counted, new Random(7));
        final List<Long> answered = new ArrayList<>(ids);
        Collections.shuffle(answered, new Random(8));
        final long start = clock.time();
        for (final long id : answered)
        {
            final int remaining = 50 - (counted.indexOf(id) + 1);
            replyOk(id, 50, remaining, remaining == 0 ? start + 1000 : clock.time());
            advanceMillis(1);
        }
        final long lastAnswer = clock.time() - 1;
        sent.clear();
        sentPaths.clear();
        advanceMillis(lastAnswer + 999 - clock.time());
        assertEquals(List.of(), sent, "Bybit counted some of the burst up to its last answer");
        advanceMillis(2);
        assertEquals(50, sent.size(), "a window after the last answer the whole window is free");
    }

    @Test
    void shouldSendOneCallAtTheResetWhenBybitSaysNoneIsLeftAndNothingElseIsOnItsWay()
    {
        final long first = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        replyOk(first, 20, 0, clock.time() + 300);
        for (int i = 0; i < 3; i++)
        {
            post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        }
        advanceMillis(299);
        assertEquals(1, sent.size());
        advanceMillis(2);
        assertEquals(2, sent.size(), "one call leaves Bybit's window at the reset");
        replyOk(sent.get(1).callId, 20, 4, clock.time());
        assertEquals(4, sent.size(), "its answer tells how many more");
    }

    @Test
    void shouldCountCallsOnTheirWayAgainstWhatBybitSaysIsLeftAndTrustTheLatestSendsAnswer()
    {
        final long a = post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        final long b = post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        // 3 left when Bybit answered b; a and the third are still on their way, and a may have reached Bybit after b
        // (two connections, several exchange threads): Bybit's count may hold neither
        replyOk(b, 20, 3, clock.time());
        // a's answer, overtaken by b's: older news, it must not widen the cap
        replyOk(a, 20, 10, clock.time());
        for (int i = 0; i < 5; i++)
        {
            post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        }
        assertEquals(4, sent.size(), "3 left less the two on their way: one more");
        assertEquals(4, governor.queueDepth(RestLane.CANCEL));
        advanceMillis(1001);
        assertEquals(8, sent.size(), "the cap lapses a window after the answer");
    }

    @Test
    void shouldResendA10006AfterTheResetAndNeverDeliverIt()
    {
        final long id = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        reply(id, 200, 20, 0, clock.time() + 400, "{\"retCode\":10006,\"retMsg\":\"Too many visits!\",\"result\":{}}");
        assertEquals(List.of(), outcomes, "the caller never sees a 10006");
        assertEquals(1, governor.queueDepth());
        advanceMillis(399);
        assertEquals(1, sent.size());
        advanceMillis(2);
        assertEquals(2, sent.size());
        assertEquals(id, sent.get(1).callId);
        assertEquals(1, sent.get(1).attempt, "a resend is not a new attempt: the first was never processed");
        replyOk(id, 20, 19, clock.time());
        assertEquals(List.of(id + " HTTP 200 attempt 1 {\"retCode\":0}"), outcomes);
        assertEquals(1, counters.rateLimitedReplies());
        assertEquals(1, counters.throttledCalls());
    }

    @Test
    void shouldRecogniseA10006WhereverRetCodeStandsInTheEnvelope()
    {
        final long id = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        reply(id, 200, 20, 0, clock.time() + 100,
            "{ \"retMsg\": \"Too many visits!\", \"retCode\" : 10006, \"result\":{}}");
        assertEquals(List.of(), outcomes);
        advanceMillis(101);
        assertEquals(2, sent.size(), "resent after the reset");
        reply(id, 200, 20, 5, clock.time(), "{\"retCode\":100060,\"retMsg\":\"other\"}");
        assertEquals(1, outcomes.size(), "10006 is matched whole, not as a prefix");
    }

    @Test
    void shouldWaitAWindowAfterA429WithoutHeadersAndBoundAResetSkewedIntoTheFuture()
    {
        final long id = post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        reply(id, 429, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "");
        advanceMillis(999);
        assertEquals(1, sent.size());
        advanceMillis(2);
        assertEquals(2, sent.size());

        // a server clock 10 s ahead: the reset looks 10 s away, the wait is still at most Bybit's window
        reply(id, 429, 20, 0, clock.time() + 10_000, "{\"retCode\":10006}");
        advanceMillis(1001);
        assertEquals(3, sent.size());
        replyOk(id, 20, 19, clock.time());
        assertEquals(1, outcomes.size());
        assertEquals(2, counters.rateLimitedReplies());
    }

    @Test
    void shouldServeCancelsThenQueriesThenNewOrdersWhenTheyWaitTogether()
    {
        // a 429 storm on everything: three calls of each kind come back and wait for the reset
        final List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            ids.add(post(BybitPaths.ORDER_CREATE, SPOT_BODY));
            ids.add(rest.get(BybitPaths.EXECUTION_LIST, "category=spot", listener));
            ids.add(post(BybitPaths.ORDER_CANCEL, SPOT_BODY));
        }
        final long reset = clock.time() + 200;
        for (final long id : ids)
        {
            reply(id, 429, 20, 0, reset, "");
        }
        sent.clear();
        sentPaths.clear();
        advanceMillis(201);
        assertEquals(List.of(BybitPaths.ORDER_CANCEL, BybitPaths.ORDER_CANCEL, BybitPaths.ORDER_CANCEL), paths(),
            "the cancels go, and the lower lanes wait until they are answered");
        answerAllSent();
        assertEquals(List.of(BybitPaths.EXECUTION_LIST, BybitPaths.EXECUTION_LIST, BybitPaths.EXECUTION_LIST), paths());
        answerAllSent();
        assertEquals(List.of(BybitPaths.ORDER_CREATE, BybitPaths.ORDER_CREATE, BybitPaths.ORDER_CREATE), paths());
        answerAllSent();
        assertEquals(9, outcomes.size());
    }

    @Test
    void shouldHoldNewOrdersWhileCancelsWaitEvenWithCreateBudgetLeft()
    {
        final long cancel = post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        reply(cancel, 200, 20, 0, clock.time() + 500, "{\"retCode\":10006}");
        post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        rest.get(BybitPaths.ORDER_REALTIME, "category=spot", listener);
        assertEquals(1, sent.size(), "a cancel waits: nothing of a lower lane overtakes it");
        assertEquals(1, governor.queueDepth(RestLane.CANCEL));
        assertEquals(1, governor.queueDepth(RestLane.QUERY));
        assertEquals(1, governor.queueDepth(RestLane.ORDER));
        sent.clear();
        sentPaths.clear();
        advanceMillis(501);
        assertEquals(List.of(BybitPaths.ORDER_CANCEL), paths());
        answerAllSent();
        assertEquals(List.of(BybitPaths.ORDER_REALTIME), paths());
        answerAllSent();
        assertEquals(List.of(BybitPaths.ORDER_CREATE), paths());
    }

    @Test
    void shouldNotDelayAnythingWhenNothingWaits()
    {
        post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        rest.get(BybitPaths.ORDER_REALTIME, "category=spot", listener);
        post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        assertEquals(List.of(BybitPaths.ORDER_CANCEL, BybitPaths.ORDER_REALTIME, BybitPaths.ORDER_CREATE), paths(),
            "calls in flight that never waited hold nobody back");
        assertEquals(0, counters.throttledCalls());
    }

    @Test
    void shouldHoldAllRestOnA403ProbeOnceAfterTheHoldAndReportEachChange()
    {
        start(new RateLimitPolicy(20, 10, 50, 10, 1000, 64, 10_000, 15_000));
        final long create = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        final long query = rest.get(BybitPaths.ORDER_REALTIME, "category=spot", listener);
        reply(create, 403, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "access too frequent");
        reply(query, 403, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "access too frequent");
        assertEquals(RestAccess.IP_BANNED, governor.access());
        assertEquals(List.of("OPEN->IP_BANNED status=403 bans=1 holdMs=10000 queued=1"), accessChanges);

        final long cancel = post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        sent.clear();
        sentPaths.clear();
        advanceMillis(9_999);
        assertEquals(List.of(), sent, "no REST while banned");
        advanceMillis(2);
        assertEquals(List.of(BybitPaths.ORDER_CANCEL), paths(), "one probe, from the highest lane");

        reply(cancel, 403, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "access too frequent");
        assertEquals("IP_BANNED->IP_BANNED status=403 bans=2 holdMs=15000 queued=3", accessChanges.get(1),
            "a second ban holds longer, up to the maximum");
        sent.clear();
        sentPaths.clear();
        advanceMillis(14_999);
        assertEquals(List.of(), sent);
        advanceMillis(2);
        assertEquals(List.of(BybitPaths.ORDER_CANCEL), paths());

        replyOk(cancel, 20, 19, clock.time());
        assertEquals(RestAccess.OPEN, governor.access());
        assertEquals("IP_BANNED->OPEN status=0 bans=0 holdMs=0 queued=2", accessChanges.get(2));
        assertEquals(List.of(BybitPaths.ORDER_CANCEL, BybitPaths.ORDER_REALTIME), paths(),
            "after the probe the lanes drain in priority order");
        replyOk(query, 50, 49, clock.time());
        assertEquals(List.of(BybitPaths.ORDER_CANCEL, BybitPaths.ORDER_REALTIME, BybitPaths.ORDER_CREATE), paths());
        assertEquals(
            List.of(cancel + " HTTP 200 attempt 1 {\"retCode\":0}", query + " HTTP 200 attempt 1 {\"retCode\":0}"),
            outcomes, "403s are never delivered");
        assertEquals(2, counters.ipBans());
    }

    @Test
    void shouldHoldAllRestWhenAPublicCallSentAroundTheLanesMeetsTheIpBan()
    {
        start(new RateLimitPolicy(20, 10, 50, 10, 1000, 64, 10_000, 15_000));
        final long time = rest.getPublic(BybitPaths.MARKET_TIME, "", listener);
        assertEquals(List.of(BybitPaths.MARKET_TIME), paths(), "a public call goes around the lanes while open");
        reply(time, 403, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "access too frequent");
        assertEquals(RestAccess.IP_BANNED, governor.access(), "the IP limit is per IP: any 403 bans all REST");
        assertEquals(List.of(time + " HTTP 403 attempt 1 access too frequent"), outcomes,
            "the public call keeps its answer: resent after the hold it would time the hold, not the network");
        assertEquals("OPEN->IP_BANNED status=403 bans=1 holdMs=10000 queued=1", accessChanges.get(0));

        sent.clear();
        sentPaths.clear();
        final long create = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        rest.getPublic(BybitPaths.MARKET_TIME, "", listener);
        advanceMillis(9_999);
        assertEquals(List.of(), paths(), "nothing, public or signed, while banned");
        advanceMillis(2);
        assertEquals(1, sent.size(), "one probe when the hold ends");
        replyOk(sent.get(0).callId, 20, 19, clock.time());
        assertEquals(RestAccess.OPEN, governor.access());
        assertEquals(2, sent.size(), "then the rest");
        assertEquals(1, counters.ipBans());
        assertTrue(create > 0);
    }

    @Test
    void shouldKeepRestHeldWhenTheBanProbeGetsNoAnswerAndKeepCountingBans()
    {
        start(new RateLimitPolicy(20, 10, 50, 10, 1000, 64, 10_000, 15_000));
        final long first = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        reply(first, 403, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "access too frequent");
        for (int i = 0; i < 5; i++)
        {
            post(BybitPaths.ORDER_CREATE, SPOT_BODY);
            rest.get(BybitPaths.ORDER_REALTIME, "category=spot&orderLinkId=q" + i, listener);
        }
        sent.clear();
        sentPaths.clear();
        advanceMillis(10_001);
        assertEquals(1, sent.size(), "one probe");
        final PendingRestCall probe = sent.get(0);
        final long probeId = probe.callId;

        // the gateway drops the probe: no answer is no proof the ban is over
        event.set(BybitEventTypes.REST_FAILURE, probeId, probe.dispatch, RestFailure.TIMEOUT.ordinal());
        rest.onEvent(event);
        advanceMillis(600); // the probe's retry back-off
        assertEquals(1, sent.size(), "nothing released into a ban that may still stand: " + paths());
        assertEquals(RestAccess.IP_BANNED, governor.access());
        assertEquals("IP_BANNED->IP_BANNED status=0 bans=1 holdMs=10000 queued=11", accessChanges.get(1));
        assertEquals(1, counters.banProbesUnanswered());

        advanceMillis(9_999);
        assertEquals(2, sent.size(), "another probe after another hold");
        assertEquals(probeId, sent.get(1).callId);
        assertEquals(2, sent.get(1).attempt);
        reply(probeId, 403, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "access too frequent");
        assertEquals("IP_BANNED->IP_BANNED status=403 bans=2 holdMs=15000 queued=11", accessChanges.get(2),
            "the unanswered probe did not reset the count: the next 403 holds longer");

        advanceMillis(15_001);
        assertEquals(3, sent.size());
        replyOk(probeId, 20, 19, clock.time());
        assertEquals(RestAccess.OPEN, governor.access(), "only a real answer opens access");
        assertEquals(List.of(probeId + " HTTP 200 attempt 2 {\"retCode\":0}"), outcomes);
    }

    @Test
    void shouldNotExtendTheHoldFor403sOfCallsAlreadyInFlightWhenTheBanBegan()
    {
        start(new RateLimitPolicy(20, 10, 50, 10, 1000, 64, 10_000, 40_000));
        final long a = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        final long b = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        reply(a, 403, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "access too frequent");
        advanceMillis(5_000);
        reply(b, 403, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "access too frequent");
        assertEquals(1, accessChanges.size(), accessChanges.toString());
        assertEquals(1, counters.ipBans());
        sent.clear();
        sentPaths.clear();
        advanceMillis(5_001);
        assertEquals(1, sent.size(), "the probe goes when the first hold ends");
    }

    @Test
    void shouldRefuseACallWhenItsLaneIsFullAndSayItWasNotSent()
    {
        start(new RateLimitPolicy(1, 1, 50, 10, 1000, 2, 10_000, 10_000));
        post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        final long third = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        assertEquals(List.of(), outcomes, "the caller gets its call id before any outcome");
        advanceMillis(1);
        assertEquals(List.of(third + " NOT_SENT after 0"), outcomes);
        assertEquals(1, counters.laneFullRefusals());
        final long cancel = post(BybitPaths.ORDER_CANCEL, SPOT_BODY);
        assertEquals(2, sent.size(), "other lanes are not affected");
        assertEquals(cancel, sent.get(1).callId);
    }

    @Test
    void shouldSendAConnectionRetryAheadOfCallsQueuedBehindIt()
    {
        start(new RateLimitPolicy(1, 1, 50, 10, 1000, 16, 10_000, 10_000));
        final long a = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        final long b = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        event.set(BybitEventTypes.REST_FAILURE, a, sent.get(0).dispatch, RestFailure.CONNECTION_RESET.ordinal());
        rest.onEvent(event);
        advanceMillis(1001);
        assertEquals(2, sent.size());
        assertEquals(a, sent.get(1).callId);
        assertEquals(2, sent.get(1).attempt);
        advanceMillis(1001);
        assertEquals(b, sent.get(2).callId);
    }

    @Test
    void shouldTakeALimitHeaderOutOfRangeAsNotSentReportItOnceAndStillAnswerTheCall()
    {
        final long huge = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        replyOk(huge, Integer.MAX_VALUE, 100, clock.time());
        assertEquals(List.of(huge + " HTTP 200 attempt 1 {\"retCode\":0}"), outcomes, "answered at once");
        assertEquals(20, governor.budgetOf(BybitPaths.ORDER_CREATE, "spot").limit(), "the default stands");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).getMessage().contains("X-Bapi-Limit 2147483647"), errors.get(0).getMessage());

        final long zero = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        replyOk(zero, 0, 0, clock.time());
        final long tooMany = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        replyOk(tooMany, RateLimitPolicy.MAX_LIMIT + 1, 5, clock.time());
        assertEquals(3, outcomes.size());
        assertEquals(1, errors.size(), "reported once");
        assertEquals(3, counters.badLimitHeaders(), "counted each time");
        assertEquals(0, rest.inFlightCount());

        final long largest = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        replyOk(largest, RateLimitPolicy.MAX_LIMIT, 999, clock.time());
        assertEquals(RateLimitPolicy.MAX_LIMIT, governor.budgetOf(BybitPaths.ORDER_CREATE, "spot").limit());
    }

    @Test
    void shouldStillGiveTheCallAnOutcomeWhenHandlingItsReplyThrows()
    {
        governor.accessListener((state, previous, httpStatus, bans, holdNanos, resumeEpochMillis, queued) ->
        {
            throw new IllegalStateException("listener failed");
        });
        final long id = post(BybitPaths.ORDER_CREATE, SPOT_BODY);
        reply(id, 403, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, "access too frequent");
        assertEquals(List.of(id + " HTTP 403 attempt 1 access too frequent"), outcomes,
            "the governor failed before it kept the call: the caller gets the reply, never nothing");
        assertEquals("listener failed", errors.get(0).getMessage());
        assertEquals(0, rest.inFlightCount());
        assertEquals(0, governor.queueDepth());
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
