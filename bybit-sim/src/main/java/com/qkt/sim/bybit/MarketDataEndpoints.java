package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Public market data of the simulated market: {@code /v5/market/tickers}, {@code /v5/market/orderbook},
 * {@code /v5/market/recent-trade} and {@code /v5/market/kline}, in Bybit V5's shapes.
 *
 * <p>What "the market" is here: the engine trades any size at the last price in both directions (a marketable order
 * fills there at once), so the top of the book is the last price on both sides, sized at the instrument's largest
 * limit quantity; below and above it sit the resting orders of every simulated account, aggregated per price.
 * Recent trades are the fills of every account (one print each, side = the taker's side); klines and the 24 h
 * statistics come from the last-price path and those prints ({@link MarketTape}). Linear tickers report mark and
 * index price equal to the last price, zero funding and open interest equal to the accounts' long size.
 */
final class MarketDataEndpoints
{
    private final MatchingEngine engine;

    MarketDataEndpoints(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    ObjectNode tickers(final JsonNode q)
    {
        final String category = RequestParams.category(q);
        final String symbol = RequestParams.optionalText(q, "symbol");
        final ObjectNode r = SimJson.object();
        r.put("category", category);
        final ArrayNode list = r.putArray("list");
        synchronized (engine)
        {
            if (!RequestParams.isEmpty(symbol) && ("spot".equals(category) || "linear".equals(category)))
            {
                instrument(category, symbol);
            }
            final long now = engine.now();
            for (final Instrument i : engine.instruments().list(category))
            {
                if (RequestParams.isEmpty(symbol) || i.symbol().equals(symbol))
                {
                    list.add(ticker(i, now));
                }
            }
        }
        return r;
    }

    private ObjectNode ticker(final Instrument i, final long now)
    {
        final BigDecimal last = new BigDecimal(engine.price(i.symbol()));
        final MarketTape.Stats s = engine.tape().stats(i.category(), i.symbol(), now);
        final Book book = book(i);
        final String bidPrice = book.bids.isEmpty() ? "" : SimJson.dec(book.bids.firstKey());
        final String bidSize = book.bids.isEmpty() ? "" : SimJson.dec(book.bids.firstEntry().getValue());
        final String askPrice = book.asks.isEmpty() ? "" : SimJson.dec(book.asks.firstKey());
        final String askSize = book.asks.isEmpty() ? "" : SimJson.dec(book.asks.firstEntry().getValue());
        final ObjectNode n = SimJson.object();
        n.put("symbol", i.symbol());
        if ("spot".equals(i.category()))
        {
            n.put("bid1Price", bidPrice);
            n.put("bid1Size", bidSize);
            n.put("ask1Price", askPrice);
            n.put("ask1Size", askSize);
            n.put("lastPrice", SimJson.dec(last));
            n.put("prevPrice24h", SimJson.dec(s.prevPrice24h()));
            n.put("price24hPcnt", pcnt(last, s.prevPrice24h(), 4));
            n.put("highPrice24h", SimJson.dec(s.high24h()));
            n.put("lowPrice24h", SimJson.dec(s.low24h()));
            n.put("turnover24h", SimJson.dec(s.turnover24h()));
            n.put("volume24h", SimJson.dec(s.volume24h()));
            n.put("usdIndexPrice", "USDT".equals(i.quoteCoin()) || "USDC".equals(i.quoteCoin()) ?
                SimJson.dec(last) : "");
            return n;
        }
        final BigDecimal openInterest = openInterest(i.symbol());
        n.put("lastPrice", SimJson.dec(last));
        n.put("indexPrice", SimJson.dec(last));
        n.put("markPrice", SimJson.dec(last));
        n.put("prevPrice24h", SimJson.dec(s.prevPrice24h()));
        n.put("price24hPcnt", pcnt(last, s.prevPrice24h(), 6));
        n.put("highPrice24h", SimJson.dec(s.high24h()));
        n.put("lowPrice24h", SimJson.dec(s.low24h()));
        n.put("prevPrice1h", SimJson.dec(s.prevPrice1h()));
        n.put("openInterest", SimJson.dec(openInterest));
        n.put("openInterestValue", SimJson.dec(openInterest.multiply(last)));
        n.put("turnover24h", SimJson.dec(s.turnover24h()));
        n.put("volume24h", SimJson.dec(s.volume24h()));
        n.put("fundingRate", "0");
        n.put("nextFundingTime", Long.toString(Math.floorDiv(now, 8 * 3_600_000L) * 8 * 3_600_000L + 8 * 3_600_000L));
        n.put("predictedDeliveryPrice", "");
        n.put("basisRate", "");
        n.put("deliveryFeeRate", "");
        n.put("deliveryTime", "0");
        n.put("ask1Size", askSize);
        n.put("bid1Price", bidPrice);
        n.put("ask1Price", askPrice);
        n.put("bid1Size", bidSize);
        n.put("basis", "");
        n.put("preOpenPrice", "");
        n.put("preQty", "");
        n.put("curPreListingPhase", "");
        n.put("fundingIntervalHour", "8");
        n.put("basisRateYear", "");
        n.put("fundingCap", "0.00375");
        return n;
    }

    ObjectNode orderbook(final JsonNode q)
    {
        final String category = RequestParams.category(q);
        final String symbol = RequestParams.requiredText(q, "symbol");
        final int limit = switch (category)
        {
            case "spot" -> RequestParams.intInRange(q, "limit", 1, 1, 1000);
            case "option" -> RequestParams.intInRange(q, "limit", 1, 1, 25);
            default -> RequestParams.intInRange(q, "limit", 25, 1, 1000);
        };
        final ObjectNode r = SimJson.object();
        synchronized (engine)
        {
            final Instrument i = instrument(category, symbol);
            final Book book = book(i);
            r.put("s", symbol);
            r.set("a", levels(book.asks, limit));
            r.set("b", levels(book.bids, limit));
            r.put("ts", engine.now());
            r.put("u", engine.lastSeq());
            r.put("seq", engine.lastSeq());
            final long lastPrint = engine.tape().lastPrintTime(category, symbol);
            r.put("cts", lastPrint != 0 ? lastPrint : engine.tape().firstTime(symbol));
        }
        return r;
    }

    ObjectNode recentTrades(final JsonNode q)
    {
        final String category = RequestParams.category(q);
        final String symbol = RequestParams.optionalText(q, "symbol");
        final int limit = "spot".equals(category) ?
            RequestParams.intInRange(q, "limit", 60, 1, 60) : RequestParams.intInRange(q, "limit", 500, 1, 1000);
        final ObjectNode r = SimJson.object();
        r.put("category", category);
        final ArrayNode list = r.putArray("list");
        if ("option".equals(category) && RequestParams.isEmpty(symbol))
        {
            return r;
        }
        if (RequestParams.isEmpty(symbol))
        {
            throw BybitError.params("symbol is required");
        }
        synchronized (engine)
        {
            instrument(category, symbol);
            for (final MarketTape.Print p : engine.tape().recent(category, symbol, limit))
            {
                final ObjectNode n = list.addObject();
                n.put("execId", p.execId());
                n.put("symbol", p.symbol());
                n.put("price", SimJson.dec(p.price()));
                n.put("size", SimJson.dec(p.size()));
                n.put("side", p.side());
                n.put("time", Long.toString(p.time()));
                n.put("isBlockTrade", false);
                n.put("isRPITrade", false);
                n.put("seq", Long.toString(p.seq()));
            }
        }
        return r;
    }

    ObjectNode kline(final JsonNode q)
    {
        final String categoryParam = RequestParams.optionalText(q, "category");
        final String category = RequestParams.isEmpty(categoryParam) ? "linear" : categoryParam;
        if (!"spot".equals(category) && !"linear".equals(category) && !"inverse".equals(category))
        {
            throw BybitError.params("category invalid");
        }
        final String symbol = RequestParams.requiredText(q, "symbol");
        final String interval = RequestParams.requiredText(q, "interval");
        if (!MarketTape.validInterval(interval))
        {
            throw BybitError.params("interval invalid");
        }
        final int limit = RequestParams.intInRange(q, "limit", 200, 1, 1000);
        final ObjectNode r = SimJson.object();
        r.put("symbol", symbol);
        r.put("category", category);
        final ArrayNode list = r.putArray("list");
        synchronized (engine)
        {
            instrument(category, symbol);
            final long end = RequestParams.optionalLong(q, "end", engine.now());
            final long start = RequestParams.optionalLong(q, "start", 0L);
            if (start > end)
            {
                throw BybitError.params("start must not be after end");
            }
            for (final MarketTape.Candle c : engine.tape().candles(category, symbol, interval, start, end, limit))
            {
                final ArrayNode row = list.addArray();
                row.add(Long.toString(c.start()));
                row.add(SimJson.dec(c.open()));
                row.add(SimJson.dec(c.high()));
                row.add(SimJson.dec(c.low()));
                row.add(SimJson.dec(c.close()));
                row.add(SimJson.dec(c.volume()));
                row.add(SimJson.dec(c.turnover()));
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ helpers (engine lock held)

    /** Aggregated price levels: bids best (highest) first, asks best (lowest) first. */
    private record Book(TreeMap<BigDecimal, BigDecimal> bids, TreeMap<BigDecimal, BigDecimal> asks)
    {
    }

    private Book book(final Instrument i)
    {
        final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>((x, y) -> y.compareTo(x));
        final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        final BigDecimal last = new BigDecimal(engine.price(i.symbol()));
        bids.put(last, i.maxLimitQty());
        asks.put(last, i.maxLimitQty());
        for (final OrderState o : engine.allOrders())
        {
            if (o.isOpen() && o.price != null && o.symbol.equals(i.symbol()) && o.category.equals(i.category()))
            {
                (o.isBuy() ? bids : asks).merge(o.price, o.leavesQty(), BigDecimal::add);
            }
        }
        return new Book(bids, asks);
    }

    private static ArrayNode levels(final TreeMap<BigDecimal, BigDecimal> side, final int depth)
    {
        final ArrayNode out = SimJson.array();
        for (final Map.Entry<BigDecimal, BigDecimal> level : side.entrySet())
        {
            if (out.size() == depth)
            {
                break;
            }
            out.addArray().add(SimJson.dec(level.getKey())).add(SimJson.dec(level.getValue()));
        }
        return out;
    }

    private BigDecimal openInterest(final String symbol)
    {
        BigDecimal longs = BigDecimal.ZERO;
        for (final Account a : engine.accounts())
        {
            final Account.Position p = a.positions.get(symbol);
            if (p != null && p.size.signum() > 0)
            {
                longs = longs.add(p.size);
            }
        }
        return longs;
    }

    private Instrument instrument(final String category, final String symbol)
    {
        final Instrument i = engine.instruments().get(category, symbol);
        if (i == null)
        {
            throw BybitError.params("symbol invalid");
        }
        return i;
    }

    private static String pcnt(final BigDecimal last, final BigDecimal prev, final int scale)
    {
        if (prev.signum() == 0)
        {
            return "0";
        }
        return SimJson.dec(last.subtract(prev).divide(prev, scale, RoundingMode.HALF_UP));
    }
}
