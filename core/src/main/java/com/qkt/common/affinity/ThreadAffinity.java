package com.qkt.common.affinity;

import net.openhft.affinity.AffinityLock;
import org.agrona.ErrorHandler;

import java.util.concurrent.ThreadFactory;

/**
 * Pins threads to CPUs with OpenHFT's {@link AffinityLock}. CPU id {@code -1} means "do not pin".
 * <p>
 * Pinning is a performance aid, never a requirement: a failure to pin (CPU reserved, missing native support,
 * container limits) goes to the error handler and the thread carries on unpinned.
 */
public final class ThreadAffinity
{
    /**
     * CPU id meaning "leave the thread to the OS scheduler".
     */
    public static final int NO_CPU = -1;

    private static final AutoCloseable NOT_PINNED = () -> {};
    private static final ErrorHandler DEFAULT_ERROR_HANDLER = (error) -> System.getLogger(ThreadAffinity.class.getName())
        .log(System.Logger.Level.WARNING, "thread affinity not applied, continuing unpinned", error);

    private ThreadAffinity()
    {
    }

    /**
     * Pin the calling thread, reporting failures through the System.Logger.
     *
     * @param cpuId CPU to pin to, or {@link #NO_CPU}.
     * @return closing it releases the CPU; a no-op when not pinned.
     */
    public static AutoCloseable pinCurrentThread(final int cpuId)
    {
        return pinCurrentThread(cpuId, DEFAULT_ERROR_HANDLER);
    }

    /**
     * Pin the calling thread.
     *
     * @param cpuId        CPU to pin to, or {@link #NO_CPU}.
     * @param errorHandler receives a failure to pin; the thread then continues unpinned.
     * @return closing it releases the CPU; a no-op when not pinned.
     */
    public static AutoCloseable pinCurrentThread(final int cpuId, final ErrorHandler errorHandler)
    {
        if (cpuId < 0)
        {
            return NOT_PINNED;
        }

        try
        {
            final AffinityLock lock = AffinityLock.acquireLock(cpuId);
            if (!lock.isBound() || lock.cpuId() != cpuId)
            {
                lock.release();
                errorHandler.onError(new IllegalStateException(
                    "could not pin thread " + Thread.currentThread().getName() + " to cpu " + cpuId +
                    " (got " + lock.cpuId() + ", bound=" + lock.isBound() + ")"));
                return NOT_PINNED;
            }
            return lock::release;
        }
        catch (final Throwable ex)
        {
            try
            {
                errorHandler.onError(ex);
            }
            catch (final Throwable ignore)
            {
                // Pinning must never crash the thread being started.
            }
            return NOT_PINNED;
        }
    }

    /**
     * A factory of daemon threads that pin themselves before running their task.
     *
     * @param name  thread name.
     * @param cpuId CPU to pin to, or {@link #NO_CPU}.
     * @return the factory.
     */
    public static ThreadFactory factory(final String name, final int cpuId)
    {
        return factory(name, cpuId, DEFAULT_ERROR_HANDLER);
    }

    /**
     * A factory of daemon threads that pin themselves before running their task.
     *
     * @param name         thread name.
     * @param cpuId        CPU to pin to, or {@link #NO_CPU}.
     * @param errorHandler receives a failure to pin.
     * @return the factory.
     */
    @SuppressWarnings("try")
    public static ThreadFactory factory(final String name, final int cpuId, final ErrorHandler errorHandler)
    {
        return (task) ->
        {
            final Thread thread = new Thread(() ->
            {
                try (AutoCloseable ignore = pinCurrentThread(cpuId, errorHandler))
                {
                    task.run();
                }
                catch (final Exception ex)
                {
                    errorHandler.onError(ex);
                }
            }, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
