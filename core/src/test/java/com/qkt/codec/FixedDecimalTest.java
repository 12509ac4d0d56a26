package com.qkt.codec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixedDecimalTest
{
    private static FixedDecimal parse(final String text)
    {
        final FixedDecimal d = new FixedDecimal();
        final byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
        assertTrue(d.parse(new UnsafeBuffer(bytes), 2, text.length()), text);
        return d;
    }

    private static boolean parses(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return new FixedDecimal().parse(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @ParameterizedTest
    @CsvSource({
        "0.001, 1, -3",
        "30000, 30000, 0",
        "0, 0, 0",
        "0.0, 0, -1",
        "-0.5, -5, -1",
        "95900.1, 959001, -1",
        "0.00055, 55, -5",
        "1.50, 150, -2",
        "007, 7, 0",
        "-12.340, -12340, -3",
        "123456789012345678, 123456789012345678, 0",
        "0.000000000000000000001, 1, -21",
        "12345678.9012345678, 123456789012345678, -10",
    })
    void shouldParseToMantissaAndExponent(final String text, final long mantissa, final int exponent)
    {
        final FixedDecimal d = parse(text);
        assertTrue(d.isPresent());
        assertEquals(mantissa, d.mantissa());
        assertEquals(exponent, d.exponent());
    }

    @Test
    void shouldTreatEmptyAsAbsent()
    {
        final FixedDecimal d = parse("5");
        assertTrue(d.parse(new UnsafeBuffer(new byte[0]), 0, 0));
        assertFalse(d.isPresent());
        assertFalse(d.isZero());
        assertEquals("", d.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-", ".", ".5", "1.", "1.2.3", "1e5", "1E5", "+1", " 1", "1 ", "--1", "1-", "abc", "0x10", "1,5",
        "1234567890123456789", "-1234567890123456789", "0.1234567890123456789", "NaN", "\"1\"" })
    void shouldRejectMalformed(final String text)
    {
        assertFalse(parses(text), text);
        final FixedDecimal d = parse("7");
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertFalse(d.parse(new UnsafeBuffer(bytes), 0, bytes.length));
        assertFalse(d.isPresent(), "a failed parse leaves the value absent");
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1.0, 0",
        "0.001, 0.0009, 1",
        "30000, 29999.99999, 1",
        "-1, 0, -1",
        "-0.1, -0.01, -1",
        "0, -0.0, 0",
        "123456789012345678, 0.000000000000000001, 1",
        "0.000000000000000001, 123456789012345678, -1",
        "-123456789012345678, -0.000000000000000001, -1",
        "100000000000000000, 99999999999999999.9, 1",
    })
    void shouldCompareExactlyAcrossExponents(final String a, final String b, final int expected)
    {
        assertEquals(expected, Integer.signum(parse(a).compareTo(parse(b))), a + " vs " + b);
        assertEquals(-expected, Integer.signum(parse(b).compareTo(parse(a))), b + " vs " + a);
        assertEquals(expected == 0, parse(a).equals(parse(b)));
        if (expected == 0)
        {
            assertEquals(parse(a).hashCode(), parse(b).hashCode());
        }
    }

    @Test
    void shouldCompareHugeExponentGapsWithoutOverflow()
    {
        final FixedDecimal big = new FixedDecimal(5, 40);
        final FixedDecimal small = new FixedDecimal(Long.MAX_VALUE, 0);
        assertTrue(big.compareTo(small) > 0);
        assertTrue(small.compareTo(big) < 0);
        assertTrue(new FixedDecimal(-5, 40).compareTo(new FixedDecimal(-Long.MAX_VALUE, 0)) < 0);
    }

    @Test
    void shouldSortAbsentFirst()
    {
        final FixedDecimal absent = new FixedDecimal();
        assertTrue(absent.compareTo(parse("-1000")) < 0);
        assertTrue(parse("0").compareTo(absent) > 0);
        assertEquals(0, absent.compareTo(new FixedDecimal()));
    }

    @ParameterizedTest
    @CsvSource({
        "0.001, 30000, 30000.001",
        "0.5, 0.5, 1.0",
        "-1.25, 0.25, -1.00",
        "26.3725275, 0.0000001, 26.3725276",
        "100, 0.01, 100.01",
    })
    void shouldAddExactly(final String a, final String b, final String sum)
    {
        final FixedDecimal d = parse(a);
        d.add(parse(b));
        assertEquals(sum, d.toString());
        d.subtract(parse(b));
        assertEquals(0, d.compareTo(parse(a)));
    }

    @Test
    void shouldTreatAbsentAsZeroInArithmetic()
    {
        final FixedDecimal d = new FixedDecimal();
        d.add(new FixedDecimal());
        assertFalse(d.isPresent());
        d.subtract(parse("1.5"));
        assertEquals("-1.5", d.toString());
        d.add(new FixedDecimal());
        assertEquals("-1.5", d.toString());
    }

    @Test
    void shouldThrowOnOverflowInsteadOfLosingDigits()
    {
        final FixedDecimal d = new FixedDecimal(1, 10);
        assertThrows(ArithmeticException.class, () -> d.add(new FixedDecimal(1, -10)));
        final FixedDecimal max = new FixedDecimal(Long.MAX_VALUE, 0);
        assertThrows(ArithmeticException.class, () -> max.add(new FixedDecimal(1, 0)));
    }

    @ParameterizedTest
    @CsvSource({
        "1, -3, 0.001",
        "30000, 0, 30000",
        "5, 2, 500",
        "-15, -1, -1.5",
        "0, 0, 0",
        "0, 3, 0",
        "0, -2, 0.00",
        "-5, -3, -0.005",
        "123456, -3, 123.456",
        "9223372036854775807, -5, 92233720368547.75807",
        "-9223372036854775808, 0, -9223372036854775808",
    })
    void shouldFormatAsPlainDecimal(final long mantissa, final int exponent, final String expected)
    {
        final FixedDecimal d = new FixedDecimal(mantissa, exponent);
        assertEquals(expected, d.toString());
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        out.putByte(0, (byte)'#');
        final int n = d.appendTo(out, 1);
        assertEquals(expected, out.getStringWithoutLengthAscii(1, n));
        assertEquals('#', out.getByte(0));
    }

    @Test
    void shouldSetFromCharSequenceOrRejectIt()
    {
        final FixedDecimal d = new FixedDecimal();
        d.setFrom("69151.4");
        assertEquals(691514, d.mantissa());
        assertEquals(-1, d.exponent());
        assertThrows(IllegalArgumentException.class, () -> d.setFrom("1e3"));
        d.setFrom("");
        assertFalse(d.isPresent());
    }

    @Test
    void shouldCopyAndReportZero()
    {
        final FixedDecimal d = new FixedDecimal();
        d.set(parse("0.000"));
        assertTrue(d.isZero());
        d.set(12, -1);
        assertFalse(d.isZero());
        assertEquals("1.2", d.toString());
    }

    @Test
    void shouldRoundTripRandomDecimalsThroughTextAndAgreeWithBigDecimal()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
        final FixedDecimal parsed = new FixedDecimal();
        for (int i = 0; i < 20_000; i++)
        {
            final int digits = 1 + random.nextInt(18);
            final long bound = digits == 18 ? 999_999_999_999_999_999L : (long)Math.pow(10, digits);
            final long mantissa = random.nextLong(-bound + 1, bound);
            final int exponent = random.nextInt(-20, 6);
            final FixedDecimal d = new FixedDecimal(mantissa, exponent);

            final int n = d.appendTo(scratch, 0);
            final String text = scratch.getStringWithoutLengthAscii(0, n);
            final BigDecimal expected = BigDecimal.valueOf(mantissa, -exponent);
            assertEquals(0, expected.compareTo(new BigDecimal(text)), text);

            // trailing zeros of a positive exponent are written out and count as digits when read back
            final int significant = mantissa == 0 ? 0 :
                Long.toString(Math.abs(mantissa)).length() + Math.max(exponent, 0);
            if (significant > FixedDecimal.MAX_SIGNIFICANT_DIGITS)
            {
                assertFalse(parsed.parse(scratch, 0, n), text);
            }
            else
            {
                assertTrue(parsed.parse(scratch, 0, n), text);
                assertEquals(0, parsed.compareTo(d), text);
            }

            final long otherMantissa = random.nextLong(-1_000_000_000L, 1_000_000_000L);
            final int otherExponent = random.nextInt(-9, 3);
            final FixedDecimal other = new FixedDecimal(otherMantissa, otherExponent);
            final BigDecimal otherBig = BigDecimal.valueOf(otherMantissa, -otherExponent);
            assertEquals(Integer.signum(expected.compareTo(otherBig)), Integer.signum(d.compareTo(other)),
                text + " vs " + otherBig);

            final FixedDecimal sum = new FixedDecimal();
            sum.set(d);
            try
            {
                sum.add(other);
                assertEquals(0, expected.add(otherBig).compareTo(new BigDecimal(sum.toString())));
            }
            catch (final ArithmeticException overflow)
            {
                // only allowed when the exact result needs more than a long mantissa at the smaller exponent
                final int scale = Math.max(-exponent, -otherExponent);
                assertTrue(expected.add(otherBig).setScale(scale).unscaledValue().bitLength() > 62 ||
                    expected.setScale(scale).unscaledValue().bitLength() > 62 ||
                    otherBig.setScale(scale).unscaledValue().bitLength() > 62, text + " + " + otherBig);
            }
        }
    }

    @Test
    void shouldAddAndSubtractExactlyOrSayItCannotWithoutThrowingOrChangingTheValue()
    {
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++)
        {
            final long am = random.nextInt(4) == 0 ?
                random.nextLong() : random.nextLong(-1_000_000_000L, 1_000_000_000L);
            final int ae = random.nextInt(-30, 5);
            final long bm = random.nextInt(4) == 0 ?
                random.nextLong() : random.nextLong(-1_000_000_000L, 1_000_000_000L);
            final int be = random.nextInt(-30, 5);
            final BigDecimal a = BigDecimal.valueOf(am, -ae);
            final BigDecimal b = BigDecimal.valueOf(bm, -be);
            final boolean subtract = random.nextBoolean();
            final BigDecimal exact = subtract ? a.subtract(b) : a.add(b);
            final int scale = Math.max(-ae, -be);
            final boolean fits = exact.setScale(scale).unscaledValue().bitLength() <= 63 &&
                a.setScale(scale).unscaledValue().bitLength() <= 63 && b.setScale(scale).unscaledValue().bitLength() <= 63;

            final FixedDecimal x = new FixedDecimal(am, ae);
            final FixedDecimal y = new FixedDecimal(bm, be);
            final boolean ok = subtract ? x.subtractExactly(y) : x.addExactly(y);
            if (ok)
            {
                assertEquals(0, exact.compareTo(BigDecimal.valueOf(x.mantissa(), -x.exponent())), a + " op " + b);
            }
            else
            {
                assertFalse(fits && exact.setScale(scale).unscaledValue().bitLength() < 62 &&
                    a.setScale(scale).unscaledValue().bitLength() < 62 &&
                    b.setScale(scale).unscaledValue().bitLength() < 62, "refused a result that fits: " + a + " op " + b);
                assertEquals(am, x.mantissa());
                assertEquals(ae, x.exponent());
            }
        }
    }

    @Test
    void shouldRefuseToAlignATinyQtyWithAnOrdinaryOne()
    {
        final FixedDecimal cum = new FixedDecimal(4, -1);
        final FixedDecimal tiny = new FixedDecimal();
        tiny.setFrom("0.00000000000000000000000001");
        assertTrue(tiny.exponentFitsByte());
        assertFalse(cum.addExactly(tiny));
        assertEquals(4, cum.mantissa());
        assertEquals(-1, cum.exponent());
        assertThrows(ArithmeticException.class, () -> cum.add(tiny));

        final FixedDecimal deep = new FixedDecimal(1, -201);
        assertFalse(deep.exponentFitsByte());
        assertTrue(new FixedDecimal(1, -128).exponentFitsByte());
        assertFalse(new FixedDecimal(1, 128).exponentFitsByte());
        assertTrue(new FixedDecimal().exponentFitsByte());
    }
}
