package com.qkt.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * One pre-allocated slot of the ring: an event type, correlation id, connection generation, a free scalar value, the
 * publish time and a byte payload.
 * <p>
 * Each slot owns a payload buffer of {@code slotPayloadCapacity} bytes allocated once. A payload larger than that is
 * NOT lost: it is copied into a freshly allocated byte[] of exactly its size for that one event (the slow path,
 * which allocates), {@link #isOversize()} is true and the engine counts it in
 * {@link com.qkt.common.error.EngineCounters#oversizePayloads()}. On the next reuse ({@link #set(int, long, long, long)})
 * the slot drops that array and returns to its pre-allocated buffer.
 * <p>
 * Producers fill a slot between claiming and publishing it; the handler reads it during its callback only.
 */
public final class RingEvent
{
    private static final byte[] NO_BYTES = new byte[0];

    private final UnsafeBuffer slotBuffer;
    private final UnsafeBuffer oversizeBuffer = new UnsafeBuffer(NO_BYTES);
    private UnsafeBuffer buffer;
    private int type;
    private long correlationId;
    private long generation;
    private long value;
    private long publishNanos;
    private int length;

    /**
     * @param slotPayloadCapacity bytes pre-allocated for this slot's payload.
     */
    public RingEvent(final int slotPayloadCapacity)
    {
        if (slotPayloadCapacity < 0)
        {
            throw new IllegalArgumentException("slotPayloadCapacity must not be negative: " + slotPayloadCapacity);
        }
        slotBuffer = new UnsafeBuffer(new byte[slotPayloadCapacity]);
        buffer = slotBuffer;
    }

    /**
     * Start filling the slot: sets the header fields and clears the payload (returning to the pre-allocated buffer).
     *
     * @param type          event type, see {@link EventTypes}.
     * @param correlationId e.g. a request id.
     * @param generation    connection generation the event belongs to.
     * @param value         a free scalar (HTTP status, error code, ...).
     * @return this.
     */
    public RingEvent set(final int type, final long correlationId, final long generation, final long value)
    {
        this.type = type;
        this.correlationId = correlationId;
        this.generation = generation;
        this.value = value;
        this.length = 0;
        if (buffer != slotBuffer)
        {
            oversizeBuffer.wrap(NO_BYTES);
            buffer = slotBuffer;
        }
        return this;
    }

    /**
     * Copy a payload from a buffer.
     *
     * @param src    source.
     * @param offset in src.
     * @param length bytes to copy.
     * @return this.
     */
    public RingEvent payload(final DirectBuffer src, final int offset, final int length)
    {
        prepare(length).putBytes(0, src, offset, length);
        return this;
    }

    /**
     * Copy a payload from an array.
     *
     * @param src    source.
     * @param offset in src.
     * @param length bytes to copy.
     * @return this.
     */
    public RingEvent payload(final byte[] src, final int offset, final int length)
    {
        prepare(length).putBytes(0, src, offset, length);
        return this;
    }

    /**
     * Copy the remaining bytes of a ByteBuffer; its position is not moved.
     *
     * @param src source.
     * @return this.
     */
    public RingEvent payload(final ByteBuffer src)
    {
        final int length = src.remaining();
        prepare(length).putBytes(0, src, src.position(), length);
        return this;
    }

    /**
     * Copy characters as one byte each (the low 8 bits: ASCII/Latin-1 text such as exchange JSON).
     *
     * @param ascii source.
     * @return this.
     */
    public RingEvent payload(final CharSequence ascii)
    {
        final int length = ascii.length();
        final UnsafeBuffer dst = prepare(length);
        for (int i = 0; i < length; i++)
        {
            dst.putByte(i, (byte)ascii.charAt(i));
        }
        return this;
    }

    /**
     * @param publishNanos time the producer published the event.
     * @return this.
     */
    public RingEvent publishNanos(final long publishNanos)
    {
        this.publishNanos = publishNanos;
        return this;
    }

    /**
     * @return event type.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return correlation id.
     */
    public long correlationId()
    {
        return correlationId;
    }

    /**
     * @return connection generation.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * @return the free scalar value.
     */
    public long value()
    {
        return value;
    }

    /**
     * @return time the producer published the event.
     */
    public long publishNanos()
    {
        return publishNanos;
    }

    /**
     * @return the payload buffer; the payload is bytes [0, {@link #length()}).
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return payload length.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return true when the payload did not fit the slot and lives in a one-off array.
     */
    public boolean isOversize()
    {
        return buffer != slotBuffer;
    }

    /**
     * @return bytes pre-allocated for this slot's payload.
     */
    public int slotPayloadCapacity()
    {
        return slotBuffer.capacity();
    }

    private UnsafeBuffer prepare(final int length)
    {
        if (length < 0)
        {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }

        if (length <= slotBuffer.capacity())
        {
            buffer = slotBuffer;
        }
        else
        {
            oversizeBuffer.wrap(new byte[length]);
            buffer = oversizeBuffer;
        }
        this.length = length;
        return buffer;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "RingEvent{type=" + type + ", correlationId=" + correlationId + ", generation=" + generation +
            ", value=" + value + ", publishNanos=" + publishNanos + ", length=" + length +
            ", oversize=" + isOversize() + '}';
    }
}
