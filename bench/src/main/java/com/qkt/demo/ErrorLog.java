package com.qkt.demo;

import org.agrona.ErrorHandler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's and broker's error handler for the demo: expected faults (a malformed frame, a reset REST call) are
 * errors the library reports and survives, so they are counted by kind rather than printed as stack traces. The first
 * error of each kind is printed as one short line with {@code --verbose}.
 */
public final class ErrorLog implements ErrorHandler
{
    private final Timeline timeline;
    private final Map<String, Long> countByKind = new LinkedHashMap<>();
    private long total;

    /**
     * @param timeline where the first error of each kind is shown (verbose only).
     */
    public ErrorLog(final Timeline timeline)
    {
        this.timeline = timeline;
    }

    public void onError(final Throwable error)
    {
        final String kind = kindOf(error);
        final boolean first;
        synchronized (this)
        {
            total++;
            first = null == countByKind.put(kind, countByKind.getOrDefault(kind, 0L) + 1);
        }
        if (first)
        {
            timeline.detail("ERROR", kind + ": " + shortMessage(error));
        }
    }

    /**
     * @return errors handled so far.
     */
    public synchronized long total()
    {
        return total;
    }

    /**
     * @return count per distinct kind, in first-seen order.
     */
    public synchronized Map<String, Long> byKind()
    {
        return new LinkedHashMap<>(countByKind);
    }

    /**
     * The kind is the exception class plus the message's first words with numbers blanked out, so the same failure
     * on another order or socket counts as the same kind.
     */
    static String kindOf(final Throwable error)
    {
        final String message = shortMessage(error).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "#").replaceAll("[0-9]+", "#");
        final String head = message.length() > 48 ? message.substring(0, 48) : message;
        return error.getClass().getSimpleName() + (head.isEmpty() ? "" : " \"" + head + "\"");
    }

    private static String shortMessage(final Throwable error)
    {
        final String message = String.valueOf(error.getMessage());
        final int newline = message.indexOf('\n');
        final String firstLine = newline < 0 ? message : message.substring(0, newline);
        return firstLine.length() > 120 ? firstLine.substring(0, 120) + "..." : firstLine;
    }
}
