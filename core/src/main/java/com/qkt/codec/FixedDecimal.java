package com.qkt.codec;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A mutable exact decimal: value = mantissa * 10^exponent, parsed from Bybit's decimal strings without a double
 * in sight. "0.001" is (1, -3), "30000" is (30000, 0), "" is absent.
 * <p>
 * Trailing zeros are kept as written ("1.50" is (150, -2)); comparisons are exact across exponents. Absent values
 * sort before every present value and count as zero in {@link #add(FixedDecimal)} / {@link #subtract(FixedDecimal)}.
 * Mutable: {@link #equals(Object)} and {@link #hashCode()} follow the current value, so do not keep one as a map key
 * while it changes.
 */
public final class FixedDecimal implements Comparable<FixedDecimal>
{
    /**
     * Most significant digits accepted by {@link #parse(DirectBuffer, int, int)}, so the mantissa always fits a long.
     */
    public static final int MAX_SIGNIFICANT_DIGITS = 18;

    private static final long[] POW10 = new long[19];

    static
    {
        long p = 1;
        for (int i = 0; i < POW10.length; i++)
        {
            POW10[i] = p;
            p *= 10;
        }
    }

    private long mantissa;
    private int exponent;
    private boolean present;

    /**
     * An absent value.
     */
    public FixedDecimal()
    {
    }

    /**
     * @param mantissa of the value.
     * @param exponent of the value.
     */
    public FixedDecimal(final long mantissa, final int exponent)
    {
        set(mantissa, exponent);
    }

    /**
     * @return the mantissa (0 when absent).
     */
    public long mantissa()
    {
        return mantissa;
    }

    /**
     * @return the power of ten (0 when absent).
     */
    public int exponent()
    {
        return exponent;
    }

    /**
     * @return true unless the value is absent (parsed from "" or cleared).
     */
    public boolean isPresent()
    {
        return present;
    }

    /**
     * @return true when present and equal to zero.
     */
    public boolean isZero()
    {
        return present && mantissa == 0;
    }

    /**
     * Make the value absent.
     */
    public void clear()
    {
        mantissa = 0;
        exponent = 0;
        present = false;
    }

    /**
     * @param mantissa of the value.
     * @param exponent of the value.
     */
    public void set(final long mantissa, final int exponent)
    {
        this.mantissa = mantissa;
        this.exponent = exponent;
        this.present = true;
    }

    /**
     * @param other to copy (including absence).
     */
    public void set(final FixedDecimal other)
    {
        mantissa = other.mantissa;
        exponent = other.exponent;
        present = other.present;
    }

    /**
     * Parse a plain decimal: optional '-', digits, optionally one '.' followed by digits; at most
     * {@link #MAX_SIGNIFICANT_DIGITS} significant digits. An empty range makes the value absent. Anything else
     * (exponents, '+', spaces, ".5", "1.") is malformed and leaves the value absent.
     *
     * @param buffer to read.
     * @param offset of the first character.
     * @param length number of characters.
     * @return false when malformed.
     */
    public boolean parse(final DirectBuffer buffer, final int offset, final int length)
    {
        mantissa = 0;
        exponent = 0;
        present = false;
        if (length == 0)
        {
            return true;
        }

        int i = offset;
        final int end = offset + length;
        final boolean negative = buffer.getByte(i) == '-';
        if (negative)
        {
            i++;
        }

        long m = 0;
        int significant = 0;
        int intDigits = 0;
        int fracDigits = 0;
        boolean dot = false;
        for (; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            if (b >= '0' && b <= '9')
            {
                if (dot)
                {
                    fracDigits++;
                }
                else
                {
                    intDigits++;
                }
                if (m != 0 || b != '0')
                {
                    if (++significant > MAX_SIGNIFICANT_DIGITS)
                    {
                        return false;
                    }
                    m = m * 10 + (b - '0');
                }
            }
            else if (b == '.' && !dot)
            {
                dot = true;
            }
            else
            {
                return false;
            }
        }

        if (intDigits == 0 || (dot && fracDigits == 0))
        {
            return false;
        }

        mantissa = negative ? -m : m;
        exponent = -fracDigits;
        present = true;
        return true;
    }

    /**
     * Parse from characters, for tests and configuration (allocates).
     *
     * @param value e.g. "0.001"; "" makes the value absent.
     * @throws IllegalArgumentException when malformed.
     */
    public void setFrom(final CharSequence value)
    {
        final byte[] bytes = new byte[value.length()];
        for (int i = 0; i < bytes.length; i++)
        {
            final char c = value.charAt(i);
            bytes[i] = c < 128 ? (byte)c : (byte)'?';
        }
        if (!parse(new UnsafeBuffer(bytes), 0, bytes.length))
        {
            throw new IllegalArgumentException("malformed decimal: " + value);
        }
    }

    /**
     * Exact comparison across exponents; absent sorts before any present value.
     *
     * @param other to compare with.
     * @return negative, zero or positive.
     */
    public int compareTo(final FixedDecimal other)
    {
        if (!present || !other.present)
        {
            return Boolean.compare(present, other.present);
        }
        return compare(mantissa, exponent, other.mantissa, other.exponent);
    }

    static int compare(final long a, final int ea, final long b, final int eb)
    {
        final int sa = Long.signum(a);
        final int sb = Long.signum(b);
        if (sa != sb)
        {
            return Integer.compare(sa, sb);
        }
        if (sa == 0 || ea == eb)
        {
            return Long.compare(a, b);
        }
        return ea > eb ? compareScaled(a, ea - eb, b) : -compareScaled(b, eb - ea, a);
    }

    // x * 10^d versus y, x and y non-zero with the same sign.
    private static int compareScaled(final long x, final int d, final long y)
    {
        if (d >= POW10.length)
        {
            return Long.signum(x);
        }
        final long p = POW10[d];
        final long lo = x * p;
        final long hi = Math.multiplyHigh(x, p);
        if (hi != (lo >> 63))
        {
            return Long.signum(x);
        }
        return Long.compare(lo, y);
    }

    /**
     * this = this + other, exactly, at the smaller of the two exponents. Absent counts as zero; two absents stay
     * absent.
     *
     * @param other to add.
     * @throws ArithmeticException if the exact result does not fit a long mantissa.
     */
    public void add(final FixedDecimal other)
    {
        addSigned(other, false);
    }

    /**
     * this = this - other, exactly, at the smaller of the two exponents. Absent counts as zero; two absents stay
     * absent.
     *
     * @param other to subtract.
     * @throws ArithmeticException if the exact result does not fit a long mantissa.
     */
    public void subtract(final FixedDecimal other)
    {
        addSigned(other, true);
    }

    /**
     * this = this + other, exactly, like {@link #add(FixedDecimal)} but without throwing: for code that must not
     * throw half-way through a state change (check first, then commit).
     *
     * @param other to add.
     * @return false, with this unchanged, when the exact result does not fit a long mantissa.
     */
    public boolean addExactly(final FixedDecimal other)
    {
        return addSignedExactly(other, false);
    }

    /**
     * this = this - other, exactly, like {@link #subtract(FixedDecimal)} but without throwing.
     *
     * @param other to subtract.
     * @return false, with this unchanged, when the exact result does not fit a long mantissa.
     */
    public boolean subtractExactly(final FixedDecimal other)
    {
        return addSignedExactly(other, true);
    }

    /**
     * @return true when absent, or present with an exponent in [-128, 127] (what an SBE {@code Decimal} carries).
     */
    public boolean exponentFitsByte()
    {
        return exponent >= Byte.MIN_VALUE && exponent <= Byte.MAX_VALUE;
    }

    private boolean addSignedExactly(final FixedDecimal other, final boolean negate)
    {
        if (!other.present)
        {
            return true;
        }
        if (negate && other.mantissa == Long.MIN_VALUE)
        {
            return false;
        }
        final long b = negate ? -other.mantissa : other.mantissa;
        if (!present)
        {
            set(b, other.exponent);
            return true;
        }
        final int e = Math.min(exponent, other.exponent);
        final long sa = scaleUpOrMin(mantissa, (long)exponent - e);
        final long sb = scaleUpOrMin(b, (long)other.exponent - e);
        if ((sa == Long.MIN_VALUE && mantissa != Long.MIN_VALUE) || (sb == Long.MIN_VALUE && b != Long.MIN_VALUE))
        {
            return false;
        }
        final long sum = sa + sb;
        if (((sa ^ sum) & (sb ^ sum)) < 0)
        {
            return false;
        }
        mantissa = sum;
        exponent = e;
        return true;
    }

    // value * 10^digits, or Long.MIN_VALUE when it does not fit.
    private static long scaleUpOrMin(final long value, final long digits)
    {
        if (digits == 0 || value == 0)
        {
            return value;
        }
        if (digits >= POW10.length)
        {
            return Long.MIN_VALUE;
        }
        final long p = POW10[(int)digits];
        final long lo = value * p;
        if (Math.multiplyHigh(value, p) != (lo >> 63) || lo == Long.MIN_VALUE)
        {
            return Long.MIN_VALUE;
        }
        return lo;
    }

    private void addSigned(final FixedDecimal other, final boolean negate)
    {
        if (!other.present)
        {
            return;
        }
        final long b = negate ? Math.negateExact(other.mantissa) : other.mantissa;
        if (!present)
        {
            set(b, other.exponent);
            return;
        }
        final int e = Math.min(exponent, other.exponent);
        final long sa = scaleUp(mantissa, exponent - e);
        final long sb = scaleUp(b, other.exponent - e);
        mantissa = Math.addExact(sa, sb);
        exponent = e;
    }

    private static long scaleUp(final long value, final int digits)
    {
        if (digits == 0 || value == 0)
        {
            return value;
        }
        if (digits >= POW10.length)
        {
            throw new ArithmeticException("decimal overflow");
        }
        return Math.multiplyExact(value, POW10[digits]);
    }

    /**
     * Write the plain decimal ASCII form (no exponent notation) without allocating; nothing for an absent value.
     *
     * @param dst    to write into.
     * @param offset in dst.
     * @return number of bytes written.
     */
    public int appendTo(final MutableDirectBuffer dst, final int offset)
    {
        if (!present)
        {
            return 0;
        }
        int pos = offset;
        final long m = mantissa;
        if (m < 0)
        {
            dst.putByte(pos++, (byte)'-');
        }
        final int digits = digitCount(m);
        if (exponent >= 0)
        {
            pos = putDigits(dst, pos, m, digits);
            if (m != 0)
            {
                for (int i = 0; i < exponent; i++)
                {
                    dst.putByte(pos++, (byte)'0');
                }
            }
        }
        else
        {
            final int scale = -exponent;
            final int intDigits = digits - scale;
            if (intDigits <= 0)
            {
                dst.putByte(pos++, (byte)'0');
                dst.putByte(pos++, (byte)'.');
                for (int i = 0; i < -intDigits; i++)
                {
                    dst.putByte(pos++, (byte)'0');
                }
                pos = putDigits(dst, pos, m, digits);
            }
            else
            {
                // write all digits one slot to the right, then move the integer part back over the dot's slot
                final int end = putDigits(dst, pos + 1, m, digits);
                for (int i = 0; i < intDigits; i++)
                {
                    dst.putByte(pos + i, dst.getByte(pos + i + 1));
                }
                dst.putByte(pos + intDigits, (byte)'.');
                pos = end;
            }
        }
        return pos - offset;
    }

    private static int digitCount(final long m)
    {
        int n = 1;
        long v = m;
        while ((v /= 10) != 0)
        {
            n++;
        }
        return n;
    }

    // Writes |m| as exactly `digits` digits ending at pos + digits; works for Long.MIN_VALUE by staying negative.
    private static int putDigits(final MutableDirectBuffer dst, final int pos, final long m, final int digits)
    {
        long v = m > 0 ? -m : m;
        for (int i = pos + digits - 1; i >= pos; i--)
        {
            dst.putByte(i, (byte)('0' - (v % 10)));
            v /= 10;
        }
        return pos + digits;
    }

    /**
     * @return the plain decimal string ("" when absent); allocates.
     */
    public String toString()
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[24 + Math.abs(exponent)]);
        final int n = appendTo(scratch, 0);
        return new String(scratch.byteArray(), 0, n, StandardCharsets.US_ASCII);
    }

    /**
     * Value equality (1.0 equals 1.00); absent equals absent.
     *
     * @param o other object.
     * @return true if both hold the same value.
     */
    public boolean equals(final Object o)
    {
        return o instanceof FixedDecimal && compareTo((FixedDecimal)o) == 0;
    }

    /**
     * @return a hash consistent with {@link #equals(Object)}.
     */
    public int hashCode()
    {
        if (!present)
        {
            return 0;
        }
        long m = mantissa;
        int e = exponent;
        while (m != 0 && m % 10 == 0)
        {
            m /= 10;
            e++;
        }
        if (m == 0)
        {
            e = 0;
        }
        return 31 * Long.hashCode(m) + e;
    }
}
