package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockSkewTest
{
    private static final long SLACK = 1_500; // ms: test scheduling on a loaded 2-core machine
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

    private long serverTimeMillis() throws Exception
    {
        final JsonNode n = RestClient.JSON.readTree(rest.getPublic("/v5/market/time").body());
        final long seconds = Long.parseLong(n.path("result").path("timeSecond").asText());
        final long nanos = Long.parseLong(n.path("result").path("timeNano").asText());
        assertEquals(seconds, nanos / 1_000_000_000L, "timeSecond and timeNano agree: " + n);
        assertTrue(Math.abs(n.get("time").asLong() - nanos / 1_000_000L) < SLACK, "envelope time is server time");
        return nanos / 1_000_000L;
    }

    @Test
    void shouldMoveMarketTimeByTheSkewAndBackAtRunTime() throws Exception
    {
        assertTrue(Math.abs(serverTimeMillis() - System.currentTimeMillis()) < SLACK);
        sim.faults().clockSkew(Duration.ofSeconds(10));
        assertEquals(10_000, sim.faults().clockSkewMillis());
        assertTrue(Math.abs(serverTimeMillis() - System.currentTimeMillis() - 10_000) < SLACK);
        sim.faults().clockSkew(Duration.ofSeconds(-10));
        assertTrue(Math.abs(serverTimeMillis() - System.currentTimeMillis() + 10_000) < SLACK, "not cumulative");
        sim.faults().clockSkew(Duration.ZERO);
        assertTrue(Math.abs(serverTimeMillis() - System.currentTimeMillis()) < SLACK);
        assertTrue(sim.faults().log().stream().anyMatch(l -> l.contains("clockSkew -10000ms")));
    }

    @Test
    void shouldRefuseHostStampedSignedCallsWith10002WhileSkewedAndAcceptServerStampedOnes() throws Exception
    {
        sim.faults().clockSkew(Duration.ofSeconds(10)); // server ahead: a host timestamp is 10 s old
        final HttpResponse<String> old = rest.get("/v5/order/realtime", "category=spot");
        final JsonNode n = RestClient.JSON.readTree(old.body());
        assertEquals(200, old.statusCode());
        assertEquals(10002, n.get("retCode").asInt(), n.toString());
        final String msg = n.get("retMsg").asText();
        final long serverTs = Long.parseLong(msg.replaceAll(".*server_timestamp\\[(\\d+)].*", "$1"));
        assertTrue(Math.abs(serverTs - System.currentTimeMillis() - 10_000) < SLACK, msg);
        final long offset = serverTimeMillis() - System.currentTimeMillis();
        assertEquals(0, RestClient.JSON.readTree(rest.get("/v5/order/realtime", "category=spot",
            System.currentTimeMillis() + offset, "5000").body()).get("retCode").asInt());

        sim.faults().clockSkew(Duration.ofSeconds(-10)); // server behind: a host timestamp is 10 s in its future
        assertEquals(10002, RestClient.JSON.readTree(rest.post("/v5/order/create", "{\"category\":\"spot\"," +
            "\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.01\",\"price\":\"1000\"}")
            .body()).get("retCode").asInt());
        assertTrue(sim.engine().orders("k1").isEmpty());
        final HttpResponse<String> ok = rest.post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.01\",\"price\":\"1000\"}",
            System.currentTimeMillis() - 10_000);
        assertEquals(0, RestClient.JSON.readTree(ok.body()).get("retCode").asInt(), ok.body());
        final SimOrder order = sim.engine().orders("k1").get(0);
        assertTrue(Math.abs(order.createdTime() - System.currentTimeMillis() + 10_000) < SLACK,
            "order times are server times");
    }

    @Test
    void shouldCheckWsAuthExpiresAgainstTheSkewedClockAndStampPongsAndPushes() throws Exception
    {
        sim.faults().clockSkew(Duration.ofSeconds(20));
        final WsClient late = WsClient.connect(sim.wsPrivateUrl(), "k1", "s1");
        final JsonNode refused = late.auth(System.currentTimeMillis() + 10_000);
        assertFalse(refused.get("success").asBoolean(), "host + 10 s is in the server's past: " + refused);
        assertEquals("error:request expired", refused.get("ret_msg").asText());

        final WsClient ws = WsClient.connect(sim.wsPrivateUrl(), "k1", "s1");
        assertTrue(ws.auth(System.currentTimeMillis() + 30_000).get("success").asBoolean());
        ws.send("{\"req_id\":\"p1\",\"op\":\"ping\"}");
        final JsonNode pong = ws.next();
        assertEquals("pong", pong.get("op").asText());
        assertTrue(Math.abs(Long.parseLong(pong.get("args").get(0).asText()) - System.currentTimeMillis() - 20_000)
            < SLACK, pong.toString());

        ws.send("{\"req_id\":\"s\",\"op\":\"subscribe\",\"args\":[\"execution\"]}");
        assertTrue(ws.next().get("success").asBoolean());
        final long offset = 20_000;
        final HttpResponse<String> r = rest.post("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
            "\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"100\"}", System.currentTimeMillis() + offset);
        assertEquals(0, RestClient.JSON.readTree(r.body()).get("retCode").asInt(), r.body());
        final JsonNode exec = ws.nextOnTopic("execution");
        assertTrue(Math.abs(exec.get("creationTime").asLong() - System.currentTimeMillis() - offset) < SLACK);
        final long execTime = Long.parseLong(exec.get("data").get(0).get("execTime").asText());
        assertTrue(Math.abs(execTime - System.currentTimeMillis() - offset) < SLACK, exec.toString());
    }

    @Test
    void shouldReportRateLimitResetTimestampsInServerTime() throws Exception
    {
        sim.close();
        sim = BybitSimulator.builder().account("k1", "s1").rateLimit("/v5/order/realtime", 1).build().start();
        rest = new RestClient(sim.restUrl(), "k1", "s1");
        sim.faults().clockSkew(Duration.ofSeconds(30));
        final long ts = System.currentTimeMillis() + 30_000;
        final HttpResponse<String> first = rest.get("/v5/order/realtime", "category=spot", ts, "5000");
        assertEquals(0, RestClient.JSON.readTree(first.body()).get("retCode").asInt(), first.body());
        final HttpResponse<String> limited = rest.get("/v5/order/realtime", "category=spot", ts, "5000");
        assertEquals(10006, RestClient.JSON.readTree(limited.body()).get("retCode").asInt());
        final long reset = Long.parseLong(limited.headers().firstValue("X-Bapi-Limit-Reset-Timestamp").orElseThrow());
        final long serverNow = System.currentTimeMillis() + 30_000;
        assertTrue(reset > serverNow - SLACK && reset <= serverNow + 1000, "server time: " + (reset - serverNow));
        sim.faults().clockSkew(Duration.ofSeconds(-30)); // moving the clock does not stretch the window
        Await.until("budget back within about a second", java.time.Duration.ofSeconds(3), () ->
        {
            try
            {
                return RestClient.JSON.readTree(rest.get("/v5/order/realtime", "category=spot",
                    System.currentTimeMillis() - 30_000, "5000").body()).get("retCode").asInt() == 0;
            }
            catch (final Exception ex)
            {
                throw new AssertionError(ex);
            }
        });
    }

    @Test
    void shouldDriveTheSkewFromAScenarioFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("skew.txt");
        Files.write(file, List.of("0 clockSkew -10s", "0 restRateLimited /v5/order/create 2s", "0 ipBan 1500ms",
            "0 liftIpBan", "0 restHttp429 /v5/order/cancel 3"));
        final ScenarioScript script = ScenarioScript.load(file);
        assertEquals(5, script.size());
        script.runAllNow(sim);
        assertEquals(-10_000, sim.faults().clockSkewMillis());
        assertFalse(sim.faults().ipBanned());
        assertTrue(sim.faults().log().stream().anyMatch(l -> l.contains("REST_RATE_LIMITED path=/v5/order/create timed")),
            sim.faults().log().toString());
        ScenarioScript.parse(List.of("0 clockSkew +2s")).runAllNow(sim);
        assertEquals(2_000, sim.faults().clockSkewMillis());
    }
}
