package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DisconnectProtectionTest
{
    private static final Duration WINDOW = Duration.ofMillis(400);
    private BybitSimulator sim;
    private RestClient rest;

    @BeforeEach
    void start()
    {
        sim = BybitSimulator.builder().account("k1", "s1").account("k2", "s2").dcpDefaultWindow(WINDOW)
            .rateLimitsEnabled(false).build().start();
        rest = new RestClient(sim.restUrl(), "k1", "s1");
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    private String linearBuy(final String linkId) throws Exception
    {
        final JsonNode r = rest.postJson("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.01\",\"price\":\"40000\",\"orderLinkId\":\"" +
            linkId + "\"}");
        assertEquals(0, r.get("retCode").asInt(), r.toString());
        return r.path("result").path("orderId").asText();
    }

    @Test
    void shouldValidateAndReportTheTimeWindow() throws Exception
    {
        final JsonNode ok = rest.postJson("/v5/order/disconnected-cancel-all",
            "{\"product\":\"SPOT\",\"timeWindow\":40}");
        assertEquals(0, ok.get("retCode").asInt(), ok.toString());
        assertEquals(40_000, sim.dcp().windowMillis("k1", DisconnectProtection.Product.SPOT));
        assertEquals(0, rest.postJson("/v5/order/disconnected-cancel-all", "{\"timeWindow\":3}").get("retCode").asInt(),
            "product defaults to OPTIONS");
        assertEquals(3_000, sim.dcp().windowMillis("k1", DisconnectProtection.Product.OPTIONS));
        assertEquals(WINDOW.toMillis(), sim.dcp().windowMillis("k1", DisconnectProtection.Product.DERIVATIVES));
        assertEquals(WINDOW.toMillis(), sim.dcp().windowMillis("k2", DisconnectProtection.Product.SPOT), "per account");
        for (final String bad : List.of("{\"product\":\"SPOT\",\"timeWindow\":2}", "{\"product\":\"SPOT\",\"timeWindow\":301}",
            "{\"product\":\"SPOT\"}", "{\"product\":\"FUTURES\",\"timeWindow\":10}",
            "{\"product\":\"SPOT\",\"timeWindow\":\"x\"}"))
        {
            assertEquals(10001, rest.postJson("/v5/order/disconnected-cancel-all", bad).get("retCode").asInt(), bad);
        }
        final JsonNode info = rest.getJson("/v5/account/query-dcp-info", "");
        assertEquals(0, info.get("retCode").asInt(), info.toString());
        final JsonNode infos = info.path("result").path("dcpInfos");
        assertEquals(3, infos.size());
        boolean sawSpot = false;
        for (final JsonNode i : infos)
        {
            assertEquals("ON", i.get("dcpStatus").asText());
            if ("SPOT".equals(i.get("product").asText()))
            {
                assertEquals("40", i.get("timeWindow").asText());
                sawSpot = true;
            }
        }
        assertTrue(sawSpot);
    }

    @Test
    void shouldCancelOpenOrdersOfTheProductWhenTheDcpSubscriberIsGoneForTheWindow() throws Exception
    {
        final WsClient dcp = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "dcp.future");
        assertTrue(sim.dcp().armed("k1", DisconnectProtection.Product.DERIVATIVES));
        assertFalse(sim.dcp().armed("k1", DisconnectProtection.Product.SPOT));
        final String a = linearBuy("dcp-a");
        final String b = linearBuy("dcp-b");
        rest.limitBuy("BTCUSDT", "0.01", "40000", "spot-stays");
        final String otherAccount = new RestClient(sim.restUrl(), "k2", "s2").limitBuy("BTCUSDT", "0.01", "40000", "k2");

        final long lostAt = System.nanoTime();
        sim.faults().resetAll("k1");
        Await.until("DCP fired", () -> !sim.dcp().triggers("k1").isEmpty());
        final long tookMillis = (System.nanoTime() - lostAt) / 1_000_000;
        assertTrue(tookMillis >= WINDOW.toMillis() - DisconnectProtection.TICK_MILLIS,
            "not before the window: " + tookMillis + " ms");

        final DisconnectProtection.Trigger t = sim.dcp().triggers("k1").get(0);
        assertEquals(DisconnectProtection.Product.DERIVATIVES, t.product());
        assertEquals(List.of(a, b), t.cancelledOrderIds());
        assertEquals(WINDOW.toMillis(), t.windowMillis());
        assertTrue(t.reason().contains("dcp.future") && t.reason().contains("CancelByDCP"), t.reason());
        assertTrue(t.firedAtServerMillis() >= t.lostAtServerMillis());
        // the trigger is recorded before the cancels are pushed and counted: wait for the rest of the firing
        Await.until("DCP counted and orders cancelled", () -> sim.faults().count(FaultKind.DCP_CANCEL_ALL) == 1 &&
            "Cancelled".equals(sim.engine().order("k1", a).status()) &&
            "Cancelled".equals(sim.engine().order("k1", b).status()));
        assertFalse(sim.dcp().armed("k1", DisconnectProtection.Product.DERIVATIVES), "disarmed until re-subscribed");

        for (final String id : List.of(a, b))
        {
            final SimOrder o = sim.engine().order("k1", id);
            assertEquals("Cancelled", o.status());
            assertEquals("CancelByDCP", o.cancelType());
        }
        assertEquals("New", sim.engine().order("k1", "spot-stays").status(), "other products untouched");
        assertEquals("New", sim.engine().order("k2", otherAccount).status(), "other accounts untouched");
        final JsonNode hist = rest.getJson("/v5/order/history", "category=linear&orderId=" + a);
        assertEquals("CancelByDCP", hist.path("result").path("list").get(0).path("cancelType").asText());
        final JsonNode realtime = rest.getJson("/v5/order/realtime", "category=linear&symbol=BTCUSDT&orderLinkId=dcp-b");
        assertEquals("CancelByDCP", realtime.path("result").path("list").get(0).path("cancelType").asText());
        dcp.abort();
    }

    @Test
    void shouldPushTheDcpCancelToALiveSocketAndRespectDocumentedLivenessCases() throws Exception
    {
        // docs: A (dcp) dead, B (no dcp) alive → DCP fires; B sees the cancels on the order topic
        final WsClient a = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "dcp.spot");
        final WsClient b = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order");
        final String id = rest.limitBuy("BTCUSDT", "0.01", "40000", "spot-1");
        assertEquals("New", b.nextOnTopic("order").path("data").get(0).path("orderStatus").asText());
        a.abort();
        final JsonNode push = b.nextOnTopic("order");
        final JsonNode data = push.path("data").get(0);
        assertEquals(id, data.path("orderId").asText());
        assertEquals("Cancelled", data.path("orderStatus").asText());
        assertEquals("CancelByDCP", data.path("cancelType").asText());
        assertEquals(1, sim.dcp().triggers("k1").size());
        b.abort();
    }

    @Test
    void shouldNotFireWhileAnotherDcpSubscriberIsAliveOrWhenOneComesBackInTime() throws Exception
    {
        final WsClient a = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "dcp");
        final WsClient c = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "dcp.spot", "order");
        rest.limitBuy("BTCUSDT", "0.01", "40000", "keep-1");
        a.abort(); // C still alive on dcp.spot
        Await.until("server saw the drop", () -> sim.authenticatedSockets("k1") == 1);
        final long until = System.nanoTime() + WINDOW.toNanos() * 2;
        Await.until("two windows pass", () -> System.nanoTime() - until > 0);
        assertTrue(sim.dcp().triggers("k1").stream().noneMatch(t -> t.product() == DisconnectProtection.Product.SPOT),
            sim.dcp().triggers("k1").toString());
        assertEquals("New", sim.engine().order("k1", "keep-1").status());

        // derivatives (armed by the bare "dcp" on A) fire with nothing open: recorded with an empty list
        Await.until("derivatives and options fired empty", () -> sim.dcp().triggers("k1").size() == 2);
        assertTrue(sim.dcp().triggers("k1").stream().allMatch(t -> t.cancelledOrderIds().isEmpty()));

        // C goes half-open (dead path); a reconnect within the window resets the timing
        sim.faults().halfOpen("k1");
        final WsClient back = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "dcp.spot");
        final long until2 = System.nanoTime() + WINDOW.toNanos() * 2;
        Await.until("two more windows pass", () -> System.nanoTime() - until2 > 0);
        assertEquals("New", sim.engine().order("k1", "keep-1").status());
        back.abort();
        Await.until("fires once the reconnected socket is gone too", () -> "CancelByDCP".equals(
            sim.engine().order("k1", "keep-1").cancelType()));
        c.abort();
    }

    @Test
    void shouldUseTheEffectiveWindowForTestsWhateverTheAccountSet() throws Exception
    {
        sim.close();
        sim = BybitSimulator.builder().account("k1", "s1").dcpEffectiveWindow(Duration.ofMillis(200)).build().start();
        rest = new RestClient(sim.restUrl(), "k1", "s1");
        assertEquals(0, rest.postJson("/v5/order/disconnected-cancel-all", "{\"product\":\"DERIVATIVES\"," +
            "\"timeWindow\":300}").get("retCode").asInt());
        assertEquals(300_000, sim.dcp().windowMillis("k1", DisconnectProtection.Product.DERIVATIVES));
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "dcp.future");
        final String id = linearBuy("eff-1");
        ws.abort();
        Await.until("fires after the effective window", () -> "CancelByDCP".equals(sim.engine().order("k1", id)
            .cancelType()));
        assertEquals(200, sim.dcp().triggers("k1").get(0).windowMillis());
    }

    @Test
    void shouldAcceptDcpTopicsBesideEitherTopicFormAndRefuseUnknownOnes() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "dcp.option", "order.linear");
        ws.send("{\"req_id\":\"x\",\"op\":\"subscribe\",\"args\":[\"dcp.margin\"]}");
        final JsonNode refused = ws.next();
        assertFalse(refused.get("success").asBoolean(), refused.toString());
        ws.send("{\"req_id\":\"y\",\"op\":\"subscribe\",\"args\":[\"dcp.spot\",\"order\"]}");
        assertTrue(ws.next().get("success").asBoolean());
        ws.abort();
    }
}
