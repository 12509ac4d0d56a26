package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MarketDataEndpointsTest
{
    private BybitSimulator sim;
    private RestClient client;

    @BeforeEach
    void start()
    {
        sim = BybitSimulator.builder().account("k1", "s1").account("k2", "s2").rateLimitsEnabled(false).build().start();
        client = new RestClient(sim.restUrl(), "k1", "s1");
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    private HttpResponse<String> publicGet(final String pathAndQuery) throws Exception
    {
        return client.http.send(HttpRequest.newBuilder(URI.create(sim.restUrl() + pathAndQuery)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(final String pathAndQuery) throws Exception
    {
        final HttpResponse<String> r = publicGet(pathAndQuery);
        assertEquals(200, r.statusCode());
        final JsonNode n = RestClient.JSON.readTree(r.body());
        assertEquals(0, n.path("retCode").asInt(), n.toString());
        return n.path("result");
    }

    private int retCode(final String pathAndQuery) throws Exception
    {
        return RestClient.JSON.readTree(publicGet(pathAndQuery).body()).path("retCode").asInt();
    }

    @Test
    void shouldListSpotInstrumentsWithTheRulesTheEngineEnforces() throws Exception
    {
        final JsonNode r = ok("/v5/market/instruments-info?category=spot");
        assertEquals("spot", r.path("category").asText());
        assertFalse(r.has("nextPageCursor"), "spot answers carry no cursor (V5 docs)");
        assertEquals(2, r.path("list").size());
        final JsonNode btc = r.path("list").get(0);
        assertEquals("BTCUSDT", btc.path("symbol").asText());
        assertEquals("BTC", btc.path("baseCoin").asText());
        assertEquals("USDT", btc.path("quoteCoin").asText());
        assertEquals("Trading", btc.path("status").asText());
        assertEquals("0.01", btc.path("priceFilter").path("tickSize").asText());
        assertEquals("0.000001", btc.path("lotSizeFilter").path("basePrecision").asText());
        assertEquals("5", btc.path("lotSizeFilter").path("minOrderAmt").asText());
        assertTrue(btc.path("lotSizeFilter").path("maxLimitOrderQty").isTextual());
        assertFalse(btc.has("contractType"));

        // the engine enforces exactly that tick
        final JsonNode off = client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.01\",\"price\":\"40000.005\"}");
        assertEquals(170134, off.path("retCode").asInt(), off.toString());
    }

    @Test
    void shouldListAndPageLinearInstrumentsAndAnswerInverseAndOptionWithEmptyLists() throws Exception
    {
        final JsonNode first = ok("/v5/market/instruments-info?category=linear&limit=1");
        assertEquals(1, first.path("list").size());
        final JsonNode btc = first.path("list").get(0);
        assertEquals("BTCUSDT", btc.path("symbol").asText());
        assertEquals("LinearPerpetual", btc.path("contractType").asText());
        assertEquals("USDT", btc.path("settleCoin").asText());
        assertEquals("0.1", btc.path("priceFilter").path("tickSize").asText());
        assertEquals("0.001", btc.path("lotSizeFilter").path("qtyStep").asText());
        assertEquals("5", btc.path("lotSizeFilter").path("minNotionalValue").asText());
        assertTrue(btc.path("leverageFilter").path("maxLeverage").isTextual());
        final String cursor = first.path("nextPageCursor").asText();
        assertFalse(cursor.isEmpty());
        final JsonNode second = ok("/v5/market/instruments-info?category=linear&limit=1&cursor=" + cursor);
        assertEquals("ETHUSDT", second.path("list").get(0).path("symbol").asText());
        assertEquals("", second.path("nextPageCursor").asText());

        assertEquals(1, ok("/v5/market/instruments-info?category=linear&baseCoin=ETH").path("list").size());
        assertEquals(0, ok("/v5/market/instruments-info?category=linear&status=Closed").path("list").size());
        for (final String category : new String[] {"inverse", "option"})
        {
            final JsonNode empty = ok("/v5/market/instruments-info?category=" + category + "&baseCoin=BTC&limit=1000");
            assertEquals(0, empty.path("list").size());
            assertEquals("", empty.path("nextPageCursor").asText());
        }
        assertEquals(10001, retCode("/v5/market/instruments-info?category=futures"));
        assertEquals(10001, retCode("/v5/market/instruments-info?category=linear&limit=0"));
        assertEquals(10001, retCode("/v5/market/instruments-info?category=linear&cursor=%21%21"));
    }

    @Test
    void shouldShowTheSimulatedMarketInTickersAndTheOrderBook() throws Exception
    {
        client.limitBuy("BTCUSDT", "0.5", "49000", "b1");
        new RestClient(sim.restUrl(), "k2", "s2").limitBuy("BTCUSDT", "0.25", "49000", "b2");
        client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Sell\"," +
            "\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"51000\"}");
        sim.engine().setPrice("BTCUSDT", "50100");

        final JsonNode book = ok("/v5/market/orderbook?category=spot&symbol=BTCUSDT&limit=5");
        assertEquals("BTCUSDT", book.path("s").asText());
        assertEquals("50100", book.path("b").get(0).get(0).asText());
        assertEquals("49000", book.path("b").get(1).get(0).asText());
        assertEquals("0.75", book.path("b").get(1).get(1).asText()); // two accounts' orders, one level
        assertEquals("50100", book.path("a").get(0).get(0).asText());
        assertEquals("51000", book.path("a").get(1).get(0).asText());
        assertTrue(book.path("ts").isNumber() && book.path("u").isNumber() && book.path("seq").isNumber());
        assertEquals(1, ok("/v5/market/orderbook?category=spot&symbol=BTCUSDT").path("b").size()); // spot default 1
        assertEquals(0, ok("/v5/market/orderbook?category=linear&symbol=BTCUSDT").path("b").get(0).get(0).asText()
            .compareTo("50100"));
        assertEquals(10001, retCode("/v5/market/orderbook?category=spot&symbol=NOPE"));
        assertEquals(10001, retCode("/v5/market/orderbook?category=spot&symbol=BTCUSDT&limit=1001"));

        final JsonNode spot = ok("/v5/market/tickers?category=spot&symbol=BTCUSDT").path("list").get(0);
        assertEquals("50100", spot.path("lastPrice").asText());
        assertEquals("50000", spot.path("prevPrice24h").asText());
        assertEquals("0.002", spot.path("price24hPcnt").asText());
        assertEquals("50100", spot.path("highPrice24h").asText());
        assertEquals("50100", spot.path("bid1Price").asText());
        assertFalse(spot.has("markPrice"));
        final JsonNode linear = ok("/v5/market/tickers?category=linear").path("list");
        assertEquals(2, linear.size());
        assertEquals("50100", linear.get(0).path("markPrice").asText());
        assertTrue(linear.get(0).has("fundingRate") && linear.get(0).has("openInterest"));
        assertEquals(0, ok("/v5/market/tickers?category=option&baseCoin=BTC").path("list").size());
        assertEquals(10001, retCode("/v5/market/tickers?category=spot&symbol=NOPE"));
    }

    @Test
    void shouldServeRecentTradesAndKlinesFromTheSimulatedPrints() throws Exception
    {
        final String id = client.limitBuy("BTCUSDT", "0.5", "49000", "t1");
        sim.engine().setPrice("BTCUSDT", "48900"); // crosses: maker fill at 49000, taker was a seller
        client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Market\",\"qty\":\"0.2\",\"marketUnit\":\"baseCoin\"}");

        final JsonNode trades = ok("/v5/market/recent-trade?category=spot&symbol=BTCUSDT").path("list");
        assertEquals(2, trades.size());
        assertEquals("48900", trades.get(0).path("price").asText());
        assertEquals("0.2", trades.get(0).path("size").asText());
        assertEquals("Buy", trades.get(0).path("side").asText());
        assertEquals("49000", trades.get(1).path("price").asText());
        assertEquals("Sell", trades.get(1).path("side").asText());
        assertEquals(sim.engine().executions("k1").get(0).execId(), trades.get(1).path("execId").asText());
        assertTrue(trades.get(0).path("time").isTextual() && trades.get(0).path("seq").isTextual());
        assertFalse(trades.get(0).path("isBlockTrade").asBoolean());
        assertEquals(0, ok("/v5/market/recent-trade?category=linear&symbol=BTCUSDT").path("list").size());
        assertEquals(10001, retCode("/v5/market/recent-trade?category=spot&symbol=BTCUSDT&limit=61"));
        assertEquals(10001, retCode("/v5/market/recent-trade?category=spot"));
        assertEquals(id, sim.engine().order("k1", "t1").orderId());

        final JsonNode kline = ok("/v5/market/kline?category=spot&symbol=BTCUSDT&interval=1");
        assertEquals("spot", kline.path("category").asText());
        assertEquals("BTCUSDT", kline.path("symbol").asText());
        final JsonNode last = kline.path("list").get(0);
        assertEquals(7, last.size());
        assertEquals("48900", last.get(4).asText()); // close
        assertEquals("50000", last.get(2).asText(), kline.toString()); // high: the open (or start) price
        assertEquals("48900", last.get(3).asText()); // low
        double volume = 0;
        for (final JsonNode candle : kline.path("list"))
        {
            volume += Double.parseDouble(candle.get(5).asText());
        }
        assertEquals(0.7, volume, 1e-9);
        assertEquals("linear", ok("/v5/market/kline?symbol=BTCUSDT&interval=D").path("category").asText());
        assertEquals(10001, retCode("/v5/market/kline?category=spot&symbol=BTCUSDT&interval=2"));
        assertEquals(10001, retCode("/v5/market/kline?category=option&symbol=BTCUSDT&interval=1"));
        assertEquals(10001, retCode("/v5/market/kline?category=spot&symbol=BTCUSDT&interval=1&start=x"));
    }
}
