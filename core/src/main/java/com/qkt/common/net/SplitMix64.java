package com.qkt.common.net;

/**
 * Seeded, allocation-free pseudo random generator (Steele, Lea and Flood's SplitMix64) for reproducible jitter.
 * Not thread safe and not for anything security related.
 */
public final class SplitMix64
{
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;
    private long state;

    /**
     * @param seed the same seed gives the same sequence.
     */
    public SplitMix64(final long seed)
    {
        this.seed = seed;
        this.state = seed;
    }

    /**
     * @return the next 64 random bits.
     */
    public long nextLong()
    {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @return uniformly distributed in [0.0, 1.0).
     */
    public double nextDouble()
    {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Restart the sequence from the seed.
     */
    public void reset()
    {
        state = seed;
    }
}
