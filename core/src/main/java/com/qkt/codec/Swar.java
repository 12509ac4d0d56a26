package com.qkt.codec;

/**
 * Eight bytes at a time in a {@code long} (SWAR): the byte tests and the digit conversion the JSON reader's scans
 * are made of. Words are little-endian: byte 0 of the text is the word's lowest byte, so the lowest flagged byte is
 * the first one in the text ({@code Long.numberOfTrailingZeros(flags) >>> 3}).
 */
public final class Swar
{
    /** Every byte '"'. */
    public static final long QUOTES = 0x2222222222222222L;
    /** Every byte '\\'. */
    public static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    /** Every byte ' ' (also the bit that folds '[' to '{' and ']' to '}'). */
    public static final long SPACES = 0x2020202020202020L;
    /** Every byte '{'. */
    public static final long OPENS = 0x7B7B7B7B7B7B7B7BL;
    /** Every byte '}'. */
    public static final long CLOSES = 0x7D7D7D7D7D7D7D7DL;
    /** Every byte '0'. */
    public static final long ZEROS = 0x3030303030303030L;

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final long SIXES = 0x7676767676767676L;

    private Swar()
    {
    }

    /**
     * @param x a word.
     * @return the 0x80 bit of each zero byte of x. Borrows can only flag bytes above a true zero, so the lowest
     * flagged byte is always exact (the ones above it may not be).
     */
    public static long zeroBytes(final long x)
    {
        return (x - ONES) & ~x & HIGHS;
    }

    /**
     * @param x a word.
     * @return the 0x80 bit of each byte below 0x20 (a control byte); the lowest flagged byte is exact, as with
     * {@link #zeroBytes}.
     */
    public static long controlBytes(final long x)
    {
        return (x - SPACES) & ~x & HIGHS;
    }

    /**
     * @param w a word.
     * @return the 0x80 bit of every byte of w that is not an ASCII digit, exact for every byte (no carries between
     * bytes).
     */
    public static long nonDigits(final long w)
    {
        final long t = w ^ ZEROS;
        return (((t & LOW_SEVEN_BITS) + SIXES) | t) & HIGHS;
    }

    /**
     * @param m0 flags of the first eight bytes.
     * @param m1 flags of the next eight.
     * @return the index (0..15) of the first flagged byte of the sixteen, or 16.
     */
    public static int firstFlagged(final long m0, final long m1)
    {
        if (m0 != 0)
        {
            return Long.numberOfTrailingZeros(m0) >>> 3;
        }
        return m1 != 0 ? 8 + (Long.numberOfTrailingZeros(m1) >>> 3) : 16;
    }

    /**
     * @param word holding ASCII digits in its first n bytes (what follows them is ignored).
     * @param n    1..8.
     * @return their value.
     */
    public static long digits(final long word, final int n)
    {
        long v = word << ((8 - n) << 3); // the digits to the high end, leading zero bytes below
        v = (v | (ZEROS >>> (n << 3) & (n == 8 ? 0 : -1L))) - ZEROS;
        v = (v * 10) + (v >>> 8);
        return (((v & 0x000000FF000000FFL) * (100 + (1_000_000L << 32))) +
            (((v >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32)))) >>> 32;
    }
}
