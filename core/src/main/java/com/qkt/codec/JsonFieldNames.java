package com.qkt.codec;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A fixed set of JSON member names mapped to small ints (their index at construction), looked up by the length and
 * the first and last (up to) eight bytes {@link JsonCursor} takes from a scanned name.
 * <p>
 * The table is a perfect hash built once: a multiplier is searched at construction so that every known name has a
 * slot of its own, so a lookup is one multiply, one slot and one compare of length, first word and last word (which
 * for names of up to 16 bytes are the whole name; longer ones are confirmed byte by byte). An unknown name costs the
 * same and misses.
 */
public final class JsonFieldNames
{
    /** Returned by {@link #indexOf} for a name that is not in the set. */
    public static final int UNKNOWN = -1;

    private static final int MAX_BITS = 16;
    private static final int ATTEMPTS_PER_SIZE = 4096;

    private final int[] lengths;
    private final long[] heads;
    private final long[] tails;
    private final byte[][] names;
    private final int[] ids;
    private final long multiplier;
    private final int shift;

    /**
     * @param fieldNames the names, ASCII; their index is the id {@link #indexOf} returns.
     */
    public JsonFieldNames(final String... fieldNames)
    {
        final byte[][] bytes = new byte[fieldNames.length][];
        final long[] keys = new long[fieldNames.length];
        for (int id = 0; id < fieldNames.length; id++)
        {
            bytes[id] = AsciiNumbers.ascii(fieldNames[id]);
            for (int other = 0; other < id; other++)
            {
                if (Arrays.equals(bytes[other], bytes[id]))
                {
                    throw new IllegalArgumentException("duplicate name: " + fieldNames[id]);
                }
            }
            final UnsafeBuffer view = new UnsafeBuffer(bytes[id]);
            keys[id] = key(head(view, 0, bytes[id].length), tail(view, 0, bytes[id].length), bytes[id].length);
        }

        int bits = 4;
        while ((1 << bits) < fieldNames.length * 2)
        {
            bits++;
        }
        final SplittableRandom random = new SplittableRandom(0x9E3779B97F4A7C15L);
        long found = 0;
        for (; bits <= MAX_BITS && found == 0; bits++)
        {
            for (int attempt = 0; attempt < ATTEMPTS_PER_SIZE; attempt++)
            {
                final long m = random.nextLong() | 1;
                if (collisionFree(keys, m, 64 - bits))
                {
                    found = m;
                    break;
                }
            }
        }
        if (found == 0)
        {
            throw new IllegalArgumentException("no perfect hash for " + fieldNames.length + " names"); // not seen
        }
        bits--; // the loop's increment ran once after the find
        multiplier = found;
        shift = 64 - bits;
        final int size = 1 << bits;
        lengths = new int[size];
        Arrays.fill(lengths, -1);
        heads = new long[size];
        tails = new long[size];
        names = new byte[size][];
        ids = new int[size];
        for (int id = 0; id < fieldNames.length; id++)
        {
            final int slot = (int)((keys[id] * multiplier) >>> shift);
            final UnsafeBuffer view = new UnsafeBuffer(bytes[id]);
            lengths[slot] = bytes[id].length;
            heads[slot] = head(view, 0, bytes[id].length);
            tails[slot] = tail(view, 0, bytes[id].length);
            names[slot] = bytes[id];
            ids[slot] = id;
        }
    }

    private static boolean collisionFree(final long[] keys, final long m, final int shift)
    {
        final boolean[] used = new boolean[1 << (64 - shift)];
        for (final long key : keys)
        {
            final int slot = (int)((key * m) >>> shift);
            if (used[slot])
            {
                return false;
            }
            used[slot] = true;
        }
        return true;
    }

    /**
     * The key a name is hashed by: its first and last words and its length folded into one long.
     */
    static long key(final long head, final long tail, final int length)
    {
        return head ^ Long.rotateLeft(tail, 23) ^ ((long)length << 58) ^ length;
    }

    /**
     * @param buffer holding the name (used only for names longer than 16 bytes).
     * @param offset of the name's first byte.
     * @param length of the name.
     * @param head   the name's first (up to) eight bytes, little-endian, zero-padded.
     * @param tail   the name's last eight bytes, little-endian, or 0 when shorter than eight.
     * @return the name's id, or {@link #UNKNOWN}.
     */
    public int indexOf(final DirectBuffer buffer, final int offset, final int length, final long head, final long tail)
    {
        final int slot = (int)((key(head, tail, length) * multiplier) >>> shift);
        if (lengths[slot] == length && heads[slot] == head && tails[slot] == tail &&
            (length <= 16 || AsciiNumbers.equals(buffer, offset, length, names[slot])))
        {
            return ids[slot];
        }
        return UNKNOWN;
    }

    /**
     * @return the first (up to) eight bytes of a name as {@link JsonCursor} records them.
     */
    static long head(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length >= 8)
        {
            return buffer.getLong(offset, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        long head = 0;
        for (int i = 0; i < length; i++)
        {
            head |= (buffer.getByte(offset + i) & 0xFFL) << (i << 3);
        }
        return head;
    }

    /**
     * @return the last eight bytes of a name as {@link JsonCursor} records them (0 below eight bytes).
     */
    static long tail(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= 8 ? buffer.getLong(offset + length - 8, java.nio.ByteOrder.LITTLE_ENDIAN) : 0;
    }
}
