package com.qkt.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.qkt.common.error.EngineCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;

import java.nio.ByteBuffer;

/**
 * The producer side of the ring, safe for any number of threads (I/O readers, HTTP completions, the ticker, the
 * strategy's API calls). A publish claims a slot, copies the header and payload into it, stamps the publish time and
 * publishes. Producers never touch business state.
 * <p>
 * No allocation per publish when the payload fits the slot. When the ring is full a publish waits for space, so
 * never call it from the handler thread when the ring could be full: the handler would wait on itself. After the
 * engine closed, publishes are dropped and counted in {@link EngineCounters#publishesAfterClose()}.
 */
public final class RingPublisher
{
    private final RingBuffer<RingEvent> ringBuffer;
    private final NanoClock clock;
    private final EngineCounters counters;
    private volatile boolean closed;

    /**
     * @param ringBuffer the started ring.
     * @param clock      stamps {@link RingEvent#publishNanos()}.
     * @param counters   counts oversize payloads and publishes after close.
     */
    public RingPublisher(final RingBuffer<RingEvent> ringBuffer, final NanoClock clock, final EngineCounters counters)
    {
        this.ringBuffer = ringBuffer;
        this.clock = clock;
        this.counters = counters;
    }

    /**
     * Publish an event without payload.
     *
     * @param type          event type.
     * @param correlationId correlation id.
     * @param generation    connection generation.
     * @param value         free scalar.
     */
    public void publish(final int type, final long correlationId, final long generation, final long value)
    {
        if (closed)
        {
            counters.publishesAfterClose().increment();
            return;
        }
        final long sequence = ringBuffer.next();
        try
        {
            ringBuffer.get(sequence).set(type, correlationId, generation, value).publishNanos(clock.nanoTime());
        }
        finally
        {
            ringBuffer.publish(sequence);
        }
    }

    /**
     * Publish an event without payload if a slot is free now, without waiting.
     *
     * @param type          event type.
     * @param correlationId correlation id.
     * @param generation    connection generation.
     * @param value         free scalar.
     * @return false if the ring was full (or the engine closed) and nothing was published.
     */
    public boolean tryPublish(final int type, final long correlationId, final long generation, final long value)
    {
        if (closed)
        {
            counters.publishesAfterClose().increment();
            return false;
        }
        final long sequence;
        try
        {
            sequence = ringBuffer.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return false;
        }
        try
        {
            ringBuffer.get(sequence).set(type, correlationId, generation, value).publishNanos(clock.nanoTime());
        }
        finally
        {
            ringBuffer.publish(sequence);
        }
        return true;
    }

    /**
     * Publish an event with a payload copied from a buffer.
     *
     * @param type          event type.
     * @param correlationId correlation id.
     * @param generation    connection generation.
     * @param value         free scalar.
     * @param src           payload source.
     * @param offset        in src.
     * @param length        payload length.
     */
    public void publish(
        final int type,
        final long correlationId,
        final long generation,
        final long value,
        final DirectBuffer src,
        final int offset,
        final int length)
    {
        publishWith(type, correlationId, generation, value, DIRECT_BUFFER, src, offset, length);
    }

    /**
     * Publish an event with a payload copied from an array.
     *
     * @param type          event type.
     * @param correlationId correlation id.
     * @param generation    connection generation.
     * @param value         free scalar.
     * @param src           payload source.
     * @param offset        in src.
     * @param length        payload length.
     */
    public void publish(
        final int type,
        final long correlationId,
        final long generation,
        final long value,
        final byte[] src,
        final int offset,
        final int length)
    {
        publishWith(type, correlationId, generation, value, BYTE_ARRAY, src, offset, length);
    }

    /**
     * Publish an event with the remaining bytes of a ByteBuffer as payload; its position is not moved.
     *
     * @param type          event type.
     * @param correlationId correlation id.
     * @param generation    connection generation.
     * @param value         free scalar.
     * @param src           payload source.
     */
    public void publish(
        final int type, final long correlationId, final long generation, final long value, final ByteBuffer src)
    {
        publishWith(type, correlationId, generation, value, BYTE_BUFFER, src, 0, 0);
    }

    /**
     * Publish an event with characters copied one byte each (e.g. a WebSocket text frame handed over as a String).
     *
     * @param type          event type.
     * @param correlationId correlation id.
     * @param generation    connection generation.
     * @param value         free scalar.
     * @param ascii         payload source.
     */
    public void publish(
        final int type, final long correlationId, final long generation, final long value, final CharSequence ascii)
    {
        publishWith(type, correlationId, generation, value, ASCII, ascii, 0, 0);
    }

    /**
     * Copies a payload of one source kind into a claimed slot. The constants below are non-capturing lambdas, so
     * publishing through them allocates nothing.
     */
    @FunctionalInterface
    private interface PayloadCopier
    {
        void copy(RingEvent event, Object src, int offset, int length);
    }

    private static final PayloadCopier DIRECT_BUFFER = (e, src, offset, length) ->
        e.payload((DirectBuffer)src, offset, length);
    private static final PayloadCopier BYTE_ARRAY = (e, src, offset, length) -> e.payload((byte[])src, offset, length);
    private static final PayloadCopier BYTE_BUFFER = (e, src, offset, length) -> e.payload((ByteBuffer)src);
    private static final PayloadCopier ASCII = (e, src, offset, length) -> e.payload((CharSequence)src);

    private void publishWith(
        final int type,
        final long correlationId,
        final long generation,
        final long value,
        final PayloadCopier copier,
        final Object src,
        final int offset,
        final int length)
    {
        if (closed)
        {
            counters.publishesAfterClose().increment();
            return;
        }
        final long sequence = ringBuffer.next();
        final RingEvent event = ringBuffer.get(sequence);
        try
        {
            event.set(type, correlationId, generation, value);
            copier.copy(event, src, offset, length);
            stamp(event);
        }
        catch (final Throwable ex)
        {
            // A claimed slot must be published; mark it so the handler skips the half-copied payload.
            event.set(EventTypes.ABORTED, correlationId, generation, value);
            throw ex;
        }
        finally
        {
            ringBuffer.publish(sequence);
        }
    }

    /**
     * @return slots in the ring.
     */
    public int ringSize()
    {
        return ringBuffer.getBufferSize();
    }

    /**
     * @return true once the engine closed; later publishes are dropped.
     */
    public boolean isClosed()
    {
        return closed;
    }

    void close()
    {
        closed = true;
    }

    private void stamp(final RingEvent event)
    {
        event.publishNanos(clock.nanoTime());
        if (event.isOversize())
        {
            counters.oversizePayloads().increment();
        }
    }
}
