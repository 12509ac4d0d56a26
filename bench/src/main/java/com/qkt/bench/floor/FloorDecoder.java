package com.qkt.bench.floor;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codec.Swar;

import static com.qkt.codec.Swar.BACKSLASHES;
import static com.qkt.codec.Swar.QUOTES;
import static com.qkt.codec.Swar.controlBytes;
import static com.qkt.codec.Swar.firstFlagged;
import static com.qkt.codec.Swar.nonDigits;
import static com.qkt.codec.Swar.zeroBytes;

/**
 * What every floor decoder shares: the wrapped bytes read by address, the SWAR scans and conversions, and the slots
 * the values land in (decimals, texts, longs, each numbered by {@link FloorLayout}).
 * <p>
 * Reads run up to 16 bytes past the frame's last byte: its buffer must have that slack.
 */
public abstract class FloorDecoder
{
    /** Slots of each kind. */
    static final int SLOTS = 16;

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L };

    final FixedDecimal[] decimals = new FixedDecimal[SLOTS];
    final AsciiField[] texts = new AsciiField[SLOTS];
    final long[] longs = new long[SLOTS];

    UnsafeBuffer buffer;
    byte[] array;
    long address;
    int offset;
    int limit;

    FloorDecoder()
    {
        for (int i = 0; i < SLOTS; i++)
        {
            decimals[i] = new FixedDecimal();
            texts[i] = new AsciiField(64);
        }
    }

    /**
     * @param buffer holding the frame, with 16 readable bytes after it.
     * @param offset of the frame.
     * @param length of the frame.
     * @return items decoded, or -1 when the frame is not laid out like the sample (or a value is not convertible).
     */
    public abstract int decode(UnsafeBuffer buffer, int offset, int length);

    final void wrap(final UnsafeBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.array = buffer.byteArray();
        this.address = buffer.addressOffset() + offset;
        this.offset = offset;
        this.limit = length;
    }

    final long wordAt(final int index)
    {
        return UnsafeApi.getLong(array, address + index);
    }

    final byte byteAt(final int index)
    {
        return UnsafeApi.getByte(array, address + index);
    }

    // The first '"', '\\' or control byte at or after pos: the closing quote of a plain string.
    final int quote(final int from)
    {
        int pos = from;
        while (pos < limit)
        {
            final long w = wordAt(pos);
            final long hits = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES) | controlBytes(w);
            if (hits != 0)
            {
                return pos + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
            pos += 8;
        }
        return limit;
    }

    // The end of 1..15 digits at pos, or -1.
    final int number(final int pos)
    {
        final int digits = firstFlagged(nonDigits(wordAt(pos)), nonDigits(wordAt(pos + 8)));
        return digits == 0 || digits == 16 ? -1 : pos + digits;
    }

    final boolean decimal(final int start, final int end, final FixedDecimal out)
    {
        final int length = end - start;
        if (length == 0)
        {
            out.clear();
            return true;
        }
        long m0 = nonDigits(wordAt(start));
        long m1 = nonDigits(wordAt(start + 8));
        final int dot = firstFlagged(m0, m1);
        if (dot >= length)
        {
            if (length > 15)
            {
                return false;
            }
            out.set(digits16(start, length), 0);
            return true;
        }
        if (dot == 0 || byteAt(start + dot) != '.' || length > 16)
        {
            return false;
        }
        final int fraction = length - dot - 1;
        if (dot < 8)
        {
            m0 &= m0 - 1;
        }
        else
        {
            m1 &= m1 - 1;
        }
        if (fraction == 0 || firstFlagged(m0, m1) < length)
        {
            return false;
        }
        out.set(digits16(start, dot) * POW10[fraction] + digits16(start + dot + 1, fraction), -fraction);
        return true;
    }

    final boolean longValue(final int start, final int end, final int slot)
    {
        final int digits = end - start;
        if (digits == 0 || digits > 15 || firstFlagged(nonDigits(wordAt(start)), nonDigits(wordAt(start + 8))) < digits)
        {
            return false;
        }
        longs[slot] = digits16(start, digits);
        return true;
    }

    final void text(final int start, final int end, final int slot)
    {
        texts[slot].set(buffer, offset + start, end - start);
    }

    final void enumValue(final int start, final int end, final int slot)
    {
        longs[slot] = wordAt(start) & (-1L >>> ((8 - Math.min(8, end - start)) << 3));
    }

    private long digits8(final int index, final int n)
    {
        return Swar.digits(wordAt(index), n);
    }

    private long digits16(final int index, final int n)
    {
        return n <= 8 ? digits8(index, n) : digits8(index, n - 8) * 100_000_000L + digits8(index + n - 8, 8);
    }
}
