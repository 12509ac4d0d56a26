package com.qkt.bench;

import com.qkt.broker.bybit.protocol.BybitExecType;
import com.qkt.broker.bybit.protocol.BybitOrderStatus;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;

/**
 * Reused event holders the Chronicle Wire and Jackson streaming variants decode into: pre-sized StringBuilders for
 * text, our FixedDecimal for numbers, enums for the closed sets. The same fields our BybitExecution/BybitOrder carry.
 */
final class MutableEvents
{
    private MutableEvents()
    {
    }

    static final int MAX_ITEMS = 16;

    static final class Execution
    {
        final StringBuilder category = new StringBuilder(16);
        final StringBuilder symbol = new StringBuilder(24);
        final StringBuilder orderId = new StringBuilder(40);
        final StringBuilder orderLinkId = new StringBuilder(40);
        final StringBuilder execId = new StringBuilder(40);
        final StringBuilder feeCurrency = new StringBuilder(12);
        final StringBuilder scratch = new StringBuilder(64);
        Side side;
        OrderType orderType;
        BybitExecType execType;
        final FixedDecimal execPrice = new FixedDecimal();
        final FixedDecimal execQty = new FixedDecimal();
        final FixedDecimal execFee = new FixedDecimal();
        final FixedDecimal execValue = new FixedDecimal();
        final FixedDecimal leavesQty = new FixedDecimal();
        final FixedDecimal orderQty = new FixedDecimal();
        final FixedDecimal orderPrice = new FixedDecimal();
        final FixedDecimal feeRate = new FixedDecimal();
        long execTime;
        boolean isMaker;
        long seq;
    }

    static final class Order
    {
        final StringBuilder category = new StringBuilder(16);
        final StringBuilder symbol = new StringBuilder(24);
        final StringBuilder orderId = new StringBuilder(40);
        final StringBuilder orderLinkId = new StringBuilder(40);
        final StringBuilder timeInForce = new StringBuilder(16);
        final StringBuilder rejectReason = new StringBuilder(48);
        final StringBuilder cancelType = new StringBuilder(32);
        final StringBuilder scratch = new StringBuilder(64);
        Side side;
        OrderType orderType;
        BybitOrderStatus orderStatus;
        final FixedDecimal price = new FixedDecimal();
        final FixedDecimal qty = new FixedDecimal();
        final FixedDecimal leavesQty = new FixedDecimal();
        final FixedDecimal cumExecQty = new FixedDecimal();
        final FixedDecimal cumExecValue = new FixedDecimal();
        final FixedDecimal cumExecFee = new FixedDecimal();
        final FixedDecimal avgPrice = new FixedDecimal();
        long createdTime;
        long updatedTime;
        boolean reduceOnly;
        int positionIdx;
    }

    static Side side(final CharSequence text)
    {
        return CharDecimals.equals(text, "Buy") ? Side.BUY : CharDecimals.equals(text, "Sell") ? Side.SELL : null;
    }

    static OrderType orderType(final CharSequence text)
    {
        return CharDecimals.equals(text, "Limit") ? OrderType.LIMIT :
            CharDecimals.equals(text, "Market") ? OrderType.MARKET : null;
    }

    private static final BybitOrderStatus[] STATUSES = BybitOrderStatus.values();
    private static final BybitExecType[] EXEC_TYPES = BybitExecType.values();

    static BybitOrderStatus orderStatus(final CharSequence text)
    {
        for (final BybitOrderStatus s : STATUSES)
        {
            if (CharDecimals.equals(text, s.wireName()))
            {
                return s;
            }
        }
        return BybitOrderStatus.UNKNOWN;
    }

    static BybitExecType execType(final CharSequence text)
    {
        for (final BybitExecType t : EXEC_TYPES)
        {
            if (CharDecimals.equals(text, t.wireName()))
            {
                return t;
            }
        }
        return BybitExecType.UNKNOWN;
    }
}
