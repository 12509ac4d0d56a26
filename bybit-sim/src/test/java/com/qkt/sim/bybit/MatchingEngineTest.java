package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MatchingEngineTest
{
    private final List<String> pushes = new ArrayList<>();
    private long now = 1_700_000_000_000L;
    private MatchingEngine engine;
    private Account account;

    @BeforeEach
    void setUp()
    {
        engine = new MatchingEngine(7, () -> now);
        engine.sink((Account a, PushTopic t, String c, String s, long q, ArrayNode d) ->
            pushes.add(t.base + ":" + d.get(0).path("orderStatus").asText("")));
        engine.setPrice("BTCUSDT", "50000");
        account = engine.addAccount("k", "s", Map.of("USDT", new BigDecimal("100000"), "BTC", new BigDecimal("1")));
    }

    private OrderState create(final String json) throws Exception
    {
        return engine.createOrder(account, RestClient.JSON.readTree(json));
    }

    @Test
    void shouldRestThenFillWhenThePriceCrosses() throws Exception
    {
        final OrderState sell = create("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Sell\"," +
            "\"orderType\":\"Limit\",\"qty\":\"0.5\",\"price\":\"51000\"}");
        assertEquals("New", sell.status);
        assertEquals("0.5", SimJson.dec(account.balance("BTC").locked));
        engine.setPrice("BTCUSDT", "50900");
        assertEquals("New", sell.status);
        now += 5;
        engine.setPrice("BTCUSDT", "51000");
        assertEquals("Filled", sell.status);
        assertEquals("0", SimJson.dec(account.balance("BTC").locked));
        assertEquals("0.5", SimJson.dec(account.balance("BTC").wallet));
        assertEquals("125474.5", SimJson.dec(account.balance("USDT").wallet), "+25500 minus 0.1% fee");
        final SimExecution e = engine.executions("k").get(0);
        assertEquals(now, e.execTime());
        assertEquals("USDT", e.feeCurrency());
        assertEquals(List.of("order:New", "wallet:", "execution:", "execution.fast:", "order:Filled", "wallet:"),
            pushes);
    }

    @Test
    void shouldCancelPartiallyFilledSpotAsPartiallyFilledCanceledAndUnlock() throws Exception
    {
        final OrderState buy = create("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"40000\",\"orderLinkId\":\"x\"}");
        engine.fill(buy.orderId, "0.25");
        assertEquals("30000", SimJson.dec(account.balance("USDT").locked));
        engine.cancelOrder(account, RestClient.JSON.readTree(
            "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"x\"}"));
        assertEquals("PartiallyFilledCanceled", buy.status);
        assertEquals("0", SimJson.dec(account.balance("USDT").locked));
        assertEquals("90000", SimJson.dec(account.balance("USDT").wallet));
        assertThrows(IllegalStateException.class, () -> engine.fill(buy.orderId, "0.1"));
    }

    @Test
    void shouldFillMarketableLimitAsTakerAndCancelUnfilledIoc() throws Exception
    {
        final OrderState taker = create("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"55000\"}");
        assertEquals("Filled", taker.status);
        assertEquals("50000", taker.avgPrice());
        assertEquals("0", SimJson.dec(account.balance("USDT").locked));
        final OrderState ioc = create("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"45000\",\"timeInForce\":\"IOC\"}");
        assertEquals("Cancelled", ioc.status);
        assertEquals("EC_NoImmediateQtyToFill", ioc.rejectReason);
        final OrderState postOnly = create("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"55000\",\"timeInForce\":\"PostOnly\"}");
        assertEquals("Cancelled", postOnly.status);
        assertEquals("EC_PostOnlyWillTakeLiquidity", postOnly.rejectReason);
    }

    @Test
    void shouldRealisePnlOnLinearRoundTrips() throws Exception
    {
        create("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"}");
        engine.setPrice("BTCUSDT", "51000");
        create("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\"}");
        assertEquals("0", engine.positionSize("k", "BTCUSDT"));
        // +1000 pnl, fees 0.00055 * (50000 + 51000) = 55.55
        assertEquals("100944.45", engine.walletBalance("k", "USDT"));
        assertEquals("1", engine.executions("k").get(1).closedSize());
    }

    @Test
    void shouldProduceTheSameIdsForTheSameSeed() throws Exception
    {
        final MatchingEngine other = new MatchingEngine(7, () -> now);
        other.setPrice("BTCUSDT", "50000");
        final Account otherAccount = other.addAccount("k", "s", Map.of("USDT", new BigDecimal("100000")));
        final JsonNode req = RestClient.JSON.readTree("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"40000\"}");
        assertEquals(engine.createOrder(account, req).orderId, other.createOrder(otherAccount, req).orderId);
    }
}
