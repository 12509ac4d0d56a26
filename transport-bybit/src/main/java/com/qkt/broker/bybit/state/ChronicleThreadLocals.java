package com.qkt.broker.bybit.state;

import net.openhft.chronicle.core.threads.CleaningThreadLocal;

/**
 * Lets go of what Chronicle keeps for threads of ours that have ended.
 * <p>
 * Chronicle Wire keeps per-thread scratch in {@link CleaningThreadLocal}s. With assertions enabled ({@code -ea}, as
 * Maven's test runs have them) Chronicle also tracks every plain thread that used one in a static map, until someone
 * asks it to clean up. Our handler thread reads and writes the state snapshot with Chronicle Wire, and from JDK 21 an
 * ended {@code Thread} still references its task, so after an engine stopped the whole engine (ring, order book,
 * dedup window: about 25 MiB) stayed reachable through that map: every client closed and made again leaked one (seen
 * on JDK 25; on JDK 17 the ended thread lets go of its task). Called once our threads that used Chronicle have ended
 * (after the engine's handler thread and the state thread were joined, and when a new client is made); it only drops
 * entries of threads that are no longer alive.
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
