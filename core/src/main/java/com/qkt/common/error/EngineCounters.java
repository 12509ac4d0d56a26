package com.qkt.common.error;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.util.function.ObjLongConsumer;

/**
 * Named, thread-safe counters of one engine (Agrona {@link CountersManager} over heap-independent direct buffers).
 * <p>
 * Core registers {@link #errors()}, {@link #reconnectAttempts()}, {@link #retries()}, {@link #oversizePayloads()}
 * and {@link #publishesAfterClose()}. Transports add their own with {@link #newCounter(String)} at start-up (before the
 * id is handed to other threads) and bump them with {@link #increment(long)} or through {@link #counter(long)}.
 * Incrementing is lock free and allocation free from any thread.
 */
public final class EngineCounters
{
    /**
     * Default maximum number of counters.
     */
    public static final int DEFAULT_MAX_COUNTERS = 128;

    private final CountersManager countersManager;
    private final AtomicCounter[] counterById;
    private final AtomicCounter errors;
    private final AtomicCounter reconnectAttempts;
    private final AtomicCounter retries;
    private final AtomicCounter oversizePayloads;
    private final AtomicCounter publishesAfterClose;

    /**
     * Counters with room for {@link #DEFAULT_MAX_COUNTERS}.
     */
    public EngineCounters()
    {
        this(DEFAULT_MAX_COUNTERS);
    }

    /**
     * @param maxCounters how many counters (core's own included) may be allocated.
     */
    public EngineCounters(final int maxCounters)
    {
        if (maxCounters < 8)
        {
            throw new IllegalArgumentException("maxCounters must be >= 8: " + maxCounters);
        }

        final UnsafeBuffer metaData = new UnsafeBuffer(
            ByteBuffer.allocateDirect(maxCounters * CountersReader.METADATA_LENGTH));
        final UnsafeBuffer values = new UnsafeBuffer(
            ByteBuffer.allocateDirect(maxCounters * CountersReader.COUNTER_LENGTH));
        countersManager = new CountersManager(metaData, values);
        counterById = new AtomicCounter[countersManager.maxCounterId() + 1];

        errors = allocate("errors");
        reconnectAttempts = allocate("reconnect attempts");
        retries = allocate("retries");
        oversizePayloads = allocate("oversize payloads");
        publishesAfterClose = allocate("publishes after close");
    }

    /**
     * @return errors seen by the engine's error handling (each error counted once).
     */
    public AtomicCounter errors()
    {
        return errors;
    }

    /**
     * @return reconnect attempts started.
     */
    public AtomicCounter reconnectAttempts()
    {
        return reconnectAttempts;
    }

    /**
     * @return retries of failed operations (e.g. REST calls).
     */
    public AtomicCounter retries()
    {
        return retries;
    }

    /**
     * @return payloads too large for their ring slot that took the allocating slow path.
     */
    public AtomicCounter oversizePayloads()
    {
        return oversizePayloads;
    }

    /**
     * @return publishes attempted after the engine closed (dropped, not delivered).
     */
    public AtomicCounter publishesAfterClose()
    {
        return publishesAfterClose;
    }

    /**
     * Add a named counter. Call at start-up; the returned id may then be used from any thread.
     *
     * @param label name shown when the counters are printed.
     * @return id of the counter for {@link #increment(long)}, {@link #get(long)} and {@link #counter(long)}.
     */
    public synchronized long newCounter(final String label)
    {
        return allocate(label).id();
    }

    /**
     * @param id returned by {@link #newCounter(String)}.
     * @return the new value.
     */
    public long increment(final long id)
    {
        return counter(id).increment() + 1;
    }

    /**
     * @param id    returned by {@link #newCounter(String)}.
     * @param delta to add.
     * @return the new value.
     */
    public long add(final long id, final long delta)
    {
        return counter(id).getAndAdd(delta) + delta;
    }

    /**
     * @param id returned by {@link #newCounter(String)}.
     * @return current value.
     */
    public long get(final long id)
    {
        return counter(id).get();
    }

    /**
     * @param id returned by {@link #newCounter(String)}.
     * @return the counter itself, for code that increments it on a hot path.
     */
    public AtomicCounter counter(final long id)
    {
        final AtomicCounter counter = id >= 0 && id < counterById.length ? counterById[(int)id] : null;
        if (null == counter)
        {
            throw new IllegalArgumentException("unknown counter id: " + id);
        }
        return counter;
    }

    /**
     * Visit every counter (allocates label strings; for reporting, not for hot paths).
     *
     * @param consumer receives label and value.
     */
    public void forEach(final ObjLongConsumer<String> consumer)
    {
        countersManager.forEach((value, id, label) -> consumer.accept(label, value));
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("EngineCounters{");
        forEach((label, value) -> sb.append(label).append('=').append(value).append(", "));
        if (sb.charAt(sb.length() - 1) == ' ')
        {
            sb.setLength(sb.length() - 2);
        }
        return sb.append('}').toString();
    }

    private AtomicCounter allocate(final String label)
    {
        final AtomicCounter counter = countersManager.newCounter(label);
        counterById[counter.id()] = counter;
        return counter;
    }
}
