package com.qkt.dedup;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * A bounded set of the most recent execution ids, for delivering each fill exactly once when the live stream and
 * REST recovery both report it. Keeps the last {@code capacity} ids in insertion order and forgets the oldest
 * first, so memory is fixed however many fills pass through.
 * <p>
 * Ids are indexed by a 64-bit hash and confirmed byte for byte, so a hash collision can never make two different
 * fills look like one (a colliding newcomer is accepted and counted, not inserted). Allocation-free after
 * construction; single-threaded.
 */
public final class ExecIdWindow
{
    private static final long MISSING = -1;

    private final int capacity;
    private final int maxIdLength;
    private final byte[] ids;
    private final int[] lengths;
    private final long[] hashes;
    private final Long2LongHashMap slotByHash;
    private long inserted;
    private long collisions;

    /**
     * @param capacity    how many ids to remember (the dedup window).
     * @param maxIdLength longest id kept (Bybit exec ids are 36-char UUIDs); longer ids are compared on this prefix.
     */
    public ExecIdWindow(final int capacity, final int maxIdLength)
    {
        if (capacity < 1 || maxIdLength < 1)
        {
            throw new IllegalArgumentException("capacity and maxIdLength must be > 0");
        }
        this.capacity = capacity;
        this.maxIdLength = maxIdLength;
        this.ids = new byte[capacity * maxIdLength];
        this.lengths = new int[capacity];
        this.hashes = new long[capacity];
        this.slotByHash = new Long2LongHashMap(BitUtil.findNextPositivePowerOfTwo(capacity * 2), 0.65f, MISSING);
    }

    /**
     * @param buffer holding the id.
     * @param offset where it starts.
     * @param length its length.
     * @return true when the id is in the window.
     */
    public boolean contains(final DirectBuffer buffer, final int offset, final int length)
    {
        return contains(hash(buffer, offset, length), buffer, offset, length);
    }

    /**
     * As {@link #contains(DirectBuffer, int, int)} with the id's {@link #hash(DirectBuffer, int, int)} already known.
     *
     * @param hash   of the id.
     * @param buffer holding the id.
     * @param offset where it starts.
     * @param length its length.
     * @return true when the id is in the window.
     */
    public boolean contains(final long hash, final DirectBuffer buffer, final int offset, final int length)
    {
        final long slot = slotByHash.get(hash);
        return slot != MISSING && sameId((int)slot, buffer, offset, length);
    }

    /**
     * Add the id unless present.
     *
     * @param buffer holding the id.
     * @param offset where it starts.
     * @param length its length.
     * @return true if it was added (first sighting), false if it was already in the window.
     */
    public boolean add(final DirectBuffer buffer, final int offset, final int length)
    {
        return add(hash(buffer, offset, length), buffer, offset, length);
    }

    /**
     * As {@link #add(DirectBuffer, int, int)} with the id's {@link #hash(DirectBuffer, int, int)} already known.
     *
     * @param hash   of the id.
     * @param buffer holding the id.
     * @param offset where it starts.
     * @param length its length.
     * @return true if it was added (first sighting), false if it was already in the window.
     */
    public boolean add(final long hash, final DirectBuffer buffer, final int offset, final int length)
    {
        final long existing = slotByHash.get(hash);
        if (existing != MISSING)
        {
            if (sameId((int)existing, buffer, offset, length))
            {
                return false;
            }
            collisions++;
            return true;
        }

        final int slot = (int)(inserted % capacity);
        if (inserted >= capacity)
        {
            final long oldHash = hashes[slot];
            if (slotByHash.get(oldHash) == slot)
            {
                slotByHash.remove(oldHash);
            }
        }
        final int keep = Math.min(length, maxIdLength);
        buffer.getBytes(offset, ids, slot * maxIdLength, keep);
        lengths[slot] = keep;
        hashes[slot] = hash;
        slotByHash.put(hash, slot);
        inserted++;
        return true;
    }

    /**
     * @return ids in the window now.
     */
    public int size()
    {
        return (int)Math.min(inserted, capacity);
    }

    /**
     * @return the window's capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return distinct ids that shared a hash with one in the window (expected 0).
     */
    public long collisions()
    {
        return collisions;
    }

    private boolean sameId(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        final int keep = Math.min(length, maxIdLength);
        if (lengths[slot] != keep)
        {
            return false;
        }
        final int base = slot * maxIdLength;
        for (int i = 0; i < keep; i++)
        {
            if (ids[base + i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The window's hash of an id: FNV-1a 64 over at most {@code maxIdLength} bytes, so ids longer than that hash as
     * they are compared. Callers that also index the id elsewhere compute it once and pass it in.
     *
     * @param buffer holding the id.
     * @param offset where it starts.
     * @param length its length.
     * @return the hash.
     */
    public long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        long hash = 0xcbf29ce484222325L;
        final int keep = Math.min(length, maxIdLength);
        for (int i = 0; i < keep; i++)
        {
            hash ^= buffer.getByte(offset + i) & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
