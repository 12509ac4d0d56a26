package com.qkt.codec;

import org.agrona.DirectBuffer;

/**
 * Allocation-free decimal integer parsing over bytes, shared by {@link AsciiField} and {@link JsonCursor}.
 */
public final class AsciiNumbers
{
    private AsciiNumbers()
    {
    }

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

    public static byte[] ascii(final String value)
    {
        return value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
