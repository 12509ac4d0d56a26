package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.net.ExponentialBackoff;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import com.qkt.engine.RingEvent;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Retries of the handler side of REST, on a manual clock: which outcomes are retried, when, and how often.
 */
class BybitRestClientTest
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final TimerService timers = new TimerService(clock.nanoTime(), 1L << 20, 512);
    private final List<String> sent = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final RingEvent event = new RingEvent(4096);
    private final BybitRestClient rest = new BybitRestClient(
        (call) -> sent.add(call.callId + "#" + call.attempt + " " + call.path),
        governor(),
        timers,
        clock,
        new ExponentialBackoff(TimeUnit.MILLISECONDS.toNanos(500), 2.0, TimeUnit.SECONDS.toNanos(4)),
        3,
        errors::add,
        new EngineCounters(),
        TIMEOUT_NS,
        4);

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
            outcomes.add(callId + " HTTP " + httpStatus + " " + body.getStringWithoutLengthAscii(offset, length));
        }

        public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
        {
            outcomes.add(callId + " " + failure + " after " + attempts);
        }
    };

    @Test
    void shouldRetryConnectionFailuresAfterHalfASecondThenOneThenGiveUpAfterThreeAttempts()
    {
        final long id = rest.post("/v5/order/create", body("{}"), 0, 2, listener);
        fail(id, 1, RestFailure.CONNECTION_RESET);
        advanceMillis(499);
        assertEquals(List.of(id + "#1 /v5/order/create"), sent);
        advanceMillis(2);
        assertEquals(id + "#2 /v5/order/create", sent.get(1));

        fail(id, 2, RestFailure.CONNECT_REFUSED);
        advanceMillis(999);
        assertEquals(2, sent.size());
        advanceMillis(2);
        assertEquals(id + "#3 /v5/order/create", sent.get(2));

        fail(id, 3, RestFailure.TIMEOUT);
        assertEquals(List.of(id + " TIMEOUT after 3"), outcomes);
        assertEquals(2, rest.retries());
        assertEquals(3, rest.attempts());
        assertEquals(0, rest.inFlightCount());
    }

    @Test
    void shouldNeverRetryWhenBybitAnsweredWhateverTheStatus()
    {
        final long id = rest.get("/v5/order/realtime", "category=spot", listener);
        reply(id, 1, 503, "{\"retCode\":10016}");
        advanceMillis(10_000);
        assertEquals(1, sent.size());
        assertEquals(List.of(id + " HTTP 503 {\"retCode\":10016}"), outcomes);
        assertEquals(0, rest.retries());
    }

    @Test
    void shouldTurnAMissingOutcomeIntoATimeoutAndRetry()
    {
        final long id = rest.get("/v5/execution/list", "category=spot", listener);
        advanceMillis(TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NS) * 2 + 10);
        assertEquals(1, errors.size());
        advanceMillis(600);
        assertEquals(2, sent.size(), sent.toString());
        reply(id, 2, 200, "ok");
        assertEquals(List.of(id + " HTTP 200 ok"), outcomes);
    }

    @Test
    void shouldIgnoreALateOutcomeOfAnEarlierAttempt()
    {
        final long id = rest.get("/v5/order/realtime", "category=spot", listener);
        fail(id, 1, RestFailure.CONNECTION_RESET);
        advanceMillis(501);
        reply(id, 1, 200, "late");
        assertEquals(List.of(), outcomes);
        reply(id, 2, 200, "current");
        assertEquals(List.of(id + " HTTP 200 current"), outcomes);
    }

    @Test
    void shouldNotSendTwiceWhenTheRealFailureArrivesAfterTheWatchdog()
    {
        final long id = rest.get("/v5/order/realtime", "category=spot", listener);
        advanceMillis(TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NS) * 2 + 10);
        fail(id, 1, RestFailure.CONNECTION_RESET);
        advanceMillis(2_000);
        assertEquals(List.of(id + "#1 /v5/order/realtime", id + "#2 /v5/order/realtime"), sent);
    }

    @Test
    void shouldReportAFullSendQueueOnTheNextPollNotInsideTheCall()
    {
        final BybitRestClient refusing = new BybitRestClient(
            (call) -> false, governor(), timers, clock, new ExponentialBackoff(1, 2.0, 1), 1, errors::add,
            new EngineCounters(),
            TIMEOUT_NS, 1);
        final long id = refusing.get("/v5/order/realtime", "category=spot", listener);
        assertEquals(List.of(), outcomes, "the caller gets its call id before any outcome");
        advanceMillis(2);
        assertEquals(List.of(id + " IO_ERROR after 1"), outcomes);
    }

    @Test
    void shouldHoldA10002AndEverySignedCallAfterItForOneClockEstimateThenResendOnce()
    {
        final List<String> resyncs = new ArrayList<>();
        rest.timestampRejectListener(() -> resyncs.add("resync"));
        final long create = rest.post("/v5/order/create", body("{}"), 0, 2, listener);
        reply(create, 1, 200, "{\"retCode\":10002,\"retMsg\":\"invalid request, please check your server timestamp\"}");
        assertEquals(List.of("resync"), resyncs);
        assertEquals(List.of(), outcomes, "never a reject on the first 10002");
        assertEquals(1, rest.timestampRejects());

        final long cancel = rest.post("/v5/order/cancel", body("{}"), 0, 2, listener);
        assertEquals(2, rest.heldForClockCount());
        advanceMillis(TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NS) * 3);
        assertEquals(List.of(), errors, "a held call has no watchdog: the estimate bounds the wait");

        final long time = rest.getPublic("/v5/market/time", "", listener);
        assertEquals(List.of(create + "#1 /v5/order/create", time + "#1 /v5/market/time"), sent,
            "signed calls wait for the estimate; the estimate's own public call does not");
        reply(time, 1, 200, "{}");
        outcomes.clear();

        rest.releaseClockHold();
        assertEquals(List.of(create + "#1 /v5/order/create", time + "#1 /v5/market/time",
            create + "#2 /v5/order/create", cancel + "#1 /v5/order/cancel"), sent, "in the order they were made");
        reply(create, 1, 200, "{\"retCode\":0}");
        assertEquals(List.of(), outcomes, "the refused attempt's late echo is ignored");
        reply(create, 2, 200, "{\"retCode\":0,\"result\":{}}");
        reply(cancel, 1, 200, "{\"retCode\":0}");
        assertEquals(List.of(create + " HTTP 200 {\"retCode\":0,\"result\":{}}", cancel + " HTTP 200 {\"retCode\":0}"),
            outcomes);
        assertEquals(0, rest.inFlightCount());
    }

    @Test
    void shouldResendASecond10002AfterAnotherEstimateAndPassAThirdOnAsAnAnswer()
    {
        final List<String> resyncs = new ArrayList<>();
        rest.timestampRejectListener(() -> resyncs.add("resync"));
        final long id = rest.get("/v5/order/realtime", "category=spot", listener);
        reply(id, 1, 200, "{\"retCode\": 10002}");
        rest.releaseClockHold();
        // the exchange's clock moved again before the resend went out: held for another estimate, resent once more
        reply(id, 2, 200, "{\"retCode\": 10002}");
        assertEquals(List.of("resync", "resync"), resyncs);
        assertEquals(List.of(), outcomes, "a resend's 10002 is not an answer while a clock resend is left");
        rest.releaseClockHold();
        reply(id, 3, 200, "{\"retCode\": 10002}");
        assertEquals(List.of(id + " HTTP 200 {\"retCode\": 10002}"), outcomes);
        assertEquals(3, rest.timestampRejects());
    }

    @Test
    void shouldPassA10002OnWithoutAClock()
    {
        final long id = rest.post("/v5/order/create", body("{}"), 0, 2, listener);
        reply(id, 1, 401, "{\"retCode\":10002}");
        assertEquals(List.of(id + " HTTP 401 {\"retCode\":10002}"), outcomes);
    }

    @Test
    void shouldFailHeldCallsWhenClosed()
    {
        rest.timestampRejectListener(() -> { });
        final long id = rest.post("/v5/order/create", body("{}"), 0, 2, listener);
        reply(id, 1, 200, "{\"retCode\":10002}");
        final long held = rest.get("/v5/order/realtime", "", listener);
        rest.failAll();
        assertEquals(2, outcomes.size(), outcomes.toString());
        assertEquals(0, rest.heldForClockCount());
        assertEquals(-1, rest.post("/v5/order/create", body("{}"), 0, 2, listener));
        assertEquals(true, outcomes.contains(held + " IO_ERROR after 1"), outcomes.toString());
    }

    private RateLimitGovernor governor()
    {
        return new RateLimitGovernor(
            RateLimitPolicy.bybitDefaults(), timers, clock, clock, new RateLimitCounters(new EngineCounters()));
    }

    /** Without rate limits in play each attempt is sent once, so its dispatch number is its attempt number. */
    private void fail(final long callId, final int attempt, final RestFailure failure)
    {
        event.set(BybitEventTypes.REST_FAILURE, callId, attempt, failure.ordinal());
        rest.onEvent(event);
    }

    private void reply(final long callId, final int attempt, final int status, final String body)
    {
        final byte[] frame = RestReplyFrame.frame(
            RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT,
            body.getBytes(StandardCharsets.US_ASCII));
        event.set(BybitEventTypes.REST_REPLY, callId, attempt, status).payload(frame, 0, frame.length);
        rest.onEvent(event);
    }

    private void advanceMillis(final long millis)
    {
        for (long i = 0; i < millis; i++)
        {
            clock.advanceMillis(1);
            timers.poll(clock.nanoTime());
        }
    }

    private static org.agrona.concurrent.UnsafeBuffer body(final String text)
    {
        return new org.agrona.concurrent.UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void shouldCountEveryThrottledReplyTheGovernorKeeps()
    {
        final EngineCounters engineCounters = new EngineCounters();
        final List<PendingRestCall> calls = new ArrayList<>();
        final BybitRestClient client = new BybitRestClient(
            calls::add, governor(), timers, clock, new ExponentialBackoff(1, 2.0, 1), 1, errors::add, engineCounters,
            TIMEOUT_NS, 1);
        final long id = client.post("/v5/order/create", body("{}"), 0, 2, listener);
        replyTo(client, calls.get(0), 200, "{\"retCode\":10006,\"retMsg\":\"Too many visits!\"}");
        advanceMillis(1001);
        replyTo(client, calls.get(1), 429, "");
        advanceMillis(1001);
        replyTo(client, calls.get(2), 200, "{\"retCode\":0}");
        assertEquals(List.of(id + " HTTP 200 {\"retCode\":0}"), outcomes);
        final long[] throttled = {-1};
        engineCounters.forEach((label, value) ->
        {
            if (label.startsWith("bybit.rest.throttled"))
            {
                throttled[0] = value;
            }
        });
        assertEquals(2, throttled[0]);
    }

    @Test
    void shouldSendThePublicTimeCallAroundWaitingLanesButHoldItThroughAnIpBan()
    {
        final List<PendingRestCall> calls = new ArrayList<>();
        final BybitRestClient client = new BybitRestClient(
            calls::add, governor(), timers, clock, new ExponentialBackoff(1, 2.0, 1), 1, errors::add,
            new EngineCounters(), TIMEOUT_NS, 1);
        client.post("/v5/order/cancel", body("{}"), 0, 2, listener);
        replyTo(client, calls.get(0), 200, "{\"retCode\":10006,\"retMsg\":\"Too many visits!\"}");
        client.get("/v5/order/realtime", "category=spot", listener);
        assertEquals(1, calls.size(), "the query waits behind the cancel the storm holds");

        final long time = client.getPublic("/v5/market/time", "", listener);
        assertEquals(2, calls.size(), "the estimate times the network, not the lanes");
        assertEquals("/v5/market/time", calls.get(1).path);
        replyTo(client, calls.get(1), 200, "{\"retCode\":0,\"result\":{}}");
        assertEquals(List.of(time + " HTTP 200 {\"retCode\":0,\"result\":{}}"), outcomes);

        advanceMillis(1001); // the cancel goes again and the exchange now bans the IP
        final PendingRestCall cancelAgain = calls.get(calls.size() - 1);
        assertEquals("/v5/order/cancel", cancelAgain.path);
        replyTo(client, cancelAgain, 403, "access too frequent");
        final int before = calls.size();
        client.getPublic("/v5/market/time", "", listener);
        assertEquals(before, calls.size(), "a ban is per IP: the public call waits like the others");
    }

    private void replyTo(final BybitRestClient client, final PendingRestCall call, final int status, final String text)
    {
        final byte[] frame = RestReplyFrame.frame(
            RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, RestReplyFrame.ABSENT, text.getBytes(StandardCharsets.US_ASCII));
        event.set(BybitEventTypes.REST_REPLY, call.callId, call.dispatch, status).payload(frame, 0, frame.length);
        client.onEvent(event);
    }
}
