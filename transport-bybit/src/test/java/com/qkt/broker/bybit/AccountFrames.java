package com.qkt.broker.bybit;

/**
 * Builds Bybit V5 wallet and position JSON (the {@code wallet} / {@code position} pushes, and the
 * {@code /v5/account/wallet-balance} / {@code /v5/position/list} replies) in the documented shapes, for logic tests.
 */
final class AccountFrames
{
    private AccountFrames()
    {
    }

    static String coin(final String coin, final String walletBalance, final String equity, final String available)
    {
        return "{\"coin\":\"" + coin + "\",\"equity\":\"" + equity + "\",\"usdValue\":\"" + equity +
            "\",\"walletBalance\":\"" + walletBalance + "\",\"free\":\"\",\"locked\":\"0\",\"spotHedgingQty\":\"0\"," +
            "\"borrowAmount\":\"0\",\"availableToWithdraw\":\"" + available + "\",\"availableToBorrow\":\"\"," +
            "\"accruedInterest\":\"0\",\"totalOrderIM\":\"0\",\"totalPositionIM\":\"0\",\"totalPositionMM\":\"0\"," +
            "\"unrealisedPnl\":\"0\",\"cumRealisedPnl\":\"0\",\"bonus\":\"0\",\"marginCollateral\":true," +
            "\"collateralSwitch\":true}";
    }

    static String walletItem(final String... coins)
    {
        return "{\"accountType\":\"UNIFIED\",\"accountLTV\":\"0\",\"accountIMRate\":\"0\",\"accountMMRate\":\"0\"," +
            "\"totalEquity\":\"1\",\"totalWalletBalance\":\"1\",\"totalMarginBalance\":\"1\"," +
            "\"totalAvailableBalance\":\"1\",\"totalPerpUPL\":\"0\",\"totalInitialMargin\":\"0\"," +
            "\"totalMaintenanceMargin\":\"0\",\"coin\":[" + String.join(",", coins) + "]}";
    }

    static String walletPush(
        final long creationTime, final String coin, final String walletBalance, final String equity,
        final String available)
    {
        return "{\"id\":\"592324d2bce751-ad38-48eb-8f42-4671d1fb4d4e\",\"topic\":\"wallet\",\"creationTime\":" +
            creationTime + ",\"data\":[" + walletItem(coin(coin, walletBalance, equity, available)) + "]}";
    }

    static String walletReply(final long time, final String... coins)
    {
        return "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[" + walletItem(coins) +
            "]},\"retExtInfo\":{},\"time\":" + time + "}";
    }

    static String positionItem(
        final boolean ws,
        final String symbol,
        final String side,
        final String size,
        final String price,
        final String unrealisedPnl,
        final long seq,
        final long updatedTime)
    {
        return "{" + (ws ? "\"category\":\"linear\"," : "") + "\"positionIdx\":0,\"riskId\":1,\"symbol\":\"" + symbol +
            "\",\"side\":\"" + side + "\",\"size\":\"" + size + "\",\"" + (ws ? "entryPrice" : "avgPrice") + "\":\"" +
            price + "\",\"positionValue\":\"0\",\"leverage\":\"10\",\"markPrice\":\"" + price +
            "\",\"liqPrice\":\"\",\"bustPrice\":\"\",\"positionIM\":\"0\",\"positionMM\":\"0\",\"tpslMode\":\"Full\"," +
            "\"unrealisedPnl\":\"" + unrealisedPnl + "\",\"curRealisedPnl\":\"0\",\"cumRealisedPnl\":\"0\"," +
            "\"positionStatus\":\"Normal\",\"autoAddMargin\":0,\"adlRankIndicator\":2,\"isReduceOnly\":false," +
            "\"createdTime\":\"1700000000000\",\"updatedTime\":\"" + updatedTime + "\",\"seq\":" + seq + "}";
    }

    static String positionPush(
        final String symbol,
        final String side,
        final String size,
        final String entryPrice,
        final String unrealisedPnl,
        final long seq,
        final long updatedTime)
    {
        return "{\"id\":\"1003076014fb7eedb-c7e6-45d6-a8c1-270f0169171a\",\"topic\":\"position\",\"creationTime\":" +
            updatedTime + ",\"data\":[" +
            positionItem(true, symbol, side, size, entryPrice, unrealisedPnl, seq, updatedTime) + "]}";
    }

    static String positionReply(final long time, final String cursor, final String... items)
    {
        return "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"nextPageCursor\":\"" + cursor +
            "\",\"list\":[" + String.join(",", items) + "]},\"retExtInfo\":{},\"time\":" + time + "}";
    }
}
