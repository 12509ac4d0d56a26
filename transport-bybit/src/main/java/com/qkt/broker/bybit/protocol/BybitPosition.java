package com.qkt.broker.bybit.protocol;

import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codec.JsonCursor;
import com.qkt.codecs.Side;

/**
 * One item of the {@code position} topic or {@code /v5/position/list}, decoded in place and reused. The entry price
 * is read from {@code entryPrice} (WS) or {@code avgPrice} (REST).
 */
public final class BybitPosition
{
    final JsonCursor cursor = new JsonCursor();

    private final AsciiField category = new AsciiField(16);
    private final AsciiField symbol = new AsciiField(24);
    Side side;
    int positionIdx;
    private final FixedDecimal size = new FixedDecimal();
    private final FixedDecimal entryPrice = new FixedDecimal();
    private final FixedDecimal markPrice = new FixedDecimal();
    private final FixedDecimal unrealisedPnl = new FixedDecimal();
    private final FixedDecimal cumRealisedPnl = new FixedDecimal();
    private final AsciiField positionStatus = new AsciiField(16);
    long updatedTime;
    long seq;

    /**
     * Clear every field to absent/empty.
     */
    public void reset()
    {
        category.clear();
        symbol.clear();
        side = null;
        positionIdx = 0;
        size.clear();
        entryPrice.clear();
        markPrice.clear();
        unrealisedPnl.clear();
        cumRealisedPnl.clear();
        positionStatus.clear();
        updatedTime = 0;
        seq = 0;
    }

    /** @return linear, inverse or option. */
    public AsciiField category()
    {
        return category;
    }

    /** @return the symbol. */
    public AsciiField symbol()
    {
        return symbol;
    }

    /** @return BUY, SELL, or null when flat (Bybit sends ""). */
    public Side side()
    {
        return side;
    }

    /** @return 0 one-way, 1 hedge buy, 2 hedge sell. */
    public int positionIdx()
    {
        return positionIdx;
    }

    /** @return position size (unsigned; see side). */
    public FixedDecimal size()
    {
        return size;
    }

    /** @return entry price (WS entryPrice or REST avgPrice). */
    public FixedDecimal entryPrice()
    {
        return entryPrice;
    }

    /** @return mark price. */
    public FixedDecimal markPrice()
    {
        return markPrice;
    }

    /** @return unrealised PnL. */
    public FixedDecimal unrealisedPnl()
    {
        return unrealisedPnl;
    }

    /** @return cumulative realised PnL. */
    public FixedDecimal cumRealisedPnl()
    {
        return cumRealisedPnl;
    }

    /** @return Normal, Liq or Adl. */
    public AsciiField positionStatus()
    {
        return positionStatus;
    }

    /** @return last update, epoch ms. */
    public long updatedTime()
    {
        return updatedTime;
    }

    /** @return cross sequence shared with the fill that caused this update. */
    public long seq()
    {
        return seq;
    }

    /**
     * Allocates; for logs and tests.
     *
     * @return the fields.
     */
    public String toString()
    {
        return "BybitPosition{category=" + category + ", symbol=" + symbol + ", side=" + side + ", positionIdx=" +
            positionIdx + ", size=" + size + ", entryPrice=" + entryPrice + ", markPrice=" + markPrice +
            ", unrealisedPnl=" + unrealisedPnl + ", cumRealisedPnl=" + cumRealisedPnl + ", positionStatus=" +
            positionStatus + ", updatedTime=" + updatedTime + ", seq=" + seq + '}';
    }
}
