package com.qkt.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    // ---------------------------------------------------------------- scanning paths added for speed

    private static UnsafeBuffer offHeapAt(final String text, final int offset)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length + 2 * offset));
        buffer.setMemory(0, buffer.capacity(), (byte)'"'); // a quote just outside the range must never be read
        buffer.putBytes(offset, bytes);
        return buffer;
    }

    @Test
    void shouldFindTheEndOfStringsOfEveryLengthAtEveryWordOffsetWithAQuoteJustOutsideTheRange()
    {
        final JsonCursor cursor = new JsonCursor();
        final AsciiField value = new AsciiField(64);
        for (int length = 0; length <= 40; length++)
        {
            for (int offset = 0; offset < 9; offset++)
            {
                final String content = "x".repeat(length);
                final String json = "\"" + content + "\"";
                final UnsafeBuffer buffer = offHeapAt(json, offset);
                cursor.wrap(buffer, offset, json.length());
                assertTrue(cursor.readAscii(value), json);
                assertEquals(content, value.toString());
                assertTrue(cursor.atEndOfInput());

                // cut before the closing quote: the quote outside the range must not end the string
                cursor.wrap(buffer, offset, json.length() - 1);
                assertFalse(cursor.readAscii(value), json);
                cursor.wrap(buffer, offset, json.length() - 1);
                assertFalse(cursor.skipValue(), json);
            }
        }
    }

    @Test
    void shouldFindAnEscapeOrAControlByteAtEveryPositionOfAString()
    {
        final JsonCursor cursor = new JsonCursor();
        final AsciiField value = new AsciiField(64);
        for (int length = 1; length <= 24; length++)
        {
            for (int at = 0; at < length; at++)
            {
                final StringBuilder escaped = new StringBuilder("\"");
                final StringBuilder control = new StringBuilder("\"");
                for (int i = 0; i < length; i++)
                {
                    escaped.append(i == at ? "\\\"" : "a");
                    control.append(i == at ? '\u0001' : 'a');
                }
                escaped.append('"');
                control.append('"');
                UnsafeBuffer buffer = offHeapAt(escaped.toString(), 3);
                cursor.wrap(buffer, 3, buffer.capacity() - 6);
                assertTrue(cursor.readAscii(value), escaped.toString());
                assertEquals("a".repeat(at) + "\"" + "a".repeat(length - at - 1), value.toString());

                buffer = offHeapAt(control.toString(), 3);
                cursor.wrap(buffer, 3, buffer.capacity() - 6);
                assertFalse(cursor.readAscii(value), "raw control byte at " + at);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"\\u00e9\"|\u00e9",
        "\"\\u20ac\"|\u20ac",
        "\"a\\ud83d\\ude00b\"|a\ud83d\ude00b",
        "\"\\u0041\\/x\"|A/x",
    })
    void shouldDecodeUnicodeEscapesToUtf8(final String json, final String expected)
    {
        final UnsafeBuffer buffer = buffer(json);
        final AsciiField value = new AsciiField(32);
        assertTrue(new JsonCursor().wrap(buffer, 0, buffer.capacity()).readAscii(value), json);
        final byte[] bytes = new byte[value.length()];
        value.getBytes(bytes, 0);
        assertEquals(expected, new String(bytes, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\x\"" })
    void shouldRejectBrokenEscapes(final String json)
    {
        final UnsafeBuffer buffer = buffer(json);
        assertFalse(new JsonCursor().wrap(buffer, 0, buffer.capacity()).readAscii(new AsciiField(32)), json);
    }

    @Test
    void shouldNeverTellTwoDifferentEscapedIdsApart()
    {
        final AsciiField a = new AsciiField(16);
        final AsciiField b = new AsciiField(16);
        final UnsafeBuffer ba = buffer("\"id-\\u00e9\"");
        final UnsafeBuffer bb = buffer("\"id-\\u00e8\"");
        assertTrue(new JsonCursor().wrap(ba, 0, ba.capacity()).readAscii(a));
        assertTrue(new JsonCursor().wrap(bb, 0, bb.capacity()).readAscii(b));
        assertFalse(a.contentEquals(b), "two different \\u escapes must not become the same '?'");
    }

    @Test
    void shouldReadDecimalsInOnePassExactlyAsTheDecimalParserDoes()
    {
        final SplittableRandom random = new SplittableRandom(5);
        final String alphabet = "0123456789.-e+ x\"";
        final JsonCursor cursor = new JsonCursor();
        final FixedDecimal viaCursor = new FixedDecimal();
        final FixedDecimal viaParse = new FixedDecimal();
        for (int i = 0; i < 200_000; i++)
        {
            final StringBuilder text = new StringBuilder();
            final int length = random.nextInt(0, 24);
            for (int k = 0; k < length; k++)
            {
                text.append(random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) :
                    (char)('0' + random.nextInt(10)));
            }
            final String content = text.toString();
            final boolean plain = content.indexOf('"') < 0;
            final UnsafeBuffer raw = buffer(content);
            final boolean expectedOk = viaParse.parse(raw, 0, raw.capacity());

            if (plain)
            {
                // half the time followed by more of the frame, so the word-at-a-time path (which wants 24 readable
                // bytes) runs; otherwise the range ends at the closing quote and the byte loop runs
                final String tail = (i & 1) == 0 ? "" : ",\"next\":\"" + "y".repeat(i % 40) + "\"}";
                final String quoted = "\"" + content + "\"";
                final UnsafeBuffer buffer = offHeapAt(quoted + tail, i & 7);
                cursor.wrap(buffer, i & 7, quoted.length() + tail.length());
                final boolean ok = cursor.readDecimal(viaCursor);
                assertEquals(expectedOk, ok, quoted);
                if (ok)
                {
                    assertEquals(viaParse.isPresent(), viaCursor.isPresent(), quoted);
                    assertEquals(viaParse.mantissa(), viaCursor.mantissa(), quoted);
                    assertEquals(viaParse.exponent(), viaCursor.exponent(), quoted);
                    assertEquals(quoted.length() + (i & 7), cursor.position(), quoted);
                }
            }
            if (!content.isEmpty() && plain && content.indexOf(' ') < 0 && content.indexOf('x') < 0)
            {
                // as a JSON number: the same value when the whole token is a plain decimal
                final String tail = (i & 2) == 0 ? "}" : ",\"next\":\"" + "y".repeat(24) + "\"}";
                final UnsafeBuffer buffer = offHeapAt(content + tail, 1);
                cursor.wrap(buffer, 1, content.length() + tail.length());
                final boolean ok = cursor.readDecimal(viaCursor);
                if (ok)
                {
                    assertTrue(expectedOk, content);
                    assertEquals(viaParse.mantissa(), viaCursor.mantissa(), content);
                    assertEquals(viaParse.exponent(), viaCursor.exponent(), content);
                }
                else
                {
                    assertFalse(expectedOk && content.charAt(0) != '.', content);
                }
            }
        }
    }

    @Test
    void shouldReadLongsInOnePassExactlyAsTheIntegerParserDoes()
    {
        final SplittableRandom random = new SplittableRandom(9);
        final JsonCursor cursor = new JsonCursor();
        final String[] edges = { "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", "0", "-0", "-", "", "00012", "1.5", "1e3", "12a" };
        for (int i = 0; i < 50_000 + edges.length; i++)
        {
            final String content = i < edges.length ? edges[i] : Long.toString(random.nextLong() >> random.nextInt(64));
            final UnsafeBuffer raw = buffer(content);
            final long expected = content.isEmpty() ? 0 : AsciiNumbers.parseLong(raw, 0, raw.capacity(), Long.MIN_VALUE);
            final boolean expectedOk = content.isEmpty() || expected != Long.MIN_VALUE ||
                "-9223372036854775808".equals(content);

            final String tail = (i & 1) == 0 ? "" : ",\"next\":\"" + "y".repeat(24) + "\"}";
            final String quoted = "\"" + content + "\"";
            final UnsafeBuffer buffer = offHeapAt(quoted + tail, i & 7);
            cursor.wrap(buffer, i & 7, quoted.length() + tail.length());
            assertEquals(expectedOk, cursor.readLong(0), quoted);
            if (expectedOk)
            {
                assertEquals(content.isEmpty() ? 0 : expected, cursor.longValue(), quoted);
                assertEquals(quoted.length() + (i & 7), cursor.position(), quoted);
            }

            // unquoted, followed by the rest of an object
            if (!content.isEmpty())
            {
                final String number = content + tail.replace("\"}", "\"}").replaceFirst("^$", "}");
                final UnsafeBuffer unquoted = offHeapAt(number, 2);
                cursor.wrap(unquoted, 2, number.length());
                final boolean ok = cursor.readLong(0);
                // the number token is the longest run of number bytes; what follows it is the caller's to check
                int tokenEnd = 0;
                while (tokenEnd < content.length() && "0123456789.eE+-".indexOf(content.charAt(tokenEnd)) >= 0)
                {
                    tokenEnd++;
                }
                final String token = content.substring(0, tokenEnd);
                final UnsafeBuffer tokenBuffer = buffer(token);
                final long tokenValue = AsciiNumbers.parseLong(tokenBuffer, 0, tokenBuffer.capacity(), Long.MIN_VALUE);
                final boolean numberOk = !token.isEmpty() && token.charAt(0) != '+' &&
                    (tokenValue != Long.MIN_VALUE || "-9223372036854775808".equals(token));
                assertEquals(numberOk, ok, number);
                if (ok)
                {
                    assertEquals(tokenValue, cursor.longValue(), number);
                    assertEquals(2 + token.length(), cursor.position(), number);
                }
            }
        }
    }

    @Test
    void shouldPredictMembersFromTheLastObjectAndStillReadAChangedOrderCorrectly()
    {
        final JsonFieldNames names = new JsonFieldNames("a", "bb", "execQtyX", "underlyingPrice", "totalAvailableBalance");
        final JsonCursor cursor = new JsonCursor();
        final String[] objects = {
            "{\"a\":1,\"bb\":2,\"execQtyX\":3,\"underlyingPrice\":4,\"totalAvailableBalance\":5,\"zz\":6}",
            "{\"a\":1,\"bb\":2,\"execQtyX\":3,\"underlyingPrice\":4,\"totalAvailableBalance\":5,\"zz\":6}", // predicted
            "{\"bb\":2,\"a\":1,\"underlyingPrice\":4,\"execQtyX\":3,\"zz\":6,\"totalAvailableBalance\":5}", // reordered
            "{ \"a\" : 1 , \"bb\":2,\"execQtyX\":3,\"underlyingPricE\":4,\"totalAvailableBalance\":5,\"zz\":6}",
            "{\"a\":1,\"bb\":2,\"execQtyX\":3,\"underlyingPrice\":4,\"totalAvailableBalance\":5,\"zz\":6}",
            "{\"a\":1,\"bb\":2,\"execQtyX\":3}",
            "{\"a\":1,\"bb\": 2,\"execQtyX\":\n3,\"underlyingPrice\":4 ,\"totalAvailableBalance\":5,\"zz\":6}",
            "{\"a\":1,\"bb\":2,\"execQtyX\":3,\"underlyingPrice\":4,\"totalAvailableBalance\":\t5 }",
            "{\"a\":1,\"bb\":2,\"execQtyX\":3,\"underlyingPrice\":4,\"totalAvailableBalance\":5,\"zz\":6}",
        };
        for (int round = 0; round < 3; round++)
        {
            for (final String json : objects)
            {
                for (int offset = 0; offset < 3; offset++)
                {
                    final UnsafeBuffer buffer = offHeapAt(json, offset);
                    cursor.wrap(buffer, offset, json.length());
                    assertTrue(cursor.enterObject());
                    final StringBuilder seen = new StringBuilder();
                    int id;
                    while ((id = cursor.nextMemberId(names, 0)) >= JsonFieldNames.UNKNOWN)
                    {
                        assertTrue(cursor.readLong(0));
                        seen.append(id).append('=').append(cursor.longValue()).append(' ');
                    }
                    assertEquals(JsonCursor.MEMBER_END, id, json);
                    assertTrue(cursor.atEndOfInput());
                    assertEquals(expected(names, json), seen.toString(), json);
                }
            }
        }
        // a truncated object is an error whether the member was predicted or not
        final String cut = "{\"a\":1,\"bb\":";
        final UnsafeBuffer buffer = offHeapAt(cut, 0);
        cursor.wrap(buffer, 0, cut.length());
        assertTrue(cursor.enterObject());
        assertEquals(0, cursor.nextMemberId(names, 0));
        assertTrue(cursor.readLong(0));
        assertEquals(JsonCursor.MEMBER_ERROR, cursor.nextMemberId(names, 0));
    }

    @Test
    void shouldSkipUnknownMembersThroughKnownMemberPredictionExactlyAsAFreshCursorReadsThem()
    {
        final JsonFieldNames names = new JsonFieldNames("execId", "qty", "side", "orderStatus", "p");
        final String[] knownNames = { "execId", "qty", "side", "orderStatus", "p" };
        final String[] unknownNames = { "tradeIv", "markIv", "blockTradeId", "x", "underlyingPriceUnderlyingPrice" };
        // values that repeat (so runs are learned and predicted) and ones that break a run or the frame
        final String[] values = {
            "\"\"", "\"\"", "\"\"", "\"UNKNOWN\"", "\"0\"", "0", "false", "{\"USDT\":\"1\"}", "[1,{\"a\":[]}]",
            "\"a\\\"b\"", "\"\u0001\"", "tru", "\"", "{", " \"\"", "\"0.5\"" };
        final SplittableRandom random = new SplittableRandom(11);
        final JsonCursor predicted = new JsonCursor();
        final String[] shapes = new String[4];
        for (int s = 0; s < shapes.length; s++)
        {
            shapes[s] = object(random, knownNames, unknownNames, values, 3 + random.nextInt(40));
        }
        for (int i = 0; i < 20_000; i++)
        {
            // mostly a shape seen before (predicted), sometimes with one value changed, sometimes new or cut short
            String json = shapes[random.nextInt(shapes.length)];
            final int change = random.nextInt(8);
            if (change == 0)
            {
                json = object(random, knownNames, unknownNames, values, random.nextInt(45));
                shapes[random.nextInt(shapes.length)] = json;
            }
            else if (change == 1)
            {
                final int at = json.indexOf(":\"\"", random.nextInt(json.length()));
                if (at > 0)
                {
                    json = json.substring(0, at) + ":" + values[random.nextInt(values.length)] +
                        json.substring(at + 3);
                }
            }
            else if (change == 2)
            {
                json = json.substring(0, random.nextInt(json.length() + 1));
            }
            final int offset = random.nextInt(3);
            final UnsafeBuffer buffer = offHeapAt(json, offset);
            final String expected = readKnown(new JsonCursor().wrap(buffer, offset, json.length()), names, false);
            assertEquals(expected, readKnown(predicted.wrap(buffer, offset, json.length()), names, true), json);
        }
    }

    @Test
    void shouldReadObjectsWhoseUnknownValuesChangeEveryTimeExactlyAsAFreshCursorReadsThem()
    {
        // the shape of a live feed: the same members in the same order, but prices, sizes, ids and times differ
        // from object to object (and now and then a value takes a form the remembered entries did not expect)
        final JsonFieldNames names = new JsonFieldNames("execId", "qty", "side", "orderStatus", "p");
        final String[] layout = {
            "category", "execId", "closedSize", "markPrice", "qty", "tradeIv", "isLeverage", "side", "execPnl",
            "createType", "p", "seq" };
        final String[] odd = { "\"a\\\"b\"", " \"1\"", "{\"x\":1}", "[]", "true", "null", "\"\"", "-0.5e3", "\"",
            "\"\u0001\"", "1 ", "\"12" };
        final SplittableRandom random = new SplittableRandom(5);
        final JsonCursor predicted = new JsonCursor();
        for (int i = 0; i < 20_000; i++)
        {
            final StringBuilder json = new StringBuilder("{");
            for (int m = 0; m < layout.length; m++)
            {
                json.append(m == 0 ? "" : ",").append('"').append(layout[m]).append("\":");
                if (random.nextInt(40) == 0)
                {
                    json.append(odd[random.nextInt(odd.length)]);
                }
                else if (layout[m].equals("tradeIv") || layout[m].equals("createType"))
                {
                    json.append(random.nextInt(10) == 0 ? "\"CreateByClosing\"" : "\"\"");
                }
                else if (layout[m].equals("seq"))
                {
                    json.append(random.nextLong(1, Long.MAX_VALUE));
                }
                else
                {
                    json.append('"').append(random.nextInt(1 << random.nextInt(1, 31))).append('.')
                        .append(random.nextInt(1000)).append('"');
                }
            }
            String text = json.append('}').toString();
            if (random.nextInt(50) == 0)
            {
                text = text.substring(0, random.nextInt(text.length()));
            }
            final int offset = random.nextInt(3);
            final UnsafeBuffer buffer = offHeapAt(text, offset);
            final String expected = readKnown(new JsonCursor().wrap(buffer, offset, text.length()), names, false);
            assertEquals(expected, readKnown(predicted.wrap(buffer, offset, text.length()), names, true), text);
        }
    }

    @Test
    void shouldStopAtTheSamePositionAsAFreshCursorWhenTheInputEndsAfterAPredictedName()
    {
        final JsonFieldNames names = new JsonFieldNames("a", "p");
        final JsonCursor learned = new JsonCursor();
        for (int i = 0; i < 3; i++)
        {
            readKnown(learned.wrap(offHeapAt("{\"p\":1}", 0), 0, 7), names, true);
        }
        final String cut = "{\"p\": ";
        final UnsafeBuffer buffer = offHeapAt(cut, 0);
        final JsonCursor fresh = new JsonCursor().wrap(buffer, 0, cut.length());
        learned.wrap(buffer, 0, cut.length());
        assertTrue(fresh.enterObject() && learned.enterObject());

        assertEquals(JsonCursor.MEMBER_ERROR, fresh.nextKnownMemberId(names, 1)); // readKnown's slot
        assertEquals(JsonCursor.MEMBER_ERROR, learned.nextKnownMemberId(names, 1));
        assertEquals(fresh.position(), learned.position());
    }

    @Test
    void shouldNotLetASequenceLearnedFromTheMiddleOfAnObjectAcceptALeadingComma()
    {
        // the slot's first call came after a member read another way: its bytes start with the comma before "a",
        // and must never be taken for an object's first member
        final JsonFieldNames names = new JsonFieldNames("a", "p");
        for (final boolean skipping : new boolean[] { true, false })
        {
            final JsonCursor learned = new JsonCursor();
            final String middle = "{\"x\":1,\"a\":\"1\"}";
            learned.wrap(offHeapAt(middle, 0), 0, middle.length());
            assertTrue(learned.enterObject());
            assertEquals(JsonCursor.NEXT, learned.nextMember());
            assertTrue(learned.skipValue());
            assertEquals(0, skipping ? learned.nextKnownMemberId(names, 0) : learned.nextMemberId(names, 0));
            assertTrue(learned.skipValue());
            assertEquals(JsonCursor.MEMBER_END,
                skipping ? learned.nextKnownMemberId(names, 0) : learned.nextMemberId(names, 0));

            final String bad = "{,\"a\":\"1\"}";
            learned.wrap(offHeapAt(bad, 0), 0, bad.length());
            assertTrue(learned.enterObject());
            final int id = skipping ? learned.nextKnownMemberId(names, 0) : learned.nextMemberId(names, 0);
            assertEquals(JsonCursor.MEMBER_ERROR, id, "skipping " + skipping);
        }
    }

    private static String object(
        final SplittableRandom random, final String[] known, final String[] unknown, final String[] values,
        final int members)
    {
        final StringBuilder json = new StringBuilder("{");
        for (int m = 0; m < members; m++)
        {
            if (m > 0)
            {
                json.append(random.nextInt(30) == 0 ? " , " : ",");
            }
            final boolean isKnown = random.nextInt(3) == 0;
            final String name = isKnown ? known[random.nextInt(known.length)] : unknown[random.nextInt(unknown.length)];
            json.append('"').append(name).append("\":");
            json.append(isKnown ? "\"" + random.nextInt(3) + "\"" : values[random.nextInt(values.length)]);
        }
        return json.append('}').toString();
    }

    // The ids of known members and where their values end, then how and where the object ended.
    private static String readKnown(final JsonCursor cursor, final JsonFieldNames names, final boolean skipping)
    {
        if (!cursor.enterObject())
        {
            return "not an object";
        }
        final StringBuilder seen = new StringBuilder();
        int id;
        while (true)
        {
            id = skipping ? cursor.nextKnownMemberId(names, 1) : cursor.nextMemberId(names, 1);
            if (id == JsonFieldNames.UNKNOWN)
            {
                if (!cursor.skipValue())
                {
                    id = JsonCursor.MEMBER_ERROR;
                    break;
                }
                continue;
            }
            if (id < 0)
            {
                break;
            }
            final boolean ok = cursor.skipValue();
            seen.append(id).append('@').append(cursor.position()).append(ok ? ' ' : '!');
            if (!ok)
            {
                break;
            }
        }
        // where the cursor stopped, on an error too: a learned cursor must fail where a fresh one fails
        return seen.append(" -> ").append(id).append(" at ").append(cursor.position()).toString();
    }

    @Test
    void shouldPredictNamesOfEveryLengthAtEveryOffsetAndRefuseANearMiss()
    {
        final SplittableRandom random = new SplittableRandom(13);
        final String[] names = new String[41];
        final StringBuilder object = new StringBuilder("{");
        for (int i = 0; i < names.length; i++)
        {
            names[i] = randomName(random, i);
            object.append(i == 0 ? "" : ",").append('"').append(names[i]).append("\":").append(i);
        }
        final String json = object.append('}').toString();
        final JsonFieldNames table = new JsonFieldNames(names);
        final JsonCursor cursor = new JsonCursor();
        for (int offset = 0; offset < 9; offset++)
        {
            for (int pass = 0; pass < 2; pass++) // learn, then predict
            {
                final UnsafeBuffer buffer = offHeapAt(json, offset);
                cursor.wrap(buffer, offset, json.length());
                assertTrue(cursor.enterObject());
                for (int i = 0; i < names.length; i++)
                {
                    assertEquals(i, cursor.nextMemberId(table, 1), "offset " + offset + " pass " + pass);
                    assertTrue(cursor.readLong(-1));
                    assertEquals(i, cursor.longValue());
                }
                assertEquals(JsonCursor.MEMBER_END, cursor.nextMemberId(table, 1));
            }
            // one byte changed in one name (same length): that member is unknown, the others still match
            final int victim = 1 + random.nextInt(names.length - 1);
            final char[] chars = names[victim].toCharArray();
            final int at = random.nextInt(chars.length);
            chars[at] = chars[at] == 'Z' ? 'Y' : 'Z';
            final String miss = json.replace("\"" + names[victim] + "\":", "\"" + new String(chars) + "\":");
            final UnsafeBuffer buffer = offHeapAt(miss, offset);
            cursor.wrap(buffer, offset, miss.length());
            assertTrue(cursor.enterObject());
            for (int i = 0; i < names.length; i++)
            {
                assertEquals(i == victim ? JsonFieldNames.UNKNOWN : i, cursor.nextMemberId(table, 1), miss);
                assertTrue(cursor.readLong(-1));
            }
            assertEquals(JsonCursor.MEMBER_END, cursor.nextMemberId(table, 1));
        }
    }

    // what nextMember + lookupName (the general path) make of the object, in the same format
    private static String expected(final JsonFieldNames names, final String json)
    {
        final UnsafeBuffer buffer = buffer(json);
        final JsonCursor cursor = new JsonCursor().wrap(buffer, 0, buffer.capacity());
        assertTrue(cursor.enterObject());
        final StringBuilder seen = new StringBuilder();
        while (cursor.nextMember() == JsonCursor.NEXT)
        {
            final int id = cursor.lookupName(names);
            assertTrue(cursor.readLong(0));
            seen.append(id).append('=').append(cursor.longValue()).append(' ');
        }
        return seen.toString();
    }

    @Test
    void shouldRefuseARangeOutsideTheBuffer()
    {
        final UnsafeBuffer buffer = buffer("{}");
        final JsonCursor cursor = new JsonCursor();
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> cursor.wrap(buffer, 1, 2));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> cursor.wrap(buffer, -1, 1));
    }
}
