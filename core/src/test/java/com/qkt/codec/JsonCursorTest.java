package com.qkt.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonCursorTest
{
    private static String randomName(final SplittableRandom random, final int length)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            sb.append((char)('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    @Test
    void shouldFindEveryKnownNameOfEveryLengthAtEveryPositionAndNoNearMiss()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final String[] names = new String[41];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = randomName(random, i);
        }
        final JsonFieldNames table = new JsonFieldNames(names);
        final JsonCursor cursor = new JsonCursor();

        for (int id = 0; id < names.length; id++)
        {
            for (int pad = 0; pad < 20; pad++)
            {
                final String json = " ".repeat(pad) + "{\"" + names[id] + "\":1}";
                final byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
                final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
                buffer.putBytes(0, bytes);
                cursor.wrap(buffer, 0, bytes.length);
                assertTrue(cursor.enterObject());
                assertEquals(JsonCursor.NEXT, cursor.nextMember(), json);
                assertEquals(id, cursor.lookupName(table), json);
                assertEquals(names[id].length(), cursor.nameLength());
                assertTrue(cursor.readScalar());
                assertEquals(JsonCursor.END, cursor.nextMember());
                assertTrue(cursor.atEndOfInput());

                if (names[id].length() > 0)
                {
                    // same length, one byte changed anywhere: must not match
                    final char[] chars = names[id].toCharArray();
                    final int at = random.nextInt(chars.length);
                    chars[at] = chars[at] == 'Z' ? 'Y' : 'Z';
                    final String miss = " ".repeat(pad) + "{\"" + new String(chars) + "\":1}";
                    final UnsafeBuffer missBuffer = buffer(miss);
                    cursor.wrap(missBuffer, 0, missBuffer.capacity());
                    assertTrue(cursor.enterObject());
                    assertEquals(JsonCursor.NEXT, cursor.nextMember());
                    assertEquals(JsonFieldNames.UNKNOWN, cursor.lookupName(table), miss);
                }
            }
        }
    }

    @Test
    void shouldTreatEscapedNamesAsTheirRawBytesAndKeepScanning()
    {
        final JsonFieldNames table = new JsonFieldNames("a\\\"b", "next");
        final UnsafeBuffer buffer = buffer("{\"a\\\"b\":\"x\\\"y\\\\\",\"next\":[\"]\",{\"}\":\"\\\"\"}]}");
        final JsonCursor cursor = new JsonCursor().wrap(buffer, 0, buffer.capacity());
        assertTrue(cursor.enterObject());
        assertEquals(JsonCursor.NEXT, cursor.nextMember());
        assertEquals(0, cursor.lookupName(table));
        final AsciiField value = new AsciiField(8);
        assertTrue(cursor.readAscii(value));
        assertEquals("x\"y\\", value.toString());
        assertEquals(JsonCursor.NEXT, cursor.nextMember());
        assertEquals(1, cursor.lookupName(table));
        assertTrue(cursor.skipValue());
        assertEquals(JsonCursor.END, cursor.nextMember());
        assertTrue(cursor.atEndOfInput());
    }

    private static UnsafeBuffer buffer(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }
}
