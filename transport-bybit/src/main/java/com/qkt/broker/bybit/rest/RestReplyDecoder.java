package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitOrderTranslator;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.broker.bybit.stream.PrivateStreamAdapter;
import com.qkt.codec.AsciiField;
import com.qkt.codec.JsonCursor;
import com.qkt.codec.JsonFieldNames;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Decodes Bybit V5 REST reply bodies: the {@code {retCode, retMsg, result, retExtInfo, time}} envelope, the paged
 * lists used for recovery, order acks and the server time. Reused per call; no allocation.
 * <p>
 * Every decode method first checks the whole body is well-formed JSON, so a truncated body delivers no items. List
 * items without a {@code category} (execution list items) get the one of {@code result.category}.
 */
public final class RestReplyDecoder
{
    /** Returned by the list decoders for malformed input. */
    public static final int MALFORMED = PrivateStreamAdapter.MALFORMED;

    /** {@link #peekRetCode} when the body has no readable retCode. */
    public static final int NO_RET_CODE = Integer.MIN_VALUE;

    private static final byte[] RET_CODE_NAME = "\"retCode\"".getBytes(StandardCharsets.US_ASCII);

    /** {@link #serverTimeMillis()} when no time could be read. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private static final int RET_CODE = 0;
    private static final int RET_MSG = 1;
    private static final int RESULT = 2;
    private static final int TIME = 3;
    private static final JsonFieldNames ENVELOPE_FIELDS = new JsonFieldNames("retCode", "retMsg", "result", "time");

    private static final int CATEGORY = 0;
    private static final int NEXT_PAGE_CURSOR = 1;
    private static final int LIST = 2;
    private static final int ORDER_ID = 3;
    private static final int ORDER_LINK_ID = 4;
    private static final int TIME_SECOND = 5;
    private static final int TIME_NANO = 6;
    private static final JsonFieldNames RESULT_FIELDS = new JsonFieldNames(
        "category", "nextPageCursor", "list", "orderId", "orderLinkId", "timeSecond", "timeNano");

    private static final int LIST_ORDERS = 0;
    private static final int LIST_EXECUTIONS = 1;
    private static final int LIST_POSITIONS = 2;
    private static final int LIST_WALLETS = 3;

    private final JsonCursor cursor = new JsonCursor();
    private final AsciiField retMsg = new AsciiField(256);
    private final AsciiField nextPageCursor = new AsciiField(512);
    private final AsciiField category = new AsciiField(16);
    private final AsciiField ackOrderId = new AsciiField(BybitOrder.ID_CAPACITY);
    private final AsciiField ackOrderLinkId = new AsciiField(BybitOrder.ID_CAPACITY);
    private final BybitOrder order = new BybitOrder();
    private final BybitExecution execution = new BybitExecution();
    private final BybitPosition position = new BybitPosition();
    private final BybitWallet wallet = new BybitWallet();

    private int retCode;
    private long time;
    private boolean resultIsNull;
    private int resultPosition;
    private long serverTimeMillis = NO_TIME;

    /**
     * Ready to decode.
     */
    public RestReplyDecoder()
    {
    }

    /**
     * Read retCode, retMsg and time and locate result; also checks the whole body is well-formed.
     *
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body.
     * @return false when malformed or retCode is missing.
     */
    public boolean decodeEnvelope(final DirectBuffer buffer, final int offset, final int length)
    {
        retCode = 0;
        time = 0;
        resultIsNull = false;
        resultPosition = -1;
        retMsg.clear();
        nextPageCursor.clear();
        category.clear();
        ackOrderId.clear();
        ackOrderLinkId.clear();
        serverTimeMillis = NO_TIME;

        final JsonCursor cursor = this.cursor.wrap(buffer, offset, length);
        if (!cursor.enterObject())
        {
            return false;
        }
        boolean retCodeRead = false;
        int step;
        while ((step = cursor.nextMember()) == JsonCursor.NEXT)
        {
            final boolean ok;
            switch (cursor.lookupName(ENVELOPE_FIELDS))
            {
                case RET_CODE:
                    ok = cursor.readLong(Long.MIN_VALUE) && cursor.longValue() != Long.MIN_VALUE &&
                        cursor.longValue() >= Integer.MIN_VALUE && cursor.longValue() <= Integer.MAX_VALUE;
                    retCode = (int)cursor.longValue();
                    retCodeRead = ok;
                    break;
                case RET_MSG: ok = cursor.readAscii(retMsg); break;
                case RESULT:
                    if (cursor.peek() == '{')
                    {
                        resultPosition = cursor.position();
                        ok = cursor.skipValue();
                    }
                    else
                    {
                        ok = cursor.readScalar() && cursor.valueType() == JsonCursor.TYPE_NULL;
                        resultIsNull = ok;
                    }
                    break;
                case TIME:
                    ok = cursor.readLong(0);
                    time = cursor.longValue();
                    break;
                default: ok = cursor.skipValue();
            }
            if (!ok)
            {
                return false;
            }
        }
        return step == JsonCursor.END && cursor.atEndOfInput() && retCodeRead;
    }

    /**
     * The value of the first {@code "retCode"} in the body, without decoding or validating the rest: the REST client
     * looks at every reply for 10002 before the caller's decoder sees it, and Bybit writes {@code retCode} first.
     *
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body.
     * @return the retCode, or {@link #NO_RET_CODE}.
     */
    public static int peekRetCode(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        final int last = end - RET_CODE_NAME.length;
        for (int i = offset; i <= last; i++)
        {
            if (matches(buffer, i, RET_CODE_NAME))
            {
                int p = i + RET_CODE_NAME.length;
                while (p < end && (buffer.getByte(p) == ' ' || buffer.getByte(p) == ':'))
                {
                    p++;
                }
                final boolean negative = p < end && buffer.getByte(p) == '-';
                if (negative)
                {
                    p++;
                }
                long value = 0;
                int digits = 0;
                while (p < end && digits < 10 && buffer.getByte(p) >= '0' && buffer.getByte(p) <= '9')
                {
                    value = value * 10 + (buffer.getByte(p++) - '0');
                    digits++;
                }
                return digits == 0 ? NO_RET_CODE : (int)(negative ? -value : value);
            }
        }
        return NO_RET_CODE;
    }

    private static boolean matches(final DirectBuffer buffer, final int index, final byte[] value)
    {
        for (int j = 0; j < value.length; j++)
        {
            if (buffer.getByte(index + j) != value[j])
            {
                return false;
            }
        }
        return true;
    }

    /** @return retCode of the last envelope (0 = success). */
    public int retCode()
    {
        return retCode;
    }

    /** @return retMsg of the last envelope. */
    public AsciiField retMsg()
    {
        return retMsg;
    }

    /** @return time of the last envelope, epoch ms (0 if absent). */
    public long time()
    {
        return time;
    }

    /** @return true when the last envelope had {@code "result":null}. */
    public boolean resultIsNull()
    {
        return resultIsNull;
    }

    /** @return cursor for the next page of the last list; empty on the last page. */
    public AsciiField nextPageCursor()
    {
        return nextPageCursor;
    }

    /** @return result.category of the last list. */
    public AsciiField category()
    {
        return category;
    }

    /** @return orderId of the last order ack. */
    public AsciiField ackOrderId()
    {
        return ackOrderId;
    }

    /** @return orderLinkId of the last order ack. */
    public AsciiField ackOrderLinkId()
    {
        return ackOrderLinkId;
    }

    /** @return server time from the last {@link #decodeServerTime}, or {@link #NO_TIME}. */
    public long serverTimeMillis()
    {
        return serverTimeMillis;
    }

    /**
     * Decode a {@code /v5/order/realtime} or {@code /v5/order/history} reply.
     *
     * @param buffer  holding the body.
     * @param offset  of the body.
     * @param length  of the body.
     * @param handler receives each order.
     * @return items delivered (0 when retCode != 0 or result is null/empty), or {@link #MALFORMED}.
     */
    public int decodeOrderList(
        final DirectBuffer buffer, final int offset, final int length, final RestReplyHandler handler)
    {
        return decodeList(buffer, offset, length, handler, LIST_ORDERS);
    }

    /**
     * Decode a {@code /v5/execution/list} reply.
     *
     * @param buffer  holding the body.
     * @param offset  of the body.
     * @param length  of the body.
     * @param handler receives each execution.
     * @return items delivered, or {@link #MALFORMED}.
     */
    public int decodeExecutionList(
        final DirectBuffer buffer, final int offset, final int length, final RestReplyHandler handler)
    {
        return decodeList(buffer, offset, length, handler, LIST_EXECUTIONS);
    }

    /**
     * Decode a {@code /v5/position/list} reply.
     *
     * @param buffer  holding the body.
     * @param offset  of the body.
     * @param length  of the body.
     * @param handler receives each position.
     * @return items delivered, or {@link #MALFORMED}.
     */
    public int decodePositionList(
        final DirectBuffer buffer, final int offset, final int length, final RestReplyHandler handler)
    {
        return decodeList(buffer, offset, length, handler, LIST_POSITIONS);
    }

    /**
     * Decode a {@code /v5/account/wallet-balance} reply.
     *
     * @param buffer  holding the body.
     * @param offset  of the body.
     * @param length  of the body.
     * @param handler receives each account item.
     * @return items delivered, or {@link #MALFORMED}.
     */
    public int decodeWalletBalance(
        final DirectBuffer buffer, final int offset, final int length, final RestReplyHandler handler)
    {
        return decodeList(buffer, offset, length, handler, LIST_WALLETS);
    }

    /**
     * Decode the reply of {@code /v5/order/create} or {@code /v5/order/cancel}: see {@link #ackOrderId()} and
     * {@link #ackOrderLinkId()} (empty when retCode != 0 or result is null).
     *
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body.
     * @return false when malformed.
     */
    public boolean decodeOrderAck(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!decodeEnvelope(buffer, offset, length))
        {
            return false;
        }
        if (resultPosition < 0)
        {
            return true;
        }
        final JsonCursor cursor = this.cursor;
        cursor.reposition(resultPosition);
        if (!cursor.enterObject())
        {
            return false;
        }
        int step;
        while ((step = cursor.nextMember()) == JsonCursor.NEXT)
        {
            final boolean ok;
            switch (cursor.lookupName(RESULT_FIELDS))
            {
                case ORDER_ID: ok = cursor.readAscii(ackOrderId) && !ackOrderId.truncated(); break;
                case ORDER_LINK_ID: ok = cursor.readAscii(ackOrderLinkId) && !ackOrderLinkId.truncated(); break;
                default: ok = cursor.skipValue();
            }
            if (!ok)
            {
                return false;
            }
        }
        return step == JsonCursor.END;
    }

    /**
     * Decode a {@code /v5/market/time} reply into {@link #serverTimeMillis()}: timeNano / 1e6, else
     * timeSecond * 1000, else the envelope time.
     *
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body.
     * @return false when malformed or no time is present.
     */
    public boolean decodeServerTime(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!decodeEnvelope(buffer, offset, length))
        {
            return false;
        }
        long nanos = NO_TIME;
        long seconds = NO_TIME;
        if (resultPosition >= 0)
        {
            final JsonCursor cursor = this.cursor;
            cursor.reposition(resultPosition);
            if (!cursor.enterObject())
            {
                return false;
            }
            int step;
            while ((step = cursor.nextMember()) == JsonCursor.NEXT)
            {
                final boolean ok;
                switch (cursor.lookupName(RESULT_FIELDS))
                {
                    case TIME_NANO:
                        ok = cursor.readLong(NO_TIME);
                        nanos = cursor.longValue();
                        break;
                    case TIME_SECOND:
                        ok = cursor.readLong(NO_TIME);
                        seconds = cursor.longValue();
                        break;
                    default: ok = cursor.skipValue();
                }
                if (!ok)
                {
                    return false;
                }
            }
            if (step != JsonCursor.END)
            {
                return false;
            }
        }
        if (nanos != NO_TIME)
        {
            serverTimeMillis = nanos / 1_000_000L;
        }
        else if (seconds != NO_TIME)
        {
            serverTimeMillis = seconds * 1000L;
        }
        else if (time != 0)
        {
            serverTimeMillis = time;
        }
        return serverTimeMillis != NO_TIME;
    }

    private int decodeList(
        final DirectBuffer buffer, final int offset, final int length, final RestReplyHandler handler, final int kind)
    {
        if (!decodeEnvelope(buffer, offset, length))
        {
            return MALFORMED;
        }
        if (resultPosition < 0)
        {
            return 0;
        }
        final JsonCursor cursor = this.cursor;
        cursor.reposition(resultPosition);
        if (!cursor.enterObject())
        {
            return MALFORMED;
        }
        int listPosition = -1;
        int step;
        while ((step = cursor.nextMember()) == JsonCursor.NEXT)
        {
            final boolean ok;
            switch (cursor.lookupName(RESULT_FIELDS))
            {
                case CATEGORY: ok = cursor.readAscii(category); break;
                case NEXT_PAGE_CURSOR:
                    // a cut cursor would fetch the wrong page: refuse it
                    ok = cursor.readAscii(nextPageCursor) && !nextPageCursor.truncated();
                    break;
                case LIST:
                    if (cursor.peek() == 'n')
                    {
                        ok = cursor.readScalar() && cursor.valueType() == JsonCursor.TYPE_NULL;
                    }
                    else
                    {
                        listPosition = cursor.position();
                        ok = cursor.skipValue();
                    }
                    break;
                default: ok = cursor.skipValue();
            }
            if (!ok)
            {
                return MALFORMED;
            }
        }
        if (step != JsonCursor.END)
        {
            return MALFORMED;
        }
        if (listPosition < 0)
        {
            return 0;
        }

        // every item is checked before the first is delivered: a bad item anywhere makes the reply deliver nothing
        if (decodeItems(listPosition, null, kind) < 0)
        {
            return MALFORMED;
        }
        return decodeItems(listPosition, handler, kind);
    }

    // The items of the list at listPosition, each delivered to handler (only checked when it is null); the count,
    // or -1 at the first bad one.
    private int decodeItems(final int listPosition, final RestReplyHandler handler, final int kind)
    {
        final JsonCursor cursor = this.cursor;
        cursor.reposition(listPosition);
        if (!cursor.enterArray())
        {
            return -1;
        }
        int items = 0;
        int step;
        while ((step = cursor.nextElement()) == JsonCursor.NEXT)
        {
            if (!decodeItem(cursor, handler, kind))
            {
                return -1;
            }
            items++;
        }
        return step == JsonCursor.END ? items : -1;
    }

    private boolean decodeItem(final JsonCursor cursor, final RestReplyHandler handler, final int kind)
    {
        switch (kind)
        {
            case LIST_ORDERS:
                if (!BybitOrderTranslator.parseOrder(cursor, order))
                {
                    return false;
                }
                if (order.category().isEmpty())
                {
                    order.category().set(category);
                }
                if (handler != null)
                {
                    handler.onOrder(order);
                }
                return true;
            case LIST_EXECUTIONS:
                if (!BybitOrderTranslator.parseExecution(cursor, execution))
                {
                    return false;
                }
                if (execution.category().isEmpty())
                {
                    execution.category().set(category);
                }
                if (handler != null)
                {
                    handler.onExecution(execution);
                }
                return true;
            case LIST_POSITIONS:
                if (!BybitOrderTranslator.parsePosition(cursor, position))
                {
                    return false;
                }
                if (position.category().isEmpty())
                {
                    position.category().set(category);
                }
                if (handler != null)
                {
                    handler.onPosition(position);
                }
                return true;
            default:
                if (!BybitOrderTranslator.parseWallet(cursor, wallet))
                {
                    return false;
                }
                if (handler != null)
                {
                    handler.onWallet(wallet);
                }
                return true;
        }
    }
}
