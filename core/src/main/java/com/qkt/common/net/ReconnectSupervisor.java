package com.qkt.common.net;

import com.qkt.common.config.ConfigKeys;
import com.qkt.common.config.ConfigurationException;
import com.qkt.common.config.PropertyValues;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.timer.TimerListener;
import com.qkt.common.timer.TimerService;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Decides when to reconnect after a connection is lost; the owner (a broker connection) performs the attempts.
 * Broker agnostic and run only on the handler thread: all waiting is a timer in the {@link TimerService}, and nothing
 * allocates when scheduling, firing or computing back-off.
 * <pre>
 *   IDLE --onConnected--&gt; CONNECTED --onConnectionLost--&gt; BACKING_OFF --timer--&gt; CONNECTING
 *   CONNECTING --onAttemptSucceeded--&gt; CONNECTED                      (listener.onReconnected)
 *   CONNECTING --onAttemptFailed / attempt timeout / lost--&gt; BACKING_OFF, or FAILED after too many auth failures
 *   any --close--&gt; CLOSED
 * </pre>
 * The owner may report outcomes re-entrantly from inside the listener callbacks: every transition completes its
 * state change before calling out, and callbacks are the last thing a transition does.
 */
public final class ReconnectSupervisor
{
    /**
     * States of the supervisor.
     */
    public enum State
    {
        /**
         * Initial connect not done yet.
         */
        IDLE,
        /**
         * Connected.
         */
        CONNECTED,
        /**
         * Waiting for the back-off timer before the next attempt.
         */
        BACKING_OFF,
        /**
         * An attempt is in progress; waiting for the owner to report its outcome.
         */
        CONNECTING,
        /**
         * Gave up after too many consecutive authentication failures; only {@link #close()} leaves it.
         */
        FAILED,
        /**
         * Closed; all input is ignored.
         */
        CLOSED
    }

    /**
     * What the owner of the connection is told to do, on the handler thread.
     */
    public interface Listener
    {
        /**
         * Start a connect attempt now and later report {@link #onAttemptSucceeded()} or
         * {@link #onAttemptFailed(boolean)} (possibly from inside this call).
         *
         * @param attempt 1-based attempt number within this outage.
         */
        void onReconnectAttempt(int attempt);

        /**
         * A reconnect succeeded (never called for the initial connect).
         *
         * @param attempts attempts it took.
         */
        void onReconnected(int attempts);

        /**
         * Waiting before the next attempt.
         *
         * @param attempt    the attempt that will follow the delay.
         * @param delayNanos the delay.
         */
        default void onBackoff(final int attempt, final long delayNanos)
        {
        }

        /**
         * An attempt took longer than the attempt timeout: abort the half-done attempt. It then counts as a
         * non-authentication failure.
         *
         * @param attempt the attempt that timed out.
         */
        default void onAttemptTimedOut(final int attempt)
        {
        }

        /**
         * Entered {@link State#FAILED}: the credentials are being refused; no more attempts.
         *
         * @param consecutiveAuthFailures the count that reached the bound.
         */
        void onFailed(int consecutiveAuthFailures);
    }

    /**
     * Configuration of a {@link ReconnectSupervisor}.
     */
    public static final class Context
    {
        /**
         * Consecutive authentication failures after which the supervisor gives up.
         */
        public static final String MAX_AUTH_FAILURES_PROP_NAME = "qkt.reconnect.maxAuthFailures";
        /**
         * Default {@link #MAX_AUTH_FAILURES_PROP_NAME}.
         */
        public static final int MAX_AUTH_FAILURES_DEFAULT = 10;

        /**
         * Nanoseconds an attempt may take before it is abandoned, 0 for no limit.
         */
        public static final String ATTEMPT_TIMEOUT_NANOS_PROP_NAME = "qkt.reconnect.attemptTimeoutNanos";
        /**
         * Default {@link #ATTEMPT_TIMEOUT_NANOS_PROP_NAME}: 15 s.
         */
        public static final long ATTEMPT_TIMEOUT_NANOS_DEFAULT = TimeUnit.SECONDS.toNanos(15);

        private BackoffPolicy backoffPolicy;
        private int maxConsecutiveAuthFailures;
        private long attemptTimeoutNanos;
        private TimerService timerService;
        private NanoClock nanoClock;
        private Listener listener;
        private EngineCounters counters;
        private Properties appliedProperties;

        /**
         * Values from system properties or defaults.
         */
        public Context()
        {
            maxConsecutiveAuthFailures = PropertyValues.getInt(
                null, MAX_AUTH_FAILURES_PROP_NAME, MAX_AUTH_FAILURES_DEFAULT);
            attemptTimeoutNanos = PropertyValues.getLong(
                null, ATTEMPT_TIMEOUT_NANOS_PROP_NAME, ATTEMPT_TIMEOUT_NANOS_DEFAULT);
        }

        /**
         * @param props overrides for present keys.
         * @return this.
         */
        public Context applyProperties(final Properties props)
        {
            maxConsecutiveAuthFailures = PropertyValues.getInt(
                props, MAX_AUTH_FAILURES_PROP_NAME, maxConsecutiveAuthFailures);
            attemptTimeoutNanos = PropertyValues.getLong(props, ATTEMPT_TIMEOUT_NANOS_PROP_NAME, attemptTimeoutNanos);
            appliedProperties = props;
            return this;
        }

        /**
         * Validate and fill defaults.
         *
         * @return this.
         */
        public Context conclude()
        {
            ConfigKeys.requireKnown(null);
            if (null != appliedProperties)
            {
                ConfigKeys.requireKnown(appliedProperties);
            }
            if (maxConsecutiveAuthFailures < 1)
            {
                throw new ConfigurationException(
                    MAX_AUTH_FAILURES_PROP_NAME, "must be at least 1: " + maxConsecutiveAuthFailures);
            }
            if (attemptTimeoutNanos < 0)
            {
                throw new ConfigurationException(
                    ATTEMPT_TIMEOUT_NANOS_PROP_NAME, "must not be negative: " + attemptTimeoutNanos);
            }
            if (null == timerService)
            {
                throw new ConfigurationException("timerService", "required");
            }
            if (null == listener)
            {
                throw new ConfigurationException("listener", "required");
            }
            if (null == backoffPolicy)
            {
                backoffPolicy = new ExponentialBackoff(
                    TimeUnit.MILLISECONDS.toNanos(100), 2.0, TimeUnit.SECONDS.toNanos(10), 0.2, System.nanoTime());
            }
            if (null == nanoClock)
            {
                nanoClock = SystemNanoClock.INSTANCE;
            }
            return this;
        }

        /**
         * @return the back-off policy (default exponential 100 ms x2 capped at 10 s with 0.2 jitter).
         */
        public BackoffPolicy backoffPolicy()
        {
            return backoffPolicy;
        }

        /**
         * @param backoffPolicy delay before each attempt.
         * @return this.
         */
        public Context backoffPolicy(final BackoffPolicy backoffPolicy)
        {
            this.backoffPolicy = backoffPolicy;
            return this;
        }

        /**
         * @return consecutive auth failures that lead to FAILED ({@value #MAX_AUTH_FAILURES_PROP_NAME}).
         */
        public int maxConsecutiveAuthFailures()
        {
            return maxConsecutiveAuthFailures;
        }

        /**
         * @param maxConsecutiveAuthFailures consecutive auth failures that lead to FAILED.
         * @return this.
         */
        public Context maxConsecutiveAuthFailures(final int maxConsecutiveAuthFailures)
        {
            this.maxConsecutiveAuthFailures = maxConsecutiveAuthFailures;
            return this;
        }

        /**
         * @return attempt timeout, 0 for none ({@value #ATTEMPT_TIMEOUT_NANOS_PROP_NAME}).
         */
        public long attemptTimeoutNanos()
        {
            return attemptTimeoutNanos;
        }

        /**
         * @param attemptTimeoutNanos attempt timeout, 0 for none.
         * @return this.
         */
        public Context attemptTimeoutNanos(final long attemptTimeoutNanos)
        {
            this.attemptTimeoutNanos = attemptTimeoutNanos;
            return this;
        }

        /**
         * @return the handler thread's timers.
         */
        public TimerService timerService()
        {
            return timerService;
        }

        /**
         * @param timerService the handler thread's timers.
         * @return this.
         */
        public Context timerService(final TimerService timerService)
        {
            this.timerService = timerService;
            return this;
        }

        /**
         * @return clock deadlines are computed from.
         */
        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        /**
         * @param nanoClock clock deadlines are computed from (the same one the timer service is polled with).
         * @return this.
         */
        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * @return the owner's callbacks.
         */
        public Listener listener()
        {
            return listener;
        }

        /**
         * @param listener the owner's callbacks.
         * @return this.
         */
        public Context listener(final Listener listener)
        {
            this.listener = listener;
            return this;
        }

        /**
         * @return optional counters; {@link EngineCounters#reconnectAttempts()} is bumped per attempt when set.
         */
        public EngineCounters counters()
        {
            return counters;
        }

        /**
         * @param counters optional counters.
         * @return this.
         */
        public Context counters(final EngineCounters counters)
        {
            this.counters = counters;
            return this;
        }
    }

    private final BackoffPolicy backoffPolicy;
    private final int maxConsecutiveAuthFailures;
    private final long attemptTimeoutNanos;
    private final TimerService timers;
    private final NanoClock clock;
    private final Listener listener;
    private final EngineCounters counters;
    private final TimerListener timerListener = this::onTimer;

    private State state = State.IDLE;
    private int attempt;
    private int consecutiveAuthFailures;
    private long reconnectAttempts;
    private long backoffTimerId = TimerService.NULL_TIMER_ID;
    private long attemptTimerId = TimerService.NULL_TIMER_ID;
    private boolean inAttemptCallback;

    /**
     * @param ctx configuration, concluded here.
     */
    public ReconnectSupervisor(final Context ctx)
    {
        ctx.conclude();
        backoffPolicy = ctx.backoffPolicy();
        maxConsecutiveAuthFailures = ctx.maxConsecutiveAuthFailures();
        attemptTimeoutNanos = ctx.attemptTimeoutNanos();
        timers = ctx.timerService();
        clock = ctx.nanoClock();
        listener = ctx.listener();
        counters = ctx.counters();
    }

    /**
     * The initial connect succeeded: IDLE -&gt; CONNECTED, without {@link Listener#onReconnected(int)}.
     * While CONNECTING it is taken as {@link #onAttemptSucceeded()}.
     */
    public void onConnected()
    {
        if (State.IDLE == state)
        {
            state = State.CONNECTED;
        }
        else if (State.CONNECTING == state)
        {
            onAttemptSucceeded();
        }
    }

    /**
     * The connection dropped (or went stale). CONNECTED -&gt; BACKING_OFF; while CONNECTING it counts as a failed
     * attempt; ignored in other states.
     */
    public void onConnectionLost()
    {
        if (State.CONNECTED == state)
        {
            attempt = 1;
            backOff();
        }
        else if (State.CONNECTING == state)
        {
            onAttemptFailed(false);
        }
    }

    /**
     * The attempt in progress succeeded: CONNECTING -&gt; CONNECTED, back-off, attempt and consecutive auth failure
     * counts reset, then {@link Listener#onReconnected(int)}.
     */
    public void onAttemptSucceeded()
    {
        if (State.CONNECTING != state)
        {
            return;
        }

        cancelAttemptTimer();
        final int attempts = attempt;
        attempt = 0;
        consecutiveAuthFailures = 0;
        backoffPolicy.reset();
        state = State.CONNECTED;
        if (null != counters)
        {
            counters.reconnects().increment();
        }

        listener.onReconnected(attempts);
    }

    /**
     * The attempt in progress failed: CONNECTING -&gt; BACKING_OFF, or FAILED once consecutive authentication
     * failures reach the bound. A non-authentication failure resets the consecutive authentication count.
     *
     * @param authFailure true if the exchange refused the credentials.
     */
    public void onAttemptFailed(final boolean authFailure)
    {
        if (State.CONNECTING != state)
        {
            return;
        }

        cancelAttemptTimer();
        if (authFailure)
        {
            consecutiveAuthFailures++;
        }
        else
        {
            consecutiveAuthFailures = 0;
        }

        if (consecutiveAuthFailures >= maxConsecutiveAuthFailures)
        {
            state = State.FAILED;
            listener.onFailed(consecutiveAuthFailures);
            return;
        }

        attempt++;
        backOff();
    }

    /**
     * Cancel timers and stop: CLOSED; all later input is ignored.
     */
    public void close()
    {
        cancelBackoffTimer();
        cancelAttemptTimer();
        state = State.CLOSED;
    }

    /**
     * @return current state.
     */
    public State state()
    {
        return state;
    }

    /**
     * @return 1-based number of the current or next attempt in this outage, 0 when connected or idle.
     */
    public int attempt()
    {
        return attempt;
    }

    /**
     * @return consecutive authentication failures.
     */
    public int consecutiveAuthFailures()
    {
        return consecutiveAuthFailures;
    }

    /**
     * @return attempts started over the supervisor's life.
     */
    public long reconnectAttempts()
    {
        return reconnectAttempts;
    }

    private void backOff()
    {
        final long delayNanos = backoffPolicy.delayNanos(attempt);
        state = State.BACKING_OFF;
        cancelBackoffTimer();
        if (delayNanos <= 0 && !inAttemptCallback)
        {
            // no back-off wanted: a trip through the wheel would only add up to a tick or two of latency. An attempt
            // that fails from inside its own callback still goes through the wheel, so it cannot recurse.
            listener.onBackoff(attempt, 0);
            if (State.BACKING_OFF == state)
            {
                startAttempt(clock.nanoTime());
            }
            return;
        }
        backoffTimerId = timers.schedule(clock.nanoTime() + delayNanos, timerListener);

        listener.onBackoff(attempt, delayNanos);
    }

    private void onTimer(final long timerId, final long nowNanos)
    {
        if (timerId == backoffTimerId)
        {
            backoffTimerId = TimerService.NULL_TIMER_ID;
            if (State.BACKING_OFF == state)
            {
                startAttempt(nowNanos);
            }
        }
        else if (timerId == attemptTimerId)
        {
            attemptTimerId = TimerService.NULL_TIMER_ID;
            if (State.CONNECTING == state)
            {
                final int timedOutAttempt = attempt;
                listener.onAttemptTimedOut(timedOutAttempt);
                // The owner may already have reported the outcome from inside the callback.
                if (State.CONNECTING == state && attempt == timedOutAttempt)
                {
                    onAttemptFailed(false);
                }
            }
        }
    }

    private void startAttempt(final long nowNanos)
    {
        state = State.CONNECTING;
        reconnectAttempts++;
        if (null != counters)
        {
            counters.reconnectAttempts().increment();
        }
        if (attemptTimeoutNanos > 0)
        {
            attemptTimerId = timers.schedule(nowNanos + attemptTimeoutNanos, timerListener);
        }

        inAttemptCallback = true;
        try
        {
            listener.onReconnectAttempt(attempt);
        }
        finally
        {
            inAttemptCallback = false;
        }
    }

    private void cancelBackoffTimer()
    {
        if (TimerService.NULL_TIMER_ID != backoffTimerId)
        {
            timers.cancel(backoffTimerId);
            backoffTimerId = TimerService.NULL_TIMER_ID;
        }
    }

    private void cancelAttemptTimer()
    {
        if (TimerService.NULL_TIMER_ID != attemptTimerId)
        {
            timers.cancel(attemptTimerId);
            attemptTimerId = TimerService.NULL_TIMER_ID;
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "ReconnectSupervisor{state=" + state + ", attempt=" + attempt +
            ", consecutiveAuthFailures=" + consecutiveAuthFailures + ", reconnectAttempts=" + reconnectAttempts + '}';
    }
}
