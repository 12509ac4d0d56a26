package com.qkt.common.error;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ObjLongConsumer;

/**
 * The error handler of the engine: counts every error, records it in a bounded Agrona {@link DistinctErrorLog} (the
 * one in the engine's {@link com.qkt.monitor.MonitorFile}, read by {@code scripts/errors}), passes it on to the
 * application's handler if there is one, and never throws.
 * <p>
 * Errors are distinct by their <em>site</em>: class, the head of the message (up to the first digit, quote, colon or
 * brace, so the frame text, order id or generation an error carries does not make it new) and the top
 * {@link #DISTINCT_FRAMES} stack frames. Every later error of a site is recorded as the site's first throwable, so the
 * log counts it (count, last time) instead of storing it again; the number of sites is bounded by the code, not by the
 * traffic. Nothing is logged on the calling thread unless a first-occurrence sink was given. The error path allocates
 * (it builds the site key); the hot path does not run through here.
 */
public final class CountingErrorHandler implements ErrorHandler
{
    /**
     * Number of stack frames that make two errors "the same" together with class and message head.
     */
    public static final int DISTINCT_FRAMES = 3;

    /**
     * Sites remembered; errors of further sites are still counted and recorded as they are.
     */
    public static final int MAX_SITES = 1024;

    /**
     * Logger name of {@link #systemLoggerSink()}.
     */
    public static final String LOGGER_NAME = "com.qkt.errors";

    private static final int MESSAGE_HEAD_LENGTH = 48;

    private final AtomicCounter errorCounter;
    private final DistinctErrorLog errorLog;
    private final AtomicCounter notStoredCounter;
    private final ErrorHandler delegate;
    private final BiConsumer<String, Throwable> firstOccurrenceSink;
    private final Map<String, Site> siteByKey = new LinkedHashMap<>();

    /**
     * Count into {@code counters.errors()} only (no log, no delegate): for tests and tools.
     *
     * @param counters whose {@link EngineCounters#errors()} counter is bumped.
     */
    public CountingErrorHandler(final EngineCounters counters)
    {
        this(counters.errors(), null, null, null, null);
    }

    /**
     * @param errorCounter        bumped once per error.
     * @param firstOccurrenceSink receives a one line summary and the error, once per distinct site, on the thread
     *                            that reported the error.
     */
    public CountingErrorHandler(
        final AtomicCounter errorCounter, final BiConsumer<String, Throwable> firstOccurrenceSink)
    {
        this(errorCounter, null, null, null, firstOccurrenceSink);
    }

    /**
     * @param errorCounter bumped once per error.
     * @param errorLog     where distinct errors are recorded, or null.
     * @param delegate     the application's handler, called for every error after it is recorded, or null.
     */
    public CountingErrorHandler(
        final AtomicCounter errorCounter, final DistinctErrorLog errorLog, final ErrorHandler delegate)
    {
        this(errorCounter, errorLog, null, delegate, null);
    }

    /**
     * @param counters whose {@link EngineCounters#errors()} and {@link EngineCounters#errorsNotStored()} are bumped.
     * @param errorLog where distinct errors are recorded.
     * @param delegate the application's handler, called for every error after it is recorded, or null.
     */
    public CountingErrorHandler(
        final EngineCounters counters, final DistinctErrorLog errorLog, final ErrorHandler delegate)
    {
        this(counters.errors(), errorLog, counters.errorsNotStored(), delegate, null);
    }

    private CountingErrorHandler(
        final AtomicCounter errorCounter,
        final DistinctErrorLog errorLog,
        final AtomicCounter notStoredCounter,
        final ErrorHandler delegate,
        final BiConsumer<String, Throwable> firstOccurrenceSink)
    {
        if (null == errorCounter)
        {
            throw new NullPointerException("errorCounter is required");
        }
        this.errorCounter = errorCounter;
        this.errorLog = errorLog;
        this.notStoredCounter = notStoredCounter;
        this.delegate = delegate;
        this.firstOccurrenceSink = firstOccurrenceSink;
    }

    /**
     * @return a sink logging at ERROR through {@code System.getLogger(LOGGER_NAME)} (System.err by default).
     */
    public static BiConsumer<String, Throwable> systemLoggerSink()
    {
        final System.Logger logger = System.getLogger(LOGGER_NAME);
        return (summary, error) -> logger.log(System.Logger.Level.ERROR, summary, error);
    }

    /**
     * Wrap an error handler so that every error bumps {@code errorCounter} exactly once and the handler never
     * throws. A {@link CountingErrorHandler} already counting into the same counter is returned as it is.
     *
     * @param errorHandler to wrap.
     * @param errorCounter to bump.
     * @return a counting error handler that never throws.
     */
    public static ErrorHandler countedBy(final ErrorHandler errorHandler, final AtomicCounter errorCounter)
    {
        if (errorHandler instanceof CountingErrorHandler &&
            ((CountingErrorHandler)errorHandler).errorCounter == errorCounter)
        {
            return errorHandler;
        }

        return (error) ->
        {
            errorCounter.increment();
            try
            {
                errorHandler.onError(error);
            }
            catch (final Throwable ignore)
            {
                // The error handler is the end of the line: a failing one must not stop the loop that called it.
            }
        };
    }

    /**
     * {@inheritDoc}
     */
    public void onError(final Throwable error)
    {
        try
        {
            errorCounter.increment();
            final String key = siteKey(error);
            Site site;
            boolean first = false;
            synchronized (siteByKey)
            {
                site = siteByKey.get(key);
                if (null == site && siteByKey.size() < MAX_SITES)
                {
                    site = new Site(error);
                    siteByKey.put(key, site);
                    first = true;
                }
                if (null != site)
                {
                    site.count++;
                }
            }

            if (null != errorLog)
            {
                // the site's first throwable: the log finds it equal and bumps its count instead of storing it again
                if (!errorLog.record(null == site ? error : site.first) && null != notStoredCounter)
                {
                    notStoredCounter.increment();
                }
            }
            if (first && null != firstOccurrenceSink)
            {
                firstOccurrenceSink.accept("first occurrence of distinct error #" + distinctErrorCount() + ": " +
                    firstLine(describe(error)), error);
            }
        }
        catch (final Throwable ignore)
        {
            // Never throw from the error handler; the counter has already recorded the error.
        }

        if (null != delegate)
        {
            try
            {
                delegate.onError(error);
            }
            catch (final Throwable ignore)
            {
                // The application's handler failing must not stop the loop that reported the error.
            }
        }
    }

    /**
     * @return the counter this handler bumps.
     */
    public AtomicCounter errorCounter()
    {
        return errorCounter;
    }

    /**
     * @return the log distinct errors are recorded in, or null.
     */
    public DistinctErrorLog errorLog()
    {
        return errorLog;
    }

    /**
     * @return number of distinct error sites seen.
     */
    public int distinctErrorCount()
    {
        synchronized (siteByKey)
        {
            return siteByKey.size();
        }
    }

    /**
     * Visit each distinct error site once, in order of first occurrence.
     *
     * @param consumer receives the first error's description (class, message, top frames) and the site's count.
     */
    public void forEachDistinct(final ObjLongConsumer<String> consumer)
    {
        synchronized (siteByKey)
        {
            for (final Site site : siteByKey.values())
            {
                consumer.accept(describe(site.first), site.count);
            }
        }
    }

    /**
     * @param error to describe.
     * @return class, message and top {@link #DISTINCT_FRAMES} frames, one per line.
     */
    public static String describe(final Throwable error)
    {
        final StringBuilder sb = new StringBuilder(256).append(error.getClass().getName());
        final String message = error.getMessage();
        if (null != message)
        {
            sb.append(": ").append(message);
        }
        appendFrames(sb, error);
        return sb.toString();
    }

    /**
     * @param error to key.
     * @return class, message head and top frames: what makes two errors the same.
     */
    public static String siteKey(final Throwable error)
    {
        final StringBuilder sb = new StringBuilder(256).append(error.getClass().getName());
        final String message = error.getMessage();
        if (null != message)
        {
            sb.append(": ").append(messageHead(message));
        }
        appendFrames(sb, error);
        return sb.toString();
    }

    /**
     * @param message an error message.
     * @return its text up to the first digit, quote, colon, brace, bracket or '=' (where per-event values start),
     *         at most 48 characters.
     */
    static String messageHead(final String message)
    {
        int end = 0;
        final int limit = Math.min(message.length(), MESSAGE_HEAD_LENGTH);
        while (end < limit)
        {
            final char c = message.charAt(end);
            if (Character.isDigit(c) || c == '\'' || c == '"' || c == ':' || c == '{' || c == '[' || c == '=' ||
                c == '\n')
            {
                break;
            }
            end++;
        }
        return message.substring(0, end).trim();
    }

    private static void appendFrames(final StringBuilder sb, final Throwable error)
    {
        final StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0, n = Math.min(DISTINCT_FRAMES, frames.length); i < n; i++)
        {
            sb.append("\n\tat ").append(frames[i]);
        }
    }

    private static String firstLine(final String description)
    {
        final int newLine = description.indexOf('\n');
        return newLine < 0 ? description : description.substring(0, newLine);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "CountingErrorHandler{errors=" + errorCounter.get() + ", distinct=" + distinctErrorCount() + '}';
    }

    private static final class Site
    {
        private final Throwable first;
        private long count;

        private Site(final Throwable first)
        {
            this.first = first;
        }
    }
}
