package com.qkt.broker.bybit.state;

import net.openhft.chronicle.core.threads.CleaningThreadLocal;

/**
 * Lets go of what Chronicle keeps for threads of ours that have ended.
 * <p>
 * Chronicle Wire keeps per-thread scratch in {@link CleaningThreadLocal}s and, on a JVM where it cannot clean them
 * when a plain thread ends (JDK 25 here), remembers each such thread in a static map until someone asks it to clean
 * up. Our handler thread reads and writes the state snapshot with Chronicle Wire, so after an engine stopped its
 * {@code Thread} object, and through the thread's task the whole engine (ring, order book, dedup window: about 25 MiB),
 * stayed reachable for the life of the process: every client closed and made again leaked one. Called once our
 * threads that used Chronicle have ended (after the engine's handler thread and the state thread were joined); it
 * only drops entries of threads that are no longer alive.
 */
public final class ChronicleThreadLocals
{
    private ChronicleThreadLocals()
    {
    }

    /**
     * Drop Chronicle's per-thread values of every thread that has ended.
     */
    public static void releaseEndedThreads()
    {
        CleaningThreadLocal.cleanupNonCleaningThreads();
    }
}
