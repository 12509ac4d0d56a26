package com.qkt.bench.floor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One frame's exact layout, learned from a sample: a run of {@link Entry entries}, each the bytes since the last
 * value, the next value's kind and what to do with it, then the bytes after the last value.
 * <p>
 * The sample is trusted (it is one of the benchmark's own frames): strings without escapes, numbers without sign,
 * fraction or exponent, no whitespace between a colon and its value. Arrays and objects are walked into, their
 * brackets becoming part of the byte runs.
 */
final class FloorLayout
{
    /** A string value: its content runs to the closing quote. */
    static final int STRING = 0;
    /** A number value. */
    static final int NUMBER = 1;
    /** The literal true. */
    static final int TRUE = 2;
    /** The literal false. */
    static final int FALSE = 3;

    /** The value is only stepped over. */
    static final int SKIP = 0;
    /** To a decimal slot. */
    static final int DECIMAL = 1;
    /** Copied to a text slot. */
    static final int TEXT = 2;
    /** To a long slot (quoted or not). */
    static final int LONG = 3;
    /** To a long slot, 1 for true. */
    static final int BOOLEAN = 4;
    /** Its first eight bytes to a long slot: a stand-in for an enum lookup. */
    static final int ENUM = 5;

    /** What {@code PrivateStreamAdapter} decodes from an execution push, and into which slots. */
    static final Map<String, int[]> EXECUTION = actions(
        "topic", TEXT, 6, "creationTime", LONG, 6,
        "category", TEXT, 0, "symbol", TEXT, 1, "orderId", TEXT, 2, "orderLinkId", TEXT, 3, "execId", TEXT, 4,
        "feeCurrency", TEXT, 5, "side", ENUM, 0, "orderType", ENUM, 1, "execType", ENUM, 2,
        "execPrice", DECIMAL, 0, "execQty", DECIMAL, 1, "execFee", DECIMAL, 2, "execValue", DECIMAL, 3,
        "leavesQty", DECIMAL, 4, "orderQty", DECIMAL, 5, "orderPrice", DECIMAL, 6, "feeRate", DECIMAL, 7,
        "execTime", LONG, 3, "isMaker", BOOLEAN, 4, "seq", LONG, 5);

    /** What {@code PrivateStreamAdapter} decodes from an order push, and into which slots. */
    static final Map<String, int[]> ORDER = actions(
        "topic", TEXT, 6, "creationTime", LONG, 6,
        "category", TEXT, 0, "symbol", TEXT, 1, "orderId", TEXT, 2, "orderLinkId", TEXT, 3, "timeInForce", TEXT, 4,
        "rejectReason", TEXT, 5, "cancelType", TEXT, 7, "side", ENUM, 0, "orderType", ENUM, 1,
        "orderStatus", ENUM, 2, "price", DECIMAL, 0, "qty", DECIMAL, 1, "leavesQty", DECIMAL, 2,
        "cumExecQty", DECIMAL, 3, "cumExecValue", DECIMAL, 4, "cumExecFee", DECIMAL, 5, "avgPrice", DECIMAL, 6,
        "createdTime", LONG, 3, "updatedTime", LONG, 4, "reduceOnly", BOOLEAN, 5, "positionIdx", LONG, 7);

    /**
     * The bytes since the previous value (for a string, up to and with its opening quote), then one value.
     */
    static final class Entry
    {
        final byte[] gap;
        final int kind;
        final int action;
        final int slot;

        Entry(final byte[] gap, final int kind, final int action, final int slot)
        {
            this.gap = gap;
            this.kind = kind;
            this.action = action;
            this.slot = slot;
        }
    }

    final List<Entry> entries = new ArrayList<>();
    final byte[] tail;

    FloorLayout(final byte[] sample, final Map<String, int[]> actions)
    {
        int previousEnd = 0;
        int i = 0;
        int colon;
        while ((colon = indexOf(sample, ':', i)) >= 0)
        {
            final int nameEnd = colon - 1;
            final int nameStart = lastIndexOf(sample, '"', nameEnd - 1) + 1;
            final String name = new String(sample, nameStart, nameEnd - nameStart, StandardCharsets.US_ASCII);
            final int v = colon + 1;
            final byte first = sample[v];
            if (first == '[' || first == '{')
            {
                i = v + 1;
                continue;
            }
            final int kind;
            final int start;
            final int end;
            if (first == '"')
            {
                kind = STRING;
                start = v + 1;
                end = indexOf(sample, '"', start);
                i = end + 1;
            }
            else if (first == 't' || first == 'f')
            {
                kind = first == 't' ? TRUE : FALSE;
                start = v;
                end = v + (first == 't' ? 4 : 5);
                i = end;
            }
            else
            {
                kind = NUMBER;
                start = v;
                int e = v;
                while (sample[e] >= '0' && sample[e] <= '9')
                {
                    e++;
                }
                end = e;
                i = end;
            }
            final int[] action = actions.getOrDefault(name, new int[] { SKIP, 0 });
            final byte[] gap = new byte[start - previousEnd];
            System.arraycopy(sample, previousEnd, gap, 0, gap.length);
            entries.add(new Entry(gap, kind, action[0], action[1]));
            previousEnd = kind == STRING ? end + 1 : end;
        }
        tail = new byte[sample.length - previousEnd];
        System.arraycopy(sample, previousEnd, tail, 0, tail.length);
        if (tail.length > 8)
        {
            throw new IllegalArgumentException("a tail of more than 8 bytes");
        }
    }

    // The little-endian word of up to 8 bytes of run from index, and the mask of the bytes it holds.
    static long word(final byte[] run, final int index)
    {
        long w = 0;
        for (int b = 0; b < 8 && index + b < run.length; b++)
        {
            w |= (run[index + b] & 0xFFL) << (b << 3);
        }
        return w;
    }

    static long mask(final byte[] run, final int index)
    {
        final int bytes = Math.min(8, run.length - index);
        return bytes == 8 ? -1L : (1L << (bytes << 3)) - 1;
    }

    private static Map<String, int[]> actions(final Object... nameActionSlot)
    {
        final Map<String, int[]> map = new HashMap<>();
        for (int i = 0; i < nameActionSlot.length; i += 3)
        {
            final int[] actionSlot = { (Integer)nameActionSlot[i + 1], (Integer)nameActionSlot[i + 2] };
            map.put((String)nameActionSlot[i], actionSlot);
        }
        return map;
    }

    private static int indexOf(final byte[] bytes, final char c, final int from)
    {
        for (int i = from; i < bytes.length; i++)
        {
            if (bytes[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(final byte[] bytes, final char c, final int from)
    {
        for (int i = from; i >= 0; i--)
        {
            if (bytes[i] == c)
            {
                return i;
            }
        }
        return -1;
    }
}
