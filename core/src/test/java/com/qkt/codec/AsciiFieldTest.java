package com.qkt.codec;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsciiFieldTest
{
    @Test
    void shouldCopyFromABufferAndTruncateAtCapacity()
    {
        final UnsafeBuffer src = new UnsafeBuffer("xxBTCUSDTyy".getBytes(StandardCharsets.US_ASCII));
        final AsciiField field = new AsciiField(8);
        field.set(src, 2, 7);
        assertEquals("BTCUSDT", field.toString());
        assertEquals(7, field.length());
        assertFalse(field.truncated());
        assertEquals('B', field.byteAt(0));
        assertThrows(IndexOutOfBoundsException.class, () -> field.byteAt(7));

        field.set(src, 0, 11);
        assertEquals("xxBTCUSD", field.toString());
        assertTrue(field.truncated());
        field.set(src, 2, 3);
        assertFalse(field.truncated());
        field.clear();
        assertTrue(field.isEmpty());
        assertFalse(field.truncated());
    }

    @Test
    void shouldCopyCharactersReplacingNonAscii()
    {
        final AsciiField field = new AsciiField(4);
        field.set("aé");
        assertEquals("a?", field.toString());
        field.set("abcdef");
        assertEquals("abcd", field.toString());
        assertTrue(field.truncated());

        final AsciiField small = new AsciiField(2);
        small.set(field);
        assertEquals("ab", small.toString());
        assertTrue(small.truncated());
        final AsciiField big = new AsciiField(10);
        big.set(field);
        assertTrue(big.truncated(), "truncation travels with the copy");
        big.set("xy");
        small.set(big);
        assertFalse(small.truncated());
    }

    @Test
    void shouldCompareContent()
    {
        final AsciiField a = new AsciiField(16);
        final AsciiField b = new AsciiField(32);
        a.set("order.linear");
        b.set("order.linear");
        assertTrue(a.contentEquals(b));
        assertTrue(a.contentEquals("order.linear"));
        assertFalse(a.contentEquals("order.linea"));
        assertFalse(a.contentEquals("order.lineaR"));
        assertFalse(a.contentEquals((CharSequence)null));
        b.set("order");
        assertFalse(a.contentEquals(b));
        assertTrue(new AsciiField(0).contentEquals(""));
    }

    @Test
    void shouldHashStablyWithFnv1a64()
    {
        final AsciiField field = new AsciiField(8);
        assertEquals(0xcbf29ce484222325L, field.hash64());
        field.set("a");
        assertEquals(0xaf63dc4c8601ec8cL, field.hash64());
        field.set("foobar");
        assertEquals(0x85944171f73967e8L, field.hash64());
        final AsciiField other = new AsciiField(8);
        other.set("foobaR");
        assertNotEquals(field.hash64(), other.hash64());
    }

    @Test
    void shouldExposeItsBytesAndAView()
    {
        final AsciiField field = new AsciiField(8);
        field.set("cl-1");
        final byte[] dst = new byte[6];
        assertEquals(4, field.getBytes(dst, 1));
        assertEquals("\0cl-1\0", new String(dst, StandardCharsets.US_ASCII));
        assertEquals(4, field.buffer().capacity());
        assertEquals("cl-1", field.buffer().getStringWithoutLengthAscii(0, 4));
        field.clear();
        assertEquals(0, field.buffer().capacity());
    }

    @ParameterizedTest
    @CsvSource({
        "1712858630778, 1712858630778",
        "0, 0",
        "-42, -42",
        "9223372036854775807, 9223372036854775807",
        "9223372036854775808, -9223372036854775808",
        "12a, -9223372036854775808",
        "-, -9223372036854775808",
        "' ', -9223372036854775808",
        "1.5, -9223372036854775808",
    })
    void shouldParseALongOrReturnMinValue(final String text, final long expected)
    {
        final AsciiField field = new AsciiField(24);
        field.set(text);
        assertEquals(expected, field.parseLongOrMinValue());
    }

    @Test
    void shouldReturnMinValueForEmpty()
    {
        assertEquals(Long.MIN_VALUE, new AsciiField(4).parseLongOrMinValue());
    }

    @Test
    void appendNaturalWritesDigitsOrRecordsTruncation()
    {
        final AsciiField field = new AsciiField(8);
        field.set("ab-");
        field.appendNatural(0);
        assertEquals("ab-0", field.toString());
        field.set("ab-");
        field.appendNatural(12345);
        assertEquals("ab-12345", field.toString());
        assertFalse(field.truncated());
        assertEquals('5', field.buffer().getByte(7));

        field.set("ab-");
        field.appendNatural(123456);
        assertEquals("ab-", field.toString());
        assertTrue(field.truncated());

        final AsciiField wide = new AsciiField(20);
        wide.appendNatural(Long.MAX_VALUE);
        assertEquals(Long.toString(Long.MAX_VALUE), wide.toString());
    }
}
