package com.qkt.sim.bybit;

/**
 * Immutable snapshot of one simulated order. Numbers are Bybit-style decimal strings; {@code price} is "" for market
 * orders at rest-less states, {@code avgPrice} is "" until the first fill.
 *
 * @param orderId      exchange id (UUID).
 * @param orderLinkId  client id ("" when none was sent).
 * @param category     {@code spot} or {@code linear}.
 * @param symbol       e.g. BTCUSDT.
 * @param side         {@code Buy} or {@code Sell}.
 * @param orderType    {@code Limit} or {@code Market}.
 * @param price        limit price ("0" for market orders, as Bybit reports).
 * @param qty          order quantity as sent.
 * @param timeInForce  GTC, IOC, FOK, PostOnly.
 * @param status       Bybit orderStatus: New, PartiallyFilled, Filled, Cancelled, PartiallyFilledCanceled, Rejected.
 * @param cumExecQty   filled quantity (base coin).
 * @param leavesQty    remaining quantity ("0" once terminal).
 * @param cumExecValue filled value (quote coin).
 * @param avgPrice     average fill price or "".
 * @param rejectReason EC_NoError or the reason.
 * @param cancelType   UNKNOWN, CancelByUser, CancelByAdmin...
 * @param createdTime  ms epoch.
 * @param updatedTime  ms epoch.
 */
public record SimOrder(
    String orderId,
    String orderLinkId,
    String category,
    String symbol,
    String side,
    String orderType,
    String price,
    String qty,
    String timeInForce,
    String status,
    String cumExecQty,
    String leavesQty,
    String cumExecValue,
    String avgPrice,
    String rejectReason,
    String cancelType,
    long createdTime,
    long updatedTime)
{
    /**
     * @return true for New / PartiallyFilled (Bybit's open states the simulator uses).
     */
    public boolean isOpen()
    {
        return "New".equals(status) || "PartiallyFilled".equals(status);
    }
}
