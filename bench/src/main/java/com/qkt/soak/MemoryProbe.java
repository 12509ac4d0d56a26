package com.qkt.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory as the soak reports it: heap in use right after a full collection (the live set, which is
 * what grows when something leaks) and the resident set size from {@code /proc/self/status}.
 */
public final class MemoryProbe
{
    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe()
    {
    }

    /**
     * Collect, then read the heap in use. {@code System.gc()} is a full, compacting collection with the default G1
     * (unless {@code -XX:+DisableExplicitGC}), so what is left is what is reachable; the threads that keep running
     * allocate a little meanwhile, which is part of the tolerance of the heap check.
     *
     * @return bytes of heap in use after a full collection.
     */
    public static long heapAfterGc()
    {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The heap after GC once what was just closed has let go: threads of a closed server or client wind down for a
     * while and keep their buffers reachable until they end, so a single reading right after a close comes out high.
     * Collects and reads up to {@code readings} times, 200 ms apart, and keeps the lowest.
     *
     * @param readings how many readings at most (stops early when one no longer drops by more than 64 KiB).
     * @return the lowest heap after GC seen.
     */
    public static long settledHeapAfterGc(final int readings)
    {
        long lowest = heapAfterGc();
        for (int i = 1; i < readings; i++)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200));
            final long next = heapAfterGc();
            final boolean settled = next > lowest - (64 << 10);
            lowest = Math.min(lowest, next);
            if (settled)
            {
                break;
            }
        }
        return lowest;
    }

    /**
     * @return the resident set size in bytes ({@code VmRSS}), or -1 where {@code /proc} is not there.
     */
    public static long residentBytes()
    {
        try
        {
            for (final String line : Files.readAllLines(STATUS))
            {
                if (line.startsWith("VmRSS:"))
                {
                    final String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return Long.parseLong(kb) * 1024;
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return -1;
        }
        return -1;
    }

    /**
     * @param bytes a size (a difference may be negative).
     * @return it in MiB with one decimal, e.g. {@code 41.5 MiB}.
     */
    public static String mib(final long bytes)
    {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
