package com.qkt.bench.floor;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link FloorLayout} walked as data: the floor of a decoder that learns a layout at run time but has no code
 * generated for it. One byte-run compare, one value scan and one action per entry, no other bookkeeping.
 */
public final class FloorTemplate extends FloorDecoder
{
    private static final int WORDS = 8;

    private final int entries;
    private final int[] gapLengths;
    private final int[] kinds;
    private final int[] actions;
    private final int[] slots;
    private final long[] patterns;
    private final long[] masks;
    private final int tailLength;
    private final long tailPattern;
    private final long tailMask;
    private final int items;

    FloorTemplate(final FloorLayout layout, final int items)
    {
        this.items = items;
        entries = layout.entries.size();
        gapLengths = new int[entries];
        kinds = new int[entries];
        actions = new int[entries];
        slots = new int[entries];
        patterns = new long[entries * WORDS];
        masks = new long[entries * WORDS];
        for (int e = 0; e < entries; e++)
        {
            final FloorLayout.Entry entry = layout.entries.get(e);
            if (entry.gap.length > WORDS * 8)
            {
                throw new IllegalArgumentException("a byte run of more than 64 bytes");
            }
            gapLengths[e] = entry.gap.length;
            kinds[e] = entry.kind;
            actions[e] = entry.action;
            slots[e] = entry.slot;
            for (int w = 0; w << 3 < entry.gap.length; w++)
            {
                patterns[e * WORDS + w] = FloorLayout.word(entry.gap, w << 3);
                masks[e * WORDS + w] = FloorLayout.mask(entry.gap, w << 3);
            }
        }
        tailLength = layout.tail.length;
        tailPattern = FloorLayout.word(layout.tail, 0);
        tailMask = FloorLayout.mask(layout.tail, 0);
    }

    @Override
    public int decode(final UnsafeBuffer buffer, final int offset, final int length)
    {
        wrap(buffer, offset, length);
        final long[] patterns = this.patterns;
        final long[] masks = this.masks;
        int pos = 0;
        for (int e = 0; e < entries; e++)
        {
            final int gap = gapLengths[e];
            final int b = e * WORDS;
            if (pos + gap > length)
            {
                return -1;
            }
            long diff = ((wordAt(pos) ^ patterns[b]) & masks[b]) | ((wordAt(pos + 8) ^ patterns[b + 1]) & masks[b + 1]);
            for (int w = 2; w << 3 < gap; w++)
            {
                diff |= (wordAt(pos + (w << 3)) ^ patterns[b + w]) & masks[b + w];
            }
            if (diff != 0)
            {
                return -1;
            }
            pos += gap;
            final int start = pos;
            final int end;
            switch (kinds[e])
            {
                case FloorLayout.STRING:
                    end = quote(pos);
                    if (end >= length || byteAt(end) != '"')
                    {
                        return -1;
                    }
                    pos = end + 1;
                    break;
                case FloorLayout.NUMBER:
                    end = number(pos);
                    if (end < 0)
                    {
                        return -1;
                    }
                    pos = end;
                    break;
                case FloorLayout.TRUE:
                    if ((wordAt(pos) & 0xFFFFFFFFL) != 0x65757274L)
                    {
                        return -1;
                    }
                    end = pos + 4;
                    pos = end;
                    break;
                default:
                    if ((wordAt(pos) & 0xFFFFFFFFFFL) != 0x65736C6166L)
                    {
                        return -1;
                    }
                    end = pos + 5;
                    pos = end;
            }
            if (!act(actions[e], kinds[e], start, end, slots[e]))
            {
                return -1;
            }
        }
        if (pos + tailLength != length || ((wordAt(pos) ^ tailPattern) & tailMask) != 0)
        {
            return -1;
        }
        return items;
    }

    private boolean act(final int action, final int kind, final int start, final int end, final int slot)
    {
        switch (action)
        {
            case FloorLayout.DECIMAL: return decimal(start, end, decimals[slot]);
            case FloorLayout.TEXT: text(start, end, slot); return true;
            case FloorLayout.LONG: return longValue(start, end, slot);
            case FloorLayout.BOOLEAN: longs[slot] = kind == FloorLayout.TRUE ? 1 : 0; return true;
            case FloorLayout.ENUM: enumValue(start, end, slot); return true;
            default: return true;
        }
    }
}
