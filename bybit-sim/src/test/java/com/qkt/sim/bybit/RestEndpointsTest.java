package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestEndpointsTest
{
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
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

    private static void assertEnvelope(final JsonNode n, final int retCode)
    {
        assertEquals(retCode, n.get("retCode").asInt(), n.toString());
        assertTrue(n.get("retCode").isInt());
        assertTrue(n.get("retMsg").isTextual());
        assertTrue(n.has("result"));
        assertTrue(n.get("retExtInfo").isObject());
        assertTrue(n.get("time").isNumber());
    }

    @Test
    void shouldServeMarketTimeWithoutAuth() throws Exception
    {
        final HttpResponse<String> r = client.http.send(
            HttpRequest.newBuilder(URI.create(sim.restUrl() + "/v5/market/time")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        final JsonNode n = RestClient.JSON.readTree(r.body());
        assertEnvelope(n, 0);
        assertTrue(n.path("result").path("timeSecond").isTextual());
        assertTrue(n.path("result").path("timeNano").isTextual());
        final long seconds = Long.parseLong(n.path("result").path("timeSecond").asText());
        assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) < 5);
        assertTrue(n.path("result").path("timeNano").asText().startsWith(Long.toString(seconds).substring(0, 8)));
    }

    @Test
    void shouldCreateRestingLimitOrderAndListItAsOpen() throws Exception
    {
        final HttpResponse<String> resp = client.post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.5\",\"price\":\"40000\",\"orderLinkId\":\"l-1\"}");
        assertEquals(200, resp.statusCode());
        assertNotNull(resp.headers().firstValue("X-Bapi-Limit").orElse(null));
        assertNotNull(resp.headers().firstValue("X-Bapi-Limit-Status").orElse(null));
        assertNotNull(resp.headers().firstValue("X-Bapi-Limit-Reset-Timestamp").orElse(null));
        final JsonNode created = RestClient.JSON.readTree(resp.body());
        assertEnvelope(created, 0);
        final String orderId = created.path("result").path("orderId").asText();
        assertTrue(UUID.matcher(orderId).matches(), orderId);
        assertEquals("l-1", created.path("result").path("orderLinkId").asText());
        assertEquals(2, created.path("result").size());

        final JsonNode open = client.getJson("/v5/order/realtime", "category=spot");
        assertEnvelope(open, 0);
        assertEquals("spot", open.path("result").path("category").asText());
        assertEquals("", open.path("result").path("nextPageCursor").asText());
        final JsonNode o = open.path("result").path("list").get(0);
        assertEquals(orderId, o.path("orderId").asText());
        assertEquals("New", o.path("orderStatus").asText());
        assertEquals("0.5", o.path("qty").asText());
        assertEquals("40000", o.path("price").asText());
        assertEquals("0.5", o.path("leavesQty").asText());
        assertEquals("0", o.path("cumExecQty").asText());
        assertEquals("", o.path("avgPrice").asText());
        assertTrue(o.path("createdTime").isTextual());
        assertTrue(o.path("positionIdx").isInt());
        assertTrue(o.path("reduceOnly").isBoolean());

        // wallet shows the locked quote
        final JsonNode wallet = client.getJson("/v5/account/wallet-balance", "accountType=UNIFIED&coin=USDT");
        assertEnvelope(wallet, 0);
        final JsonNode acct = wallet.path("result").path("list").get(0);
        assertEquals("UNIFIED", acct.path("accountType").asText());
        assertTrue(acct.path("totalEquity").isTextual());
        final JsonNode usdt = acct.path("coin").get(0);
        assertEquals("USDT", usdt.path("coin").asText());
        assertEquals("1000000", usdt.path("walletBalance").asText());
        assertEquals("20000", usdt.path("locked").asText());
        assertEquals(1, acct.path("coin").size());
    }

    @Test
    void shouldFillByPriceMoveAndReportHistoryExecutionsAndBalances() throws Exception
    {
        final String orderId = client.limitBuy("BTCUSDT", "1", "49000", "f-1");
        sim.engine().fill(orderId, "0.4");
        assertEquals("PartiallyFilled", sim.engine().order("k1", "f-1").status());
        sim.engine().setPrice("BTCUSDT", "48000");
        final SimOrder filled = sim.engine().order("k1", orderId);
        assertEquals("Filled", filled.status());
        assertEquals("1", filled.cumExecQty());
        assertEquals("0", filled.leavesQty());

        final JsonNode history = client.getJson("/v5/order/history", "category=spot");
        assertEnvelope(history, 0);
        final JsonNode h = history.path("result").path("list").get(0);
        assertEquals("Filled", h.path("orderStatus").asText());
        assertEquals("49000", h.path("avgPrice").asText());
        assertEquals("49000", h.path("cumExecValue").asText());
        assertEquals(0, client.getJson("/v5/order/realtime", "category=spot").path("result").path("list").size());

        final JsonNode execs = client.getJson("/v5/execution/list", "category=spot&symbol=BTCUSDT");
        assertEnvelope(execs, 0);
        final JsonNode list = execs.path("result").path("list");
        assertEquals(2, list.size());
        final JsonNode newest = list.get(0);
        assertEquals("0.6", newest.path("execQty").asText());
        assertEquals("49000", newest.path("execPrice").asText());
        assertEquals("0", newest.path("leavesQty").asText());
        assertEquals("f-1", newest.path("orderLinkId").asText());
        assertTrue(newest.path("execTime").isTextual());
        assertTrue(newest.path("seq").isNumber());
        assertTrue(newest.path("isMaker").asBoolean());
        assertTrue(UUID.matcher(newest.path("execId").asText()).matches());
        assertFalse(newest.has("category"), "REST items omit category");
        assertTrue(newest.path("seq").asLong() > list.get(1).path("seq").asLong());

        assertEquals("951000", sim.engine().walletBalance("k1", "USDT"));
        assertEquals("100.999", sim.engine().walletBalance("k1", "BTC"));
        // the other account is untouched
        assertEquals("1000000", sim.engine().walletBalance("k2", "USDT"));
    }

    @Test
    void shouldFillMarketOrdersAtOnce() throws Exception
    {
        final JsonNode r = client.postJson("/v5/order/create",
            "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"2\"}");
        assertEnvelope(r, 0);
        final SimOrder o = sim.engine().order("k1", r.path("result").path("orderId").asText());
        assertEquals("Filled", o.status());
        assertEquals("2", o.cumExecQty());
        assertEquals("", o.orderLinkId());
        // quote-unit market buy (Bybit spot default): 5000 USDT at 50000 = 0.1 BTC
        final JsonNode buy = client.postJson("/v5/order/create",
            "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"5000\"}");
        assertEquals("0.1", sim.engine().order("k1", buy.path("result").path("orderId").asText()).cumExecQty());
    }

    @Test
    void shouldAnswerBusinessErrorsWithBybitCodes() throws Exception
    {
        client.limitBuy("BTCUSDT", "0.1", "40000", "dup");
        final JsonNode dup = client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"40000\",\"orderLinkId\":\"dup\"}");
        assertEnvelope(dup, 110072);

        final JsonNode poor = client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"100\",\"price\":\"40000\"}");
        assertEnvelope(poor, 170131);
        assertEquals("Insufficient balance.", poor.get("retMsg").asText());

        final JsonNode unknown = client.postJson("/v5/order/cancel",
            "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderId\":\"nope\"}");
        assertEnvelope(unknown, 110001);

        final JsonNode cancel = client.postJson("/v5/order/cancel",
            "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"dup\"}");
        assertEnvelope(cancel, 0);
        assertEquals("dup", cancel.path("result").path("orderLinkId").asText());
        assertEquals("Cancelled", sim.engine().order("k1", "dup").status());
        assertEquals("CancelByUser", sim.engine().order("k1", "dup").cancelType());
        final JsonNode again = client.postJson("/v5/order/cancel",
            "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"dup\"}");
        assertEnvelope(again, 110001);

        final JsonNode noId = client.postJson("/v5/order/cancel", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"}");
        assertEnvelope(noId, 10001);
        assertEquals("params error: OrderId or orderLinkId is required", noId.get("retMsg").asText());
    }

    @Test
    void shouldAnswerBadInputWithBybitShapes() throws Exception
    {
        assertEnvelope(client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\""), 10001);
        assertEnvelope(client.postJson("/v5/order/create", "[1,2]"), 10001);
        assertEnvelope(client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":0.1,\"price\":\"40000\"}"), 10001);
        assertEnvelope(client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"abc\",\"price\":\"40000\"}"), 10001);
        assertEnvelope(client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Up\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"40000\"}"), 10001);
        assertEnvelope(client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"NOPEUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"40000\"}"), 10001);
        assertEnvelope(client.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\"}"), 10001);
        assertEnvelope(client.getJson("/v5/order/realtime", ""), 10001);
        assertEnvelope(client.getJson("/v5/order/realtime", "category=spot&limit=51"), 10001);
        assertEnvelope(client.getJson("/v5/order/realtime", "category=spot&limit=0"), 10001);
        assertEnvelope(client.getJson("/v5/order/realtime", "category=linear"), 10001);
        assertEnvelope(client.getJson("/v5/execution/list", "category=spot&limit=101"), 10001);
        assertEnvelope(client.getJson("/v5/execution/list", "category=spot&limit=x"), 10001);
        assertEnvelope(client.getJson("/v5/execution/list", "category=spot&cursor=garbage!"), 10001);
        assertEnvelope(client.getJson("/v5/execution/list", "category=moon"), 10001);
        assertEnvelope(client.getJson("/v5/account/wallet-balance", "accountType=SPOT"), 10001);
        assertEnvelope(client.getJson("/v5/position/list", "category=linear"), 10001);
        assertEnvelope(client.getJson("/v5/position/list", "category=spot&symbol=BTCUSDT"), 10001);

        final HttpResponse<String> notFound = client.get("/v5/nope", "");
        assertEquals(404, notFound.statusCode());
        final HttpResponse<String> badMethod = client.post("/v5/order/realtime", "{}");
        assertEquals(400, badMethod.statusCode());
    }

    @Test
    void shouldApplyTheSevenDayWindowRulesOnExecutionList() throws Exception
    {
        final long now = System.currentTimeMillis();
        final long day = 24L * 3600 * 1000;
        assertEnvelope(client.getJson("/v5/execution/list",
            "category=spot&startTime=" + (now - 8 * day) + "&endTime=" + now), 10001);
        assertEnvelope(client.getJson("/v5/execution/list",
            "category=spot&startTime=" + now + "&endTime=" + (now - day)), 10001);
        assertEnvelope(client.getJson("/v5/execution/list",
            "category=spot&startTime=" + (now - 7 * day) + "&endTime=" + now), 0);

        client.limitBuy("BTCUSDT", "1", "49000", "w-1");
        sim.engine().setPrice("BTCUSDT", "48000");
        assertEquals(1, client.getJson("/v5/execution/list", "category=spot").path("result").path("list").size());
        assertEquals(1, client.getJson("/v5/execution/list", "category=spot&startTime=" + (now - 1000))
            .path("result").path("list").size());
        assertEquals(0, client.getJson("/v5/execution/list", "category=spot&endTime=" + (now - 1000))
            .path("result").path("list").size());
        assertEquals(0, client.getJson("/v5/execution/list", "category=spot&startTime=" + (now - 8 * day))
            .path("result").path("list").size(), "only start -> [start, start + 7d] excludes now");
    }

    @Test
    void shouldPageThroughMoreThan250ExecutionsNewestFirst() throws Exception
    {
        final String orderId = client.limitBuy("BTCUSDT", "10", "40000", "many");
        for (int i = 0; i < 260; i++)
        {
            sim.engine().fill(orderId, "0.01");
        }
        final Set<String> execIds = new HashSet<>();
        String cursor = "";
        int pages = 0;
        long previousTime = Long.MAX_VALUE;
        long previousSeq = Long.MAX_VALUE;
        do
        {
            final JsonNode page = client.getJson("/v5/execution/list",
                "category=spot&limit=100" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            assertEnvelope(page, 0);
            for (final JsonNode e : page.path("result").path("list"))
            {
                final long t = Long.parseLong(e.path("execTime").asText());
                final long seq = e.path("seq").asLong();
                assertTrue(t < previousTime || t == previousTime && seq < previousSeq, "newest first");
                previousTime = t;
                previousSeq = seq;
                assertTrue(execIds.add(e.path("execId").asText()), "no duplicates across pages");
            }
            cursor = page.path("result").path("nextPageCursor").asText();
            pages++;
        }
        while (!cursor.isEmpty());
        assertEquals(260, execIds.size());
        assertEquals(3, pages);
        assertEquals(260, sim.engine().executions("k1").size());
    }

    @Test
    void shouldPageOpenOrdersNewestFirst() throws Exception
    {
        for (int i = 0; i < 55; i++)
        {
            client.limitBuy("BTCUSDT", "0.01", "40000", "p-" + i);
        }
        final JsonNode first = client.getJson("/v5/order/realtime", "category=spot&limit=50");
        assertEquals(50, first.path("result").path("list").size());
        assertEquals("p-54", first.path("result").path("list").get(0).path("orderLinkId").asText());
        final String cursor = first.path("result").path("nextPageCursor").asText();
        assertFalse(cursor.isEmpty());
        final JsonNode second = client.getJson("/v5/order/realtime", "category=spot&limit=50&cursor=" + cursor);
        assertEquals(5, second.path("result").path("list").size());
        assertEquals("p-0", second.path("result").path("list").get(4).path("orderLinkId").asText());
        assertEquals("", second.path("result").path("nextPageCursor").asText());
        final JsonNode byLink = client.getJson("/v5/order/realtime", "category=spot&orderLinkId=p-3");
        assertEquals(1, byLink.path("result").path("list").size());
    }

    @Test
    void shouldTrackLinearPositions() throws Exception
    {
        final JsonNode r = client.postJson("/v5/order/create",
            "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.2\"}");
        assertEnvelope(r, 0);
        final JsonNode pos = client.getJson("/v5/position/list", "category=linear&symbol=BTCUSDT");
        assertEnvelope(pos, 0);
        final JsonNode p = pos.path("result").path("list").get(0);
        assertEquals("Buy", p.path("side").asText());
        assertEquals("0.2", p.path("size").asText());
        assertEquals("50000", p.path("avgPrice").asText());
        assertTrue(p.path("positionIdx").isInt());
        assertTrue(p.path("seq").isNumber());
        assertFalse(p.path("isReduceOnly").asBoolean());
        final JsonNode bySettle = client.getJson("/v5/position/list", "category=linear&settleCoin=USDT");
        assertEquals(1, bySettle.path("result").path("list").size());
        assertEquals("0.2", sim.engine().positionSize("k1", "BTCUSDT"));
    }
}
