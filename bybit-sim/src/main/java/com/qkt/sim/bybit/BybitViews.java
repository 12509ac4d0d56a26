package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Renders engine state with Bybit V5 field names and types (numbers as strings unless Bybit sends a number).
 * The same item shapes serve REST lists and WS push data; {@code ws} adds the push-only fields.
 */
final class BybitViews
{
    private BybitViews()
    {
    }

    static ObjectNode order(final OrderState o, final boolean ws)
    {
        final ObjectNode n = SimJson.object();
        n.put("category", o.category);
        n.put("orderId", o.orderId);
        n.put("orderLinkId", o.orderLinkId);
        n.put("parentOrderLinkId", "");
        n.put("blockTradeId", "");
        n.put("symbol", o.symbol);
        n.put("price", o.priceText());
        n.put("qty", SimJson.dec(o.qty));
        n.put("side", o.side);
        n.put("isLeverage", "spot".equals(o.category) ? "0" : "");
        n.put("positionIdx", 0);
        n.put("orderStatus", o.status);
        if (hasCreateType(o.category))
        {
            n.put("createType", "CreateByUser");
        }
        n.put("cancelType", o.cancelType);
        n.put("rejectReason", o.rejectReason);
        n.put("avgPrice", o.avgPrice());
        n.put("leavesQty", SimJson.dec(o.leavesQty()));
        final BigDecimal leavesValue = o.price == null ? BigDecimal.ZERO : o.leavesQty().multiply(o.price);
        n.put("leavesValue", SimJson.dec(leavesValue));
        n.put("cumExecQty", SimJson.dec(o.cumExecQty));
        n.put("cumExecValue", SimJson.dec(o.cumExecValue));
        n.put("cumExecFee", SimJson.dec(o.cumExecFee));
        final ObjectNode feeDetail = n.putObject("cumFeeDetail");
        if (o.cumExecFee.signum() != 0)
        {
            feeDetail.put(o.feeCurrency, SimJson.dec(o.cumExecFee));
        }
        n.put("closedPnl", "0");
        n.put("feeCurrency", "spot".equals(o.category) ? o.feeCurrency : ""); // V5 docs: spot only
        n.put("timeInForce", o.timeInForce);
        n.put("orderType", o.orderType);
        n.put("stopOrderType", "");
        n.put("ocoTriggerBy", "");
        n.put("orderIv", "");
        n.put("marketUnit", o.marketUnit);
        n.put("triggerPrice", "");
        n.put("takeProfit", "");
        n.put("stopLoss", "");
        if (!"spot".equals(o.category))
        {
            n.put("tpslMode", ""); // V5 docs: spot has no tpslMode; option always ""
        }
        n.put("tpLimitPrice", "");
        n.put("slLimitPrice", "");
        n.put("tpTriggerBy", "");
        n.put("slTriggerBy", "");
        n.put("triggerDirection", 0);
        n.put("triggerBy", "");
        n.put("lastPriceOnCreated", o.lastPriceOnCreated);
        if (!ws && "spot".equals(o.category))
        {
            n.put("basePrice", o.lastPriceOnCreated); // REST order lists: "Spot has this field only"
        }
        n.put("reduceOnly", false);
        n.put("closeOnTrigger", false);
        n.put("placeType", "");
        n.put("smpType", "None");
        n.put("smpGroup", 0);
        n.put("smpOrderId", "");
        n.put("createdTime", Long.toString(o.createdTime));
        n.put("updatedTime", Long.toString(o.updatedTime));
        return n;
    }

    static ObjectNode execution(final SimExecution e, final boolean ws)
    {
        final ObjectNode n = SimJson.object();
        if (ws)
        {
            n.put("category", e.category());
        }
        n.put("symbol", e.symbol());
        if (ws)
        {
            n.put("isLeverage", "spot".equals(e.category()) ? "0" : "");
        }
        n.put("orderId", e.orderId());
        n.put("orderLinkId", e.orderLinkId());
        n.put("side", e.side());
        n.put("orderPrice", e.orderPrice());
        n.put("orderQty", e.orderQty());
        n.put("leavesQty", e.leavesQty());
        if (hasCreateType(e.category()))
        {
            n.put("createType", "CreateByUser");
        }
        n.put("orderType", e.orderType());
        n.put("stopOrderType", "UNKNOWN");
        n.put("execFee", e.execFee());
        n.put("execId", e.execId());
        n.put("execPrice", e.execPrice());
        n.put("execQty", e.execQty());
        if (ws)
        {
            n.put("execPnl", "0");
        }
        n.put("execType", "Trade");
        n.put("execValue", e.execValue());
        n.put("execTime", Long.toString(e.execTime()));
        n.put("isMaker", e.isMaker());
        n.put("feeRate", e.feeRate());
        n.put("tradeIv", "");
        n.put("markIv", "");
        n.put("markPrice", e.execPrice());
        n.put("indexPrice", "");
        n.put("underlyingPrice", "");
        n.put("blockTradeId", "");
        n.put("closedSize", e.closedSize());
        n.put("extraFees", "");
        n.put("seq", e.seq());
        n.put("marketUnit", "");
        n.put("feeCurrency", e.feeCurrency());
        return n;
    }

    /**
     * V5 docs (order and execution topics, order and execution lists): "Spot, Option do not have this key". ccxt
     * tells spot from contract items by exactly this key, so it must be absent, not empty.
     */
    private static boolean hasCreateType(final String category)
    {
        return "linear".equals(category) || "inverse".equals(category);
    }

    static ObjectNode executionFast(final SimExecution e)
    {
        final ObjectNode n = SimJson.object();
        n.put("category", e.category());
        n.put("symbol", e.symbol());
        n.put("orderId", e.orderId());
        n.put("isMaker", e.isMaker());
        n.put("orderLinkId", e.isMaker() ? "" : e.orderLinkId());
        n.put("execId", e.execId());
        n.put("execPrice", e.execPrice());
        n.put("execQty", e.execQty());
        n.put("side", e.side());
        n.put("execTime", Long.toString(e.execTime()));
        n.put("seq", e.seq());
        return n;
    }

    static ObjectNode position(final Account.Position p, final String markPrice, final boolean ws)
    {
        final ObjectNode n = SimJson.object();
        if (ws)
        {
            n.put("category", "linear");
        }
        n.put("positionIdx", 0);
        n.put("riskId", 1);
        n.put("riskLimitValue", "2000000");
        n.put("symbol", p.symbol);
        n.put("side", p.size.signum() > 0 ? "Buy" : p.size.signum() < 0 ? "Sell" : "");
        final BigDecimal size = p.size.abs();
        n.put("size", SimJson.dec(size));
        n.put(ws ? "entryPrice" : "avgPrice", SimJson.dec(p.avgPrice));
        n.put("positionValue", SimJson.dec(size.multiply(p.avgPrice)));
        n.put("leverage", SimJson.dec(LEVERAGE));
        n.put("markPrice", markPrice);
        n.put("liqPrice", "");
        n.put("bustPrice", "");
        n.put("positionIM", SimJson.dec(size.multiply(p.avgPrice).divide(LEVERAGE, 8, RoundingMode.HALF_UP)));
        n.put("positionMM", SimJson.dec(size.multiply(p.avgPrice).multiply(MM_RATE)));
        n.put("tpslMode", "Full");
        n.put("takeProfit", "0");
        n.put("stopLoss", "0");
        n.put("trailingStop", "0");
        final BigDecimal mark = new BigDecimal(markPrice);
        n.put("unrealisedPnl", SimJson.dec(mark.subtract(p.avgPrice).multiply(p.size)));
        n.put("curRealisedPnl", SimJson.dec(p.curRealisedPnl));
        n.put("cumRealisedPnl", SimJson.dec(p.cumRealisedPnl));
        n.put("positionStatus", "Normal");
        n.put("autoAddMargin", 0);
        n.put("adlRankIndicator", p.size.signum() == 0 ? 0 : 2);
        n.put("isReduceOnly", false);
        n.put("createdTime", Long.toString(p.createdTime));
        n.put("updatedTime", Long.toString(p.updatedTime));
        n.put("seq", p.seq);
        return n;
    }

    /**
     * A UNIFIED wallet item (REST list item and {@code wallet} push data). Per coin: {@code walletBalance} moves with
     * spot fills, linear fees and realised PnL; {@code unrealisedPnl} is the linear positions settled in the coin at
     * mark (the last price); {@code equity = walletBalance + unrealisedPnl}; {@code locked} is held by resting spot
     * orders; {@code totalPositionIM} / {@code totalPositionMM} / {@code totalOrderIM} are the linear margins at the
     * simulator's fixed 10x leverage and 0.5% maintenance rate; {@code availableToWithdraw = walletBalance - locked -
     * totalPositionIM - totalOrderIM} (never below 0). Account totals are USD values (USDT/USDC at 1, other coins at
     * their {@code COINUSDT} price); {@code totalAvailableBalance = totalMarginBalance - totalInitialMargin}.
     */
    static ObjectNode wallet(final Account a, final Map<String, BigDecimal> prices, final Set<String> coins)
    {
        final Map<String, BigDecimal[]> margins = linearMargins(a, prices); // coin -> {upl, positionIM, positionMM, orderIM}
        final ObjectNode n = SimJson.object();
        BigDecimal totalWallet = BigDecimal.ZERO;
        BigDecimal totalUpl = BigDecimal.ZERO;
        BigDecimal totalIm = BigDecimal.ZERO;
        BigDecimal totalMm = BigDecimal.ZERO;
        final ArrayNode coinList = SimJson.array();
        for (final Map.Entry<String, Account.Balance> entry : a.balances.entrySet())
        {
            final String coin = entry.getKey();
            final Account.Balance b = entry.getValue();
            final BigDecimal usd = usdPrice(coin, prices);
            final BigDecimal[] m = margins.getOrDefault(coin, ZEROS);
            final BigDecimal equity = b.wallet.add(m[0]);
            totalWallet = totalWallet.add(b.wallet.multiply(usd));
            totalUpl = totalUpl.add(m[0].multiply(usd));
            totalIm = totalIm.add(m[1].add(m[3]).multiply(usd));
            totalMm = totalMm.add(m[2].multiply(usd));
            if (coins != null && !coins.isEmpty() && !coins.contains(coin))
            {
                continue;
            }
            final BigDecimal withdrawable = b.available().subtract(m[1]).subtract(m[3]).max(BigDecimal.ZERO);
            final ObjectNode c = coinList.addObject();
            c.put("coin", coin);
            c.put("equity", SimJson.dec(equity));
            c.put("usdValue", SimJson.dec(equity.multiply(usd).setScale(8, RoundingMode.HALF_UP)));
            c.put("walletBalance", SimJson.dec(b.wallet));
            c.put("free", "");
            c.put("locked", SimJson.dec(b.locked));
            c.put("spotHedgingQty", "0");
            c.put("borrowAmount", "0");
            c.put("availableToWithdraw", SimJson.dec(withdrawable));
            c.put("availableToBorrow", "");
            c.put("accruedInterest", "0");
            c.put("totalOrderIM", SimJson.dec(m[3]));
            c.put("totalPositionIM", SimJson.dec(m[1]));
            c.put("totalPositionMM", SimJson.dec(m[2]));
            c.put("unrealisedPnl", SimJson.dec(m[0]));
            c.put("cumRealisedPnl", SimJson.dec(b.cumRealisedPnl));
            c.put("bonus", "0");
            c.put("marginCollateral", true);
            c.put("collateralSwitch", true);
        }
        final BigDecimal margin = totalWallet.add(totalUpl);
        n.put("accountType", "UNIFIED");
        n.put("accountLTV", "0");
        n.put("accountIMRate", rate(totalIm, margin));
        n.put("accountMMRate", rate(totalMm, margin));
        n.put("totalEquity", usd8(margin));
        n.put("totalWalletBalance", usd8(totalWallet));
        n.put("totalMarginBalance", usd8(margin));
        n.put("totalAvailableBalance", usd8(margin.subtract(totalIm).max(BigDecimal.ZERO)));
        n.put("totalPerpUPL", usd8(totalUpl));
        n.put("totalInitialMargin", usd8(totalIm));
        n.put("totalMaintenanceMargin", usd8(totalMm));
        n.set("coin", coinList);
        return n;
    }

    static final BigDecimal[] ZEROS = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
    static final BigDecimal LEVERAGE = BigDecimal.TEN;
    static final BigDecimal MM_RATE = new BigDecimal("0.005");

    /** Per settle coin: {unrealised PnL at mark, position IM, position MM, order IM} of the linear book. */
    static Map<String, BigDecimal[]> linearMargins(final Account a, final Map<String, BigDecimal> prices)
    {
        final Map<String, BigDecimal[]> out = new java.util.HashMap<>();
        for (final Account.Position p : a.positions.values())
        {
            if (p.size.signum() == 0)
            {
                continue;
            }
            final BigDecimal mark = prices.getOrDefault(p.symbol, p.avgPrice);
            final BigDecimal value = p.size.abs().multiply(p.avgPrice);
            final BigDecimal[] m = out.computeIfAbsent(MatchingEngine.split(p.symbol)[1], k -> ZEROS.clone());
            m[0] = m[0].add(mark.subtract(p.avgPrice).multiply(p.size));
            m[1] = m[1].add(value.divide(LEVERAGE, 8, RoundingMode.HALF_UP));
            m[2] = m[2].add(value.multiply(MM_RATE));
        }
        for (final OrderState o : a.orders.values())
        {
            if (o.isOpen() && "linear".equals(o.category) && o.price != null)
            {
                final BigDecimal[] m = out.computeIfAbsent(MatchingEngine.split(o.symbol)[1], k -> ZEROS.clone());
                m[3] = m[3].add(o.leavesQty().multiply(o.price).divide(LEVERAGE, 8, RoundingMode.HALF_UP));
            }
        }
        return out;
    }

    private static String usd8(final BigDecimal v)
    {
        return SimJson.dec(v.setScale(8, RoundingMode.HALF_UP));
    }

    private static String rate(final BigDecimal part, final BigDecimal whole)
    {
        return whole.signum() <= 0 ? "0" : SimJson.dec(part.divide(whole, 4, RoundingMode.HALF_UP));
    }

    private static BigDecimal usdPrice(final String coin, final Map<String, BigDecimal> prices)
    {
        if ("USDT".equals(coin) || "USDC".equals(coin) || "USD".equals(coin))
        {
            return BigDecimal.ONE;
        }
        final BigDecimal price = prices.get(coin + "USDT");
        return price == null ? BigDecimal.ZERO : price;
    }

    static ArrayNode list(final Collection<ObjectNode> items)
    {
        final ArrayNode array = SimJson.array();
        items.forEach(array::add);
        return array;
    }
}
