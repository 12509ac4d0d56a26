package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GapFillTest
{
    private BybitSimulator sim;
    private RestClient rest;

    @BeforeEach
    void start()
    {
        sim = BybitSimulator.builder().account("k1", "s1").build().start();
        rest = new RestClient(sim.restUrl(), "k1", "s1");
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    private static boolean sawExecution(final WsClient ws)
    {
        return ws.frames.stream().anyMatch(f -> f.contains("\"topic\":\"execution\""));
    }

    private JsonNode executionsOf(final String orderId) throws Exception
    {
        return rest.getJson("/v5/execution/list", "category=spot&orderId=" + orderId).path("result").path("list");
    }

    @Test
    void shouldApplyFillDuringGapAfterServerCloseAndNeverPushIt() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order", "execution");
        final String orderId = rest.limitBuy("BTCUSDT", "1", "40000", "gap-1");
        ws.nextOnTopic("order");
        sim.faults().fillDuringGap(orderId, "0.3");
        assertEquals("New", sim.engine().order("k1", orderId).status(), "nothing happens before the drop");

        sim.faults().closeAll("k1");
        Await.until("closed", ws::closed);
        assertEquals("PartiallyFilled", sim.engine().order("k1", orderId).status());
        assertEquals(1, sim.faults().count(FaultKind.GAP_FILL));

        // REST sees the fill ...
        final JsonNode execs = executionsOf(orderId);
        assertEquals(1, execs.size());
        assertEquals("0.3", execs.get(0).path("execQty").asText());
        final JsonNode open = rest.getJson("/v5/order/realtime", "category=spot&orderId=" + orderId);
        assertEquals("PartiallyFilled", open.path("result").path("list").get(0).path("orderStatus").asText());

        // ... but no socket ever gets it: the first push on the new socket is a later event
        final WsClient again = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order", "execution");
        rest.limitBuy("BTCUSDT", "0.1", "40000", "after-gap");
        final JsonNode first = again.next();
        assertEquals("after-gap", first.path("data").get(0).path("orderLinkId").asText(), first.toString());
        assertFalse(sawExecution(ws));
        assertFalse(sawExecution(again));
    }

    @Test
    void shouldApplyFillDuringGapWhenTheClientDropsTheSocket() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order", "execution");
        final String orderId = rest.limitBuy("BTCUSDT", "1", "40000", "gap-2");
        ws.nextOnTopic("order");
        sim.faults().fillDuringGap(orderId, "1");
        ws.abort();
        Await.until("fill applied after the client-side drop",
            () -> "Filled".equals(sim.engine().order("k1", orderId).status()));
        assertEquals(1, sim.engine().executions("k1").size());
        final WsClient again = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order", "execution");
        rest.limitBuy("BTCUSDT", "0.1", "40000", "after-gap-2");
        assertEquals("after-gap-2", again.next().path("data").get(0).path("orderLinkId").asText());
        assertFalse(sawExecution(again));
    }

    @Test
    void shouldFillNowAndResetWithoutPushingInFillOnDropMode() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order", "execution");
        final String orderId = rest.limitBuy("BTCUSDT", "1", "40000", "gap-3");
        ws.nextOnTopic("order");
        sim.faults().scheduleFill(orderId, "0.5", GapFillMode.NOW_THEN_RESET);
        assertEquals("PartiallyFilled", sim.engine().order("k1", orderId).status());
        Await.until("socket reset", ws::closedOrUnwritable);
        assertFalse(sawExecution(ws));
        assertEquals(1, executionsOf(orderId).size());
        assertEquals(1, sim.faults().count(FaultKind.FILL_THEN_DROP));
        assertEquals(1, sim.faults().count(FaultKind.WS_RESET));
    }

    @Test
    void shouldKeepPushingExchangeCancelsToLiveSockets() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order");
        final String orderId = rest.limitBuy("BTCUSDT", "1", "40000", "admin");
        ws.nextOnTopic("order");
        sim.engine().cancelByExchange(orderId);
        final JsonNode push = ws.nextOnTopic("order").path("data").get(0);
        assertEquals("Cancelled", push.path("orderStatus").asText());
        assertEquals("CancelByAdmin", push.path("cancelType").asText());
        assertTrue(sim.engine().orders("k1").stream().noneMatch(SimOrder::isOpen));
    }
}
