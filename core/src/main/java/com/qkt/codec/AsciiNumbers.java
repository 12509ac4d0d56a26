package com.qkt.codec;

import org.agrona.DirectBuffer;

/**
 * Allocation-free decimal integer parsing over bytes, shared by {@link AsciiField} and {@link JsonCursor}.
 * <p>
 * Kept beside Agrona's {@code DirectBuffer.parseLongAscii} on purpose: that one throws
 * {@code AsciiNumberFormatException} on malformed input, so a malformed frame would allocate an exception on the
 * handler thread; these return a caller-chosen value instead, which is how the decoders report malformed input.
 */
public final class AsciiNumbers
{
    private AsciiNumbers()
    {
    }

    /**
     * @param bytes   holding the digits.
     * @param offset  of the first byte.
     * @param length  number of bytes (an optional leading '-' then digits).
     * @param onError returned for empty, non-digit or out-of-range input.
     * @return the value, or {@code onError}.
     */
    public static long parseLong(final byte[] bytes, final int offset, final int length, final long onError)
    {
        if (length <= 0)
        {
            return onError;
        }
        int i = offset;
        final int end = offset + length;
        final boolean negative = bytes[i] == '-';
        if (negative && ++i == end)
        {
            return onError;
        }
        long value = 0; // accumulate negatively so Long.MIN_VALUE itself parses
        for (; i < end; i++)
        {
            final int d = bytes[i] - '0';
            if (d < 0 || d > 9 || value < -922337203685477580L || (value == -922337203685477580L && d > 8))
            {
                return onError;
            }
            value = value * 10 - d;
        }
        if (!negative)
        {
            if (value == Long.MIN_VALUE)
            {
                return onError;
            }
            return -value;
        }
        return value;
    }

    /**
     * @param buffer  holding the digits.
     * @param offset  of the first byte.
     * @param length  number of bytes (an optional leading '-' then digits).
     * @param onError returned for empty, non-digit or out-of-range input.
     * @return the value, or {@code onError}.
     */
    public static long parseLong(final DirectBuffer buffer, final int offset, final int length, final long onError)
    {
        if (length <= 0)
        {
            return onError;
        }
        int i = offset;
        final int end = offset + length;
        final boolean negative = buffer.getByte(i) == '-';
        if (negative && ++i == end)
        {
            return onError;
        }
        long value = 0;
        for (; i < end; i++)
        {
            final int d = buffer.getByte(i) - '0';
            if (d < 0 || d > 9 || value < -922337203685477580L || (value == -922337203685477580L && d > 8))
            {
                return onError;
            }
            value = value * 10 - d;
        }
        if (!negative)
        {
            if (value == Long.MIN_VALUE)
            {
                return onError;
            }
            return -value;
        }
        return value;
    }

    /**
     * @param buffer holding the bytes.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @param value  to compare with.
     * @return true when the range holds exactly {@code value}.
     */
    public static boolean equals(final DirectBuffer buffer, final int offset, final int length, final byte[] value)
    {
        if (length != value.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != value[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param value 7-bit text, typically a constant.
     * @return its US-ASCII bytes (allocates; for constants).
     */
    public static byte[] ascii(final String value)
    {
        return value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
