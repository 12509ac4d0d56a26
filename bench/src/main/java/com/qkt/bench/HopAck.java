package com.qkt.bench;

import java.util.concurrent.TimeUnit;

/**
 * The way back of a ping-pong hop: the consumer stores the sequence it handled, the producer spins until it sees it.
 * Padded so the ack's cache line carries nothing else; a plain volatile store and load, so the return trip costs the
 * same for every variant that uses it.
 * <p>
 * The waiter spins a while then yields: on a 2-core machine a pure spinner can hold the core the consumer needs.
 */
final class HopAck
{
    private static final int SPINS_BEFORE_YIELD = 1_000;

    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile long acked;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;

    /**
     * Consumer side.
     *
     * @param sequence just handled.
     */
    void ack(final long sequence)
    {
        acked = sequence;
    }

    /**
     * Producer side: wait until {@code sequence} was handled.
     *
     * @param sequence published.
     */
    void await(final long sequence)
    {
        int spins = 0;
        while (acked != sequence)
        {
            if (++spins < SPINS_BEFORE_YIELD)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }

    /**
     * Like {@link #await(long)} but gives up after a timeout: used once per trial to prove the path is alive.
     *
     * @param sequence     published.
     * @param timeoutNanos how long to wait.
     * @param what         named in the failure.
     * @throws IllegalStateException when the ack did not come in time.
     */
    void awaitOrFail(final long sequence, final long timeoutNanos, final String what)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (acked != sequence)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException(what + ": no ack of " + sequence + " within " +
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
            Thread.yield();
        }
    }
}
