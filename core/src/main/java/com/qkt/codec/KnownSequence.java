package com.qkt.codec;

/**
 * The known members last seen through one slot of {@link JsonCursor#nextKnownMemberId}: per entry, the raw bytes
 * from the end of the previous entry's value to the start of this one (unknown members in between included, up to
 * {@link #MAX_PATTERN} bytes), its id ({@link #SKIP} for an unknown member whose value changes, {@link #END} for the
 * closing brace, whose bytes include it), and where {@link MemberSequence} continues after it.
 */
final class KnownSequence
{
    static final int WORDS = 64;
    static final int MAX_PATTERN = WORDS * 8;
    static final int CAPACITY = 64;
    /** The id of an entry that is an unknown member whose value is skipped. */
    static final int SKIP = -1;
    /** The id of the entry that closes the object. */
    static final int END = -2;

    final JsonFieldNames names;
    final long[] patterns = new long[CAPACITY * WORDS];
    final long[] lastMasks = new long[CAPACITY];
    final long[] masks = new long[CAPACITY * 4];
    final int[] reaches = new int[CAPACITY];
    final int[] lengths = new int[CAPACITY];
    final int[] ids = new int[CAPACITY];
    final int[] memberNext = new int[CAPACITY];
    int size;
    int next;
    long changingMembers;

    KnownSequence(final JsonFieldNames names)
    {
        this.names = names;
    }

    // Replace position `index`. A different member there means the order has changed from here on: what
    // followed is forgotten. The same member with other bytes before it (an unknown value that changed) keeps
    // the rest, so one varying value costs its own position only.
    void learn(
        final int index, final int id, final int memberNext, final int from, final int length,
        final JsonCursor cursor)
    {
        next = index + 1;
        if (index >= CAPACITY)
        {
            return;
        }
        if (index >= size || ids[index] != id || this.memberNext[index] != memberNext)
        {
            size = index + 1;
        }
        ids[index] = id;
        this.memberNext[index] = memberNext;
        if (length > MAX_PATTERN || length <= 0)
        {
            lengths[index] = 0; // too long to predict: always read the general way
            return;
        }
        lengths[index] = length;
        final int base = index * WORDS;
        final int last = (length - 1) >> 3;
        for (int w = 0; w < last; w++)
        {
            patterns[base + w] = cursor.wordAt(from + (w << 3));
        }
        long word = 0;
        long mask = 0;
        for (int b = last << 3; b < length; b++)
        {
            final int shift = (b - (last << 3)) << 3;
            word |= (cursor.patternByte(from + b) & 0xFFL) << shift;
            mask |= 0xFFL << shift;
        }
        patterns[base + last] = word;
        lastMasks[index] = mask;
        for (int w = 0; w < 4; w++)
        {
            final int bytes = Math.max(0, Math.min(8, length - (w << 3)));
            masks[(index << 2) + w] = bytes == 8 ? -1L : (1L << (bytes << 3)) - 1;
        }
        reaches[index] = length <= 16 ? 16 : length <= 32 ? 32 : (last + 1) << 3;
    }
}
