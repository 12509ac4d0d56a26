package com.qkt.broker.bybit.protocol;

import com.qkt.codec.AsciiField;
import com.qkt.codec.AsciiNumbers;
import com.qkt.codec.JsonCursor;
import com.qkt.codec.JsonFieldNames;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import org.agrona.DirectBuffer;

/**
 * Item-level decoding shared by the live private stream and REST recovery: one JSON object of a {@code data[]} or
 * {@code result.list[]} array into a reused {@link BybitOrder}, {@link BybitExecution}, {@link BybitPosition} or
 * {@link BybitWallet}.
 * <p>
 * Unknown members are skipped and member order does not matter. Decimals may be JSON strings or numbers, times are
 * strings (or numbers) of epoch ms, {@code seq} and {@code positionIdx} numbers, {@code isMaker} and
 * {@code reduceOnly} booleans; {@code null} means absent. A wrong type, a malformed decimal, an id longer than
 * {@link BybitOrder#ID_CAPACITY} or a missing id makes the item malformed (false), because a half-read fill or order
 * is worse than none: the caller reconciles instead. Nothing here allocates.
 */
public final class BybitOrderTranslator
{
    private static final int CATEGORY = 0;
    private static final int SYMBOL = 1;
    private static final int ORDER_ID = 2;
    private static final int ORDER_LINK_ID = 3;
    private static final int SIDE = 4;
    private static final int ORDER_TYPE = 5;
    private static final int LEAVES_QTY = 6;
    private static final int ORDER_STATUS = 7;
    private static final int PRICE = 8;
    private static final int QTY = 9;
    private static final int CUM_EXEC_QTY = 10;
    private static final int CUM_EXEC_VALUE = 11;
    private static final int CUM_EXEC_FEE = 12;
    private static final int AVG_PRICE = 13;
    private static final int TIME_IN_FORCE = 14;
    private static final int REJECT_REASON = 15;
    private static final int CANCEL_TYPE = 16;
    private static final int CREATED_TIME = 17;
    private static final int UPDATED_TIME = 18;
    private static final int REDUCE_ONLY = 19;
    private static final int POSITION_IDX = 20;
    private static final int EXEC_ID = 21;
    private static final int EXEC_PRICE = 22;
    private static final int EXEC_QTY = 23;
    private static final int EXEC_FEE = 24;
    private static final int EXEC_VALUE = 25;
    private static final int ORDER_QTY = 26;
    private static final int ORDER_PRICE = 27;
    private static final int FEE_RATE = 28;
    private static final int FEE_CURRENCY = 29;
    private static final int EXEC_TYPE = 30;
    private static final int EXEC_TIME = 31;
    private static final int IS_MAKER = 32;
    private static final int SEQ = 33;
    private static final int SIZE = 34;
    private static final int ENTRY_PRICE = 35;
    private static final int MARK_PRICE = 36;
    private static final int UNREALISED_PNL = 37;
    private static final int CUM_REALISED_PNL = 38;
    private static final int POSITION_STATUS = 39;
    private static final int ACCOUNT_TYPE = 40;
    private static final int TOTAL_EQUITY = 41;
    private static final int TOTAL_WALLET_BALANCE = 42;
    private static final int TOTAL_AVAILABLE_BALANCE = 43;
    private static final int COIN = 44;
    private static final int EQUITY = 45;
    private static final int WALLET_BALANCE = 46;
    private static final int LOCKED = 47;
    private static final int AVAILABLE_TO_WITHDRAW = 48;

    // One table for all item kinds: each parser only acts on the ids it knows and skips the rest.
    private static final JsonFieldNames FIELDS = new JsonFieldNames(
        "category", "symbol", "orderId", "orderLinkId", "side", "orderType", "leavesQty", "orderStatus", "price",
        "qty", "cumExecQty", "cumExecValue", "cumExecFee", "avgPrice", "timeInForce", "rejectReason", "cancelType",
        "createdTime", "updatedTime", "reduceOnly", "positionIdx", "execId", "execPrice", "execQty", "execFee",
        "execValue", "orderQty", "orderPrice", "feeRate", "feeCurrency", "execType", "execTime", "isMaker", "seq",
        "size", "entryPrice", "markPrice", "unrealisedPnl", "cumRealisedPnl", "positionStatus", "accountType",
        "totalEquity", "totalWalletBalance", "totalAvailableBalance", "coin", "equity", "walletBalance", "locked",
        "availableToWithdraw");

    // JsonCursor member-order slots, one per kind of object read here (callers use the slots above these)
    private static final int SEQUENCE_ORDER = 0;
    private static final int SEQUENCE_EXECUTION = 1;
    private static final int SEQUENCE_POSITION = 2;
    private static final int SEQUENCE_WALLET = 3;
    private static final int SEQUENCE_COIN = 4;
    /** The first {@link JsonCursor#nextMemberId} slot free for callers that read frames around the items. */
    public static final int FIRST_FREE_SEQUENCE = 5;

    private static final byte[] BUY = AsciiNumbers.ascii("Buy");
    private static final byte[] SELL = AsciiNumbers.ascii("Sell");
    private static final byte[] LIMIT = AsciiNumbers.ascii("Limit");
    private static final byte[] MARKET = AsciiNumbers.ascii("Market");

    private BybitOrderTranslator()
    {
    }

    /**
     * @param buffer holding the item.
     * @param offset of the item's '{'.
     * @param length of the item (trailing whitespace allowed, nothing else).
     * @param out    reset, then filled.
     * @return false when malformed.
     */
    public static boolean parseOpenOrder(
        final DirectBuffer buffer, final int offset, final int length, final BybitOrder out)
    {
        final JsonCursor cursor = out.cursor.wrap(buffer, offset, length);
        return parseOrder(cursor, out) && cursor.atEndOfInput();
    }

    /**
     * @param buffer holding the item.
     * @param offset of the item's '{'.
     * @param length of the item (trailing whitespace allowed, nothing else).
     * @param out    reset, then filled.
     * @return false when malformed.
     */
    public static boolean parseExecution(
        final DirectBuffer buffer, final int offset, final int length, final BybitExecution out)
    {
        final JsonCursor cursor = out.cursor.wrap(buffer, offset, length);
        return parseExecution(cursor, out) && cursor.atEndOfInput();
    }

    /**
     * @param buffer holding the item.
     * @param offset of the item's '{'.
     * @param length of the item (trailing whitespace allowed, nothing else).
     * @param out    reset, then filled.
     * @return false when malformed.
     */
    public static boolean parsePosition(
        final DirectBuffer buffer, final int offset, final int length, final BybitPosition out)
    {
        final JsonCursor cursor = out.cursor.wrap(buffer, offset, length);
        return parsePosition(cursor, out) && cursor.atEndOfInput();
    }

    /**
     * @param buffer holding the item.
     * @param offset of the item's '{'.
     * @param length of the item (trailing whitespace allowed, nothing else).
     * @param out    reset, then filled.
     * @return false when malformed.
     */
    public static boolean parseWallet(
        final DirectBuffer buffer, final int offset, final int length, final BybitWallet out)
    {
        final JsonCursor cursor = out.cursor.wrap(buffer, offset, length);
        return parseWallet(cursor, out) && cursor.atEndOfInput();
    }

    public static boolean parseOrder(final JsonCursor cursor, final BybitOrder out)
    {
        out.reset();
        if (!cursor.enterObject())
        {
            return false;
        }
        int id;
        while ((id = cursor.nextKnownMemberId(FIELDS, SEQUENCE_ORDER)) >= 0)
        {
            final boolean ok;
            switch (id)
            {
                case CATEGORY: ok = cursor.readAscii(out.category()); break;
                case ORDER_ID: ok = readId(cursor, out.orderId()); break;
                case ORDER_LINK_ID: ok = readId(cursor, out.orderLinkId()); break;
                case SYMBOL: ok = cursor.readAscii(out.symbol()); break;
                case SIDE:
                    ok = cursor.readScalar();
                    out.side = side(cursor);
                    break;
                case ORDER_TYPE:
                    ok = cursor.readScalar();
                    out.orderType = orderType(cursor);
                    break;
                case ORDER_STATUS:
                    ok = cursor.readScalar() && cursor.valueType() == JsonCursor.TYPE_STRING;
                    out.orderStatus = BybitOrderStatus.parse(
                        cursor.buffer(), cursor.valueOffset(), cursor.valueLength());
                    break;
                case PRICE: ok = cursor.readDecimal(out.price()); break;
                case QTY: ok = cursor.readDecimal(out.qty()); break;
                case LEAVES_QTY: ok = cursor.readDecimal(out.leavesQty()); break;
                case CUM_EXEC_QTY: ok = cursor.readDecimal(out.cumExecQty()); break;
                case CUM_EXEC_VALUE: ok = cursor.readDecimal(out.cumExecValue()); break;
                case CUM_EXEC_FEE: ok = cursor.readDecimal(out.cumExecFee()); break;
                case AVG_PRICE: ok = cursor.readDecimal(out.avgPrice()); break;
                case TIME_IN_FORCE: ok = cursor.readAscii(out.timeInForce()); break;
                case REJECT_REASON: ok = cursor.readAscii(out.rejectReason()); break;
                case CANCEL_TYPE: ok = cursor.readAscii(out.cancelType()); break;
                case CREATED_TIME:
                    ok = cursor.readLong(0);
                    out.createdTime = cursor.longValue();
                    break;
                case UPDATED_TIME:
                    ok = cursor.readLong(0);
                    out.updatedTime = cursor.longValue();
                    break;
                case REDUCE_ONLY:
                {
                    final int b = cursor.readBoolean();
                    ok = b >= 0;
                    out.reduceOnly = b == 1;
                    break;
                }
                case POSITION_IDX:
                    ok = cursor.readLong(0) && fitsInt(cursor.longValue());
                    out.positionIdx = (int)cursor.longValue();
                    break;
                default: ok = cursor.skipValue();
            }
            if (!ok)
            {
                return false;
            }
        }
        return id == JsonCursor.MEMBER_END && !out.orderId().isEmpty();
    }

    public static boolean parseExecution(final JsonCursor cursor, final BybitExecution out)
    {
        out.reset();
        if (!cursor.enterObject())
        {
            return false;
        }
        int id;
        while ((id = cursor.nextKnownMemberId(FIELDS, SEQUENCE_EXECUTION)) >= 0)
        {
            final boolean ok;
            switch (id)
            {
                case CATEGORY: ok = cursor.readAscii(out.category()); break;
                case SYMBOL: ok = cursor.readAscii(out.symbol()); break;
                case ORDER_ID: ok = readId(cursor, out.orderId()); break;
                case ORDER_LINK_ID: ok = readId(cursor, out.orderLinkId()); break;
                case EXEC_ID: ok = readId(cursor, out.execId()); break;
                case SIDE:
                    ok = cursor.readScalar();
                    out.side = side(cursor);
                    break;
                case ORDER_TYPE:
                    ok = cursor.readScalar();
                    out.orderType = orderType(cursor);
                    break;
                case EXEC_PRICE: ok = cursor.readDecimal(out.execPrice()); break;
                case EXEC_QTY: ok = cursor.readDecimal(out.execQty()); break;
                case EXEC_FEE: ok = cursor.readDecimal(out.execFee()); break;
                case EXEC_VALUE: ok = cursor.readDecimal(out.execValue()); break;
                case LEAVES_QTY: ok = cursor.readDecimal(out.leavesQty()); break;
                case ORDER_QTY: ok = cursor.readDecimal(out.orderQty()); break;
                case ORDER_PRICE: ok = cursor.readDecimal(out.orderPrice()); break;
                case FEE_RATE: ok = cursor.readDecimal(out.feeRate()); break;
                case FEE_CURRENCY: ok = cursor.readAscii(out.feeCurrency()); break;
                case EXEC_TYPE:
                    ok = cursor.readScalar() && cursor.valueType() == JsonCursor.TYPE_STRING;
                    out.execType = BybitExecType.parse(cursor.buffer(), cursor.valueOffset(), cursor.valueLength());
                    out.execTypePresent = true;
                    break;
                case EXEC_TIME:
                    ok = cursor.readLong(0);
                    out.execTime = cursor.longValue();
                    break;
                case IS_MAKER:
                {
                    final int b = cursor.readBoolean();
                    ok = b >= 0;
                    out.isMaker = b == 1;
                    break;
                }
                case SEQ:
                    ok = cursor.readLong(0);
                    out.seq = cursor.longValue();
                    break;
                default: ok = cursor.skipValue();
            }
            if (!ok)
            {
                return false;
            }
        }
        return id == JsonCursor.MEMBER_END && !out.execId().isEmpty() && !out.orderId().isEmpty();
    }

    public static boolean parsePosition(final JsonCursor cursor, final BybitPosition out)
    {
        out.reset();
        if (!cursor.enterObject())
        {
            return false;
        }
        int id;
        while ((id = cursor.nextMemberId(FIELDS, SEQUENCE_POSITION)) >= JsonFieldNames.UNKNOWN)
        {
            final boolean ok;
            switch (id)
            {
                case CATEGORY: ok = cursor.readAscii(out.category()); break;
                case SYMBOL: ok = cursor.readAscii(out.symbol()); break;
                case SIDE:
                    ok = cursor.readScalar();
                    out.side = side(cursor);
                    break;
                case POSITION_IDX:
                    ok = cursor.readLong(0) && fitsInt(cursor.longValue());
                    out.positionIdx = (int)cursor.longValue();
                    break;
                case SIZE: ok = cursor.readDecimal(out.size()); break;
                case ENTRY_PRICE:
                case AVG_PRICE:
                    ok = cursor.readDecimal(out.entryPrice());
                    break;
                case MARK_PRICE: ok = cursor.readDecimal(out.markPrice()); break;
                case UNREALISED_PNL: ok = cursor.readDecimal(out.unrealisedPnl()); break;
                case CUM_REALISED_PNL: ok = cursor.readDecimal(out.cumRealisedPnl()); break;
                case POSITION_STATUS: ok = cursor.readAscii(out.positionStatus()); break;
                case UPDATED_TIME:
                    ok = cursor.readLong(0);
                    out.updatedTime = cursor.longValue();
                    break;
                case SEQ:
                    ok = cursor.readLong(0);
                    out.seq = cursor.longValue();
                    break;
                default: ok = cursor.skipValue();
            }
            if (!ok)
            {
                return false;
            }
        }
        return id == JsonCursor.MEMBER_END && !out.symbol().isEmpty();
    }

    public static boolean parseWallet(final JsonCursor cursor, final BybitWallet out)
    {
        out.reset();
        if (!cursor.enterObject())
        {
            return false;
        }
        int id;
        while ((id = cursor.nextMemberId(FIELDS, SEQUENCE_WALLET)) >= JsonFieldNames.UNKNOWN)
        {
            final boolean ok;
            switch (id)
            {
                case ACCOUNT_TYPE: ok = cursor.readAscii(out.accountType()); break;
                case TOTAL_EQUITY: ok = cursor.readDecimal(out.totalEquity()); break;
                case TOTAL_WALLET_BALANCE: ok = cursor.readDecimal(out.totalWalletBalance()); break;
                case TOTAL_AVAILABLE_BALANCE: ok = cursor.readDecimal(out.totalAvailableBalance()); break;
                case COIN: ok = parseCoins(cursor, out); break;
                default: ok = cursor.skipValue();
            }
            if (!ok)
            {
                return false;
            }
        }
        return id == JsonCursor.MEMBER_END;
    }

    private static boolean parseCoins(final JsonCursor cursor, final BybitWallet out)
    {
        if (cursor.peek() == 'n')
        {
            return cursor.readScalar() && cursor.valueType() == JsonCursor.TYPE_NULL;
        }
        if (!cursor.enterArray())
        {
            return false;
        }
        int step;
        while ((step = cursor.nextElement()) == JsonCursor.NEXT)
        {
            final BybitWallet.Coin coin = out.claimCoin();
            if (coin == null)
            {
                if (!cursor.skipValue())
                {
                    return false;
                }
                continue;
            }
            if (!cursor.enterObject())
            {
                return false;
            }
            int member;
            while ((member = cursor.nextMemberId(FIELDS, SEQUENCE_COIN)) >= JsonFieldNames.UNKNOWN)
            {
                final boolean ok;
                switch (member)
                {
                    case COIN: ok = cursor.readAscii(coin.coin()); break;
                    case EQUITY: ok = cursor.readDecimal(coin.equity()); break;
                    case WALLET_BALANCE: ok = cursor.readDecimal(coin.walletBalance()); break;
                    case LOCKED: ok = cursor.readDecimal(coin.locked()); break;
                    case AVAILABLE_TO_WITHDRAW: ok = cursor.readDecimal(coin.availableToWithdraw()); break;
                    default: ok = cursor.skipValue();
                }
                if (!ok)
                {
                    return false;
                }
            }
            if (member != JsonCursor.MEMBER_END)
            {
                return false;
            }
        }
        return step == JsonCursor.END;
    }

    private static boolean readId(final JsonCursor cursor, final AsciiField out)
    {
        return cursor.readAscii(out) && !out.truncated();
    }

    private static boolean fitsInt(final long value)
    {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
    }

    private static Side side(final JsonCursor cursor)
    {
        if (cursor.valueType() != JsonCursor.TYPE_STRING)
        {
            return null;
        }
        if (cursor.valueEquals(BUY))
        {
            return Side.BUY;
        }
        return cursor.valueEquals(SELL) ? Side.SELL : null;
    }

    private static OrderType orderType(final JsonCursor cursor)
    {
        if (cursor.valueType() != JsonCursor.TYPE_STRING)
        {
            return null;
        }
        if (cursor.valueEquals(LIMIT))
        {
            return OrderType.LIMIT;
        }
        return cursor.valueEquals(MARKET) ? OrderType.MARKET : null;
    }
}
