package com.qkt.sim.bybit;

/**
 * Immutable snapshot of one linear position as the simulator serves it on {@code /v5/position/list} (decimal strings
 * as Bybit writes them), for tests that compare a client's view with the exchange's.
 *
 * @param symbol         e.g. BTCUSDT.
 * @param side           {@code Buy}, {@code Sell}, or "" when flat.
 * @param size           absolute size ("0" when flat).
 * @param avgPrice       average entry price ("0" when flat).
 * @param markPrice      mark price used (the last price).
 * @param unrealisedPnl  {@code (mark - avgPrice) * signed size}.
 * @param curRealisedPnl realised PnL of the current holding, fees included.
 * @param cumRealisedPnl realised PnL since the account started, fees included.
 * @param seq            cross sequence of the last fill that changed it; -1 if it never traded.
 * @param createdTime    ms (server time).
 * @param updatedTime    ms (server time) of the last change.
 */
public record SimPosition(
    String symbol,
    String side,
    String size,
    String avgPrice,
    String markPrice,
    String unrealisedPnl,
    String curRealisedPnl,
    String cumRealisedPnl,
    long seq,
    long createdTime,
    long updatedTime)
{
}
