package com.qkt.broker.bybit.protocol;

import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codec.JsonCursor;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;

/**
 * One order item of the {@code order} topic or of {@code /v5/order/realtime|history}, decoded in place.
 * <p>
 * Reused for every item: copy out what must outlive the callback. Absent numbers are absent
 * {@link FixedDecimal}s, absent times are 0, unknown enum values are {@code null} (side, order type) or
 * {@link BybitOrderStatus#UNKNOWN}.
 */
public final class BybitOrder
{
    /** Capacity of id fields; Bybit ids are at most 36 characters. */
    public static final int ID_CAPACITY = 40;

    final JsonCursor cursor = new JsonCursor();

    private final AsciiField category = new AsciiField(16);
    private final AsciiField orderId = new AsciiField(ID_CAPACITY);
    private final AsciiField orderLinkId = new AsciiField(ID_CAPACITY);
    private final AsciiField symbol = new AsciiField(24);
    Side side;
    OrderType orderType;
    BybitOrderStatus orderStatus = BybitOrderStatus.UNKNOWN;
    private final FixedDecimal price = new FixedDecimal();
    private final FixedDecimal qty = new FixedDecimal();
    private final FixedDecimal leavesQty = new FixedDecimal();
    private final FixedDecimal cumExecQty = new FixedDecimal();
    private final FixedDecimal cumExecValue = new FixedDecimal();
    private final FixedDecimal cumExecFee = new FixedDecimal();
    private final FixedDecimal avgPrice = new FixedDecimal();
    private final AsciiField timeInForce = new AsciiField(16);
    private final AsciiField rejectReason = new AsciiField(48);
    private final AsciiField cancelType = new AsciiField(32);
    long createdTime;
    long updatedTime;
    boolean reduceOnly;
    int positionIdx;

    /**
     * Clear every field to absent/empty.
     */
    public void reset()
    {
        category.clear();
        orderId.clear();
        orderLinkId.clear();
        symbol.clear();
        side = null;
        orderType = null;
        orderStatus = BybitOrderStatus.UNKNOWN;
        price.clear();
        qty.clear();
        leavesQty.clear();
        cumExecQty.clear();
        cumExecValue.clear();
        cumExecFee.clear();
        avgPrice.clear();
        timeInForce.clear();
        rejectReason.clear();
        cancelType.clear();
        createdTime = 0;
        updatedTime = 0;
        reduceOnly = false;
        positionIdx = 0;
    }

    /** @return spot, linear, inverse or option. */
    public AsciiField category()
    {
        return category;
    }

    /** @return Bybit's order id. */
    public AsciiField orderId()
    {
        return orderId;
    }

    /** @return the client order id, empty if none. */
    public AsciiField orderLinkId()
    {
        return orderLinkId;
    }

    /** @return the symbol, e.g. BTCUSDT. */
    public AsciiField symbol()
    {
        return symbol;
    }

    /** @return BUY, SELL or null when not Buy/Sell. */
    public Side side()
    {
        return side;
    }

    /** @return LIMIT, MARKET or null when not Limit/Market. */
    public OrderType orderType()
    {
        return orderType;
    }

    /** @return the order status, UNKNOWN if absent or not recognised. */
    public BybitOrderStatus orderStatus()
    {
        return orderStatus;
    }

    /** @return limit price (absent or 0 for market orders). */
    public FixedDecimal price()
    {
        return price;
    }

    /** @return order quantity. */
    public FixedDecimal qty()
    {
        return qty;
    }

    /** @return quantity still open. */
    public FixedDecimal leavesQty()
    {
        return leavesQty;
    }

    /** @return cumulative filled quantity. */
    public FixedDecimal cumExecQty()
    {
        return cumExecQty;
    }

    /** @return cumulative filled value. */
    public FixedDecimal cumExecValue()
    {
        return cumExecValue;
    }

    /** @return cumulative fee. */
    public FixedDecimal cumExecFee()
    {
        return cumExecFee;
    }

    /** @return average fill price, absent when "" (no fill). */
    public FixedDecimal avgPrice()
    {
        return avgPrice;
    }

    /** @return GTC, IOC, FOK, PostOnly or RPI. */
    public AsciiField timeInForce()
    {
        return timeInForce;
    }

    /** @return reject reason, e.g. EC_NoError. */
    public AsciiField rejectReason()
    {
        return rejectReason;
    }

    /** @return cancel type, e.g. CancelByUser or UNKNOWN. */
    public AsciiField cancelType()
    {
        return cancelType;
    }

    /** @return creation time, epoch ms (0 if absent). */
    public long createdTime()
    {
        return createdTime;
    }

    /** @return last update time, epoch ms (0 if absent). */
    public long updatedTime()
    {
        return updatedTime;
    }

    /** @return true for reduce-only orders. */
    public boolean reduceOnly()
    {
        return reduceOnly;
    }

    /** @return 0 one-way, 1 hedge buy side, 2 hedge sell side. */
    public int positionIdx()
    {
        return positionIdx;
    }

    /**
     * Allocates; for logs and tests.
     *
     * @return the main fields.
     */
    public String toString()
    {
        return "BybitOrder{category=" + category + ", orderId=" + orderId + ", orderLinkId=" + orderLinkId +
            ", symbol=" + symbol + ", side=" + side + ", orderType=" + orderType + ", orderStatus=" + orderStatus +
            ", price=" + price + ", qty=" + qty + ", leavesQty=" + leavesQty + ", cumExecQty=" + cumExecQty +
            ", cumExecValue=" + cumExecValue + ", cumExecFee=" + cumExecFee + ", avgPrice=" + avgPrice +
            ", timeInForce=" + timeInForce + ", rejectReason=" + rejectReason + ", cancelType=" + cancelType +
            ", createdTime=" + createdTime + ", updatedTime=" + updatedTime + ", reduceOnly=" + reduceOnly +
            ", positionIdx=" + positionIdx + '}';
    }
}
