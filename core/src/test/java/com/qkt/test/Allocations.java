package com.qkt.test;

import java.lang.management.ManagementFactory;

/**
 * Thread allocation measurement through {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}.
 */
public final class Allocations
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    static
    {
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    private Allocations()
    {
    }

    /**
     * @param threadId thread.
     * @return bytes the thread has allocated on the heap so far.
     */
    public static long allocatedBytes(final long threadId)
    {
        return THREADS.getThreadAllocatedBytes(threadId);
    }

    /**
     * @return bytes the current thread has allocated on the heap so far.
     */
    public static long currentThreadAllocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Bytes allocated by the current thread while running a task (after running it once to warm up).
     *
     * @param warmUps how often to run it unmeasured first.
     * @param task    to measure.
     * @return bytes allocated by the measured run.
     */
    public static long measure(final int warmUps, final Runnable task)
    {
        for (int i = 0; i < warmUps; i++)
        {
            task.run();
        }
        final long before = currentThreadAllocatedBytes();
        task.run();
        return currentThreadAllocatedBytes() - before;
    }

    /**
     * Bytes allocated by the current thread per run of a task once the JIT has settled: runs it {@code warmUps} times
     * unmeasured, then measures up to {@code maxRuns} runs and stops at the first that allocated nothing.
     * <p>
     * A code path that allocates per operation allocates in every run, so a zero run proves the steady state is
     * allocation free; a non-zero early run is typically the JIT re-materialising scalar-replaced objects when it
     * deoptimises code whose profile was shaped by earlier tests in the same JVM.
     *
     * @param warmUps unmeasured runs.
     * @param maxRuns measured runs at most.
     * @param task    to measure.
     * @return the bytes allocated by each measured run, the last one being 0 unless all runs allocated.
     */
    public static long[] measureSteadyState(final int warmUps, final int maxRuns, final Runnable task)
    {
        for (int i = 0; i < warmUps; i++)
        {
            task.run();
        }

        final long[] runs = new long[maxRuns];
        for (int i = 0; i < maxRuns; i++)
        {
            final long before = currentThreadAllocatedBytes();
            task.run();
            runs[i] = currentThreadAllocatedBytes() - before;
            if (0 == runs[i])
            {
                return java.util.Arrays.copyOf(runs, i + 1);
            }
        }
        return runs;
    }

    /**
     * @param runs from {@link #measureSteadyState(int, int, Runnable)}.
     * @return bytes of the last run.
     */
    public static long last(final long[] runs)
    {
        return runs[runs.length - 1];
    }
}
