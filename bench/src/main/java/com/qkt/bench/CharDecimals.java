package com.qkt.bench;

import com.qkt.codec.FixedDecimal;

/**
 * Character-based twins of our byte parsers, so the Chronicle Wire and Jackson streaming variants produce the same
 * exact values (mantissa + exponent, long times) without allocating, and the comparison is about the JSON reading.
 */
final class CharDecimals
{
    private CharDecimals()
    {
    }

    static boolean parse(final CharSequence text, final FixedDecimal out)
    {
        final int length = text.length();
        if (length == 0)
        {
            out.clear();
            return true;
        }
        int i = 0;
        final boolean negative = text.charAt(0) == '-';
        if (negative)
        {
            i++;
        }
        long m = 0;
        int frac = -1;
        for (; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9')
            {
                m = m * 10 + (c - '0');
                if (frac >= 0)
                {
                    frac++;
                }
            }
            else if (c == '.' && frac < 0)
            {
                frac = 0;
            }
            else
            {
                out.clear();
                return false;
            }
        }
        out.set(negative ? -m : m, frac < 0 ? 0 : -frac);
        return true;
    }

    static boolean parse(final char[] text, final int offset, final int length, final FixedDecimal out)
    {
        if (length == 0)
        {
            out.clear();
            return true;
        }
        int i = offset;
        final int end = offset + length;
        final boolean negative = text[i] == '-';
        if (negative)
        {
            i++;
        }
        long m = 0;
        int frac = -1;
        for (; i < end; i++)
        {
            final char c = text[i];
            if (c >= '0' && c <= '9')
            {
                m = m * 10 + (c - '0');
                if (frac >= 0)
                {
                    frac++;
                }
            }
            else if (c == '.' && frac < 0)
            {
                frac = 0;
            }
            else
            {
                out.clear();
                return false;
            }
        }
        out.set(negative ? -m : m, frac < 0 ? 0 : -frac);
        return true;
    }

    static long parseLong(final CharSequence text)
    {
        long v = 0;
        for (int i = 0, n = text.length(); i < n; i++)
        {
            v = v * 10 + (text.charAt(i) - '0');
        }
        return v;
    }

    static long parseLong(final char[] text, final int offset, final int length)
    {
        long v = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            v = v * 10 + (text[i] - '0');
        }
        return v;
    }

    static boolean equals(final CharSequence a, final String b)
    {
        if (a.length() != b.length())
        {
            return false;
        }
        for (int i = 0; i < b.length(); i++)
        {
            if (a.charAt(i) != b.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    static boolean equals(final char[] a, final int offset, final int length, final String b)
    {
        if (length != b.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (a[offset + i] != b.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
