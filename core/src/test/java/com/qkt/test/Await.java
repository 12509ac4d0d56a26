package com.qkt.test;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Wait for a condition with a deadline (for tests that run real threads); never a fixed sleep.
 */
public final class Await
{
    private Await()
    {
    }

    /**
     * @param timeoutMillis deadline.
     * @param condition     polled until true.
     * @param description   what is awaited, for the failure message.
     */
    public static void until(final long timeoutMillis, final BooleanSupplier condition, final Supplier<String> description)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + description.get());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
