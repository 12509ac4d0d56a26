package com.qkt.codec;

import org.agrona.DirectBuffer;

/**
 * A fixed set of JSON member names mapped to small ints (their index at construction), looked up by the hash
 * {@link JsonCursor#nameHash} computes for a scanned name, then confirmed byte by byte. Open addressing, built once.
 */
public final class JsonFieldNames
{
    public static final int UNKNOWN = -1;

    private final long[] hashes;
    private final long[] heads;
    private final long[] tails;
    private final byte[][] names;
    private final int[] ids;
    private final int mask;

    public JsonFieldNames(final String... fieldNames)
    {
        int size = 16;
        while (size < fieldNames.length * 4)
        {
            size <<= 1;
        }
        hashes = new long[size];
        heads = new long[size];
        tails = new long[size];
        names = new byte[size][];
        ids = new int[size];
        mask = size - 1;
        for (int id = 0; id < fieldNames.length; id++)
        {
            final byte[] name = AsciiNumbers.ascii(fieldNames[id]);
            final long hash = hash(name);
            int slot = slot(hash);
            while (names[slot] != null)
            {
                if (java.util.Arrays.equals(names[slot], name))
                {
                    throw new IllegalArgumentException("duplicate name: " + fieldNames[id]);
                }
                slot = (slot + 1) & mask;
            }
            final org.agrona.concurrent.UnsafeBuffer view = new org.agrona.concurrent.UnsafeBuffer(name);
            names[slot] = name;
            hashes[slot] = hash;
            heads[slot] = JsonCursor.head(view, 0, name.length);
            tails[slot] = JsonCursor.tail(view, 0, name.length);
            ids[slot] = id;
        }
    }

    static long hash(final byte[] name)
    {
        return JsonCursor.nameHash(new org.agrona.concurrent.UnsafeBuffer(name), 0, name.length);
    }

    private int slot(final long hash)
    {
        return (int)(hash ^ (hash >>> 29)) & mask;
    }

    public int indexOf(
        final DirectBuffer buffer, final int offset, final int length, final long hash, final long head, final long tail)
    {
        int slot = slot(hash);
        while (true)
        {
            final byte[] name = names[slot];
            if (name == null)
            {
                return UNKNOWN;
            }
            // up to 16 bytes, length + first 8 + last 8 bytes are the whole name
            if (hashes[slot] == hash && name.length == length && heads[slot] == head && tails[slot] == tail &&
                (length <= 16 || AsciiNumbers.equals(buffer, offset, length, name)))
            {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
    }
}
