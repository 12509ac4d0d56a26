package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrivateStreamTest
{
    private BybitSimulator sim;
    private RestClient rest;

    @BeforeEach
    void start()
    {
        sim = BybitSimulator.builder().account("k1", "s1").account("k2", "s2").build().start();
        rest = new RestClient(sim.restUrl(), "k1", "s1");
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    @Test
    void shouldAuthenticateWithTheDocumentedSuccessShape() throws Exception
    {
        final WsClient ws = WsClient.connect(sim.wsPrivateUrl(), "k1", "s1");
        final JsonNode ack = ws.auth(System.currentTimeMillis() + 10_000);
        assertTrue(ack.get("success").asBoolean());
        assertEquals("", ack.get("ret_msg").asText());
        assertEquals("auth", ack.get("op").asText());
        assertEquals("a1", ack.get("req_id").asText());
        assertTrue(ack.get("conn_id").asText().matches("[a-z0-9]{20}-[a-z0-9]{4}"), ack.toString());
        Await.until("authenticated", () -> sim.authenticatedSockets("k1") == 1);
        assertEquals(1, sim.connectedSockets("k1"));
        assertEquals(0, sim.authenticatedSockets("k2"));
    }

    @Test
    void shouldFailAuthWithBadSignatureExpiryOrUnknownKey() throws Exception
    {
        final WsClient bad = WsClient.connect(sim.wsPrivateUrl(), "k1", "wrong-secret");
        final JsonNode badAck = bad.auth(System.currentTimeMillis() + 10_000);
        assertFalse(badAck.get("success").asBoolean());
        assertEquals("auth", badAck.get("op").asText());
        assertTrue(badAck.has("conn_id"));
        assertFalse(badAck.get("ret_msg").asText().isEmpty());

        final WsClient expired = WsClient.connect(sim.wsPrivateUrl(), "k1", "s1");
        final JsonNode expiredAck = expired.auth(System.currentTimeMillis() - 1_000);
        assertFalse(expiredAck.get("success").asBoolean());
        assertEquals("error:request expired", expiredAck.get("ret_msg").asText());

        final WsClient unknown = WsClient.connect(sim.wsPrivateUrl(), "nobody", "s1");
        assertFalse(unknown.auth(System.currentTimeMillis() + 10_000).get("success").asBoolean());

        final WsClient malformed = WsClient.connect(sim.wsPrivateUrl(), "k1", "s1");
        malformed.send("{\"op\":\"auth\",\"args\":[\"k1\"]}");
        final JsonNode params = malformed.next();
        assertFalse(params.get("success").asBoolean());
        assertEquals("Params Error", params.get("ret_msg").asText());
        assertEquals(0, sim.authenticatedSockets("k1"));
    }

    @Test
    void shouldRefuseSubscribeBeforeAuth() throws Exception
    {
        final WsClient ws = WsClient.connect(sim.wsPrivateUrl(), "k1", "s1");
        ws.send("{\"req_id\":7,\"op\":\"subscribe\",\"args\":[\"order\"]}");
        final JsonNode n = ws.next();
        assertFalse(n.get("success").asBoolean());
        assertEquals("subscribe", n.get("op").asText());
        assertTrue(n.get("req_id").isTextual(), "req_id echoed as a string");
        assertEquals("7", n.get("req_id").asText());
    }

    @Test
    void shouldSubscribeAndPushOrderAndExecutionWithBybitEnvelope() throws Exception
    {
        final WsClient ws = WsClient.connect(sim.wsPrivateUrl(), "k1", "s1");
        ws.auth(System.currentTimeMillis() + 10_000);
        ws.send("{\"req_id\":\"2\",\"op\":\"subscribe\",\"args\":[\"order\",\"execution\",\"position\",\"wallet\"]}");
        final JsonNode ack = ws.next();
        assertTrue(ack.get("success").asBoolean(), ack.toString());
        assertEquals("subscribe", ack.get("op").asText());
        assertEquals("2", ack.get("req_id").asText());

        final String orderId = rest.limitBuy("BTCUSDT", "0.5", "49000", "ws-1");
        final JsonNode created = ws.nextOnTopic("order");
        assertEquals("order", created.get("topic").asText());
        assertTrue(created.get("id").isTextual());
        assertTrue(created.get("creationTime").isNumber());
        final JsonNode o = created.get("data").get(0);
        assertEquals("New", o.get("orderStatus").asText());
        assertEquals(orderId, o.get("orderId").asText());
        assertEquals("ws-1", o.get("orderLinkId").asText());
        assertEquals("spot", o.get("category").asText());
        assertTrue(o.get("triggerDirection").isInt());
        assertTrue(o.get("closeOnTrigger").isBoolean());

        sim.engine().fill(orderId, "0.2");
        final JsonNode exec = ws.nextOnTopic("execution");
        final JsonNode e = exec.get("data").get(0);
        assertEquals("0.2", e.get("execQty").asText());
        assertEquals("49000", e.get("execPrice").asText());
        assertEquals("0.3", e.get("leavesQty").asText());
        assertEquals("spot", e.get("category").asText());
        assertTrue(e.get("seq").isNumber());
        assertTrue(e.get("execTime").isTextual());
        assertEquals(sim.engine().executions("k1").get(0).execId(), e.get("execId").asText());
        final JsonNode partial = ws.nextOnTopic("order");
        assertEquals("PartiallyFilled", partial.get("data").get(0).get("orderStatus").asText());
        final JsonNode wallet = ws.nextOnTopic("wallet");
        assertEquals("UNIFIED", wallet.get("data").get(0).get("accountType").asText());
    }

    @Test
    void shouldPushMarketOrderNewThenFilledOnCategorisedTopics() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order.spot", "execution.spot");
        rest.postJson("/v5/order/create",
            "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"1\"}");
        final JsonNode first = ws.nextOnTopic("order");
        assertEquals("order.spot", first.get("topic").asText());
        assertEquals("New", first.get("data").get(0).get("orderStatus").asText());
        final JsonNode exec = ws.nextOnTopic("execution");
        assertEquals("execution.spot", exec.get("topic").asText());
        assertFalse(exec.get("data").get(0).get("isMaker").asBoolean());
        final JsonNode filled = ws.nextOnTopic("order");
        assertEquals("Filled", filled.get("data").get(0).get("orderStatus").asText());
    }

    @Test
    void shouldPushRejectedAfterAcknowledgingWhenRejectNextIsArmed() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order");
        sim.engine().rejectNextOrder("k1");
        final JsonNode ack = rest.postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"40000\",\"orderLinkId\":\"rj\"}");
        assertEquals(0, ack.get("retCode").asInt());
        final JsonNode push = ws.nextOnTopic("order");
        assertEquals("Rejected", push.get("data").get(0).get("orderStatus").asText());
        assertEquals("EC_Others", push.get("data").get(0).get("rejectReason").asText());
        assertEquals("Rejected", sim.engine().order("k1", "rj").status());
        // the next one is accepted normally
        assertEquals("New", sim.engine().order("k1", rest.limitBuy("BTCUSDT", "0.1", "40000", "ok")).status());
    }

    @Test
    void shouldNotPushOtherAccountsEvents() throws Exception
    {
        final WsClient ws2 = WsClient.ready(sim.wsPrivateUrl(), "k2", "s2", "order");
        final WsClient ws1 = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order");
        rest.limitBuy("BTCUSDT", "0.1", "40000", "mine");
        assertEquals("mine", ws1.nextOnTopic("order").get("data").get(0).get("orderLinkId").asText());
        new RestClient(sim.restUrl(), "k2", "s2").limitBuy("BTCUSDT", "0.1", "40000", "theirs");
        assertEquals("theirs", ws2.nextOnTopic("order").get("data").get(0).get("orderLinkId").asText(),
            "k2's first push is its own order, not k1's");
    }

    @Test
    void shouldAnswerPingWithPrivatePongShape() throws Exception
    {
        final WsClient ws = WsClient.connect(sim.wsPrivateUrl(), "k1", "s1");
        ws.send("{\"req_id\":\"100001\",\"op\":\"ping\"}");
        final JsonNode pong = ws.next();
        assertEquals("pong", pong.get("op").asText());
        assertEquals("100001", pong.get("req_id").asText());
        assertTrue(pong.get("args").get(0).isTextual());
        assertTrue(Math.abs(Long.parseLong(pong.get("args").get(0).asText()) - System.currentTimeMillis()) < 5000);
        assertTrue(pong.has("conn_id"));
        ws.send("{\"op\":\"ping\"}");
        assertFalse(ws.next().has("req_id"), "no req_id when none was sent");
    }

    @Test
    void shouldValidateTopics() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order");
        ws.send("{\"op\":\"subscribe\",\"args\":[\"order\"]}");
        assertFalse(ws.next().get("success").asBoolean(), "already subscribed");
        ws.send("{\"op\":\"subscribe\",\"args\":[\"execution\",\"execution.spot\"]}");
        assertFalse(ws.next().get("success").asBoolean(), "cannot mix all-in-one and categorised");
        ws.send("{\"op\":\"subscribe\",\"args\":[\"tickers.BTCUSDT\"]}");
        assertFalse(ws.next().get("success").asBoolean(), "not a private topic");
        ws.send("{\"op\":\"unsubscribe\",\"args\":[\"order\"]}");
        final JsonNode unsub = ws.next();
        assertTrue(unsub.get("success").asBoolean());
        assertEquals("unsubscribe", unsub.get("op").asText());
        ws.send("not json");
        assertFalse(ws.next().get("success").asBoolean());
        rest.limitBuy("BTCUSDT", "0.1", "40000", "quiet");
        ws.send("{\"req_id\":\"after\",\"op\":\"ping\"}");
        assertEquals("pong", ws.next().get("op").asText(), "nothing pushed after unsubscribe");
    }

    @Test
    void shouldCutIdleConnectionsAndKeepPingingOnesAlive() throws Exception
    {
        sim.close();
        sim = BybitSimulator.builder().account("k1", "s1").idleTimeoutMillis(1000).build().start();
        final WsClient idle = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order");
        final WsClient pinging = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order");
        final long start = System.nanoTime();
        while (!idle.closed())
        {
            pinging.send("{\"op\":\"ping\"}");
            pinging.next();
            if (System.nanoTime() - start > 5_000_000_000L)
            {
                throw new AssertionError("idle socket not cut");
            }
            Thread.sleep(50); // ping cadence of the live client, not a wait for an outcome
        }
        assertEquals(1000, idle.closeCode.get());
        assertFalse(pinging.closed());
        assertTrue(sim.faults().count(FaultKind.WS_IDLE_CUT) >= 1);
        Await.until("one socket left", () -> sim.authenticatedSockets("k1") == 1);
    }
}
