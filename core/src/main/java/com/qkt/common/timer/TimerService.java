package com.qkt.common.timer;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.concurrent.TimeUnit;

/**
 * All timers of one handler thread (reconnect back-off, retry back-off, heartbeats, periodic work) in ONE Agrona
 * {@link DeadlineTimerWheel} with nanosecond deadlines.
 * <p>
 * Timer ids handed out here are unique for the life of the service (a monotonically increasing sequence), unlike
 * the wheel's own slot ids which are reused: cancelling a timer that already fired is therefore a safe no-op and
 * can never cancel somebody else's timer.
 * <p>
 * Scheduling, cancelling and firing allocate nothing once the maps and wheel spokes have grown to the working set
 * (they are pre-sized). Not thread safe: use it from the handler thread only.
 */
public final class TimerService
{
    /**
     * Returned by nobody; a convenient value for "no timer scheduled" fields.
     */
    public static final long NULL_TIMER_ID = -1;

    private static final int INITIAL_TICK_ALLOCATION = 16;
    private static final int INITIAL_MAP_CAPACITY = 1024;

    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<TimerListener> listenerByWheelId =
        new Long2ObjectHashMap<>(INITIAL_MAP_CAPACITY, 0.65f);
    private final Long2LongHashMap idByWheelId = new Long2LongHashMap(INITIAL_MAP_CAPACITY, 0.65f, NULL_TIMER_ID);
    private final Long2LongHashMap wheelIdById = new Long2LongHashMap(INITIAL_MAP_CAPACITY, 0.65f, NULL_TIMER_ID);
    private final DeadlineTimerWheel.TimerHandler expiryHandler = this::onTimerExpiry;
    private long nextId = 1;
    private long pollNowNanos;

    /**
     * @param startNanos          time the wheel starts at (usually the handler's clock now).
     * @param tickResolutionNanos width of one tick, a power of 2 (e.g. {@code 1 << 20} ~ 1 ms).
     * @param ticksPerWheel       number of spokes, a power of 2.
     */
    public TimerService(final long startNanos, final long tickResolutionNanos, final int ticksPerWheel)
    {
        wheel = new DeadlineTimerWheel(
            TimeUnit.NANOSECONDS, startNanos, tickResolutionNanos, ticksPerWheel, INITIAL_TICK_ALLOCATION);
    }

    /**
     * Schedule a timer.
     *
     * @param deadlineNanos absolute deadline in the clock's nanoseconds; a deadline in the past fires on the next poll.
     * @param listener      called once when the timer expires.
     * @return the id of the timer, never {@link #NULL_TIMER_ID}.
     */
    public long schedule(final long deadlineNanos, final TimerListener listener)
    {
        if (null == listener)
        {
            throw new NullPointerException("listener");
        }

        final long wheelId = wheel.scheduleTimer(deadlineNanos);
        final long id = nextId++;
        listenerByWheelId.put(wheelId, listener);
        idByWheelId.put(wheelId, id);
        wheelIdById.put(id, wheelId);

        return id;
    }

    /**
     * Cancel a timer.
     *
     * @param timerId returned by {@link #schedule(long, TimerListener)}.
     * @return true if the timer was pending and is now cancelled, false if it had fired, was cancelled or is unknown.
     */
    public boolean cancel(final long timerId)
    {
        final long wheelId = wheelIdById.remove(timerId);
        if (NULL_TIMER_ID == wheelId)
        {
            return false;
        }

        idByWheelId.remove(wheelId);
        listenerByWheelId.remove(wheelId);

        return wheel.cancelTimer(wheelId);
    }

    /**
     * Fire every timer whose deadline is at or before {@code nowNanos}.
     * <p>
     * {@link DeadlineTimerWheel#poll(long, DeadlineTimerWheel.TimerHandler, int)} looks at one tick per call, so this
     * loops until the wheel has caught up with {@code nowNanos}; a large jump of time fires all due timers at once, in
     * order of their deadline's tick. Listeners are given {@code nowNanos}.
     * A listener exception propagates to the caller; timers still due fire on the next poll.
     *
     * @param nowNanos the current time.
     * @return the number of timers fired.
     */
    public int poll(final long nowNanos)
    {
        pollNowNanos = nowNanos;
        int fired = 0;
        while (true)
        {
            if (0 == wheel.timerCount())
            {
                // Nothing can fire: jump the wheel straight to now instead of stepping through empty ticks.
                if (nowNanos >= wheel.currentTickTime())
                {
                    wheel.currentTickTime(nowNanos);
                }
                break;
            }

            // Step one tick at a time (never past now) so that after a jump timers fire in deadline-tick order
            // rather than in wheel-slot order; timers a full rotation later stay put as their deadline is not due.
            final long tickEnd = wheel.currentTickTime();
            final boolean caughtUp = nowNanos < tickEnd;
            fired += wheel.poll(caughtUp ? nowNanos : tickEnd, expiryHandler, Integer.MAX_VALUE);
            if (caughtUp)
            {
                break;
            }
        }

        return fired;
    }

    /**
     * @return number of timers pending.
     */
    public int timerCount()
    {
        return (int)wheel.timerCount();
    }

    /**
     * @param timerId returned by {@link #schedule(long, TimerListener)}.
     * @return deadline of a pending timer or {@link DeadlineTimerWheel#NULL_DEADLINE} if it is not pending.
     */
    public long deadline(final long timerId)
    {
        final long wheelId = wheelIdById.get(timerId);
        return NULL_TIMER_ID == wheelId ? DeadlineTimerWheel.NULL_DEADLINE : wheel.deadline(wheelId);
    }

    private boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long wheelId)
    {
        final long id = idByWheelId.remove(wheelId);
        wheelIdById.remove(id);
        final TimerListener listener = listenerByWheelId.remove(wheelId);
        if (null != listener)
        {
            listener.onTimer(id, pollNowNanos);
        }

        return true;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "TimerService{timerCount=" + wheel.timerCount() + ", nextId=" + nextId + '}';
    }
}
