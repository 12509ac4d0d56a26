package com.qkt.broker.bybit.protocol;

import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codec.JsonCursor;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;

/**
 * One fill (or other execution row, see {@link #execType()}) of the {@code execution} / {@code execution.fast}
 * topics or of {@code /v5/execution/list}, decoded in place.
 * <p>
 * Reused for every item: copy out what must outlive the callback. Absent numbers are absent
 * {@link FixedDecimal}s (execution.fast carries no fees), absent times and seq are 0.
 */
public final class BybitExecution
{
    final JsonCursor cursor = new JsonCursor();

    private final AsciiField category = new AsciiField(16);
    private final AsciiField symbol = new AsciiField(24);
    private final AsciiField orderId = new AsciiField(BybitOrder.ID_CAPACITY);
    private final AsciiField orderLinkId = new AsciiField(BybitOrder.ID_CAPACITY);
    private final AsciiField execId = new AsciiField(BybitOrder.ID_CAPACITY);
    Side side;
    OrderType orderType;
    private final FixedDecimal execPrice = new FixedDecimal();
    private final FixedDecimal execQty = new FixedDecimal();
    private final FixedDecimal execFee = new FixedDecimal();
    private final FixedDecimal execValue = new FixedDecimal();
    private final FixedDecimal leavesQty = new FixedDecimal();
    private final FixedDecimal orderQty = new FixedDecimal();
    private final FixedDecimal orderPrice = new FixedDecimal();
    private final FixedDecimal feeRate = new FixedDecimal();
    private final AsciiField feeCurrency = new AsciiField(12);
    BybitExecType execType = BybitExecType.UNKNOWN;
    boolean execTypePresent;
    long execTime;
    boolean isMaker;
    long seq;

    /**
     * Copy every field of another execution, so a recovered fill can be held while later pages are read.
     *
     * @param other to copy.
     */
    public void copyFrom(final BybitExecution other)
    {
        category.set(other.category);
        symbol.set(other.symbol);
        orderId.set(other.orderId);
        orderLinkId.set(other.orderLinkId);
        execId.set(other.execId);
        side = other.side;
        orderType = other.orderType;
        execPrice.set(other.execPrice);
        execQty.set(other.execQty);
        execFee.set(other.execFee);
        execValue.set(other.execValue);
        leavesQty.set(other.leavesQty);
        orderQty.set(other.orderQty);
        orderPrice.set(other.orderPrice);
        feeRate.set(other.feeRate);
        feeCurrency.set(other.feeCurrency);
        execType = other.execType;
        execTypePresent = other.execTypePresent;
        execTime = other.execTime;
        isMaker = other.isMaker;
        seq = other.seq;
    }

    /**
     * Clear every field to absent/empty.
     */
    public void reset()
    {
        category.clear();
        symbol.clear();
        orderId.clear();
        orderLinkId.clear();
        execId.clear();
        side = null;
        orderType = null;
        execPrice.clear();
        execQty.clear();
        execFee.clear();
        execValue.clear();
        leavesQty.clear();
        orderQty.clear();
        orderPrice.clear();
        feeRate.clear();
        feeCurrency.clear();
        execType = BybitExecType.UNKNOWN;
        execTypePresent = false;
        execTime = 0;
        isMaker = false;
        seq = 0;
    }

    /** @return spot, linear, inverse or option. */
    public AsciiField category()
    {
        return category;
    }

    /** @return the symbol. */
    public AsciiField symbol()
    {
        return symbol;
    }

    /** @return Bybit's order id. */
    public AsciiField orderId()
    {
        return orderId;
    }

    /** @return client order id, empty if none (always empty for maker fills on execution.fast). */
    public AsciiField orderLinkId()
    {
        return orderLinkId;
    }

    /** @return execution id: the dedup key of a fill. */
    public AsciiField execId()
    {
        return execId;
    }

    /** @return BUY, SELL or null. */
    public Side side()
    {
        return side;
    }

    /** @return LIMIT, MARKET or null. */
    public OrderType orderType()
    {
        return orderType;
    }

    /** @return fill price. */
    public FixedDecimal execPrice()
    {
        return execPrice;
    }

    /** @return fill quantity. */
    public FixedDecimal execQty()
    {
        return execQty;
    }

    /** @return fee of this fill (absent on execution.fast). */
    public FixedDecimal execFee()
    {
        return execFee;
    }

    /** @return value of this fill. */
    public FixedDecimal execValue()
    {
        return execValue;
    }

    /** @return quantity of the order still open after this fill. */
    public FixedDecimal leavesQty()
    {
        return leavesQty;
    }

    /** @return order quantity. */
    public FixedDecimal orderQty()
    {
        return orderQty;
    }

    /** @return order price. */
    public FixedDecimal orderPrice()
    {
        return orderPrice;
    }

    /** @return fee rate. */
    public FixedDecimal feeRate()
    {
        return feeRate;
    }

    /** @return fee currency, e.g. USDT. */
    public AsciiField feeCurrency()
    {
        return feeCurrency;
    }

    /** @return the execution type; TRADE for execution.fast rows, which carry none. */
    public BybitExecType execType()
    {
        return execType;
    }

    /**
     * @return true when the item named its {@code execType} (an execution.fast row counts as a trade that did); an
     * execution-topic item without one is malformed.
     */
    public boolean execTypePresent()
    {
        return execTypePresent || execType != BybitExecType.UNKNOWN;
    }

    /** @return fill time, epoch ms. */
    public long execTime()
    {
        return execTime;
    }

    /** @return true for maker fills. */
    public boolean isMaker()
    {
        return isMaker;
    }

    /** @return cross sequence shared with the resulting position update (unique per seq + symbol). */
    public long seq()
    {
        return seq;
    }

    /**
     * Allocates; for logs and tests.
     *
     * @return the main fields.
     */
    public String toString()
    {
        return "BybitExecution{category=" + category + ", symbol=" + symbol + ", orderId=" + orderId +
            ", orderLinkId=" + orderLinkId + ", execId=" + execId + ", side=" + side + ", orderType=" + orderType +
            ", execPrice=" + execPrice + ", execQty=" + execQty + ", execFee=" + execFee + ", execValue=" +
            execValue + ", leavesQty=" + leavesQty + ", orderQty=" + orderQty + ", orderPrice=" + orderPrice +
            ", feeRate=" + feeRate + ", feeCurrency=" + feeCurrency + ", execType=" + execType + ", execTime=" +
            execTime + ", isMaker=" + isMaker + ", seq=" + seq + '}';
    }

    /**
     * {@code execution.fast} items omit {@code execType} because they only ever carry trades: mark such an item as
     * a trade. An item that named its type keeps it.
     */
    public void tradeIfExecTypeAbsent()
    {
        if (!execTypePresent)
        {
            execType = BybitExecType.TRADE;
        }
    }
}
