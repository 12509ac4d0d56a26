package com.qkt.common.net;

/**
 * How long to wait before a retry or reconnect attempt. Implementations must not allocate in
 * {@link #delayNanos(int)} so they can be called on the handler thread.
 */
public interface BackoffPolicy
{
    /**
     * @param attempt 1-based number of the attempt about to be made.
     * @return delay in nanoseconds to wait before that attempt, never negative.
     */
    long delayNanos(int attempt);

    /**
     * Forget history (e.g. restore a jitter generator to its seed) after a success.
     */
    default void reset()
    {
    }
}
