package com.qkt.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import static com.qkt.codec.Swar.BACKSLASHES;
import static com.qkt.codec.Swar.CLOSES;
import static com.qkt.codec.Swar.OPENS;
import static com.qkt.codec.Swar.QUOTES;
import static com.qkt.codec.Swar.SPACES;
import static com.qkt.codec.Swar.controlBytes;
import static com.qkt.codec.Swar.firstFlagged;
import static com.qkt.codec.Swar.nonDigits;
import static com.qkt.codec.Swar.zeroBytes;

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
 * <p>
 * Why it reads the way it does (profiled with async-profiler on the Bybit frames of {@code ParseBenchmark}: a
 * bounds check per byte, byte-at-a-time name and string scans and a hashed name lookup were most of the time):
 * <ul>
 * <li>The range is checked once in {@link #wrap}; every read after that goes to the buffer's address through
 * {@link UnsafeApi}, each guarded by the cursor's own limit, never past it (Agrona's per-access bounds check can
 * only be switched off JVM-wide by a system property).</li>
 * <li>Strings and member names are scanned eight bytes at a time (SWAR) for the quote, the backslash and control
 * bytes; skipped containers for quotes and brackets.</li>
 * <li>A member name is matched by its length and its first and last words ({@link JsonFieldNames}).</li>
 * <li>Decimals and integers are converted while they are scanned, in one pass.</li>
 * </ul>
 */
public final class JsonCursor
{
    /** Malformed or truncated input. */
    public static final int ERROR = -1;
    /** The current object or array closed. */
    public static final int END = 0;
    /** A member (object) or element (array) follows; the cursor is at its value. */
    public static final int NEXT = 1;

    /** No value read yet (or a container was skipped). */
    public static final int TYPE_NONE = 0;
    /** A JSON string. */
    public static final int TYPE_STRING = 1;
    /** A JSON number. */
    public static final int TYPE_NUMBER = 2;
    /** The literal true. */
    public static final int TYPE_TRUE = 3;
    /** The literal false. */
    public static final int TYPE_FALSE = 4;
    /** The literal null. */
    public static final int TYPE_NULL = 5;

    private static final int MAX_DEPTH = 62;

    /** Returned by {@link #nextMemberId} after the closing brace. */
    public static final int MEMBER_END = -2;
    /** Returned by {@link #nextMemberId} for malformed or truncated input. */
    public static final int MEMBER_ERROR = -3;
    // Internal answer of a prediction that does not apply: the member is read the full way.
    private static final int NO_PREDICTION = MEMBER_ERROR - 1;
    /** Sequence slots a caller may pass to {@link #nextMemberId}: one per object shape it reads. */
    public static final int MAX_SEQUENCES = 8;
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private byte[] array;
    private long address;
    private int position;
    private int limit;

    private int depth;
    private long hasMembers;
    private long isArray;

    private int nameOffset;
    private int nameLength;
    private long nameHead;
    private long nameTail;

    private final MemberSequence[] sequences = new MemberSequence[MAX_SEQUENCES];
    private final KnownSequence[] knownSequences = new KnownSequence[MAX_SEQUENCES];

    private int valueType;
    private int valueOffset;
    private int valueLength;
    private boolean valueEscaped;
    private long longValue;

    /**
     * @param buffer holding the JSON text.
     * @param offset of its first byte.
     * @param length of the text.
     * @return this.
     * @throws IndexOutOfBoundsException when the range is not inside the buffer.
     */
    public JsonCursor wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            throw new IndexOutOfBoundsException(
                "offset=" + offset + " length=" + length + " capacity=" + buffer.capacity());
        }
        this.buffer = buffer;
        this.array = buffer.byteArray();
        this.address = buffer.addressOffset();
        this.limit = offset + length;
        reposition(offset);
        return this;
    }

    /**
     * Move to a position recorded earlier (e.g. an array skipped in a first pass) with a fresh nesting state.
     *
     * @param position inside the wrapped range.
     */
    public void reposition(final int position)
    {
        this.position = position;
        depth = 0;
        hasMembers = 0;
        isArray = 0;
        valueType = TYPE_NONE;
    }

    /**
     * @return how many containers the cursor is inside.
     */
    public int depth()
    {
        return depth;
    }

    /**
     * Go back to a position recorded at the given nesting depth (e.g. the start of a value whose reading was
     * abandoned), keeping the state of the enclosing containers.
     *
     * @param position recorded earlier.
     * @param depth    recorded with it.
     */
    public void rewind(final int position, final int depth)
    {
        this.position = position;
        this.depth = depth;
        valueType = TYPE_NONE;
    }

    /** @return the wrapped buffer. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the index of the next byte to read. */
    public int position()
    {
        return position;
    }

    /** @return the end of the wrapped range (exclusive). */
    public int limit()
    {
        return limit;
    }

    /** @return offset of the last member name (its raw bytes, escapes not decoded). */
    public int nameOffset()
    {
        return nameOffset;
    }

    /** @return length of the last member name. */
    public int nameLength()
    {
        return nameLength;
    }

    /** @return the TYPE_* of the last scalar read. */
    public int valueType()
    {
        return valueType;
    }

    /** @return offset of the last scalar (inside the quotes for a string). */
    public int valueOffset()
    {
        return valueOffset;
    }

    /** @return length of the last scalar (raw, escapes not decoded). */
    public int valueLength()
    {
        return valueLength;
    }

    /** @return true when the last string read had an escape in it. */
    public boolean valueEscaped()
    {
        return valueEscaped;
    }

    /** @return the value of the last {@link #readLong(long)}. */
    public long longValue()
    {
        return longValue;
    }

    /**
     * @param names to look the last member name up in.
     * @return its id, or {@link JsonFieldNames#UNKNOWN}.
     */
    public int lookupName(final JsonFieldNames names)
    {
        return names.indexOf(buffer, nameOffset, nameLength, nameHead, nameTail);
    }

    /**
     * @param value ASCII bytes.
     * @return true when the last scalar is exactly those bytes (an escaped string never matches).
     */
    public boolean valueEquals(final byte[] value)
    {
        if (valueEscaped || valueLength != value.length)
        {
            return false;
        }
        for (int i = 0; i < value.length; i++)
        {
            if (byteAt(valueOffset + i) != value[i])
            {
                return false;
            }
        }
        return true;
    }

    private byte byteAt(final int index)
    {
        return UnsafeApi.getByte(array, address + index);
    }

    long wordAt(final int index)
    {
        final long w = UnsafeApi.getLong(array, address + index);
        return NATIVE_LITTLE_ENDIAN ? w : Long.reverseBytes(w);
    }

    private int skipWhitespace(final int from)
    {
        final int limit = this.limit;
        int pos = from;
        while (pos < limit)
        {
            final byte b = byteAt(pos);
            if (b > ' ' || (b != ' ' && b != '\n' && b != '\r' && b != '\t'))
            {
                break;
            }
            pos++;
        }
        return pos;
    }

    /**
     * @return true when only whitespace remains.
     */
    public boolean atEndOfInput()
    {
        position = skipWhitespace(position);
        return position == limit;
    }

    /**
     * @return the first non-whitespace byte at the cursor, or 0 at the end.
     */
    public byte peek()
    {
        position = skipWhitespace(position);
        return position < limit ? byteAt(position) : 0;
    }

    /** @return true after stepping into an object at the cursor. */
    public boolean enterObject()
    {
        return enter('{', false);
    }

    /** @return true after stepping into an array at the cursor. */
    public boolean enterArray()
    {
        return enter('[', true);
    }

    private boolean enter(final char open, final boolean array)
    {
        final int pos = skipWhitespace(position);
        if (pos >= limit || byteAt(pos) != open || depth >= MAX_DEPTH)
        {
            position = pos;
            return false;
        }
        position = pos + 1;
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
     *
     * @return NEXT, END or ERROR.
     */
    public int nextMember()
    {
        final long bit = 1L << depth;
        if (depth == 0 || (isArray & bit) != 0)
        {
            return ERROR;
        }
        final int limit = this.limit;
        int pos = position;
        if (pos >= limit)
        {
            return ERROR;
        }
        byte b = byteAt(pos);
        if (b <= ' ') // compact JSON has no whitespace: look before calling the loop
        {
            pos = skipWhitespace(pos);
            if (pos >= limit)
            {
                return ERROR;
            }
            b = byteAt(pos);
        }
        if (b == '}')
        {
            position = pos + 1;
            depth--;
            return END;
        }
        if ((hasMembers & bit) != 0)
        {
            if (b != ',' || ++pos >= limit)
            {
                return ERROR;
            }
            if ((b = byteAt(pos)) <= ' ')
            {
                pos = skipWhitespace(pos);
                if (pos >= limit)
                {
                    return ERROR;
                }
                b = byteAt(pos);
            }
        }
        if (b != '"')
        {
            return ERROR;
        }
        hasMembers |= bit;
        final int start = pos + 1;
        final int end = scanName(start);
        if (end < 0)
        {
            return ERROR;
        }
        nameOffset = start;
        pos = end + 1;
        if (pos >= limit)
        {
            return ERROR;
        }
        if (byteAt(pos) != ':')
        {
            pos = skipWhitespace(pos);
            if (pos >= limit || byteAt(pos) != ':')
            {
                return ERROR;
            }
        }
        pos++;
        if (pos < limit && byteAt(pos) <= ' ')
        {
            pos = skipWhitespace(pos);
        }
        position = pos;
        return pos < limit ? NEXT : ERROR;
    }

    // The name whose content starts at `start`: sets nameLength/nameHead/nameTail, returns the index of its closing
    // quote or -1. Names of up to 16 bytes with 16 readable bytes: one or two words give the quote, the head and the
    // tail at once.
    private int scanName(final int start)
    {
        if (start + 16 <= limit)
        {
            final long w0 = wordAt(start);
            final long hits0 = zeroBytes(w0 ^ QUOTES) | zeroBytes(w0 ^ BACKSLASHES);
            if (hits0 != 0)
            {
                final int n = Long.numberOfTrailingZeros(hits0) >>> 3;
                if (byteAt(start + n) == '"')
                {
                    nameLength = n;
                    nameHead = n == 0 ? 0 : w0 & (-1L >>> (64 - (n << 3)));
                    nameTail = 0;
                    return start + n;
                }
            }
            else
            {
                final long w1 = wordAt(start + 8);
                final long hits1 = zeroBytes(w1 ^ QUOTES) | zeroBytes(w1 ^ BACKSLASHES);
                if (hits1 != 0)
                {
                    final int n = 8 + (Long.numberOfTrailingZeros(hits1) >>> 3);
                    if (byteAt(start + n) == '"')
                    {
                        nameLength = n;
                        nameHead = w0;
                        nameTail = n == 8 ? w0 : (w0 >>> ((n - 8) << 3)) | (w1 << ((16 - n) << 3));
                        return start + n;
                    }
                }
            }
        }
        final int end = endOfString(start);
        if (end < 0)
        {
            return -1;
        }
        final int n = end - start;
        nameLength = n;
        if (n >= 8)
        {
            nameHead = wordAt(start);
            nameTail = wordAt(end - 8);
        }
        else
        {
            long head = 0;
            for (int i = 0; i < n; i++)
            {
                head |= (byteAt(start + i) & 0xFFL) << (i << 3);
            }
            nameHead = head;
            nameTail = 0;
        }
        return end;
    }

    /**
     * {@link #nextMember()} and {@link #lookupName} in one step, predicted from the member order seen before.
     * <p>
     * A feed sends the members of one kind of object in the same order with the same spacing every time, so the
     * bytes from the end of one value to the start of the next (separator, quoted name, colon) repeat. The cursor
     * remembers them, per {@code sequence} slot and member position, from the last object read through that slot;
     * when the bytes at the cursor are exactly the remembered ones (compared a word at a time) the name's id is
     * known without scanning or hashing. When they differ (another order, a new member, whitespace) the member is
     * read the general way and the remembered order is replaced from there on, so a changed feed costs one object.
     * Exact bytes in, the same id out: a prediction never accepts anything the general path would not. A predicted
     * member does not update {@link #nameOffset()} / {@link #nameLength()} (the id is all a caller of this needs).
     *
     * @param names    to look the name up in.
     * @param sequence slot in [0, {@link #MAX_SEQUENCES}) for this kind of object; one caller's objects of one kind
     *                 should share a slot, different kinds should not.
     * @return the name's id (&gt;= 0), {@link JsonFieldNames#UNKNOWN} for a name not in {@code names} (the cursor at
     * its value either way), {@link #MEMBER_END} after the closing brace, or {@link #MEMBER_ERROR}.
     */
    public int nextMemberId(final JsonFieldNames names, final int sequence)
    {
        // The usual case, kept small enough for the JIT to inline into the caller's member loop: the learned bytes
        // compared as four masked words (the mask is zero past the pattern's length), no whitespace after them.
        // Anything else (first object, near the end of the input, a miss, whitespace) takes the full path below,
        // which repeats these checks itself.
        final MemberSequence learned = sequences[sequence];
        final int from = position;
        if (learned != null && learned.names == names && from + MemberSequence.MAX_PATTERN < limit)
        {
            final long bit = 1L << depth;
            final int index = (hasMembers & bit) == 0 ? 0 : laterIndex(learned.next);
            if (depth != 0 && (isArray & bit) == 0 && index < learned.size)
            {
                final int length = learned.lengths[index];
                final long[] patterns = learned.patterns;
                final long[] masks = learned.masks;
                final int base = index << 2;
                if (length != 0 &&
                    (((wordAt(from) ^ patterns[base]) & masks[base]) |
                    ((wordAt(from + 8) ^ patterns[base + 1]) & masks[base + 1]) |
                    ((wordAt(from + 16) ^ patterns[base + 2]) & masks[base + 2]) |
                    ((wordAt(from + 24) ^ patterns[base + 3]) & masks[base + 3])) == 0 &&
                    byteAt(from + length) > ' ')
                {
                    hasMembers |= bit;
                    position = from + length;
                    learned.next = index + 1;
                    return learned.ids[index];
                }
            }
        }
        return nextMemberIdFully(names, sequence);
    }

    private int nextMemberIdFully(final JsonFieldNames names, final int sequence)
    {
        final long bit = 1L << depth;
        if (depth == 0 || (isArray & bit) != 0)
        {
            return MEMBER_ERROR;
        }
        MemberSequence learned = sequences[sequence];
        if (learned == null || learned.names != names)
        {
            learned = new MemberSequence(names); // once per slot (or when a slot changes tables): not per object
            sequences[sequence] = learned;
        }
        final int index = (hasMembers & bit) == 0 ? 0 : laterIndex(learned.next);
        final int from = position;
        if (index < learned.size)
        {
            final int length = learned.lengths[index];
            final long[] patterns = learned.patterns;
            final long[] masks = learned.masks;
            final int base = index << 2;
            final boolean hit;
            if (length != 0 && from + length < limit && from + (length <= 16 ? 16 : 32) > limit)
            {
                // the last few bytes of the input: compared a byte at a time so as not to read past its end
                hit = bytesMatch(patterns, base, from, length);
            }
            else if (length <= 16)
            {
                hit = length != 0 && from + 16 <= limit &&
                    (((wordAt(from) ^ patterns[base]) & masks[base]) |
                    ((wordAt(from + 8) ^ patterns[base + 1]) & masks[base + 1])) == 0;
            }
            else
            {
                hit = from + 32 <= limit &&
                    (((wordAt(from) ^ patterns[base]) & masks[base]) |
                    ((wordAt(from + 8) ^ patterns[base + 1]) & masks[base + 1]) |
                    ((wordAt(from + 16) ^ patterns[base + 2]) & masks[base + 2]) |
                    ((wordAt(from + 24) ^ patterns[base + 3]) & masks[base + 3])) == 0;
            }
            if (hit && from + length < limit)
            {
                hasMembers |= bit;
                int valueAt = from + length;
                if (byteAt(valueAt) <= ' ')
                {
                    // whitespace after the colon that the remembered bytes did not have: skip it as the scan would
                    valueAt = skipWhitespace(valueAt);
                    if (valueAt >= limit)
                    {
                        position = valueAt; // where nextMember() would leave it
                        return MEMBER_ERROR;
                    }
                }
                position = valueAt;
                learned.next = index + 1;
                return learned.ids[index];
            }
        }
        final int step = nextMember();
        if (step != NEXT)
        {
            return step == END ? MEMBER_END : MEMBER_ERROR;
        }
        final int id = names.indexOf(buffer, nameOffset, nameLength, nameHead, nameTail);
        learned.learn(index, id, from, position - from, this);
        return id;
    }

    /**
     * {@link #nextMemberId} that skips the members whose name is not in {@code names} itself, values and all, and
     * returns only known ids: the caller's per-member dispatch runs once per member it reads rather than once per
     * member in the object (Bybit items carry two to three times as many members as an event needs). Unknown values
     * are checked exactly as {@link #skipValue()} checks them; the usual empty string is recognised from its two
     * quotes without a scan.
     * <p>
     * Predicted like {@link #nextMemberId}, but per known member: the remembered bytes run from the end of the
     * previous known value to the start of this one, so unknown members between them whose names and values repeat
     * byte for byte (empty strings, "UNKNOWN", "0", ...) are passed over in the same masked compare. Bytes equal to
     * ones the full path accepted are accepted with the same outcome; anything else is read the full way. An unknown
     * member whose value was seen to change (a miss in its stretch: a price, a PnL, an id) becomes an entry of its
     * own whose value is skipped by a scan, so the bytes around it stay predictable; the closing brace is an entry
     * too.
     *
     * @param names    to look the name up in.
     * @param sequence slot as for {@link #nextMemberId}; also used by that method, so a slot's objects should be
     *                 read through one of the two methods.
     * @return the name's id (&gt;= 0) with the cursor at its value, {@link #MEMBER_END} after the closing brace, or
     * {@link #MEMBER_ERROR} (also for a malformed value of an unknown member).
     */
    public int nextKnownMemberId(final JsonFieldNames names, final int sequence)
    {
        final KnownSequence known = knownSequences[sequence];
        final MemberSequence members = sequences[sequence];
        final int from = position;
        if (known != null && members != null && known.names == names && members.names == names)
        {
            final long bit = 1L << depth;
            final int index = (hasMembers & bit) == 0 ? 0 : laterIndex(known.next);
            if (depth != 0 && (isArray & bit) == 0 && index < known.size)
            {
                final int length = known.lengths[index];
                if (length > 0 && from + known.reaches[index] <= limit && from + length < limit &&
                    entryDiff(known, index, from, length) == 0)
                {
                    final int id = acceptPredicted(names, sequence, known, members, index, from + length);
                    if (id != NO_PREDICTION)
                    {
                        return id;
                    }
                }
            }
        }
        return nextKnownMemberIdFully(names, sequence);
    }

    // Zero when the bytes at `from` (with the entry's reach readable) are entry `index`'s remembered ones. Two or
    // four masked words whatever the length up to 32, so the compare has no loop whose trip count varies from
    // entry to entry: such loops cost more in mispredicted exits than the words they compare.
    private long entryDiff(final KnownSequence known, final int index, final int from, final int length)
    {
        final long[] p = known.patterns;
        final long[] m = known.masks;
        final int base = index * KnownSequence.WORDS;
        final int mb = index << 2;
        long diff = ((wordAt(from) ^ p[base]) & m[mb]) | ((wordAt(from + 8) ^ p[base + 1]) & m[mb + 1]);
        if (length > 16)
        {
            diff |= ((wordAt(from + 16) ^ p[base + 2]) & m[mb + 2]) | ((wordAt(from + 24) ^ p[base + 3]) & m[mb + 3]);
            if (length > 32)
            {
                final int last = (length - 1) >> 3;
                for (int w = 4; w < last; w++)
                {
                    diff |= wordAt(from + (w << 3)) ^ p[base + w];
                }
                diff |= (wordAt(from + (last << 3)) ^ p[base + last]) & known.lastMasks[index];
            }
        }
        return diff;
    }

    // Entry `index` matched the bytes before `at`: a known member (the cursor left at its value), the object's end
    // or a skipped member. NO_PREDICTION when whitespace follows a known member's colon: the full path skips it.
    private int acceptPredicted(
        final JsonFieldNames names, final int sequence, final KnownSequence known, final MemberSequence members,
        final int index, final int at)
    {
        final int id = known.ids[index];
        if (id < 0)
        {
            return afterPredictedEntry(names, sequence, known, members, index, at);
        }
        if (byteAt(at) <= ' ')
        {
            return NO_PREDICTION;
        }
        passEntry(known, members, index);
        position = at;
        return id;
    }

    // The cursor's sequences past entry `index` of the current object.
    private void passEntry(final KnownSequence known, final MemberSequence members, final int index)
    {
        hasMembers |= 1L << depth;
        known.next = index + 1;
        members.next = known.memberNext[index];
    }

    // A predicted entry that is not a known member: the object's end, or an unknown member whose value is skipped.
    private int afterPredictedEntry(
        final JsonFieldNames names, final int sequence, final KnownSequence known, final MemberSequence members,
        final int index, final int at)
    {
        if (known.ids[index] == KnownSequence.END)
        {
            position = at;
            depth--;
            known.next = index + 1;
            return MEMBER_END;
        }
        passEntry(known, members, index);
        final int end = skipScalarFast(at);
        if (end >= 0)
        {
            position = end;
        }
        else
        {
            position = at;
            if (byteAt(at) <= ' ' || !skipValue())
            {
                return byteAt(at) <= ' ' ? nextKnownAfterSpace(names, sequence) : MEMBER_ERROR;
            }
        }
        return nextKnownMemberId(names, sequence);
    }

    // Whitespace after a predicted name's colon that the remembered bytes did not have: skip it and the value as
    // the full path would, then carry on.
    private int nextKnownAfterSpace(final JsonFieldNames names, final int sequence)
    {
        position = skipWhitespace(position);
        if (position >= limit || !skipValue())
        {
            return MEMBER_ERROR;
        }
        return nextKnownMemberId(names, sequence);
    }

    // An unknown member's value in its plain form (a string without escapes, or a number) at `at` (inside the
    // input): the index after it, or -1 when skipValue must decide.
    private int skipScalarFast(final int at)
    {
        final byte first = byteAt(at);
        if (first == '"')
        {
            final int end = nextSpecialInString(at + 1);
            return end < limit && byteAt(end) == '"' ? end + 1 : -1;
        }
        if (first == '-' || (first >= '0' && first <= '9'))
        {
            int end = at + 1;
            while (end < limit && isNumberByte(byteAt(end)))
            {
                end++;
            }
            return end < limit ? end : -1;
        }
        return -1;
    }

    // nextKnownMemberId's prediction for an entry whose word compare would read past the end of the input (the
    // last members of the last item of a frame, and its closing brace): the same checks a byte at a time. The
    // result, or NO_PREDICTION when there is no such prediction.
    private int nearEndPrediction(
        final JsonFieldNames names, final int sequence, final KnownSequence known, final int index)
    {
        final MemberSequence members = sequences[sequence];
        final int from = position;
        final long bit = 1L << depth;
        if (index >= known.size || members == null || members.names != names || depth == 0 || (isArray & bit) != 0)
        {
            return NO_PREDICTION;
        }
        final int length = known.lengths[index];
        final int id = known.ids[index];
        final int at = from + length;
        if (length == 0 || from + known.reaches[index] <= limit || at > limit ||
            (at == limit && id != KnownSequence.END) ||
            !bytesMatch(known.patterns, index * KnownSequence.WORDS, from, length))
        {
            return NO_PREDICTION;
        }
        return acceptPredicted(names, sequence, known, members, index, at);
    }

    // The `length` remembered bytes starting at word `base` of `patterns` are the bytes at `from`.
    private boolean bytesMatch(final long[] patterns, final int base, final int from, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (byteAt(from + i) != (byte)(patterns[base + (i >> 3)] >>> ((i & 7) << 3)))
            {
                return false;
            }
        }
        return true;
    }

    private int nextKnownMemberIdFully(final JsonFieldNames names, final int sequence)
    {
        final boolean first = depth != 0 && (hasMembers & (1L << depth)) == 0;
        KnownSequence known = knownSequences[sequence];
        if (known == null || known.names != names)
        {
            known = new KnownSequence(names); // once per slot (or when a slot changes tables): not per object
            knownSequences[sequence] = known;
        }
        int index = first ? 0 : laterIndex(known.next);
        final int predicted = nearEndPrediction(names, sequence, known, index);
        if (predicted != NO_PREDICTION)
        {
            return predicted;
        }
        // bytes were remembered for this entry and did not match (rather than: nothing remembered yet), so some
        // unknown member before the next known one has a value that changes from object to object (a price, an
        // id, a time): from now on each non-empty unknown value here is an entry of its own, skipped when read,
        // so it no longer spoils the remembered bytes around it
        final boolean missed = index < known.size && known.lengths[index] != 0;
        int from = position;
        int id;
        while ((id = nextMemberId(names, sequence)) == JsonFieldNames.UNKNOWN)
        {
            // nextMemberId leaves the cursor on the value's first byte, inside the input
            final int pos = position;
            if (byteAt(pos) == '"')
            {
                if (pos + 1 < limit && byteAt(pos + 1) == '"')
                {
                    position = pos + 2;
                    valueType = TYPE_NONE;
                }
                else if (!readString(pos + 1))
                {
                    return MEMBER_ERROR;
                }
            }
            else if (!skipValue())
            {
                return MEMBER_ERROR;
            }
            final int member = sequences[sequence].next - 1;
            final long memberBit = member < Long.SIZE ? 1L << member : 0;
            if (missed && position - pos > 2)
            {
                known.changingMembers |= memberBit;
            }
            if ((known.changingMembers & memberBit) != 0)
            {
                known.learn(index++, KnownSequence.SKIP, sequences[sequence].next, from, pos - from, this);
                from = position;
            }
        }
        if (id >= 0)
        {
            known.learn(index, id, sequences[sequence].next, from, position - from, this);
        }
        else if (id == MEMBER_END)
        {
            known.learn(index, KnownSequence.END, 0, from, position - from, this);
        }
        return id;
    }

    byte patternByte(final int index)
    {
        return byteAt(index);
    }

    // The position of a member after the first, from where the slot's sequence says the object is. 0 there means
    // the sequence began inside this object (its first members were read some other way), so its position 0 would
    // be a later member's bytes: no position, so nothing is predicted or learned for the rest of this object, and
    // remembered bytes of a later member never match (or are learned for) a first one, or the other way round.
    private static int laterIndex(final int next)
    {
        return next == 0 ? MemberSequence.CAPACITY : next;
    }

    /**
     * Advance to the next element of the current array: {@link #NEXT} with the cursor at the element,
     * {@link #END} after the closing bracket, or {@link #ERROR}.
     *
     * @return NEXT, END or ERROR.
     */
    public int nextElement()
    {
        final long bit = 1L << depth;
        if (depth == 0 || (isArray & bit) == 0)
        {
            return ERROR;
        }
        int pos = skipWhitespace(position);
        if (pos >= limit)
        {
            return ERROR;
        }
        byte b = byteAt(pos);
        if (b == ']')
        {
            position = pos + 1;
            depth--;
            return END;
        }
        if ((hasMembers & bit) != 0)
        {
            if (b != ',')
            {
                return ERROR;
            }
            pos = skipWhitespace(pos + 1);
            if (pos >= limit)
            {
                return ERROR;
            }
            b = byteAt(pos);
            if (b == ']')
            {
                return ERROR;
            }
        }
        hasMembers |= bit;
        position = pos;
        return NEXT;
    }

    /**
     * Read a scalar (string, number, true, false, null) at the cursor into the value fields.
     *
     * @return false when there is no well-formed scalar at the cursor.
     */
    public boolean readScalar()
    {
        final int pos = position;
        if (pos >= limit)
        {
            return false;
        }
        final byte first = byteAt(pos);
        if (first == '"')
        {
            return readString(pos + 1);
        }
        if (first == '-' || (first >= '0' && first <= '9'))
        {
            int end = pos + 1;
            while (end < limit && isNumberByte(byteAt(end)))
            {
                end++;
            }
            setValue(TYPE_NUMBER, pos, end - pos, false);
            position = end;
            return true;
        }
        return readLiteral(first);
    }

    private static boolean isNumberByte(final byte b)
    {
        return (b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '-' || b == '+';
    }

    private void setValue(final int type, final int offset, final int length, final boolean escaped)
    {
        valueType = type;
        valueOffset = offset;
        valueLength = length;
        valueEscaped = escaped;
    }

    // A string whose content starts at `start`: raw control bytes are malformed, escapes are only skipped here.
    private boolean readString(final int start)
    {
        int pos = start;
        boolean escaped = false;
        while (true)
        {
            pos = nextSpecialInString(pos);
            if (pos >= limit)
            {
                return false;
            }
            final byte b = byteAt(pos);
            if (b == '"')
            {
                break;
            }
            if (b != '\\')
            {
                return false; // a raw control character
            }
            escaped = true;
            pos += 2;
        }
        setValue(TYPE_STRING, start, pos - start, escaped);
        position = pos + 1;
        return true;
    }

    private boolean readLiteral(final byte first)
    {
        switch (first)
        {
            case 't': return literal(TRUE_WORD, 4, TYPE_TRUE);
            case 'f': return literal(FALSE_WORD, 5, TYPE_FALSE);
            case 'n': return literal(NULL_WORD, 4, TYPE_NULL);
            default: return false;
        }
    }

    private static final long TRUE_WORD = word("true");
    private static final long FALSE_WORD = word("false");
    private static final long NULL_WORD = word("null");

    private static long word(final String text)
    {
        long w = 0;
        for (int i = 0; i < text.length(); i++)
        {
            w |= (long)text.charAt(i) << (i << 3);
        }
        return w;
    }

    private boolean literal(final long text, final int length, final int type)
    {
        final int pos = position;
        if (pos + length > limit)
        {
            return false;
        }
        long w = 0;
        for (int i = 0; i < length; i++)
        {
            w |= (byteAt(pos + i) & 0xFFL) << (i << 3);
        }
        if (w != text)
        {
            return false;
        }
        setValue(type, pos, length, false);
        position = pos + length;
        return true;
    }

    /**
     * Skip the value at the cursor, whatever it is; containers are scanned to their matching close.
     *
     * @return false when malformed or truncated.
     */
    public boolean skipValue()
    {
        if (position >= limit)
        {
            return false;
        }
        final byte first = byteAt(position);
        if (first != '{' && first != '[')
        {
            return readScalar();
        }
        final int limit = this.limit;
        int pos = position + 1;
        int nesting = 1;
        while (true)
        {
            pos = nextStructural(pos);
            if (pos >= limit)
            {
                return false;
            }
            final byte b = byteAt(pos++);
            if (b == '"')
            {
                pos = endOfString(pos);
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

    /**
     * @return the index of the first '"', '\\' or control byte at or after from, or limit.
     */
    private int nextSpecialInString(final int from)
    {
        final int limit = this.limit;
        int pos = from;
        while (pos + 8 <= limit)
        {
            final long w = wordAt(pos);
            final long hits = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES) | controlBytes(w);
            if (hits != 0)
            {
                return pos + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
            pos += 8;
        }
        while (pos < limit)
        {
            final byte b = byteAt(pos);
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
    private int endOfString(final int from)
    {
        final int limit = this.limit;
        int pos = from;
        while (true)
        {
            while (pos + 8 <= limit)
            {
                final long w = wordAt(pos);
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
                final byte b = byteAt(pos);
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
            if (byteAt(pos) == '"')
            {
                return pos;
            }
            pos += 2; // skip the escaped byte
        }
    }

    /**
     * @return the index of the first '"', '{', '[', '}' or ']' at or after from, or limit.
     */
    private int nextStructural(final int from)
    {
        final int limit = this.limit;
        int pos = from;
        while (pos + 8 <= limit)
        {
            final long w = wordAt(pos);
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
            final byte b = byteAt(pos);
            if (b == '"' || b == '{' || b == '[' || b == '}' || b == ']')
            {
                return pos;
            }
            pos++;
        }
        return limit;
    }

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L };

    // The value of n (1..8) ASCII digits at index, known to be digits; reads one word at index.
    private long digits8(final int index, final int n)
    {
        return Swar.digits(wordAt(index), n);
    }

    // The value of n (1..16) ASCII digits at index, known to be digits.
    private long digits16(final int index, final int n)
    {
        return n <= 8 ? digits8(index, n) : digits8(index, n - 8) * 100_000_000L + digits8(index + n - 8, 8);
    }

    // SWAR fast path of readDecimal for the common shape: a plain decimal string of at most 16 digits, read a word
    // at a time with 24 readable bytes. False means "not this shape": the byte loop decides (and may still accept).
    private boolean fastDecimal(final int start, final FixedDecimal out)
    {
        int pos = start;
        if (pos + 24 > limit)
        {
            return false;
        }
        final boolean negative = byteAt(pos) == '-';
        if (negative)
        {
            pos++;
        }
        long m0 = nonDigits(wordAt(pos));
        long m1 = nonDigits(wordAt(pos + 8));
        final int intDigits = firstFlagged(m0, m1);
        if (intDigits == 0 || intDigits == 16)
        {
            return false;
        }
        final byte stop = byteAt(pos + intDigits);
        int fracDigits = 0;
        int end = pos + intDigits;
        if (stop == '.')
        {
            // clear the dot's flag and look for the next non-digit
            if (intDigits < 8)
            {
                m0 &= m0 - 1;
            }
            else
            {
                m1 &= m1 - 1;
            }
            final int next = firstFlagged(m0, m1);
            fracDigits = next - intDigits - 1;
            if (fracDigits <= 0 || next == 16)
            {
                return false;
            }
            end = pos + next;
        }
        if (byteAt(end) != '"')
        {
            return false;
        }
        long m = digits16(pos, intDigits);
        if (fracDigits > 0)
        {
            m = m * POW10[fracDigits] + digits16(pos + intDigits + 1, fracDigits);
        }
        setValue(TYPE_STRING, start, end - start, false);
        position = end + 1;
        out.set(negative ? -m : m, -fracDigits);
        return true;
    }

    // SWAR fast path of readLong: at most 16 digits, quoted or not, 24 readable bytes. False: the byte loop decides.
    private boolean fastLong(final int start, final boolean quoted)
    {
        int pos = start;
        if (pos + 24 > limit)
        {
            return false;
        }
        final boolean negative = byteAt(pos) == '-';
        if (negative)
        {
            pos++;
        }
        final int n = firstFlagged(nonDigits(wordAt(pos)), nonDigits(wordAt(pos + 8)));
        if (n == 0 || n == 16)
        {
            return false;
        }
        final byte stop = byteAt(pos + n);
        if (quoted ? stop != '"' : isNumberByte(stop))
        {
            return false;
        }
        final long value = digits16(pos, n);
        longValue = negative ? -value : value;
        if (quoted)
        {
            setValue(TYPE_STRING, start, pos + n - start, false);
            position = pos + n + 1;
        }
        else
        {
            setValue(TYPE_NUMBER, start, pos + n - start, false);
            position = pos + n;
        }
        return true;
    }

    /**
     * Read a decimal given as a JSON string or number; null and "" make it absent. Converted while scanned: one
     * pass, no second look at the digits. The plain form only (optional '-', digits, optionally '.' and digits, at
     * most {@link FixedDecimal#MAX_SIGNIFICANT_DIGITS} significant digits); exponents, '+', escapes and anything
     * else are malformed.
     *
     * @param out set to the value, or cleared.
     * @return false when malformed.
     */
    public boolean readDecimal(final FixedDecimal out)
    {
        out.clear();
        final int limit = this.limit;
        int pos = position;
        if (pos >= limit)
        {
            return false;
        }
        final byte first = byteAt(pos);
        final boolean quoted = first == '"';
        if (quoted)
        {
            pos++;
        }
        else if (first == 'n')
        {
            if (!literal(NULL_WORD, 4, TYPE_NULL))
            {
                return false;
            }
            return true;
        }
        final int start = pos;
        if (pos >= limit)
        {
            return false;
        }
        byte b = byteAt(pos);
        if (quoted && b == '"')
        {
            setValue(TYPE_STRING, start, 0, false);
            position = pos + 1;
            return true; // "" is absent
        }
        if (quoted && fastDecimal(start, out))
        {
            return true;
        }
        final boolean negative = b == '-';
        if (negative)
        {
            pos++;
        }
        long m = 0;
        int significant = 0;
        int intDigits = 0;
        int fracDigits = 0;
        boolean dot = false;
        while (true)
        {
            if (pos >= limit)
            {
                if (quoted)
                {
                    return false;
                }
                break;
            }
            b = byteAt(pos);
            final int d = b - '0';
            if (d >= 0 && d <= 9)
            {
                if (dot)
                {
                    fracDigits++;
                }
                else
                {
                    intDigits++;
                }
                if ((m | d) != 0)
                {
                    if (++significant > FixedDecimal.MAX_SIGNIFICANT_DIGITS)
                    {
                        return false;
                    }
                    m = m * 10 + d;
                }
                pos++;
            }
            else if (b == '.' && !dot)
            {
                dot = true;
                pos++;
            }
            else
            {
                break;
            }
        }
        if (intDigits == 0 || (dot && fracDigits == 0))
        {
            return false;
        }
        if (quoted)
        {
            if (b != '"')
            {
                return false;
            }
            setValue(TYPE_STRING, start, pos - start, false);
            position = pos + 1;
        }
        else
        {
            if (pos < limit && isNumberByte(b))
            {
                return false; // exponent, second '.', '+' or '-' inside: not a plain decimal
            }
            setValue(TYPE_NUMBER, start, pos - start, false);
            position = pos;
        }
        out.set(negative ? -m : m, -fracDigits);
        return true;
    }

    /**
     * Read a string (escapes decoded, {@code \\u} escapes as UTF-8), a number (its text) or null (empty) into a
     * field.
     *
     * @param out set to the value.
     * @return false when malformed (or a bad escape).
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
            byte b = byteAt(i);
            if (b == '\\')
            {
                final byte e = byteAt(++i);
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
                        int code = hex4(i + 1, end);
                        if (code < 0)
                        {
                            return false;
                        }
                        i += 4;
                        if (code >= 0xD800 && code <= 0xDFFF)
                        {
                            // a high surrogate must be followed by an escaped low one; anything else is malformed
                            if (code > 0xDBFF || i + 2 >= end || byteAt(i + 1) != '\\' || byteAt(i + 2) != 'u')
                            {
                                return false;
                            }
                            final int low = hex4(i + 3, end);
                            if (low < 0xDC00 || low > 0xDFFF)
                            {
                                return false;
                            }
                            i += 6;
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        }
                        appendUtf8(out, code);
                        continue;
                    }
                    default:
                        return false;
                }
            }
            out.append(b);
        }
        return true;
    }

    // Four hex digits at from (all before end), or -1.
    private int hex4(final int from, final int end)
    {
        if (from + 4 > end)
        {
            return -1;
        }
        int code = 0;
        for (int k = 0; k < 4; k++)
        {
            final int d = Character.digit(byteAt(from + k), 16);
            if (d < 0)
            {
                return -1;
            }
            code = (code << 4) | d;
        }
        return code;
    }

    private static void appendUtf8(final AsciiField out, final int code)
    {
        if (code < 0x80)
        {
            out.append((byte)code);
        }
        else if (code < 0x800)
        {
            out.append((byte)(0xC0 | (code >>> 6)));
            out.append((byte)(0x80 | (code & 0x3F)));
        }
        else if (code < 0x10000)
        {
            out.append((byte)(0xE0 | (code >>> 12)));
            out.append((byte)(0x80 | ((code >>> 6) & 0x3F)));
            out.append((byte)(0x80 | (code & 0x3F)));
        }
        else
        {
            out.append((byte)(0xF0 | (code >>> 18)));
            out.append((byte)(0x80 | ((code >>> 12) & 0x3F)));
            out.append((byte)(0x80 | ((code >>> 6) & 0x3F)));
            out.append((byte)(0x80 | (code & 0x3F)));
        }
    }

    /**
     * Read an integer given as a JSON number or a string of digits into {@link #longValue()}; null and "" give
     * {@code absentValue}. Converted while scanned.
     *
     * @param absentValue for null and "".
     * @return false when malformed or out of the long range.
     */
    public boolean readLong(final long absentValue)
    {
        final int limit = this.limit;
        int pos = position;
        if (pos >= limit)
        {
            return false;
        }
        byte b = byteAt(pos);
        final boolean quoted = b == '"';
        if (quoted)
        {
            if (++pos >= limit)
            {
                return false;
            }
            b = byteAt(pos);
            if (b == '"')
            {
                setValue(TYPE_STRING, pos, 0, false);
                position = pos + 1;
                longValue = absentValue;
                return true;
            }
        }
        else if (b == 'n')
        {
            if (!literal(NULL_WORD, 4, TYPE_NULL))
            {
                return false;
            }
            longValue = absentValue;
            return true;
        }
        final int start = pos;
        if (fastLong(start, quoted))
        {
            return true;
        }
        final boolean negative = b == '-';
        if (negative)
        {
            pos++;
        }
        // accumulate negatively so Long.MIN_VALUE fits
        long value = 0;
        int digits = 0;
        while (pos < limit)
        {
            b = byteAt(pos);
            final int d = b - '0';
            if (d < 0 || d > 9)
            {
                break;
            }
            if (value < -922337203685477580L || (value == -922337203685477580L && d > 8))
            {
                return false;
            }
            value = value * 10 - d;
            digits++;
            pos++;
        }
        if (digits == 0)
        {
            return false;
        }
        if (!negative)
        {
            if (value == Long.MIN_VALUE)
            {
                return false;
            }
            value = -value;
        }
        if (quoted)
        {
            if (pos >= limit || b != '"')
            {
                return false;
            }
            setValue(TYPE_STRING, start, pos - start, false);
            position = pos + 1;
        }
        else
        {
            if (pos < limit && isNumberByte(b))
            {
                return false;
            }
            setValue(TYPE_NUMBER, start, pos - start, false);
            position = pos;
        }
        longValue = value;
        return true;
    }

    /**
     * @return 1 for true, 0 for false or null, -1 for anything else.
     */
    public int readBoolean()
    {
        if (position >= limit || !readLiteral(byteAt(position)))
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
