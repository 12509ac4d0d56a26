package com.qkt.common.timer;

/**
 * Called on the handler thread when a timer scheduled with {@link TimerService} expires.
 */
@FunctionalInterface
public interface TimerListener
{
    /**
     * The timer expired.
     *
     * @param timerId  the id {@link TimerService#schedule(long, TimerListener)} returned.
     * @param nowNanos the time the wheel was polled with (at or after the deadline).
     */
    void onTimer(long timerId, long nowNanos);
}
