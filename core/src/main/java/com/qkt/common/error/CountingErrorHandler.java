package com.qkt.common.error;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ObjLongConsumer;

/**
 * The error handler of the engine: counts every error, keeps each distinct error (class, message and top stack
 * frames) once with its number of occurrences, logs only the first occurrence of each to a sink, and never throws.
 * <p>
 * An error storm (one bad frame repeated a million times) thus costs a counter bump and a map lookup per error, not
 * a million log lines. Safe to call from any thread. The error path allocates (it builds a description); the hot
 * path does not run through here.
 */
public final class CountingErrorHandler implements ErrorHandler
{
    /**
     * Number of stack frames that make two errors "the same" together with class and message.
     */
    public static final int DISTINCT_FRAMES = 3;

    /**
     * Logger name of the default sink.
     */
    public static final String LOGGER_NAME = "com.qkt.errors";

    private final AtomicCounter errorCounter;
    private final BiConsumer<String, Throwable> firstOccurrenceSink;
    private final Map<String, long[]> countByDistinctError = new LinkedHashMap<>();

    /**
     * Count into {@code counters.errors()} and log first occurrences through {@link System.Logger}.
     *
     * @param counters whose {@link EngineCounters#errors()} counter is bumped.
     */
    public CountingErrorHandler(final EngineCounters counters)
    {
        this(counters.errors(), systemLoggerSink());
    }

    /**
     * @param errorCounter        bumped once per error.
     * @param firstOccurrenceSink receives a one line summary and the error, once per distinct error.
     */
    public CountingErrorHandler(
        final AtomicCounter errorCounter, final BiConsumer<String, Throwable> firstOccurrenceSink)
    {
        if (null == errorCounter || null == firstOccurrenceSink)
        {
            throw new NullPointerException("errorCounter and firstOccurrenceSink are required");
        }
        this.errorCounter = errorCounter;
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
            final String key = describe(error);
            final long occurrences;
            synchronized (countByDistinctError)
            {
                final long[] count = countByDistinctError.computeIfAbsent(key, (k) -> new long[1]);
                occurrences = ++count[0];
            }

            if (1 == occurrences)
            {
                firstOccurrenceSink.accept(
                    "first occurrence of distinct error #" + distinctErrorCount() + ": " + firstLine(key), error);
            }
        }
        catch (final Throwable ignore)
        {
            // Never throw from the error handler; the counter has already recorded the error.
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
     * @return number of distinct errors seen.
     */
    public int distinctErrorCount()
    {
        synchronized (countByDistinctError)
        {
            return countByDistinctError.size();
        }
    }

    /**
     * Visit each distinct error once, in order of first occurrence.
     *
     * @param consumer receives the description (class, message, top frames) and how often it occurred.
     */
    public void forEachDistinct(final ObjLongConsumer<String> consumer)
    {
        synchronized (countByDistinctError)
        {
            for (final Map.Entry<String, long[]> entry : countByDistinctError.entrySet())
            {
                consumer.accept(entry.getKey(), entry.getValue()[0]);
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

        final StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0, n = Math.min(DISTINCT_FRAMES, frames.length); i < n; i++)
        {
            sb.append("\n\tat ").append(frames[i]);
        }

        return sb.toString();
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
}
