package com.qkt.common.net;

/**
 * The same delay before every attempt.
 */
public final class FixedDelayBackoff implements BackoffPolicy
{
    private final long delayNanos;

    /**
     * @param delayNanos delay before every attempt, not negative.
     */
    public FixedDelayBackoff(final long delayNanos)
    {
        if (delayNanos < 0)
        {
            throw new IllegalArgumentException("delayNanos must not be negative: " + delayNanos);
        }
        this.delayNanos = delayNanos;
    }

    /**
     * {@inheritDoc}
     */
    public long delayNanos(final int attempt)
    {
        return delayNanos;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "FixedDelayBackoff{delayNanos=" + delayNanos + '}';
    }
}
