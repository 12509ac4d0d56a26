package com.qkt.common.net;

/**
 * Exponential back-off with a cap and optional jitter.
 * <p>
 * The base delay for attempt {@code n} is {@code min(maxNanos, initialNanos * multiplier^(n-1))}. With a jitter
 * fraction {@code j > 0} the returned delay is uniform in {@code [d * (1 - j), d]}, so jitter only ever shortens the
 * delay and the cap is never exceeded. Jitter comes from a seeded {@link SplitMix64}: the same seed gives the same
 * delays, and {@link #reset()} restarts the sequence. Allocation free; not thread safe.
 */
public final class ExponentialBackoff implements BackoffPolicy
{
    private final long initialNanos;
    private final double multiplier;
    private final long maxNanos;
    private final double jitterFraction;
    private final SplitMix64 random;

    /**
     * Back-off without jitter.
     *
     * @param initialNanos delay before the first attempt.
     * @param multiplier   growth per attempt, at least 1.0.
     * @param maxNanos     cap on the delay.
     */
    public ExponentialBackoff(final long initialNanos, final double multiplier, final long maxNanos)
    {
        this(initialNanos, multiplier, maxNanos, 0.0, 0L);
    }

    /**
     * @param initialNanos   delay before the first attempt.
     * @param multiplier     growth per attempt, at least 1.0.
     * @param maxNanos       cap on the delay, at least initialNanos.
     * @param jitterFraction in [0, 1]: how much of the delay may be randomly taken off.
     * @param seed           seed of the jitter generator.
     */
    public ExponentialBackoff(
        final long initialNanos,
        final double multiplier,
        final long maxNanos,
        final double jitterFraction,
        final long seed)
    {
        if (initialNanos < 0)
        {
            throw new IllegalArgumentException("initialNanos must not be negative: " + initialNanos);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier))
        {
            throw new IllegalArgumentException("multiplier must be >= 1.0: " + multiplier);
        }
        if (maxNanos < initialNanos)
        {
            throw new IllegalArgumentException("maxNanos < initialNanos: " + maxNanos + " < " + initialNanos);
        }
        if (!(jitterFraction >= 0.0 && jitterFraction <= 1.0))
        {
            throw new IllegalArgumentException("jitterFraction must be in [0, 1]: " + jitterFraction);
        }

        this.initialNanos = initialNanos;
        this.multiplier = multiplier;
        this.maxNanos = maxNanos;
        this.jitterFraction = jitterFraction;
        this.random = new SplitMix64(seed);
    }

    /**
     * {@inheritDoc}
     */
    public long delayNanos(final int attempt)
    {
        final int exponent = Math.max(attempt, 1) - 1;
        final double raw = initialNanos * Math.pow(multiplier, exponent);
        final long delay = raw >= maxNanos ? maxNanos : (long)raw;

        if (jitterFraction > 0.0 && delay > 0)
        {
            final long jitter = (long)(delay * jitterFraction * random.nextDouble());
            return delay - jitter;
        }

        return delay;
    }

    /**
     * {@inheritDoc}
     */
    public void reset()
    {
        random.reset();
    }

    /**
     * @return delay before the first attempt.
     */
    public long initialNanos()
    {
        return initialNanos;
    }

    /**
     * @return growth per attempt.
     */
    public double multiplier()
    {
        return multiplier;
    }

    /**
     * @return the cap.
     */
    public long maxNanos()
    {
        return maxNanos;
    }

    /**
     * @return fraction of the delay jitter may take off.
     */
    public double jitterFraction()
    {
        return jitterFraction;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "ExponentialBackoff{initialNanos=" + initialNanos + ", multiplier=" + multiplier +
            ", maxNanos=" + maxNanos + ", jitterFraction=" + jitterFraction + '}';
    }
}
