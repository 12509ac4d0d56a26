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
