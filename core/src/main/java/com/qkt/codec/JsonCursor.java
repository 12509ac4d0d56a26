package com.qkt.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * A zero-allocation pull lexer over one JSON text in a {@link DirectBuffer}: walk objects member by member and
 * arrays element by element, read scalars as byte ranges, skip what is not needed.
 * <p>
 * Strict about structure (commas, colons, closing brackets, truncation) so a cut frame is always reported; lenient
 * only inside skipped containers, where brackets are counted but not paired by kind. Scalars are not converted
 * here beyond what the typed readers ({@link #readDecimal(FixedDecimal)}, {@link #readLong(long)}, ...) need.
 * One instance per owning thread; it keeps its nesting state across calls, so a parse of a nested item may run on
 * the same cursor as its container.
 * <p>
 * Longer than the ~500 lines we aim for: one job, the JSON grammar, whose structural checks and typed readers share
 * the same position and nesting state.
 */
public final class JsonCursor
{

    /** Malformed or truncated input. */
    public static final int ERROR = -1;
    /** The current object or array closed. */
    public static final int END = 0;
    /** A member (object) or element (array) follows; the cursor is at its value. */
    public static final int NEXT = 1;

    public static final int TYPE_NONE = 0;
    public static final int TYPE_STRING = 1;
    public static final int TYPE_NUMBER = 2;
    public static final int TYPE_TRUE = 3;
    public static final int TYPE_FALSE = 4;
    public static final int TYPE_NULL = 5;

    private static final int MAX_DEPTH = 62;

    private DirectBuffer buffer;
    private int position;
    private int limit;

    private int depth;
    private long hasMembers;
    private long isArray;

    private int nameOffset;
    private int nameLength;
    private long nameHash;
    private long nameHead;
    private long nameTail;

    private int valueType;
    private int valueOffset;
    private int valueLength;
    private boolean valueEscaped;
    private long longValue;

    public JsonCursor wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
        reposition(offset);
        return this;
    }

    /**
     * Move to a position recorded earlier (e.g. an array skipped in a first pass) with a fresh nesting state.
     */
    public void reposition(final int position)
    {
        this.position = position;
        depth = 0;
        hasMembers = 0;
        isArray = 0;
        valueType = TYPE_NONE;
    }

    public int depth()
    {
        return depth;
    }

    /**
     * Go back to a position recorded at the given nesting depth (e.g. the start of a value whose reading was
     * abandoned), keeping the state of the enclosing containers.
     */
    public void rewind(final int position, final int depth)
    {
        this.position = position;
        this.depth = depth;
        valueType = TYPE_NONE;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int position()
    {
        return position;
    }

    public int limit()
    {
        return limit;
    }

    public int nameOffset()
    {
        return nameOffset;
    }

    public int nameLength()
    {
        return nameLength;
    }

    public int valueType()
    {
        return valueType;
    }

    public int valueOffset()
    {
        return valueOffset;
    }

    public int valueLength()
    {
        return valueLength;
    }

    public boolean valueEscaped()
    {
        return valueEscaped;
    }

    public long longValue()
    {
        return longValue;
    }

    public int lookupName(final JsonFieldNames names)
    {
        return names.indexOf(buffer, nameOffset, nameLength, nameHash, nameHead, nameTail);
    }

    public boolean valueEquals(final byte[] value)
    {
        return !valueEscaped && AsciiNumbers.equals(buffer, valueOffset, valueLength, value);
    }

    private void skipWhitespace()
    {
        final DirectBuffer buffer = this.buffer;
        int pos = position;
        final int limit = this.limit;
        while (pos < limit)
        {
            final byte b = buffer.getByte(pos);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t')
            {
                break;
            }
            pos++;
        }
        position = pos;
    }

    /**
     * @return true when only whitespace remains.
     */
    public boolean atEndOfInput()
    {
        skipWhitespace();
        return position == limit;
    }

    /**
     * @return the first non-whitespace byte at the cursor, or 0 at the end.
     */
    public byte peek()
    {
        skipWhitespace();
        return position < limit ? buffer.getByte(position) : 0;
    }

    public boolean enterObject()
    {
        return enter('{', false);
    }

    public boolean enterArray()
    {
        return enter('[', true);
    }

    private boolean enter(final char open, final boolean array)
    {
        skipWhitespace();
        if (position >= limit || buffer.getByte(position) != open || depth >= MAX_DEPTH)
        {
            return false;
        }
        position++;
        depth++;
        final long bit = 1L << depth;
        hasMembers &= ~bit;
        if (array)
        {
            isArray |= bit;
        }
        else
        {
            isArray &= ~bit;
        }
        return true;
    }

    /**
     * Advance to the next member of the current object: {@link #NEXT} with the name recorded and the cursor at the
     * value, {@link #END} after the closing brace, or {@link #ERROR}.
     */
    public int nextMember()
    {
        final long bit = 1L << depth;
        if (depth == 0 || (isArray & bit) != 0)
        {
            return ERROR;
        }
        final int step = separator(bit, '}');
        if (step != NEXT)
        {
            return step;
        }

        final DirectBuffer buffer = this.buffer;
        final int limit = this.limit;
        int pos = position;
        if (pos >= limit || buffer.getByte(pos) != '"')
        {
            return ERROR;
        }
        pos++;
        final int start = pos;
        if (!scanShortName(buffer, start, limit))
        {
            pos = endOfString(buffer, pos, limit);
            if (pos < 0)
            {
                return ERROR;
            }
            nameLength = pos - start;
            nameHead = head(buffer, start, nameLength);
            nameTail = tail(buffer, start, nameLength);
            nameHash = mix(nameHead, nameTail, nameLength);
        }
        nameOffset = start;
        pos = start + nameLength;
        position = pos + 1;
        skipWhitespace();
        if (position >= limit || buffer.getByte(position) != ':')
        {
            return ERROR;
        }
        position++;
        skipWhitespace();
        return position < limit ? NEXT : ERROR;
    }

    /**
     * Advance to the next element of the current array: {@link #NEXT} with the cursor at the element,
     * {@link #END} after the closing bracket, or {@link #ERROR}.
     */
    public int nextElement()
    {
        final long bit = 1L << depth;
        if (depth == 0 || (isArray & bit) == 0)
        {
            return ERROR;
        }
        return separator(bit, ']');
    }

    // The comma/close logic shared by objects and arrays: NEXT when a member/element follows (cursor on it),
    // END after the close, ERROR otherwise (missing or trailing comma, truncation).
    private int separator(final long bit, final char close)
    {
        skipWhitespace();
        if (position >= limit)
        {
            return ERROR;
        }
        byte b = buffer.getByte(position);
        if (b == close)
        {
            position++;
            depth--;
            return END;
        }
        if ((hasMembers & bit) != 0)
        {
            if (b != ',')
            {
                return ERROR;
            }
            position++;
            skipWhitespace();
            if (position >= limit)
            {
                return ERROR;
            }
            b = buffer.getByte(position);
            if (b == close)
            {
                return ERROR;
            }
        }
        hasMembers |= bit;
        return NEXT;
    }

    /**
     * Read a scalar (string, number, true, false, null) at the cursor into the value fields.
     */
    public boolean readScalar()
    {
        final DirectBuffer buffer = this.buffer;
        final int limit = this.limit;
        int pos = position;
        if (pos >= limit)
        {
            return false;
        }
        final byte first = buffer.getByte(pos);
        if (first == '"')
        {
            pos++;
            final int start = pos;
            boolean escaped = false;
            while (true)
            {
                pos = nextSpecialInString(buffer, pos, limit);
                if (pos >= limit)
                {
                    return false;
                }
                final byte b = buffer.getByte(pos);
                if (b == '"')
                {
                    break;
                }
                if (b == '\\')
                {
                    escaped = true;
                    pos += 2;
                    continue;
                }
                return false; // a raw control character
            }
            valueType = TYPE_STRING;
            valueOffset = start;
            valueLength = pos - start;
            valueEscaped = escaped;
            position = pos + 1;
            return true;
        }
        if (first == '-' || (first >= '0' && first <= '9'))
        {
            final int start = pos;
            pos++;
            while (pos < limit)
            {
                final byte b = buffer.getByte(pos);
                if ((b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '-' || b == '+')
                {
                    pos++;
                }
                else
                {
                    break;
                }
            }
            valueType = TYPE_NUMBER;
            valueOffset = start;
            valueLength = pos - start;
            valueEscaped = false;
            position = pos;
            return true;
        }
        if (first == 't')
        {
            return literal(TRUE, TYPE_TRUE);
        }
        if (first == 'f')
        {
            return literal(FALSE, TYPE_FALSE);
        }
        if (first == 'n')
        {
            return literal(NULL, TYPE_NULL);
        }
        return false;
    }

    private static final byte[] TRUE = AsciiNumbers.ascii("true");
    private static final byte[] FALSE = AsciiNumbers.ascii("false");
    private static final byte[] NULL = AsciiNumbers.ascii("null");

    private boolean literal(final byte[] text, final int type)
    {
        if (position + text.length > limit || !AsciiNumbers.equals(buffer, position, text.length, text))
        {
            return false;
        }
        valueType = type;
        valueOffset = position;
        valueLength = text.length;
        valueEscaped = false;
        position += text.length;
        return true;
    }

    /**
     * Skip the value at the cursor, whatever it is; containers are scanned to their matching close.
     */
    public boolean skipValue()
    {
        if (position >= limit)
        {
            return false;
        }
        final byte first = buffer.getByte(position);
        if (first != '{' && first != '[')
        {
            return readScalar();
        }
        final DirectBuffer buffer = this.buffer;
        final int limit = this.limit;
        int pos = position + 1;
        int nesting = 1;
        while (true)
        {
            pos = nextStructural(buffer, pos, limit);
            if (pos >= limit)
            {
                return false;
            }
            final byte b = buffer.getByte(pos++);
            if (b == '"')
            {
                pos = endOfString(buffer, pos, limit);
                if (pos < 0)
                {
                    return false;
                }
                pos++;
            }
            else if (b == '{' || b == '[')
            {
                nesting++;
            }
            else if (--nesting == 0)
            {
                position = pos;
                valueType = TYPE_NONE;
                return true;
            }
        }
    }

    // Scanning eight bytes at a time (SWAR): a byte of x is zero -> its 0x80 bit set in the result. Borrows can
    // only flag bytes above a true zero, so the lowest flagged byte is always exact.
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;
    private static final long OPENS = 0x7B7B7B7B7B7B7B7BL;
    private static final long CLOSES = 0x7D7D7D7D7D7D7D7DL;

    private static long zeroBytes(final long x)
    {
        return (x - ONES) & ~x & HIGHS;
    }

    /**
     * @return the index of the first '"', '\\' or control byte at or after pos, or limit.
     */
    private static int nextSpecialInString(final DirectBuffer buffer, final int from, final int limit)
    {
        int pos = from;
        while (pos + 8 <= limit)
        {
            final long w = buffer.getLong(pos, ByteOrder.LITTLE_ENDIAN);
            final long hits = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES) | ((w - SPACES) & ~w & HIGHS);
            if (hits != 0)
            {
                return pos + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
            pos += 8;
        }
        while (pos < limit)
        {
            final byte b = buffer.getByte(pos);
            if (b == '"' || b == '\\' || (b >= 0 && b < 0x20))
            {
                return pos;
            }
            pos++;
        }
        return limit;
    }

    /**
     * @return the index of the closing quote of a string whose content starts at from (escapes skipped), or -1.
     */
    private static int endOfString(final DirectBuffer buffer, final int from, final int limit)
    {
        int pos = from;
        while (true)
        {
            while (pos + 8 <= limit)
            {
                final long w = buffer.getLong(pos, ByteOrder.LITTLE_ENDIAN);
                final long hits = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES);
                if (hits != 0)
                {
                    pos += Long.numberOfTrailingZeros(hits) >>> 3;
                    break;
                }
                pos += 8;
            }
            while (pos < limit)
            {
                final byte b = buffer.getByte(pos);
                if (b == '"' || b == '\\')
                {
                    break;
                }
                pos++;
            }
            if (pos >= limit)
            {
                return -1;
            }
            if (buffer.getByte(pos) == '"')
            {
                return pos;
            }
            pos += 2; // skip the escaped byte
        }
    }

    /**
     * @return the index of the first '"', '{', '[', '}' or ']' at or after pos, or limit.
     */
    private static int nextStructural(final DirectBuffer buffer, final int from, final int limit)
    {
        int pos = from;
        while (pos + 8 <= limit)
        {
            final long w = buffer.getLong(pos, ByteOrder.LITTLE_ENDIAN);
            final long folded = w | SPACES; // '[' -> '{', ']' -> '}'
            final long hits = zeroBytes(w ^ QUOTES) | zeroBytes(folded ^ OPENS) | zeroBytes(folded ^ CLOSES);
            if (hits != 0)
            {
                return pos + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
            pos += 8;
        }
        while (pos < limit)
        {
            final byte b = buffer.getByte(pos);
            if (b == '"' || b == '{' || b == '[' || b == '}' || b == ']')
            {
                return pos;
            }
            pos++;
        }
        return limit;
    }

    /**
     * Hash of a member name from its length and its first and last (up to) eight bytes: cheap, and for names of up
     * to 16 bytes those three values are the name itself, so {@link JsonFieldNames} can confirm a match without a
     * byte loop.
     */
    static long nameHash(final DirectBuffer buffer, final int offset, final int length)
    {
        return mix(head(buffer, offset, length), tail(buffer, offset, length), length);
    }

    static long head(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length >= 8)
        {
            return buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        }
        long head = 0;
        for (int i = 0; i < length; i++)
        {
            head |= (buffer.getByte(offset + i) & 0xFFL) << (i << 3);
        }
        return head;
    }

    static long tail(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= 8 ? buffer.getLong(offset + length - 8, ByteOrder.LITTLE_ENDIAN) : 0;
    }

    static long mix(final long head, final long tail, final int length)
    {
        long h = (head * 0x9E3779B97F4A7C15L) ^ Long.rotateLeft(tail * 0xC2B2AE3D27D4EB4FL, 31) ^ length;
        h ^= h >>> 29;
        return h;
    }

    // Names of up to 15 bytes without escapes, with 16 readable bytes: find the closing quote and take head, tail
    // and hash from the same one or two words. False means "use the general path".
    private boolean scanShortName(final DirectBuffer buffer, final int start, final int limit)
    {
        if (start + 16 > limit)
        {
            return false;
        }
        final long w0 = buffer.getLong(start, ByteOrder.LITTLE_ENDIAN);
        final long hits0 = zeroBytes(w0 ^ QUOTES) | zeroBytes(w0 ^ BACKSLASHES);
        if (hits0 != 0)
        {
            final int n = Long.numberOfTrailingZeros(hits0) >>> 3;
            if (buffer.getByte(start + n) != '"')
            {
                return false;
            }
            final long head = n == 0 ? 0 : w0 & (-1L >>> (64 - (n << 3)));
            nameLength = n;
            nameHead = head;
            nameTail = 0;
            nameHash = mix(head, 0, n);
            return true;
        }
        final long w1 = buffer.getLong(start + 8, ByteOrder.LITTLE_ENDIAN);
        final long hits1 = zeroBytes(w1 ^ QUOTES) | zeroBytes(w1 ^ BACKSLASHES);
        if (hits1 == 0)
        {
            return false;
        }
        final int n = 8 + (Long.numberOfTrailingZeros(hits1) >>> 3);
        if (buffer.getByte(start + n) != '"')
        {
            return false;
        }
        final long tail = n == 8 ? w0 : (w0 >>> ((n - 8) << 3)) | (w1 << ((16 - n) << 3));
        nameLength = n;
        nameHead = w0;
        nameTail = tail;
        nameHash = mix(w0, tail, n);
        return true;
    }

    /**
     * Read a decimal given as a JSON string or number; null and "" make it absent.
     */
    public boolean readDecimal(final FixedDecimal out)
    {
        if (!readScalar())
        {
            return false;
        }
        switch (valueType)
        {
            case TYPE_STRING:
            case TYPE_NUMBER:
                return !valueEscaped && out.parse(buffer, valueOffset, valueLength);
            case TYPE_NULL:
                out.clear();
                return true;
            default:
                return false;
        }
    }

    /**
     * Read a string (unescaped), a number (its text) or null (empty) into an ASCII field.
     */
    public boolean readAscii(final AsciiField out)
    {
        if (!readScalar())
        {
            return false;
        }
        switch (valueType)
        {
            case TYPE_STRING:
                if (valueEscaped)
                {
                    return unescapeInto(out);
                }
                out.set(buffer, valueOffset, valueLength);
                return true;
            case TYPE_NUMBER:
                out.set(buffer, valueOffset, valueLength);
                return true;
            case TYPE_NULL:
                out.clear();
                return true;
            default:
                return false;
        }
    }

    private boolean unescapeInto(final AsciiField out)
    {
        out.clear();
        final int end = valueOffset + valueLength;
        for (int i = valueOffset; i < end; i++)
        {
            byte b = buffer.getByte(i);
            if (b == '\\')
            {
                final byte e = buffer.getByte(++i);
                switch (e)
                {
                    case '"':
                    case '\\':
                    case '/':
                        b = e;
                        break;
                    case 'b':
                        b = '\b';
                        break;
                    case 'f':
                        b = '\f';
                        break;
                    case 'n':
                        b = '\n';
                        break;
                    case 'r':
                        b = '\r';
                        break;
                    case 't':
                        b = '\t';
                        break;
                    case 'u':
                    {
                        if (i + 4 >= end)
                        {
                            return false;
                        }
                        int code = 0;
                        for (int k = 1; k <= 4; k++)
                        {
                            final int d = Character.digit(buffer.getByte(i + k), 16);
                            if (d < 0)
                            {
                                return false;
                            }
                            code = (code << 4) | d;
                        }
                        i += 4;
                        b = code < 128 ? (byte)code : (byte)'?';
                        break;
                    }
                    default:
                        return false;
                }
            }
            out.append(b);
        }
        return true;
    }

    /**
     * Read an integer given as a JSON number or a string of digits into {@link #longValue()}; null and "" give
     * {@code absentValue}.
     */
    public boolean readLong(final long absentValue)
    {
        if (!readScalar())
        {
            return false;
        }
        switch (valueType)
        {
            case TYPE_STRING:
            case TYPE_NUMBER:
            {
                if (valueLength == 0)
                {
                    longValue = absentValue;
                    return true;
                }
                final long v = AsciiNumbers.parseLong(buffer, valueOffset, valueLength, Long.MIN_VALUE);
                if (v == Long.MIN_VALUE)
                {
                    return false;
                }
                longValue = v;
                return true;
            }
            case TYPE_NULL:
                longValue = absentValue;
                return true;
            default:
                return false;
        }
    }

    /**
     * @return 1 for true, 0 for false or null, -1 for anything else.
     */
    public int readBoolean()
    {
        if (!readScalar())
        {
            return -1;
        }
        switch (valueType)
        {
            case TYPE_TRUE:
                return 1;
            case TYPE_FALSE:
            case TYPE_NULL:
                return 0;
            default:
                return -1;
        }
    }
}
