package com.qkt.codec;

/**
 * The member order last seen through one slot of {@link JsonCursor#nextMemberId}: per position, the raw bytes from
 * the end of the previous value to the start of this one (up to {@link #MAX_PATTERN} of them) and the name's id.
 */
final class MemberSequence
{
    static final int WORDS = 4;
    static final int MAX_PATTERN = WORDS * 8;
    static final int CAPACITY = 64;

    final JsonFieldNames names;
    final long[] patterns = new long[CAPACITY * WORDS];
    final long[] masks = new long[CAPACITY * WORDS];
    final int[] lengths = new int[CAPACITY];
    final int[] ids = new int[CAPACITY];
    int size;
    int next;

    MemberSequence(final JsonFieldNames names)
    {
        this.names = names;
    }

    // Replace position `index` (and forget what followed it: the order has changed from here on).
    void learn(final int index, final int id, final int from, final int length, final JsonCursor cursor)
    {
        next = index + 1;
        if (index >= CAPACITY)
        {
            return;
        }
        size = index + 1;
        ids[index] = id;
        // too long to predict (0): always read the general way
        lengths[index] = length > MAX_PATTERN ? 0 : length;
        final int base = index * WORDS;
        for (int w = 0; w < WORDS; w++)
        {
            long word = 0;
            long mask = 0;
            for (int b = 0; b < 8; b++)
            {
                final int at = (w << 3) + b;
                if (at < length && length <= MAX_PATTERN)
                {
                    word |= (cursor.patternByte(from + at) & 0xFFL) << (b << 3);
                    mask |= 0xFFL << (b << 3);
                }
            }
            patterns[base + w] = word;
            masks[base + w] = mask;
        }
    }
}
