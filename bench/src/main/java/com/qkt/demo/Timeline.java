package com.qkt.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints the run as it happens, one line per event with the time since the start in the first column. Called from
 * the client's handler thread and the scenario thread, so each line is written whole.
 */
public final class Timeline
{
    private final PrintStream out;
    private final long startNanos;
    private final boolean quiet;
    private final boolean verbose;

    /**
     * @param out     where lines go.
     * @param quiet   print nothing but {@link #always(String)} lines.
     * @param verbose also print {@link #detail(String, String)} lines.
     */
    public Timeline(final PrintStream out, final boolean quiet, final boolean verbose)
    {
        this.out = out;
        this.startNanos = System.nanoTime();
        this.quiet = quiet;
        this.verbose = verbose;
    }

    /**
     * A timeline line, unless quiet.
     *
     * @param label short upper-case tag, e.g. {@code FAULT} or {@code DISCONNECTED}.
     * @param text  what happened.
     */
    public void event(final String label, final String text)
    {
        if (!quiet)
        {
            line(label, text);
        }
    }

    /**
     * A line printed only with {@code --verbose}.
     *
     * @param label short tag.
     * @param text  what happened.
     */
    public void detail(final String label, final String text)
    {
        if (verbose)
        {
            line(label, text);
        }
    }

    /**
     * A line printed even when quiet.
     *
     * @param text the line.
     */
    public synchronized void always(final String text)
    {
        out.println(text);
        out.flush();
    }

    /**
     * @return seconds since the start of the run.
     */
    public double elapsedSeconds()
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * @return true with {@code --verbose}.
     */
    public boolean verbose()
    {
        return verbose;
    }

    private synchronized void line(final String label, final String text)
    {
        out.println(String.format(Locale.ROOT, "%9.3fs  %-13s %s", elapsedSeconds(), label, text));
        out.flush();
    }
}
