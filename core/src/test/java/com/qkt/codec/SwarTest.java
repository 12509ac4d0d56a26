package com.qkt.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SwarTest
{
    @Test
    void shouldFindTheFirstQuoteBackslashOrControlByteOfEveryWord()
    {
        for (int at = 0; at < 8; at++)
        {
            for (final byte special : new byte[] { '"', '\\', 0x00, 0x1F, '\n' })
            {
                final byte[] text = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
                text[at] = special;
                if (at + 1 < 8)
                {
                    text[at + 1] = '"'; // a later hit must not hide the first
                }
                final long w = word(text);
                final long hits = Swar.zeroBytes(w ^ Swar.QUOTES) | Swar.zeroBytes(w ^ Swar.BACKSLASHES) |
                    Swar.controlBytes(w);
                assertEquals(at, Swar.firstFlagged(hits, 0), "special " + special + " at " + at);
            }
        }
        assertEquals(16, Swar.firstFlagged(0, 0));
        assertEquals(11, Swar.firstFlagged(0, Swar.nonDigits(word("123x5678".getBytes(StandardCharsets.US_ASCII)))));
    }

    @Test
    void shouldFlagEveryByteThatIsNotADigitExactly()
    {
        for (int b = 0; b < 256; b++)
        {
            final long w = 0x3131313131313131L & ~0xFF00L | ((long)b << 8);
            final long expected = b >= '0' && b <= '9' ? 0 : 0x8000L;
            assertEquals(expected, Swar.nonDigits(w), "byte " + b);
        }
    }

    @Test
    void shouldConvertOneToEightDigitsWhateverFollowsThem()
    {
        final String digits = "98765432";
        for (int n = 1; n <= 8; n++)
        {
            final byte[] text = "xxxxxxxx".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, text, 0, n);
            assertEquals(Long.parseLong(digits.substring(0, n)), Swar.digits(word(text), n), "n=" + n);
        }
        assertEquals(0, Swar.digits(word("00000000".getBytes(StandardCharsets.US_ASCII)), 8));
        assertEquals(99_999_999, Swar.digits(word("99999999".getBytes(StandardCharsets.US_ASCII)), 8));
    }

    private static long word(final byte[] text)
    {
        long w = 0;
        for (int i = 0; i < 8; i++)
        {
            w |= (text[i] & 0xFFL) << (i << 3);
        }
        return w;
    }
}
