package com.qkt.monitor;

import org.agrona.concurrent.errors.ErrorLogReader;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Formats what a {@link MonitorFile} holds for an operator: the counters ({@code scripts/stat}) and the distinct
 * errors with their counts and first/last time ({@code scripts/errors}). Reads only; the engine keeps writing.
 */
public final class MonitorPrinter
{
    private MonitorPrinter()
    {
    }

    /**
     * @param file the engine's file.
     * @return one line: pid, running or not, start time, directory.
     */
    public static String header(final MonitorFile file)
    {
        return "qkt engine pid " + file.pid() + (file.isProcessAlive() ? " (running)" : " (process gone)") +
            ", started " + Instant.ofEpochMilli(file.startTimeMs()) + ", " + file.directory();
    }

    /**
     * @param file the engine's file.
     * @param out  where to print the header and one line per counter.
     */
    public static void printCounters(final MonitorFile file, final PrintStream out)
    {
        out.println(header(file));
        for (final String line : counterLines(file))
        {
            out.println(line);
        }
    }

    /**
     * @param file the engine's file.
     * @return {@code value  label} per allocated counter, in id order.
     */
    public static List<String> counterLines(final MonitorFile file)
    {
        final List<String> lines = new ArrayList<>();
        file.countersReader().forEach((value, id, label) ->
            lines.add(String.format("  %3d  %,18d  %s", id, value, label)));
        return lines;
    }

    /**
     * @param file the engine's file.
     * @param out  where to print the header and every distinct error: count, first and last time, then the first
     *             occurrence's stack trace.
     * @return number of distinct errors.
     */
    public static int printErrors(final MonitorFile file, final PrintStream out)
    {
        out.println(header(file));
        final int distinct = ErrorLogReader.read(file.errorLogBuffer(),
            (count, firstMs, lastMs, encodedException) ->
            {
                out.println();
                out.println(count + (count == 1 ? " observation" : " observations") + ", first " +
                    Instant.ofEpochMilli(firstMs) + ", last " + Instant.ofEpochMilli(lastMs));
                out.print(encodedException.endsWith("\n") ? encodedException : encodedException + "\n");
            });
        out.println();
        out.println(distinct + (distinct == 1 ? " distinct error" : " distinct errors"));
        return distinct;
    }
}
