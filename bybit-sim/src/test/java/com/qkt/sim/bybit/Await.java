package com.qkt.sim.bybit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Condition waits with a deadline (no fixed sleeps).
 */
final class Await
{
    private Await()
    {
    }

    static void until(final String what, final BooleanSupplier condition)
    {
        until(what, Duration.ofSeconds(10), condition);
    }

    static void until(final String what, final Duration timeout, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.onSpinWait();
            try
            {
                Thread.sleep(2); // polling interval of the condition, not a wait for the event itself
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
