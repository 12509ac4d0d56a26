package com.qkt.sim.bybit;

/**
 * Immutable record of one simulated fill, as served by {@code /v5/execution/list} and pushed on {@code execution}.
 *
 * @param execId      unique fill id (UUID from the seeded random).
 * @param orderId     order the fill belongs to.
 * @param orderLinkId client id of that order ("" if none).
 * @param category    spot or linear.
 * @param symbol      e.g. BTCUSDT.
 * @param side        Buy or Sell.
 * @param execQty     filled quantity.
 * @param execPrice   fill price.
 * @param execValue   execQty * execPrice.
 * @param execFee     fee charged.
 * @param feeRate     fee rate applied.
 * @param feeCurrency coin the fee was charged in.
 * @param isMaker     true when the order was resting.
 * @param leavesQty   quantity left on the order after this fill.
 * @param orderPrice  order limit price ("0" for market).
 * @param orderQty    order quantity.
 * @param orderType   Limit or Market.
 * @param closedSize  linear: size closed by this fill ("" for spot).
 * @param execTime    ms epoch.
 * @param seq         increasing cross sequence.
 */
public record SimExecution(
    String execId,
    String orderId,
    String orderLinkId,
    String category,
    String symbol,
    String side,
    String execQty,
    String execPrice,
    String execValue,
    String execFee,
    String feeRate,
    String feeCurrency,
    boolean isMaker,
    String leavesQty,
    String orderPrice,
    String orderQty,
    String orderType,
    String closedSize,
    long execTime,
    long seq)
{
}
