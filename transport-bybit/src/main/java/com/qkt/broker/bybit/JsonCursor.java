package com.qkt.broker.bybit;

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
 */
final class JsonCursor
{
    static final long FNV_OFFSET = 0xcbf29ce484222325L;
    static final long FNV_PRIME = 0x100000001b3L;

    /** Malformed or truncated input. */
    static final int ERROR = -1;
    /** The current object or array closed. */
    static final int END = 0;
    /** A member (object) or element (array) follows; the cursor is at its value. */
    static final int NEXT = 1;

    static final int TYPE_NONE = 0;
    static final int TYPE_STRING = 1;
    static final int TYPE_NUMBER = 2;
    static final int TYPE_TRUE = 3;
    static final int TYPE_FALSE = 4;
    static final int TYPE_NULL = 5;

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

    private int valueType;
    private int valueOffset;
    private int valueLength;
    private boolean valueEscaped;
    private long longValue;

    JsonCursor wrap(final DirectBuffer buffer, final int offset, final int length)
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
    void reposition(final int position)
    {
        this.position = position;
        depth = 0;
        hasMembers = 0;
        isArray = 0;
        valueType = TYPE_NONE;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    int position()
    {
        return position;
    }

    int limit()
    {
        return limit;
    }

    int nameOffset()
    {
        return nameOffset;
    }

    int nameLength()
    {
        return nameLength;
    }

    int valueType()
    {
        return valueType;
    }

    int valueOffset()
    {
        return valueOffset;
    }

    int valueLength()
    {
        return valueLength;
    }

    boolean valueEscaped()
    {
        return valueEscaped;
    }

    long longValue()
    {
        return longValue;
    }

    int lookupName(final JsonFieldNames names)
    {
        return names.indexOf(buffer, nameOffset, nameLength, nameHash);
    }

    boolean valueEquals(final byte[] value)
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
    boolean atEndOfInput()
    {
        skipWhitespace();
        return position == limit;
    }

    /**
     * @return the first non-whitespace byte at the cursor, or 0 at the end.
     */
    byte peek()
    {
        skipWhitespace();
        return position < limit ? buffer.getByte(position) : 0;
    }

    boolean enterObject()
    {
        return enter('{', false);
    }

    boolean enterArray()
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
    int nextMember()
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
        long h = FNV_OFFSET;
        while (true)
        {
            if (pos >= limit)
            {
                return ERROR;
            }
            final byte b = buffer.getByte(pos);
            if (b == '"')
            {
                break;
            }
            if (b == '\\')
            {
                pos++;
            }
            h ^= b & 0xFF;
            h *= FNV_PRIME;
            pos++;
        }
        nameOffset = start;
        nameLength = pos - start;
        nameHash = h;
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
    int nextElement()
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
    boolean readScalar()
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
                if ((b & 0xFF) < 0x20)
                {
                    return false;
                }
                pos++;
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
    boolean skipValue()
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
        while (pos < limit)
        {
            final byte b = buffer.getByte(pos++);
            if (b == '"')
            {
                while (true)
                {
                    if (pos >= limit)
                    {
                        return false;
                    }
                    final byte c = buffer.getByte(pos++);
                    if (c == '"')
                    {
                        break;
                    }
                    if (c == '\\')
                    {
                        pos++;
                    }
                }
            }
            else if (b == '{' || b == '[')
            {
                nesting++;
            }
            else if (b == '}' || b == ']')
            {
                if (--nesting == 0)
                {
                    position = pos;
                    valueType = TYPE_NONE;
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Read a decimal given as a JSON string or number; null and "" make it absent.
     */
    boolean readDecimal(final FixedDecimal out)
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
    boolean readAscii(final AsciiField out)
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
    boolean readLong(final long absentValue)
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
    int readBoolean()
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
