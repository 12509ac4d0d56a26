package com.qkt.common.error;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;

/**
 * Named, thread-safe counters of one engine (Agrona {@link CountersManager} over direct buffers, or over the mapped
 * {@link com.qkt.monitor.MonitorFile} that {@code scripts/stat} reads from outside the process).
 * <p>
 * Core registers {@link #errors()}, {@link #reconnectAttempts()}, {@link #reconnects()}, {@link #retries()},
 * {@link #oversizePayloads()}, {@link #publishesAfterClose()}, {@link #ringOccupancyHighWater()} and
 * {@link #errorsNotStored()}. Transports add their own with {@link #newCounter(String)} at start-up (before the
 * id is handed to other threads) and bump them with {@link #increment(long)} or through {@link #counter(long)}.
 * Incrementing is lock free and allocation free from any thread.
 * <p>
 * A value that lives in a plain field of a handler-thread object (fills delivered, recoveries) is published as a
 * gauge: {@link #newGauge(String, LongSupplier)} registers a reader that the handler thread samples into a counter on
 * every tick ({@link #sampleGauges()}), so the owner keeps its plain field and the file still shows it.
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
    private final AtomicCounter reconnects;
    private final AtomicCounter retries;
    private final AtomicCounter oversizePayloads;
    private final AtomicCounter publishesAfterClose;
    private final AtomicCounter ringOccupancyHighWater;
    private final AtomicCounter errorsNotStored;
    private volatile Gauge[] gauges = new Gauge[0];

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
        this(
            new UnsafeBuffer(ByteBuffer.allocateDirect(checkMax(maxCounters) * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(maxCounters * CountersReader.COUNTER_LENGTH)));
    }

    /**
     * Counters over given buffers, e.g. those of a {@link com.qkt.monitor.MonitorFile}.
     *
     * @param metaData labels and states, {@link CountersReader#METADATA_LENGTH} per counter.
     * @param values   values, {@link CountersReader#COUNTER_LENGTH} per counter.
     */
    public EngineCounters(final AtomicBuffer metaData, final AtomicBuffer values)
    {
        checkMax(values.capacity() / CountersReader.COUNTER_LENGTH);
        countersManager = new CountersManager(metaData, values);
        counterById = new AtomicCounter[countersManager.maxCounterId() + 1];

        errors = allocate("errors");
        reconnectAttempts = allocate("reconnect attempts");
        reconnects = allocate("reconnects (succeeded)");
        retries = allocate("retries");
        oversizePayloads = allocate("oversize payloads");
        publishesAfterClose = allocate("publishes after close");
        ringOccupancyHighWater = allocate("ring occupancy high-water mark");
        errorsNotStored = allocate("distinct errors not stored (error log full)");
    }

    /**
     * @return new distinct errors the error log had no room for (still counted in {@link #errors()}).
     */
    public AtomicCounter errorsNotStored()
    {
        return errorsNotStored;
    }

    private static int checkMax(final int maxCounters)
    {
        if (maxCounters < 8)
        {
            throw new IllegalArgumentException("maxCounters must be >= 8: " + maxCounters);
        }
        return maxCounters;
    }

    /**
     * @return the most slots ever published but not yet handled, seen by the handler thread (its own slot
     *         included): how close the ring came to full.
     */
    public AtomicCounter ringOccupancyHighWater()
    {
        return ringOccupancyHighWater;
    }

    /**
     * Publish a handler-thread value as a counter, refreshed on every tick by {@link #sampleGauges()}. Call at
     * start-up; safe from any thread.
     *
     * @param label  name shown by {@code scripts/stat}.
     * @param source read on the handler thread only; must not allocate.
     * @return id of the counter.
     */
    public synchronized long newGauge(final String label, final LongSupplier source)
    {
        final AtomicCounter counter = allocate(label);
        final Gauge[] grown = Arrays.copyOf(gauges, gauges.length + 1);
        grown[grown.length - 1] = new Gauge(counter, source);
        gauges = grown;
        return counter.id();
    }

    /**
     * Copy every gauge's source into its counter. Called by the handler thread on each tick; allocation free.
     */
    public void sampleGauges()
    {
        for (final Gauge gauge : gauges)
        {
            gauge.counter.setRelease(gauge.source.getAsLong());
        }
    }

    /**
     * @return a reader of the counters (the same view {@code scripts/stat} gets through the file).
     */
    public CountersReader reader()
    {
        return countersManager;
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
     * @return reconnect attempts that succeeded (a drop healed).
     */
    public AtomicCounter reconnects()
    {
        return reconnects;
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

    private static final class Gauge
    {
        private final AtomicCounter counter;
        private final LongSupplier source;

        private Gauge(final AtomicCounter counter, final LongSupplier source)
        {
            this.counter = counter;
            this.source = source;
        }
    }

    private AtomicCounter allocate(final String label)
    {
        final AtomicCounter counter = countersManager.newCounter(label);
        counterById[counter.id()] = counter;
        return counter;
    }
}
