package com.qkt.common.net;

import com.qkt.common.error.EngineCounters;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import com.qkt.test.Allocations;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.qkt.common.net.ReconnectSupervisor.State.BACKING_OFF;
import static com.qkt.common.net.ReconnectSupervisor.State.CLOSED;
import static com.qkt.common.net.ReconnectSupervisor.State.CONNECTED;
import static com.qkt.common.net.ReconnectSupervisor.State.CONNECTING;
import static com.qkt.common.net.ReconnectSupervisor.State.FAILED;
import static com.qkt.common.net.ReconnectSupervisor.State.IDLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectSupervisorTest
{
    private static final long MS = 1_000_000L;
    private static final long RESOLUTION = 1L << 20;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final TimerService timers = new TimerService(clock.nanoTime(), RESOLUTION, 1024);
    private final RecordingListener listener = new RecordingListener();

    /**
     * Records callbacks and, when told to, reports outcomes re-entrantly from inside them.
     */
    private static final class RecordingListener implements ReconnectSupervisor.Listener
    {
        final List<String> calls = new ArrayList<>();
        final List<Long> backoffDelays = new ArrayList<>();
        final List<Integer> attempts = new ArrayList<>();
        ReconnectSupervisor supervisor;
        boolean recording = true;
        Boolean reportInline;     // null: do nothing; TRUE: succeed inline; FALSE: fail inline (non-auth)
        boolean failInlineWithAuth;
        boolean failOnTimeoutInline;
        int reconnected;
        int failed;
        int timedOut;
        int attemptCount;

        public void onReconnectAttempt(final int attempt)
        {
            attemptCount++;
            if (recording)
            {
                attempts.add(attempt);
                calls.add("attempt " + attempt);
            }
            if (failInlineWithAuth)
            {
                supervisor.onAttemptFailed(true);
            }
            else if (Boolean.TRUE.equals(reportInline))
            {
                supervisor.onAttemptSucceeded();
            }
            else if (Boolean.FALSE.equals(reportInline))
            {
                supervisor.onAttemptFailed(false);
            }
        }

        public void onReconnected(final int attempts)
        {
            reconnected++;
            if (recording)
            {
                calls.add("reconnected " + attempts);
            }
        }

        public void onBackoff(final int attempt, final long delayNanos)
        {
            if (recording)
            {
                backoffDelays.add(delayNanos);
                calls.add("backoff " + attempt);
            }
        }

        public void onAttemptTimedOut(final int attempt)
        {
            timedOut++;
            if (recording)
            {
                calls.add("timed out " + attempt);
            }
            if (failOnTimeoutInline)
            {
                supervisor.onAttemptFailed(false);
            }
        }

        public void onFailed(final int consecutiveAuthFailures)
        {
            failed++;
            if (recording)
            {
                calls.add("failed " + consecutiveAuthFailures);
            }
        }
    }

    private ReconnectSupervisor supervisor(final BackoffPolicy policy, final int maxAuthFailures, final long timeout)
    {
        final ReconnectSupervisor supervisor = new ReconnectSupervisor(new ReconnectSupervisor.Context()
            .backoffPolicy(policy)
            .maxConsecutiveAuthFailures(maxAuthFailures)
            .attemptTimeoutNanos(timeout)
            .timerService(timers)
            .nanoClock(clock)
            .listener(listener));
        listener.supervisor = supervisor;
        return supervisor;
    }

    private void advance(final long nanos)
    {
        final long end = clock.nanoTime() + nanos;
        while (clock.nanoTime() < end)
        {
            clock.advanceNanos(Math.min(MS, end - clock.nanoTime()));
            timers.poll(clock.nanoTime());
        }
    }

    /**
     * Run until the supervisor starts an attempt, failing each attempt (non-auth); returns nanos waited.
     */
    private long waitForAttempt(final ReconnectSupervisor supervisor)
    {
        final long start = clock.nanoTime();
        final int before = listener.attemptCount;
        while (listener.attemptCount == before)
        {
            clock.advanceNanos(MS / 4);
            timers.poll(clock.nanoTime());
            if (clock.nanoTime() - start > 3_600_000 * MS)
            {
                throw new AssertionError("no attempt within an hour of simulated time");
            }
        }
        return clock.nanoTime() - start;
    }

    @Test
    void shouldNotCallOnReconnectedForTheInitialConnect()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(100 * MS), 3, 0);
        assertEquals(IDLE, supervisor.state());

        supervisor.onConnected();
        advance(1_000 * MS);

        assertEquals(CONNECTED, supervisor.state());
        assertEquals(0, listener.reconnected);
        assertTrue(listener.calls.isEmpty());
    }

    @Test
    void shouldReconnectAfterExponentialBackoffWithCap()
    {
        final ReconnectSupervisor supervisor = supervisor(new ExponentialBackoff(100 * MS, 2.0, 1_000 * MS), 3, 0);
        supervisor.onConnected();
        supervisor.onConnectionLost();
        assertEquals(BACKING_OFF, supervisor.state());

        final List<Long> waited = new ArrayList<>();
        for (int i = 0; i < 6; i++)
        {
            waited.add(waitForAttempt(supervisor));
            assertEquals(CONNECTING, supervisor.state());
            if (i < 5)
            {
                supervisor.onAttemptFailed(false);
            }
        }
        supervisor.onAttemptSucceeded();

        assertEquals(List.of(100 * MS, 200 * MS, 400 * MS, 800 * MS, 1_000 * MS, 1_000 * MS), listener.backoffDelays);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), listener.attempts);
        for (int i = 0; i < waited.size(); i++)
        {
            final long delay = listener.backoffDelays.get(i);
            assertTrue(waited.get(i) >= delay && waited.get(i) <= delay + 2 * RESOLUTION,
                "attempt " + (i + 1) + " waited " + waited.get(i) + " for delay " + delay);
        }
        assertEquals(CONNECTED, supervisor.state());
        assertEquals(1, listener.reconnected);
        assertEquals("reconnected 6", listener.calls.get(listener.calls.size() - 1));
        assertEquals(6, supervisor.reconnectAttempts());
        assertEquals(0, supervisor.attempt());
    }

    @Test
    void shouldReconnectAfterFixedBackoff()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(500 * MS), 3, 0);
        supervisor.onConnected();
        supervisor.onConnectionLost();

        for (int i = 0; i < 3; i++)
        {
            final long waited = waitForAttempt(supervisor);
            assertTrue(waited >= 500 * MS && waited <= 500 * MS + 2 * RESOLUTION, "waited " + waited);
            if (i < 2)
            {
                supervisor.onAttemptFailed(false);
            }
        }
        supervisor.onAttemptSucceeded();

        assertEquals(List.of(500 * MS, 500 * MS, 500 * MS), listener.backoffDelays);
        assertEquals(List.of(
            "backoff 1", "attempt 1", "backoff 2", "attempt 2", "backoff 3", "attempt 3", "reconnected 3"),
            listener.calls);
    }

    @Test
    void shouldAttemptAtOnceWithoutATimerWhenTheDelayIsZero()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(0), 3, 0);
        supervisor.onConnected();
        supervisor.onConnectionLost();

        assertEquals(ReconnectSupervisor.State.CONNECTING, supervisor.state());
        assertEquals(List.of("backoff 1", "attempt 1"), listener.calls);
        assertEquals(0, timers.timerCount());
    }

    @Test
    void shouldNotRecurseWhenAZeroDelayAttemptFailsFromInsideItsCallback()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(0), 3, 0);
        listener.reportInline = Boolean.FALSE;
        supervisor.onConnected();
        supervisor.onConnectionLost();

        assertEquals(1, listener.attemptCount, "the retry waits for the next poll");
        assertEquals(ReconnectSupervisor.State.BACKING_OFF, supervisor.state());
        listener.reportInline = null;
        advance(2 * RESOLUTION);
        assertEquals(2, listener.attemptCount);
        assertEquals(ReconnectSupervisor.State.CONNECTING, supervisor.state());
    }

    @Test
    void shouldResetBackoffAfterSuccess()
    {
        final ReconnectSupervisor supervisor = supervisor(new ExponentialBackoff(100 * MS, 2.0, 10_000 * MS), 3, 0);
        supervisor.onConnected();
        supervisor.onConnectionLost();
        waitForAttempt(supervisor);
        supervisor.onAttemptFailed(false);
        waitForAttempt(supervisor);
        supervisor.onAttemptFailed(false);
        waitForAttempt(supervisor);
        supervisor.onAttemptSucceeded();

        listener.backoffDelays.clear();
        supervisor.onConnectionLost();
        final long waited = waitForAttempt(supervisor);

        assertEquals(List.of(100 * MS), listener.backoffDelays);
        assertTrue(waited <= 100 * MS + 2 * RESOLUTION, "waited " + waited);
        assertEquals(1, supervisor.attempt());
    }

    @Test
    void shouldEnterFailedAfterConsecutiveAuthFailuresAndCallOnFailedOnce()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(100 * MS), 3, 0);
        supervisor.onConnected();
        supervisor.onConnectionLost();

        for (int i = 0; i < 3; i++)
        {
            waitForAttempt(supervisor);
            supervisor.onAttemptFailed(true);
        }

        assertEquals(FAILED, supervisor.state());
        assertEquals(1, listener.failed);
        assertEquals("failed 3", listener.calls.get(listener.calls.size() - 1));
        assertEquals(0, timers.timerCount());

        supervisor.onConnectionLost();
        supervisor.onAttemptFailed(true);
        advance(10_000 * MS);
        assertEquals(FAILED, supervisor.state());
        assertEquals(1, listener.failed);
        assertEquals(3, supervisor.reconnectAttempts());
    }

    @Test
    void shouldResetConsecutiveAuthFailuresOnNonAuthFailure()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(100 * MS), 3, 0);
        supervisor.onConnected();
        supervisor.onConnectionLost();

        waitForAttempt(supervisor);
        supervisor.onAttemptFailed(true);
        waitForAttempt(supervisor);
        supervisor.onAttemptFailed(true);
        assertEquals(2, supervisor.consecutiveAuthFailures());
        waitForAttempt(supervisor);
        supervisor.onAttemptFailed(false);
        assertEquals(0, supervisor.consecutiveAuthFailures());
        waitForAttempt(supervisor);
        supervisor.onAttemptFailed(true);
        waitForAttempt(supervisor);
        supervisor.onAttemptFailed(true);

        assertEquals(BACKING_OFF, supervisor.state());
        assertEquals(0, listener.failed);
    }

    @Test
    void shouldTimeOutAnAttemptAndTreatItAsNonAuthFailure()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(100 * MS), 2, 1_000 * MS);
        supervisor.onConnected();
        supervisor.onConnectionLost();
        waitForAttempt(supervisor);
        supervisor.onAttemptFailed(true);
        waitForAttempt(supervisor);
        assertEquals(1, supervisor.consecutiveAuthFailures());

        advance(999 * MS);
        assertEquals(CONNECTING, supervisor.state());
        advance(2 * RESOLUTION + MS);

        assertEquals(1, listener.timedOut);
        assertEquals(BACKING_OFF, supervisor.state());
        assertEquals(0, supervisor.consecutiveAuthFailures());
        assertEquals(3, supervisor.attempt());
        assertEquals(List.of("backoff 1", "attempt 1", "backoff 2", "attempt 2", "timed out 2", "backoff 3"),
            listener.calls);
    }

    @Test
    void shouldCountTimeOutOnceWhenOwnerReportsFailureFromInsideTheCallback()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(100 * MS), 2, 1_000 * MS);
        listener.failOnTimeoutInline = true;
        supervisor.onConnected();
        supervisor.onConnectionLost();
        waitForAttempt(supervisor);
        advance(1_050 * MS);

        assertEquals(BACKING_OFF, supervisor.state());
        assertEquals(2, supervisor.attempt());
        assertEquals(List.of("backoff 1", "attempt 1", "timed out 1", "backoff 2"), listener.calls);
    }

    @Test
    void shouldCancelAttemptTimeoutOnSuccess()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(100 * MS), 2, 1_000 * MS);
        supervisor.onConnected();
        supervisor.onConnectionLost();
        waitForAttempt(supervisor);
        supervisor.onAttemptSucceeded();
        advance(5_000 * MS);

        assertEquals(CONNECTED, supervisor.state());
        assertEquals(0, listener.timedOut);
        assertEquals(0, timers.timerCount());
    }

    @Test
    void shouldHandleOutcomesReportedFromInsideOnReconnectAttempt()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(100 * MS), 3, 1_000 * MS);
        supervisor.onConnected();

        listener.reportInline = Boolean.FALSE;
        supervisor.onConnectionLost();
        waitForAttempt(supervisor);
        waitForAttempt(supervisor);
        assertEquals(BACKING_OFF, supervisor.state());
        assertEquals(3, supervisor.attempt());

        listener.reportInline = Boolean.TRUE;
        waitForAttempt(supervisor);
        assertEquals(CONNECTED, supervisor.state());
        assertEquals(1, listener.reconnected);
        assertEquals(0, timers.timerCount());

        listener.reportInline = null;
        listener.failInlineWithAuth = true;
        supervisor.onConnectionLost();
        waitForAttempt(supervisor);
        waitForAttempt(supervisor);
        waitForAttempt(supervisor);
        assertEquals(FAILED, supervisor.state());
        assertEquals(1, listener.failed);
        assertEquals(0, timers.timerCount());
    }

    @Test
    void shouldTreatConnectionLostWhileConnectingAsFailedAttempt()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(100 * MS), 3, 0);
        supervisor.onConnected();
        supervisor.onConnectionLost();
        waitForAttempt(supervisor);
        supervisor.onConnectionLost();

        assertEquals(BACKING_OFF, supervisor.state());
        assertEquals(2, supervisor.attempt());
        supervisor.onConnectionLost();
        assertEquals(2, supervisor.attempt(), "lost while backing off is ignored");
    }

    @Test
    void shouldIgnoreEverythingAfterClose()
    {
        final ReconnectSupervisor supervisor = supervisor(new FixedDelayBackoff(100 * MS), 3, 1_000 * MS);
        supervisor.onConnected();
        supervisor.onConnectionLost();
        supervisor.close();
        advance(5_000 * MS);
        supervisor.onConnectionLost();
        supervisor.onAttemptSucceeded();

        assertEquals(CLOSED, supervisor.state());
        assertEquals(0, timers.timerCount());
        assertEquals(List.of("backoff 1"), listener.calls);
    }

    @Test
    void shouldCountAttemptsInEngineCounters()
    {
        final EngineCounters counters = new EngineCounters();
        final ReconnectSupervisor supervisor = new ReconnectSupervisor(new ReconnectSupervisor.Context()
            .backoffPolicy(new FixedDelayBackoff(MS))
            .timerService(timers)
            .nanoClock(clock)
            .listener(listener)
            .counters(counters));
        listener.supervisor = supervisor;
        supervisor.onConnected();
        supervisor.onConnectionLost();
        waitForAttempt(supervisor);
        supervisor.onAttemptFailed(false);
        waitForAttempt(supervisor);

        assertEquals(2, counters.reconnectAttempts().get());
        assertEquals(0, counters.reconnects().get());
        supervisor.onAttemptSucceeded();
        assertEquals(1, counters.reconnects().get());
    }

    @Test
    void shouldNotAllocateOverManyDropAndReconnectCycles()
    {
        final ReconnectSupervisor supervisor =
            supervisor(new ExponentialBackoff(10 * MS, 2.0, 80 * MS, 0.2, 1234), 5, 50 * MS);
        listener.recording = false;
        supervisor.onConnected();

        final Runnable cycles = () ->
        {
            for (int i = 0; i < 2_000; i++)
            {
                supervisor.onConnectionLost();
                waitForAttempt(supervisor);
                supervisor.onAttemptFailed((i & 1) == 0);
                waitForAttempt(supervisor);
                // let this one time out, then succeed on the next
                advance(60 * MS);
                waitForAttempt(supervisor);
                supervisor.onAttemptSucceeded();
            }
        };

        final long[] runs = Allocations.measureSteadyState(3, 10, cycles);

        System.out.println("ReconnectSupervisor: bytes allocated per run of 2000 drop/reconnect cycles (after 3 " +
            "warm-up runs) = " + java.util.Arrays.toString(runs));
        assertEquals(0, Allocations.last(runs));
        assertEquals(CONNECTED, supervisor.state());
        final int totalRuns = 3 + runs.length;
        assertEquals(totalRuns * 2_000L * 3, supervisor.reconnectAttempts());
        assertEquals(totalRuns * 2_000, listener.timedOut);
        assertEquals(totalRuns * 2_000, listener.reconnected);
    }
}
