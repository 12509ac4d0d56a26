package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v5/market/instruments-info} (public), with the V5 docs' shapes per category: spot items carry
 * {@code lotSizeFilter.basePrecision / quotePrecision / minOrderAmt ...} and no {@code nextPageCursor}; linear items
 * carry {@code contractType, leverageFilter, lotSizeFilter.qtyStep / minNotionalValue, settleCoin ...} and page with
 * {@code limit} [1, 1000] (default 500) and {@code cursor}. Inverse and option list nothing (the simulator has no such
 * instruments), with an empty {@code nextPageCursor}. {@code status} other than {@code Trading} lists nothing (all
 * simulated instruments trade); {@code baseCoin} filters linear, inverse and option, as on Bybit.
 */
final class InstrumentsEndpoints
{
    private static final Set<String> STATUSES = Set.of("PreLaunch", "Trading", "Delivering", "Closed");

    private final MatchingEngine engine;

    InstrumentsEndpoints(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    ObjectNode instrumentsInfo(final JsonNode q)
    {
        final String category = RequestParams.category(q);
        final String symbol = RequestParams.optionalText(q, "symbol");
        final String status = RequestParams.optionalText(q, "status");
        final String baseCoin = RequestParams.optionalText(q, "baseCoin");
        final int limit = RequestParams.intInRange(q, "limit", 500, 1, 1000);
        if (!RequestParams.isEmpty(status) && !STATUSES.contains(status))
        {
            throw BybitError.params("status invalid");
        }
        final String after = decodeCursor(RequestParams.optionalText(q, "cursor"));
        final boolean spot = "spot".equals(category);
        final ObjectNode r = SimJson.object();
        r.put("category", category);
        final ArrayNode list = SimJson.array();
        String next = "";
        synchronized (engine)
        {
            final List<Instrument> all = engine.instruments().list(category);
            boolean skipping = after != null;
            int id = 0;
            for (final Instrument i : all)
            {
                id++;
                if (skipping)
                {
                    skipping = !i.symbol().equals(after);
                    continue;
                }
                if (!RequestParams.isEmpty(symbol) && !i.symbol().equals(symbol) ||
                    !RequestParams.isEmpty(status) && !"Trading".equals(status) ||
                    !spot && !RequestParams.isEmpty(baseCoin) && !i.baseCoin().equals(baseCoin))
                {
                    continue;
                }
                if (!spot && list.size() == limit)
                {
                    next = encodeCursor(list.get(list.size() - 1).path("symbol").asText());
                    break;
                }
                list.add(spot ? spot(i, id) : linear(i, id, engine.tape().firstTime(i.symbol())));
            }
        }
        r.set("list", list);
        if (!spot)
        {
            r.put("nextPageCursor", next);
        }
        return r;
    }

    private static ObjectNode spot(final Instrument i, final int id)
    {
        final ObjectNode n = SimJson.object();
        n.put("symbolId", id);
        n.put("symbol", i.symbol());
        n.put("baseCoin", i.baseCoin());
        n.put("quoteCoin", i.quoteCoin());
        n.put("innovation", "0");
        n.put("status", "Trading");
        n.put("marginTrading", "none"); // the simulator has no spot margin
        n.put("stTag", "0");
        final ObjectNode lot = n.putObject("lotSizeFilter");
        lot.put("basePrecision", SimJson.dec(i.qtyStep()));
        lot.put("quotePrecision", SimJson.dec(i.quoteStep()));
        lot.put("minOrderQty", SimJson.dec(i.minOrderQty()));
        lot.put("maxOrderQty", SimJson.dec(i.maxLimitQty()));
        lot.put("minOrderAmt", SimJson.dec(i.minNotional()));
        lot.put("maxOrderAmt", SimJson.dec(i.maxNotional()));
        lot.put("maxLimitOrderQty", SimJson.dec(i.maxLimitQty()));
        lot.put("maxMarketOrderQty", SimJson.dec(i.maxMarketQty()));
        lot.put("postOnlyMaxLimitOrderSize", SimJson.dec(i.maxLimitQty().multiply(BigDecimal.valueOf(5))));
        n.putObject("priceFilter").put("tickSize", SimJson.dec(i.tickSize()));
        final ObjectNode risk = n.putObject("riskParameters");
        risk.put("priceLimitRatioX", "0.05");
        risk.put("priceLimitRatioY", "0.1");
        n.put("symbolType", "");
        return n;
    }

    private static ObjectNode linear(final Instrument i, final int id, final long launchTime)
    {
        final ObjectNode n = SimJson.object();
        n.put("symbol", i.symbol());
        n.put("symbolId", id);
        n.put("contractType", "LinearPerpetual");
        n.put("status", "Trading");
        n.put("baseCoin", i.baseCoin());
        n.put("quoteCoin", i.quoteCoin());
        n.put("launchTime", Long.toString(launchTime));
        n.put("deliveryTime", "0");
        n.put("deliveryFeeRate", "");
        n.put("priceScale", Integer.toString(Math.max(0, i.tickSize().stripTrailingZeros().scale())));
        final ObjectNode leverage = n.putObject("leverageFilter");
        leverage.put("minLeverage", "1");
        leverage.put("maxLeverage", "100.00");
        leverage.put("leverageStep", "0.01");
        final ObjectNode price = n.putObject("priceFilter");
        price.put("minPrice", SimJson.dec(i.tickSize()));
        price.put("maxPrice", SimJson.dec(i.tickSize().scaleByPowerOfTen(13).subtract(i.tickSize())));
        price.put("tickSize", SimJson.dec(i.tickSize()));
        final ObjectNode lot = n.putObject("lotSizeFilter");
        lot.put("maxOrderQty", SimJson.dec(i.maxLimitQty()));
        lot.put("minOrderQty", SimJson.dec(i.minOrderQty()));
        lot.put("qtyStep", SimJson.dec(i.qtyStep()));
        lot.put("postOnlyMaxOrderQty", SimJson.dec(i.maxLimitQty()));
        lot.put("maxMktOrderQty", SimJson.dec(i.maxMarketQty()));
        lot.put("minNotionalValue", SimJson.dec(i.minNotional()));
        n.put("unifiedMarginTrade", true);
        n.put("fundingInterval", 480);
        n.put("settleCoin", i.quoteCoin());
        n.put("copyTrading", "none");
        n.put("upperFundingRate", "0.00375");
        n.put("lowerFundingRate", "-0.00375");
        n.put("displayName", "");
        n.put("forbidUplWithdrawal", false);
        n.put("isPreListing", false);
        n.putNull("preListingInfo");
        final ObjectNode risk = n.putObject("riskParameters");
        risk.put("priceLimitRatioX", "0.01");
        risk.put("priceLimitRatioY", "0.02");
        n.put("symbolType", "");
        return n;
    }

    private static String encodeCursor(final String symbol)
    {
        return Base64.getUrlEncoder().withoutPadding()
            .encodeToString(("instrument:" + symbol).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(final String cursor)
    {
        if (RequestParams.isEmpty(cursor))
        {
            return null;
        }
        try
        {
            final String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("instrument:"))
            {
                throw BybitError.params("cursor invalid");
            }
            return text.substring("instrument:".length());
        }
        catch (final IllegalArgumentException ex)
        {
            throw BybitError.params("cursor invalid");
        }
    }
}
