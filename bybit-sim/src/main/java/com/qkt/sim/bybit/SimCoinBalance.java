package com.qkt.sim.bybit;

/**
 * Immutable snapshot of one coin of an account's UNIFIED wallet, with the values {@code /v5/account/wallet-balance}
 * serves (decimal strings as Bybit writes them).
 *
 * @param coin                e.g. USDT.
 * @param walletBalance       balance moved by spot fills, linear fees and realised PnL.
 * @param locked              held by resting spot orders.
 * @param unrealisedPnl       of the linear positions settled in this coin, at mark.
 * @param equity              {@code walletBalance + unrealisedPnl}.
 * @param availableToWithdraw {@code walletBalance - locked - position IM - order IM}, never below 0.
 * @param cumRealisedPnl      realised PnL of linear trading settled in this coin, fees included.
 */
public record SimCoinBalance(
    String coin,
    String walletBalance,
    String locked,
    String unrealisedPnl,
    String equity,
    String availableToWithdraw,
    String cumRealisedPnl)
{
}
