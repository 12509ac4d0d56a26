package com.qkt.events;

import com.qkt.codecs.DecimalDecoder;
import com.qkt.codecs.DecimalEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.math.BigDecimal;

/**
 * Helpers for the broker event fields: fixed-point {@code Decimal}s and the NUL-padded fixed-size ASCII id fields.
 * <p>
 * The generated encoders take ids as byte[] or CharSequence, while transports hold them as ranges of a DirectBuffer;
 * {@link #putAscii(MutableDirectBuffer, int, int, DirectBuffer, int, int)} writes such a range into a field without
 * allocating, e.g.
 * {@code putAscii(enc.buffer(), enc.offset() + ExecutionEncoder.execIdEncodingOffset(), ExecutionEncoder.execIdLength(),
 * src, off, len)}.
 */
public final class Decimals
{
    private Decimals()
    {
    }

    /**
     * @param encoder  positioned on a Decimal field.
     * @param mantissa value is {@code mantissa * 10^exponent}.
     * @param exponent in [-128, 127].
     */
    public static void put(final DecimalEncoder encoder, final long mantissa, final int exponent)
    {
        if (exponent < Byte.MIN_VALUE || exponent > Byte.MAX_VALUE)
        {
            throw new IllegalArgumentException("exponent out of int8 range: " + exponent);
        }
        encoder.mantissa(mantissa).exponent((byte)exponent);
    }

    /**
     * For logs and tests (allocates).
     *
     * @param decoder positioned on a Decimal field.
     * @return plain decimal string, e.g. {@code "0.0015"}.
     */
    public static String toString(final DecimalDecoder decoder)
    {
        return toString(decoder.mantissa(), decoder.exponent());
    }

    /**
     * For logs and tests (allocates).
     *
     * @param mantissa mantissa.
     * @param exponent exponent.
     * @return plain decimal string.
     */
    public static String toString(final long mantissa, final int exponent)
    {
        return BigDecimal.valueOf(mantissa, -exponent).toPlainString();
    }

    /**
     * Write a range of ASCII bytes into a fixed-size field, NUL padding the rest.
     *
     * @param dst         buffer holding the field.
     * @param fieldOffset absolute offset of the field in dst.
     * @param fieldLength size of the field.
     * @param src         source bytes.
     * @param srcOffset   offset in src.
     * @param srcLength   bytes to copy, at most fieldLength.
     * @return srcLength.
     */
    public static int putAscii(
        final MutableDirectBuffer dst,
        final int fieldOffset,
        final int fieldLength,
        final DirectBuffer src,
        final int srcOffset,
        final int srcLength)
    {
        checkFits(fieldLength, srcLength);
        dst.putBytes(fieldOffset, src, srcOffset, srcLength);
        dst.setMemory(fieldOffset + srcLength, fieldLength - srcLength, (byte)0);
        return srcLength;
    }

    /**
     * Write characters (one byte each) into a fixed-size field, NUL padding the rest.
     *
     * @param dst         buffer holding the field.
     * @param fieldOffset absolute offset of the field in dst.
     * @param fieldLength size of the field.
     * @param src         characters, at most fieldLength.
     * @return characters written.
     */
    public static int putAscii(
        final MutableDirectBuffer dst, final int fieldOffset, final int fieldLength, final CharSequence src)
    {
        final int srcLength = null == src ? 0 : src.length();
        checkFits(fieldLength, srcLength);
        for (int i = 0; i < srcLength; i++)
        {
            dst.putByte(fieldOffset + i, (byte)src.charAt(i));
        }
        dst.setMemory(fieldOffset + srcLength, fieldLength - srcLength, (byte)0);
        return srcLength;
    }

    /**
     * @param buffer      holding the field.
     * @param fieldOffset absolute offset of the field.
     * @param fieldLength size of the field.
     * @return length of the value: bytes before the first NUL, or fieldLength.
     */
    public static int getAsciiLength(final DirectBuffer buffer, final int fieldOffset, final int fieldLength)
    {
        for (int i = 0; i < fieldLength; i++)
        {
            if (0 == buffer.getByte(fieldOffset + i))
            {
                return i;
            }
        }
        return fieldLength;
    }

    /**
     * Copy the value of a NUL-padded field (without padding) into a buffer.
     *
     * @param buffer      holding the field.
     * @param fieldOffset absolute offset of the field.
     * @param fieldLength size of the field.
     * @param dst         destination.
     * @param dstOffset   offset in dst.
     * @return bytes copied.
     */
    public static int getAscii(
        final DirectBuffer buffer,
        final int fieldOffset,
        final int fieldLength,
        final MutableDirectBuffer dst,
        final int dstOffset)
    {
        final int length = getAsciiLength(buffer, fieldOffset, fieldLength);
        dst.putBytes(dstOffset, buffer, fieldOffset, length);
        return length;
    }

    /**
     * Compare a NUL-padded field with a range of bytes, without allocating.
     *
     * @param buffer      holding the field.
     * @param fieldOffset absolute offset of the field.
     * @param fieldLength size of the field.
     * @param other       bytes to compare with.
     * @param otherOffset offset in other.
     * @param otherLength length in other.
     * @return true if the field's value equals the range.
     */
    public static boolean asciiEquals(
        final DirectBuffer buffer,
        final int fieldOffset,
        final int fieldLength,
        final DirectBuffer other,
        final int otherOffset,
        final int otherLength)
    {
        final int length = getAsciiLength(buffer, fieldOffset, fieldLength);
        if (length != otherLength)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(fieldOffset + i) != other.getByte(otherOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    private static void checkFits(final int fieldLength, final int srcLength)
    {
        if (srcLength < 0 || srcLength > fieldLength)
        {
            throw new IllegalArgumentException("value of " + srcLength + " bytes does not fit a field of " + fieldLength);
        }
    }
}
