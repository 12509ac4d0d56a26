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

class AccountInfoEndpointsTest
{
    private BybitSimulator sim;
    private RestClient client;

    @BeforeEach
    void start()
    {
        sim = BybitSimulator.builder().account("k1", "s1").rateLimitsEnabled(false).build().start();
        client = new RestClient(sim.restUrl(), "k1", "s1");
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    private JsonNode ok(final String path, final String query) throws Exception
    {
        final JsonNode n = client.getJson(path, query);
        assertEquals(0, n.path("retCode").asInt(), n.toString());
        return n.path("result");
    }

    @Test
    void shouldDescribeAUnifiedTradeAccountAndItsKey() throws Exception
    {
        final JsonNode info = ok("/v5/account/info", "");
        assertEquals(6, info.path("unifiedMarginStatus").asInt());
        assertTrue(info.path("unifiedMarginStatus").isInt());
        assertEquals("REGULAR_MARGIN", info.path("marginMode").asText());
        assertEquals("OFF", info.path("dcpStatus").asText());
        assertTrue(info.path("updatedTime").isTextual());

        final JsonNode key = ok("/v5/user/query-api", "");
        assertEquals("k1", key.path("apiKey").asText());
        assertEquals("", key.path("secret").asText());
        assertEquals(1, key.path("uta").asInt());
        assertEquals(0, key.path("readOnly").asInt());
        assertTrue(key.path("userID").isNumber());
        assertTrue(key.path("permissions").path("Spot").get(0).asText().equals("SpotTrade"));
        assertFalse(key.toString().contains("s1"), "the secret never leaves the simulator");
    }

    @Test
    void shouldNeedASignatureForAccountEndpoints() throws Exception
    {
        for (final String path : new String[] {"/v5/account/info", "/v5/user/query-api", "/v5/account/fee-rate",
            "/v5/asset/coin/query-info"})
        {
            final HttpResponse<String> r = client.http.send(
                HttpRequest.newBuilder(URI.create(sim.restUrl() + path + "?category=spot")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), path);
            assertEquals(10003, RestClient.JSON.readTree(r.body()).path("retCode").asInt(), path);
        }
    }

    @Test
    void shouldQuoteTheFeeRatesTheEngineCharges() throws Exception
    {
        final JsonNode spot = ok("/v5/account/fee-rate", "category=spot&symbol=BTCUSDT").path("list");
        assertEquals(1, spot.size());
        assertEquals("BTCUSDT", spot.get(0).path("symbol").asText());
        final JsonNode linear = ok("/v5/account/fee-rate", "category=linear").path("list");
        assertEquals(2, linear.size());
        assertEquals(0, ok("/v5/account/fee-rate", "category=inverse").path("list").size());
        assertEquals(10001, client.getJson("/v5/account/fee-rate", "category=spot&symbol=NOPE").path("retCode").asInt());

        // spot: a taker fill and a maker fill both at the quoted rates
        client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Sell\"," +
            "\"orderType\":\"Market\",\"qty\":\"0.1\"}");
        final String id = client.limitBuy("BTCUSDT", "0.1", "49000", "m1");
        sim.engine().fill(id, "0.1");
        final SimExecution taker = sim.engine().executions("k1").get(0);
        final SimExecution maker = sim.engine().executions("k1").get(1);
        assertFalse(taker.isMaker());
        assertEquals(spot.get(0).path("takerFeeRate").asText(), taker.feeRate());
        assertTrue(maker.isMaker());
        assertEquals(spot.get(0).path("makerFeeRate").asText(), maker.feeRate());

        // linear: taker 0.055%
        client.postJson("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Market\",\"qty\":\"0.01\"}");
        final SimExecution linearTaker = sim.engine().executions("k1").get(2);
        assertEquals(linear.get(0).path("takerFeeRate").asText(), linearTaker.feeRate());
        assertEquals("0.0002", linear.get(0).path("makerFeeRate").asText());
    }

    @Test
    void shouldListCoinsOfTheInstrumentsAndBalances() throws Exception
    {
        final JsonNode rows = ok("/v5/asset/coin/query-info", "").path("rows");
        assertEquals(3, rows.size(), rows.toString()); // BTC, ETH, USDT
        assertEquals("BTC", rows.get(0).path("coin").asText());
        assertEquals("BTC", rows.get(0).path("chains").get(0).path("chain").asText());
        assertEquals("1", rows.get(0).path("chains").get(0).path("chainDeposit").asText());
        final JsonNode one = ok("/v5/asset/coin/query-info", "coin=USDT").path("rows");
        assertEquals(1, one.size());
        assertEquals("USDT", one.get(0).path("name").asText());
    }
}
