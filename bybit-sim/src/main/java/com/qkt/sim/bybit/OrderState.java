package com.qkt.sim.bybit;

import java.math.BigDecimal;

/**
 * Mutable order inside the engine; {@link #snapshot()} gives the public immutable view.
 */
final class OrderState
{
    final Account account;
    final String orderId;
    final String orderLinkId;
    final String category;
    final String symbol;
    final String side;
    final String orderType;
    BigDecimal price; // null for market; changed by amend
    BigDecimal qty; // changed by amend
    final String timeInForce;
    final String marketUnit;
    final String lastPriceOnCreated;
    final long createdTime;
    final long creationSeq;
    String status = "New";
    String rejectReason = "EC_NoError";
    String cancelType = "UNKNOWN";
    BigDecimal cumExecQty = BigDecimal.ZERO;
    BigDecimal cumExecValue = BigDecimal.ZERO;
    BigDecimal cumExecFee = BigDecimal.ZERO;
    String feeCurrency = "";
    BigDecimal lockedRemaining = BigDecimal.ZERO;
    String lockedCoin = "";
    long updatedTime;

    OrderState(
        final Account account, final String orderId, final String orderLinkId, final String category,
        final String symbol, final String side, final String orderType, final BigDecimal price, final BigDecimal qty,
        final String timeInForce, final String marketUnit, final String lastPriceOnCreated, final long createdTime,
        final long creationSeq)
    {
        this.account = account;
        this.orderId = orderId;
        this.orderLinkId = orderLinkId;
        this.category = category;
        this.symbol = symbol;
        this.side = side;
        this.orderType = orderType;
        this.price = price;
        this.qty = qty;
        this.timeInForce = timeInForce;
        this.marketUnit = marketUnit;
        this.lastPriceOnCreated = lastPriceOnCreated;
        this.createdTime = createdTime;
        this.updatedTime = createdTime;
        this.creationSeq = creationSeq;
    }

    boolean isOpen()
    {
        return "New".equals(status) || "PartiallyFilled".equals(status);
    }

    boolean isBuy()
    {
        return "Buy".equals(side);
    }

    /** Quantity in base coin the order may still fill (market orders in quote units never rest). */
    BigDecimal leavesQty()
    {
        if (!isOpen())
        {
            return BigDecimal.ZERO;
        }
        return qty.subtract(cumExecQty).max(BigDecimal.ZERO);
    }

    String avgPrice()
    {
        if (cumExecQty.signum() == 0)
        {
            return "";
        }
        return SimJson.dec(cumExecValue.divide(cumExecQty, 8, java.math.RoundingMode.HALF_UP));
    }

    String priceText()
    {
        return price == null ? "0" : SimJson.dec(price);
    }

    SimOrder snapshot()
    {
        return new SimOrder(
            orderId, orderLinkId, category, symbol, side, orderType, priceText(), SimJson.dec(qty), timeInForce,
            status, SimJson.dec(cumExecQty), SimJson.dec(leavesQty()), SimJson.dec(cumExecValue), avgPrice(),
            rejectReason, cancelType, createdTime, updatedTime);
    }
}
