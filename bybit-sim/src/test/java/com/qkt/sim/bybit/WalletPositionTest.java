package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WalletPositionTest
{
    private BybitSimulator sim;
    private RestClient rest;

    @BeforeEach
    void start()
    {
        sim = BybitSimulator.builder().account("k1", "s1").rateLimitsEnabled(false).build().start();
        rest = new RestClient(sim.restUrl(), "k1", "s1");
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    private static void assertDec(final String expected, final JsonNode actual)
    {
        assertTrue(actual.isTextual(), "decimals are strings: " + actual);
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual.asText())),
            "expected " + expected + " got " + actual.asText());
    }

    private JsonNode coin(final String coin) throws Exception
    {
        final JsonNode r = rest.getJson("/v5/account/wallet-balance", "accountType=UNIFIED&coin=" + coin);
        assertEquals(0, r.get("retCode").asInt(), r.toString());
        final JsonNode list = r.path("result").path("list");
        assertEquals(1, list.size());
        assertEquals("UNIFIED", list.get(0).path("accountType").asText());
        return list.get(0).path("coin").get(0);
    }

    private JsonNode position(final String symbol) throws Exception
    {
        final JsonNode r = rest.getJson("/v5/position/list", "category=linear&symbol=" + symbol);
        assertEquals(0, r.get("retCode").asInt(), r.toString());
        return r.path("result").path("list").get(0);
    }

    private void linear(final String side, final String qty) throws Exception
    {
        final JsonNode r = rest.postJson("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"" + side + "\",\"orderType\":\"Market\",\"qty\":\"" + qty + "\"}");
        assertEquals(0, r.get("retCode").asInt(), r.toString());
    }

    @Test
    void shouldMoveSpotBalancesWithFillsAndHaveNoPositions() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "wallet");
        rest.limitBuy("BTCUSDT", "0.5", "40000", "w-1");
        JsonNode usdt = coin("USDT");
        assertDec("1000000", usdt.path("walletBalance"));
        assertDec("20000", usdt.path("locked"));
        assertDec("980000", usdt.path("availableToWithdraw"));
        assertDec("1000000", usdt.path("equity"));
        final JsonNode lockedPush = ws.nextOnTopic("wallet");
        assertDec("20000", lockedPush.path("data").get(0).path("coin").get(1).path("locked")); // BTC, USDT (sorted)

        sim.engine().setPrice("BTCUSDT", "39000");
        usdt = coin("USDT");
        assertDec("980000", usdt.path("walletBalance"));
        assertDec("0", usdt.path("locked"));
        final JsonNode btc = coin("BTC");
        assertDec("100.4995", btc.path("walletBalance")); // 0.5 less the 0.1% fee in the received coin
        assertEquals(sim.engine().walletBalance("k1", "BTC"), btc.path("walletBalance").asText());

        final JsonNode push = ws.nextOnTopic("wallet");
        assertEquals("wallet", push.path("topic").asText());
        final JsonNode pushed = push.path("data").get(0);
        assertEquals("UNIFIED", pushed.path("accountType").asText());
        for (final JsonNode c : pushed.path("coin"))
        {
            assertEquals(sim.engine().walletBalance("k1", c.path("coin").asText()), c.path("walletBalance").asText());
        }
        final JsonNode all = rest.getJson("/v5/account/wallet-balance", "accountType=UNIFIED").path("result")
            .path("list").get(0);
        assertEquals(2, all.path("coin").size(), "no coin filter: every coin held");
        // account totals in USD: 980000 USDT + 100.4995 BTC at 39000
        assertDec("4899480.5", all.path("totalWalletBalance"));
        assertDec("4899480.5", all.path("totalEquity"));
        assertDec("0", all.path("totalPerpUPL"));

        assertEquals(10001, rest.getJson("/v5/position/list", "category=spot&symbol=BTCUSDT").get("retCode").asInt());
        assertEquals(0, rest.getJson("/v5/position/list", "category=linear&settleCoin=USDT")
            .path("result").path("list").size(), "a spot-only account has no positions");
        final JsonNode flat = position("BTCUSDT");
        assertEquals("", flat.path("side").asText());
        assertDec("0", flat.path("size"));
        assertEquals(-1, flat.path("seq").asLong(), "never traded");
        assertEquals(10001, rest.getJson("/v5/account/wallet-balance", "accountType=SPOT").get("retCode").asInt());
        ws.abort();
    }

    @Test
    void shouldOpenExtendReduceCloseAndFlipALinearPosition() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "position", "execution", "wallet");
        final List<Long> seqs = new ArrayList<>();

        linear("Buy", "0.2"); // open at 50000, taker fee 10000 * 0.00055 = 5.5
        JsonNode p = position("BTCUSDT");
        assertEquals("Buy", p.path("side").asText());
        assertDec("0.2", p.path("size"));
        assertDec("50000", p.path("avgPrice"));
        assertDec("-5.5", p.path("cumRealisedPnl"));
        assertDec("0", p.path("unrealisedPnl"));
        final JsonNode exec = ws.nextOnTopic("execution").path("data").get(0);
        assertEquals(exec.path("seq").asLong(), p.path("seq").asLong(), "the fill's cross sequence");
        seqs.add(p.path("seq").asLong());
        JsonNode pushed = ws.nextOnTopic("position").path("data").get(0);
        assertEquals("linear", pushed.path("category").asText());
        assertDec("50000", pushed.path("entryPrice"));
        assertEquals(p.path("seq").asLong(), pushed.path("seq").asLong());
        assertEquals(p.path("updatedTime").asText(), pushed.path("updatedTime").asText());

        sim.engine().setPrice("BTCUSDT", "52000");
        assertDec("400", position("BTCUSDT").path("unrealisedPnl")); // (52000 - 50000) * 0.2 at mark
        JsonNode usdt = coin("USDT");
        assertDec("999994.5", usdt.path("walletBalance"));
        assertDec("400", usdt.path("unrealisedPnl"));
        assertDec("1000394.5", usdt.path("equity"));
        assertDec("1000", usdt.path("totalPositionIM")); // 10000 / 10x

        linear("Buy", "0.2"); // extend at 52000: avg 51000, fee 5.72
        p = position("BTCUSDT");
        assertDec("0.4", p.path("size"));
        assertDec("51000", p.path("avgPrice"));
        assertDec("400", p.path("unrealisedPnl"));
        assertDec("-11.22", p.path("cumRealisedPnl"));
        seqs.add(p.path("seq").asLong());

        sim.engine().setPrice("BTCUSDT", "53000");
        linear("Sell", "0.1"); // reduce: +200 realised, fee 2.915
        p = position("BTCUSDT");
        assertDec("0.3", p.path("size"));
        assertDec("51000", p.path("avgPrice"));
        assertDec("185.865", p.path("cumRealisedPnl"));
        seqs.add(p.path("seq").asLong());

        linear("Sell", "0.5"); // flip: close 0.3 (+600), open short 0.2 at 53000; fee 26500 * 0.00055 = 14.575
        p = position("BTCUSDT");
        assertEquals("Sell", p.path("side").asText());
        assertDec("0.2", p.path("size"));
        assertDec("53000", p.path("avgPrice"));
        assertDec("771.29", p.path("cumRealisedPnl"));
        seqs.add(p.path("seq").asLong());

        linear("Buy", "0.2"); // close at 53000: 0 pnl, fee 5.83
        p = position("BTCUSDT");
        assertEquals("", p.path("side").asText());
        assertDec("0", p.path("size"));
        assertDec("765.46", p.path("cumRealisedPnl"));
        seqs.add(p.path("seq").asLong());
        for (int i = 1; i < seqs.size(); i++)
        {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "seq increases with each update: " + seqs);
        }

        usdt = coin("USDT");
        assertDec("1000765.46", usdt.path("walletBalance")); // 1 000 000 + 800 realised - 34.54 fees
        assertDec("765.46", usdt.path("cumRealisedPnl"));
        assertDec("0", usdt.path("unrealisedPnl"));
        assertEquals(sim.engine().walletBalance("k1", "USDT"), usdt.path("walletBalance").asText());
        assertEquals("0", sim.engine().positionSize("k1", "BTCUSDT"));
        final SimPosition snapshot = sim.engine().position("k1", "BTCUSDT");
        assertEquals(p.path("seq").asLong(), snapshot.seq());
        assertEquals("", snapshot.side());
        assertEquals(p.path("cumRealisedPnl").asText(), snapshot.cumRealisedPnl());
        final SimCoinBalance usdtSnapshot = sim.engine().wallet("k1").stream()
            .filter(c -> c.coin().equals("USDT")).findFirst().orElseThrow();
        assertEquals(usdt.path("walletBalance").asText(), usdtSnapshot.walletBalance());
        assertEquals(usdt.path("equity").asText(), usdtSnapshot.equity());

        // the last pushes agree with REST
        JsonNode lastPosition = null;
        JsonNode lastWallet = null;
        String text;
        while ((text = ws.nextText(java.time.Duration.ofMillis(300))) != null)
        {
            final JsonNode n = RestClient.JSON.readTree(text);
            if ("position".equals(n.path("topic").asText()))
            {
                lastPosition = n.path("data").get(0);
            }
            if ("wallet".equals(n.path("topic").asText()))
            {
                lastWallet = n.path("data").get(0);
            }
        }
        assertEquals(p.path("seq").asLong(), lastPosition.path("seq").asLong());
        assertDec("0", lastPosition.path("size"));
        for (final JsonNode c : lastWallet.path("coin"))
        {
            if ("USDT".equals(c.path("coin").asText()))
            {
                assertDec("1000765.46", c.path("walletBalance"));
            }
        }
        ws.abort();
    }

    @Test
    void shouldRefuseLinearOrdersWithoutInitialMarginButLetThemReduce() throws Exception
    {
        sim.close();
        sim = BybitSimulator.builder().account("k1", "s1").defaultBalance("USDT", "2000").rateLimitsEnabled(false)
            .build().start();
        rest = new RestClient(sim.restUrl(), "k1", "s1");
        linear("Buy", "0.3"); // 15000 at 10x: 1500 IM of 2000, fee 8.25
        JsonNode usdt = coin("USDT");
        assertDec("1500", usdt.path("totalPositionIM"));
        assertDec("491.75", usdt.path("availableToWithdraw"));
        final JsonNode refused = rest.postJson("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.11\",\"price\":\"49000\"}"); // 539 IM
        assertEquals(110007, refused.get("retCode").asInt(), refused.toString());
        assertEquals("ab not enough for new order", refused.get("retMsg").asText());
        final JsonNode resting = rest.postJson("/v5/order/create", "{\"category\":\"linear\",\"symbol\":" +
            "\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.05\",\"price\":\"49000\"}");
        assertEquals(0, resting.get("retCode").asInt(), resting.toString());
        usdt = coin("USDT");
        assertDec("245", usdt.path("totalOrderIM"));
        assertDec("246.75", usdt.path("availableToWithdraw"));
        linear("Sell", "0.3"); // reducing needs no margin
        assertDec("0", position("BTCUSDT").path("size"));
    }

    @Test
    void shouldPagePositionsBySettleCoin() throws Exception
    {
        for (final String symbol : List.of("BTCUSDT", "ETHUSDT"))
        {
            assertEquals(0, rest.postJson("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"" + symbol +
                "\",\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\"}").get("retCode").asInt());
        }
        final JsonNode first = rest.getJson("/v5/position/list", "category=linear&settleCoin=USDT&limit=1");
        assertEquals(1, first.path("result").path("list").size());
        assertEquals("BTCUSDT", first.path("result").path("list").get(0).path("symbol").asText());
        final String cursor = first.path("result").path("nextPageCursor").asText();
        assertTrue(!cursor.isEmpty());
        final JsonNode second = rest.getJson("/v5/position/list", "category=linear&settleCoin=USDT&limit=1&cursor=" +
            cursor);
        assertEquals("ETHUSDT", second.path("result").path("list").get(0).path("symbol").asText());
        assertEquals("Sell", second.path("result").path("list").get(0).path("side").asText());
        assertEquals("", second.path("result").path("nextPageCursor").asText());
        assertEquals(2, rest.getJson("/v5/position/list", "category=linear&settleCoin=USDT")
            .path("result").path("list").size());
        assertEquals(0, rest.getJson("/v5/position/list", "category=linear&settleCoin=USDC")
            .path("result").path("list").size());
        assertEquals(10001, rest.getJson("/v5/position/list", "category=linear").get("retCode").asInt());
        assertEquals(10001, rest.getJson("/v5/position/list", "category=linear&settleCoin=USDT&cursor=zz!")
            .get("retCode").asInt());
        assertEquals(10001, rest.getJson("/v5/position/list", "category=linear&settleCoin=USDT&limit=201")
            .get("retCode").asInt());
    }
}
