package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderCommandEndpointsTest
{
    private static final Duration QUIET = Duration.ofMillis(300);
    private BybitSimulator sim;
    private RestClient client;
    private WsClient ws;

    @BeforeEach
    void start() throws Exception
    {
        sim = BybitSimulator.builder().account("k1", "s1").rateLimitsEnabled(false).build().start();
        client = new RestClient(sim.restUrl(), "k1", "s1");
        ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order", "execution", "wallet", "position");
    }

    @AfterEach
    void stop()
    {
        ws.abort();
        sim.close();
    }

    private JsonNode post(final String path, final String body) throws Exception
    {
        return client.postJson(path, body);
    }

    private static void assertOk(final JsonNode n)
    {
        assertEquals(0, n.path("retCode").asInt(), n.toString());
    }

    private JsonNode nextOrder() throws Exception
    {
        return ws.nextOnTopic("order").path("data").get(0);
    }

    private void drain() throws Exception
    {
        while (ws.nextText(QUIET) != null)
        {
            // discard the pushes of the setup
        }
    }

    @Test
    void shouldAmendPriceAndQtyByOrderLinkIdAndPushTheAmendedOrderWithTheLockMoved() throws Exception
    {
        final String id = client.limitBuy("BTCUSDT", "0.5", "40000", "a-1");
        drain();
        final JsonNode r = post("/v5/order/amend", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"orderLinkId\":\"a-1\",\"price\":\"41000\",\"qty\":\"0.6\"}");
        assertOk(r);
        assertEquals(id, r.path("result").path("orderId").asText());
        assertEquals("a-1", r.path("result").path("orderLinkId").asText());

        final JsonNode o = nextOrder();
        assertEquals("New", o.path("orderStatus").asText());
        assertEquals("41000", o.path("price").asText());
        assertEquals("0.6", o.path("qty").asText());
        assertEquals("0.6", o.path("leavesQty").asText());
        assertEquals("24600", o.path("leavesValue").asText());
        assertTrue(Long.parseLong(o.path("updatedTime").asText()) >= Long.parseLong(o.path("createdTime").asText()));
        final JsonNode wallet = ws.nextOnTopic("wallet").path("data").get(0);
        final JsonNode usdt = wallet.path("coin").get(wallet.path("coin").get(0).path("coin").asText().equals("USDT") ?
            0 : 1);
        assertEquals("24600", usdt.path("locked").asText());
        assertEquals("0.6", sim.engine().order("k1", id).qty());

        // by orderId, price only
        assertOk(post("/v5/order/amend", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderId\":\"" + id +
            "\",\"price\":\"40500\"}"));
        assertEquals("40500", nextOrder().path("price").asText());
    }

    @Test
    void shouldApplyBybitsAmendRules() throws Exception
    {
        final String id = client.limitBuy("BTCUSDT", "1", "40000", "r-1");
        final String spot = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"r-1\"";
        assertEquals(10001, post("/v5/order/amend", spot + "}").path("retCode").asInt());
        assertEquals(34040, post("/v5/order/amend", spot + ",\"price\":\"40000\"}").path("retCode").asInt());
        assertEquals(10001, post("/v5/order/amend", spot + ",\"price\":\"39000\",\"takeProfit\":\"45000\"}")
            .path("retCode").asInt());
        assertEquals(170134, post("/v5/order/amend", spot + ",\"price\":\"40000.001\"}").path("retCode").asInt());
        assertEquals(170133, post("/v5/order/amend", spot + ",\"price\":\"0\"}").path("retCode").asInt());
        assertEquals(170137, post("/v5/order/amend", spot + ",\"qty\":\"0.0000001\"}").path("retCode").asInt());
        assertEquals(170131, post("/v5/order/amend", spot + ",\"qty\":\"30\"}").path("retCode").asInt());
        sim.engine().fill(id, "0.4");
        assertEquals(110064, post("/v5/order/amend", spot + ",\"qty\":\"0.4\"}").path("retCode").asInt());
        assertOk(post("/v5/order/amend", spot + ",\"qty\":\"0.5\"}"));
        assertEquals("PartiallyFilled", sim.engine().order("k1", id).status());
        assertEquals("0.1", sim.engine().order("k1", id).leavesQty());
        assertEquals(10001, post("/v5/order/amend", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"price\":\"1\"}")
            .path("retCode").asInt());
        assertEquals(110001, post("/v5/order/amend", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"orderLinkId\":\"nope\",\"price\":\"39000\"}").path("retCode").asInt());
        assertEquals(110001, post("/v5/order/amend", "{\"category\":\"spot\",\"symbol\":\"ETHUSDT\"," +
            "\"orderLinkId\":\"r-1\",\"price\":\"39000\"}").path("retCode").asInt());
        sim.engine().fill(id, "0.1");
        assertEquals(110001, post("/v5/order/amend", spot + ",\"price\":\"39000\"}").path("retCode").asInt());
    }

    @Test
    void shouldFillAnAmendThatCrossesTheMarketAndCancelAPostOnlyOne() throws Exception
    {
        client.limitBuy("BTCUSDT", "0.2", "40000", "x-1");
        assertOk(post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Limit\",\"qty\":\"0.2\",\"price\":\"40000\",\"timeInForce\":\"PostOnly\"," +
            "\"orderLinkId\":\"x-2\"}"));
        drain();
        assertOk(post("/v5/order/amend", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"x-1\"," +
            "\"price\":\"50500\"}"));
        assertEquals("New", nextOrder().path("orderStatus").asText());
        final JsonNode exec = ws.nextOnTopic("execution").path("data").get(0);
        assertEquals("50000", exec.path("execPrice").asText()); // taker at the market
        assertFalse(exec.path("isMaker").asBoolean());
        assertEquals("Filled", nextOrder().path("orderStatus").asText());

        assertOk(post("/v5/order/amend", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"x-2\"," +
            "\"price\":\"50000\"}"));
        final SimOrder postOnly = sim.engine().order("k1", "x-2");
        assertEquals("Cancelled", postOnly.status());
        assertEquals("EC_PostOnlyWillTakeLiquidity", postOnly.rejectReason());
    }

    @Test
    void shouldCancelAllBySymbolOrCategoryAndPushEachCancel() throws Exception
    {
        client.limitBuy("BTCUSDT", "0.1", "40000", "c-1");
        client.limitBuy("BTCUSDT", "0.1", "40001", "c-2");
        assertOk(post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"ETHUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"2000\",\"orderLinkId\":\"c-3\"}"));
        assertOk(post("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
            "\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"40000\",\"orderLinkId\":\"c-4\"}"));
        drain();

        final JsonNode r = post("/v5/order/cancel-all", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"}");
        assertOk(r);
        assertEquals("1", r.path("result").path("success").asText());
        assertEquals(2, r.path("result").path("list").size());
        assertEquals("c-1", r.path("result").path("list").get(0).path("orderLinkId").asText());
        for (int i = 0; i < 2; i++)
        {
            final JsonNode o = nextOrder();
            assertEquals("Cancelled", o.path("orderStatus").asText());
            assertEquals("CancelByUser", o.path("cancelType").asText());
        }
        assertEquals("New", sim.engine().order("k1", "c-3").status());

        assertEquals(10001, post("/v5/order/cancel-all", "{\"category\":\"linear\"}").path("retCode").asInt());
        assertEquals(0, post("/v5/order/cancel-all", "{\"category\":\"spot\",\"orderFilter\":\"StopOrder\"}")
            .path("result").path("list").size());
        final JsonNode all = post("/v5/order/cancel-all", "{\"category\":\"spot\"}");
        assertEquals(1, all.path("result").path("list").size());
        assertEquals("New", sim.engine().order("k1", "c-4").status());
        final JsonNode linear = post("/v5/order/cancel-all", "{\"category\":\"linear\",\"settleCoin\":\"USDT\"}");
        assertEquals(1, linear.path("result").path("list").size());
        assertEquals("Cancelled", sim.engine().order("k1", "c-4").status());
        assertEquals(0, post("/v5/order/cancel-all", "{\"category\":\"spot\"}").path("result").path("list").size());
    }

    @Test
    void shouldCreateABatchWithPerItemResultsAndCodes() throws Exception
    {
        final JsonNode r = post("/v5/order/create-batch", "{\"category\":\"spot\",\"request\":[" +
            "{\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"40000\"," +
            "\"orderLinkId\":\"b-1\"}," +
            "{\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"40000.001\"," +
            "\"orderLinkId\":\"b-2\"}," +
            "{\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"40000\"," +
            "\"orderLinkId\":\"b-1\"}]}");
        assertOk(r);
        final JsonNode list = r.path("result").path("list");
        final JsonNode codes = r.path("retExtInfo").path("list");
        assertEquals(3, list.size());
        assertEquals(3, codes.size());
        assertEquals("spot", list.get(0).path("category").asText());
        assertEquals("BTCUSDT", list.get(0).path("symbol").asText());
        assertEquals(sim.engine().order("k1", "b-1").orderId(), list.get(0).path("orderId").asText());
        assertTrue(list.get(0).path("createAt").isTextual());
        assertEquals(0, codes.get(0).path("code").asInt());
        assertEquals("OK", codes.get(0).path("msg").asText());
        assertEquals("", list.get(1).path("orderId").asText());
        assertEquals("b-2", list.get(1).path("orderLinkId").asText());
        assertEquals(170134, codes.get(1).path("code").asInt());
        assertEquals(110072, codes.get(2).path("code").asInt());
        assertNull(sim.engine().order("k1", "b-2"));
        assertEquals("New", nextOrder().path("orderStatus").asText()); // pushed like a single create

        final StringBuilder eleven = new StringBuilder();
        for (int i = 0; i < 11; i++)
        {
            eleven.append(i == 0 ? "" : ",").append("{\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\"," +
                "\"qty\":\"0.1\",\"price\":\"40000\"}");
        }
        assertEquals(10001, post("/v5/order/create-batch", "{\"category\":\"spot\",\"request\":[" + eleven + "]}")
            .path("retCode").asInt());
        assertEquals(10001, post("/v5/order/create-batch", "{\"category\":\"spot\",\"request\":[]}")
            .path("retCode").asInt());
        assertEquals(10001, post("/v5/order/create-batch", "{\"request\":[{}]}").path("retCode").asInt());
    }

    @Test
    void shouldCancelAndAmendInBatches() throws Exception
    {
        client.limitBuy("BTCUSDT", "0.1", "40000", "d-1");
        final String id2 = client.limitBuy("BTCUSDT", "0.1", "40000", "d-2");
        drain();
        final JsonNode amended = post("/v5/order/amend-batch", "{\"category\":\"spot\",\"request\":[" +
            "{\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"d-1\",\"price\":\"39000\"}," +
            "{\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"zz\",\"price\":\"39000\"}]}");
        assertOk(amended);
        assertEquals(0, amended.path("retExtInfo").path("list").get(0).path("code").asInt());
        assertEquals(110001, amended.path("retExtInfo").path("list").get(1).path("code").asInt());
        assertEquals("39000", nextOrder().path("price").asText());

        final JsonNode cancelled = post("/v5/order/cancel-batch", "{\"category\":\"spot\",\"request\":[" +
            "{\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"d-1\"}," +
            "{\"symbol\":\"BTCUSDT\",\"orderId\":\"" + id2 + "\"}," +
            "{\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"d-1\"}]}");
        assertOk(cancelled);
        final JsonNode codes = cancelled.path("retExtInfo").path("list");
        assertEquals(0, codes.get(0).path("code").asInt());
        assertEquals(0, codes.get(1).path("code").asInt());
        assertEquals(110001, codes.get(2).path("code").asInt());
        assertEquals(id2, cancelled.path("result").path("list").get(1).path("orderId").asText());
        assertEquals("d-1", cancelled.path("result").path("list").get(2).path("orderLinkId").asText());
        assertFalse(cancelled.path("result").path("list").get(0).has("createAt"));
        assertEquals("Cancelled", nextOrder().path("orderStatus").asText());
        assertEquals("Cancelled", nextOrder().path("orderStatus").asText());
    }

    @Test
    void shouldEnforceInstrumentRulesOnCreate() throws Exception
    {
        final String spot = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",";
        assertEquals(170134, post("/v5/order/create", spot + "\"qty\":\"0.1\",\"price\":\"40000.001\"}")
            .path("retCode").asInt());
        assertEquals(170137, post("/v5/order/create", spot + "\"qty\":\"0.0000001\",\"price\":\"40000\"}")
            .path("retCode").asInt());
        assertEquals(170140, post("/v5/order/create", spot + "\"qty\":\"0.0001\",\"price\":\"40000\"}")
            .path("retCode").asInt());
        final String linear = "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",";
        assertEquals(10001, post("/v5/order/create", linear + "\"qty\":\"0.0015\",\"price\":\"40000\"}")
            .path("retCode").asInt());
        assertEquals(10001, post("/v5/order/create", linear + "\"qty\":\"0.001\",\"price\":\"40000.05\"}")
            .path("retCode").asInt());
        assertEquals(110094, post("/v5/order/create", linear + "\"qty\":\"0.001\",\"price\":\"4000\"}")
            .path("retCode").asInt());
        assertOk(post("/v5/order/create", linear + "\"qty\":\"0.001\",\"price\":\"40000.1\"}"));
        assertTrue(sim.engine().orders("k1").size() == 1);
    }
}
