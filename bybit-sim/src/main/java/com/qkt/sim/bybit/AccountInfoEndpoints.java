package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Signed account-information endpoints SDKs call before trading: {@code /v5/account/info} (a unified trading
 * account, {@code unifiedMarginStatus} 6 = UTA 2.0 Pro), {@code /v5/user/query-api} (the key's permissions,
 * {@code uta=1}), {@code /v5/account/fee-rate} (exactly the rates the {@link MatchingEngine} charges) and
 * {@code /v5/asset/coin/query-info} (every coin of the listed instruments and the accounts' balances, one chain
 * each).
 */
final class AccountInfoEndpoints
{
    private final MatchingEngine engine;
    private final long startedMillis;

    AccountInfoEndpoints(final MatchingEngine engine)
    {
        this.engine = engine;
        this.startedMillis = engine.now();
    }

    ObjectNode accountInfo(final Account a, final JsonNode q)
    {
        final ObjectNode r = SimJson.object();
        r.put("marginMode", "REGULAR_MARGIN");
        r.put("updatedTime", Long.toString(startedMillis));
        r.put("unifiedMarginStatus", 6);
        r.put("dcpStatus", "OFF"); // V5 docs: deprecated, always OFF
        r.put("timeWindow", 0); // V5 docs: deprecated, always 0
        r.put("smpGroup", 0);
        r.put("isMasterTrader", false);
        r.put("spotHedgingStatus", "OFF");
        return r;
    }

    ObjectNode queryApi(final Account a, final JsonNode q)
    {
        final ObjectNode r = SimJson.object();
        r.put("id", Long.toString(a.uid % 10_000_000L));
        r.put("note", "bybit-sim");
        r.put("apiKey", a.apiKey);
        r.put("readOnly", 0);
        r.put("secret", "");
        final ObjectNode p = r.putObject("permissions");
        p.putArray("ContractTrade").add("Order").add("Position");
        p.putArray("Spot").add("SpotTrade");
        p.putArray("Wallet").add("AccountTransfer").add("SubMemberTransfer");
        p.putArray("Options").add("OptionsTrade");
        p.putArray("Derivatives");
        p.putArray("CopyTrading");
        p.putArray("BlockTrade");
        p.putArray("Exchange");
        p.putArray("NFT");
        p.putArray("Affiliate");
        p.putArray("Earn");
        r.putArray("ips").add("*");
        r.put("type", 1);
        r.put("deadlineDay", -1);
        r.put("expiredAt", "");
        r.put("createdAt", Instant.ofEpochMilli(startedMillis - startedMillis % 1000).toString());
        r.put("unified", 0);
        r.put("uta", 1);
        r.put("userID", a.uid);
        r.put("inviterID", 0);
        r.put("vipLevel", "No VIP");
        r.put("mktMakerLevel", "0");
        r.put("affiliateID", 0);
        r.put("rsaPublicKey", "");
        r.put("isMaster", true);
        r.put("parentUid", "0");
        r.put("kycLevel", "LEVEL_DEFAULT");
        r.put("kycRegion", "");
        return r;
    }

    /**
     * Spot: 0.1% taker and maker (charged in the received coin); linear: 0.055% taker, 0.02% maker. Inverse and
     * option list nothing (no such instruments).
     */
    ObjectNode feeRate(final Account a, final JsonNode q)
    {
        final String category = RequestParams.category(q);
        final String symbol = RequestParams.optionalText(q, "symbol");
        final ObjectNode r = SimJson.object();
        final ArrayNode list = r.putArray("list");
        synchronized (engine)
        {
            if (!RequestParams.isEmpty(symbol) && ("spot".equals(category) || "linear".equals(category)) &&
                engine.instruments().get(category, symbol) == null)
            {
                throw BybitError.params("symbol invalid");
            }
            final boolean spot = "spot".equals(category);
            for (final Instrument i : engine.instruments().list(category))
            {
                if (RequestParams.isEmpty(symbol) || i.symbol().equals(symbol))
                {
                    final ObjectNode n = list.addObject();
                    n.put("symbol", i.symbol());
                    n.put("takerFeeRate", SimJson.dec(spot ? MatchingEngine.SPOT_FEE : MatchingEngine.LINEAR_TAKER_FEE));
                    n.put("makerFeeRate", SimJson.dec(spot ? MatchingEngine.SPOT_FEE : MatchingEngine.LINEAR_MAKER_FEE));
                }
            }
        }
        return r;
    }

    ObjectNode coinInfo(final Account a, final JsonNode q)
    {
        final String coin = RequestParams.optionalText(q, "coin");
        final Set<String> coins = new TreeSet<>();
        synchronized (engine)
        {
            for (final Instrument i : engine.instruments().list("spot"))
            {
                coins.add(i.baseCoin());
                coins.add(i.quoteCoin());
            }
            for (final Account each : engine.accounts())
            {
                coins.addAll(each.balances.keySet());
            }
        }
        final ObjectNode r = SimJson.object();
        final ArrayNode rows = r.putArray("rows");
        for (final String c : coins)
        {
            if (!RequestParams.isEmpty(coin) && !c.equals(coin))
            {
                continue;
            }
            final ObjectNode row = rows.addObject();
            row.put("name", c);
            row.put("coin", c);
            row.put("remainAmount", "10000000");
            final ObjectNode chain = row.putArray("chains").addObject();
            chain.put("chainType", c);
            chain.put("confirmation", "6");
            chain.put("withdrawFee", "0");
            chain.put("depositMin", "0");
            chain.put("withdrawMin", "0");
            chain.put("chain", c);
            chain.put("chainDeposit", "1");
            chain.put("chainWithdraw", "1");
            chain.put("minAccuracy", "8");
            chain.put("withdrawPercentageFee", "0");
            chain.put("contractAddress", "");
            chain.put("safeConfirmNumber", "6");
            chain.put("withdrawMax", SimJson.dec(new BigDecimal("10000000")));
        }
        return r;
    }
}
