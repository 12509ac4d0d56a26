package com.qkt.codec;

import java.nio.charset.StandardCharsets;

import org.agrona.AsciiEncoding;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A reusable, fixed-capacity ASCII value (ids, symbols, messages) filled from a buffer without allocating.
 * <p>
 * Content longer than the capacity is cut at the capacity and {@link #truncated()} reports it, so a caller can
 * reject an id that would otherwise silently stop matching. Not thread safe: owned by one thread.
 * <p>
 * Not a twin of Agrona's {@code AsciiSequenceView}: that is a view into someone else's buffer, valid while the buffer
 * is; this owns a copy, so a value can outlive the frame it was read from (order ids kept with a tracked order).
 */
public final class AsciiField implements CharSequence
{
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final byte[] bytes;
    private final UnsafeBuffer view;
    private int length;
    private boolean truncated;

    /**
     * @param capacity maximum number of bytes kept.
     */
    public AsciiField(final int capacity)
    {
        if (capacity < 0)
        {
            throw new IllegalArgumentException("capacity < 0: " + capacity);
        }
        bytes = new byte[capacity];
        view = new UnsafeBuffer(bytes, 0, 0);
    }

    /**
     * @return maximum number of bytes kept.
     */
    public int capacity()
    {
        return bytes.length;
    }

    /**
     * @return number of bytes held.
     */
    public int length()
    {
        return length;
    }

    /**
     * @param index in [0, length).
     * @return the byte at index.
     */
    public byte byteAt(final int index)
    {
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException("index=" + index + " length=" + length);
        }
        return bytes[index];
    }

    /**
     * @return true if the last set/append had to drop bytes beyond the capacity.
     */
    public boolean truncated()
    {
        return truncated;
    }

    /**
     * Copy bytes from a buffer, keeping at most {@link #capacity()} of them.
     *
     * @param src    to copy from.
     * @param offset of the first byte.
     * @param length number of bytes.
     */
    public void set(final DirectBuffer src, final int offset, final int length)
    {
        final int n = Math.min(length, bytes.length);
        src.getBytes(offset, bytes, 0, n);
        this.length = n;
        this.truncated = n < length;
    }

    /**
     * Copy characters; anything outside 7-bit ASCII becomes '?'.
     *
     * @param value to copy.
     */
    public void set(final CharSequence value)
    {
        final int len = value.length();
        final int n = Math.min(len, bytes.length);
        for (int i = 0; i < n; i++)
        {
            final char c = value.charAt(i);
            bytes[i] = c < 128 ? (byte)c : (byte)'?';
        }
        this.length = n;
        this.truncated = n < len;
    }

    /**
     * Copy another field (including its truncated flag when it fits).
     *
     * @param other to copy.
     */
    public void set(final AsciiField other)
    {
        final int n = Math.min(other.length, bytes.length);
        System.arraycopy(other.bytes, 0, bytes, 0, n);
        this.length = n;
        this.truncated = other.truncated || n < other.length;
    }

    /**
     * Append one byte, or record truncation when full.
     *
     * @param b to append.
     */
    public void append(final byte b)
    {
        if (length < bytes.length)
        {
            bytes[length++] = b;
        }
        else
        {
            truncated = true;
        }
    }

    /**
     * Append the decimal digits of a non-negative value (Agrona's {@code putNaturalLongAscii}); when they do not all
     * fit, nothing is appended and truncation is recorded.
     *
     * @param value to append, {@code >= 0}.
     */
    public void appendNatural(final long value)
    {
        final int digits = AsciiEncoding.digitCount(value);
        if (length + digits > bytes.length)
        {
            truncated = true;
            return;
        }
        view.wrap(bytes);
        length += view.putNaturalLongAscii(length, value);
        view.wrap(bytes, 0, length);
    }

    /**
     * Make the field empty and not truncated.
     */
    public void clear()
    {
        length = 0;
        truncated = false;
    }

    /**
     * @return true when no bytes are held.
     */
    public boolean isEmpty()
    {
        return length == 0;
    }

    /**
     * @param value to compare with.
     * @return true if the content is exactly the characters of value.
     */
    public boolean contentEquals(final CharSequence value)
    {
        if (value == null || value.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (value.charAt(i) != (char)(bytes[i] & 0xFF))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param other to compare with.
     * @return true if both hold the same bytes.
     */
    public boolean contentEquals(final AsciiField other)
    {
        if (other == null || other.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] != other.bytes[i])
            {
                return false;
            }
        }
        return true;
    }

    public boolean contentEquals(final byte[] value)
    {
        if (value.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] != value[i])
            {
                return false;
            }
        }
        return true;
    }

    public boolean startsWith(final byte[] prefix)
    {
        return regionMatches(0, prefix);
    }

    public boolean regionMatches(final int from, final byte[] value)
    {
        if (from < 0 || from + value.length > length)
        {
            return false;
        }
        for (int i = 0; i < value.length; i++)
        {
            if (bytes[from + i] != value[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Stable FNV-1a 64-bit hash of the content (same bytes, same hash, across runs and JVMs).
     *
     * @return the hash.
     */
    public long hash64()
    {
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++)
        {
            h ^= bytes[i] & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }

    /**
     * @param dst    to copy into.
     * @param offset in dst.
     * @return number of bytes copied ({@link #length()}).
     */
    public int getBytes(final byte[] dst, final int offset)
    {
        System.arraycopy(bytes, 0, dst, offset, length);
        return length;
    }

    /**
     * A view over [0, length) of the content, e.g. for copying into SBE fields. The view is reused and only valid
     * until the next change of this field.
     *
     * @return the view.
     */
    public DirectBuffer buffer()
    {
        view.wrap(bytes, 0, length);
        return view;
    }

    /**
     * @return the content as a decimal long (optional leading '-'), or {@link Long#MIN_VALUE} if it is empty, not
     * all digits or out of range.
     */
    public long parseLongOrMinValue()
    {
        return AsciiNumbers.parseLong(bytes, 0, length, Long.MIN_VALUE);
    }

    /**
     * Lets the field be written where a {@link CharSequence} is taken (SBE encoders, Agrona buffers) without a copy.
     *
     * @param index in [0, length).
     * @return the byte at index as a char.
     */
    public char charAt(final int index)
    {
        return (char)byteAt(index);
    }

    /**
     * Allocates; not for the hot path.
     *
     * @param start inclusive.
     * @param end   exclusive.
     * @return the range as a String.
     */
    public CharSequence subSequence(final int start, final int end)
    {
        return toString().substring(start, end);
    }

    /**
     * Allocates; for logs and tests.
     *
     * @return the content as a String.
     */
    public String toString()
    {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
}
