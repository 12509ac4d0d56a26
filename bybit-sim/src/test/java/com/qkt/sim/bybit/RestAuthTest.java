package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestAuthTest
{
    private BybitSimulator sim;

    @BeforeEach
    void start()
    {
        sim = BybitSimulator.builder().account("k1", "s1").account("k2", "s2").build().start();
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    private static JsonNode json(final HttpResponse<String> r) throws Exception
    {
        return RestClient.JSON.readTree(r.body());
    }

    @Test
    void shouldAcceptSeveralAccountsAtOnce() throws Exception
    {
        final RestClient a = new RestClient(sim.restUrl(), "k1", "s1");
        final RestClient b = new RestClient(sim.restUrl(), "k2", "s2");
        a.limitBuy("BTCUSDT", "0.1", "40000", "a-1");
        b.limitBuy("BTCUSDT", "0.2", "40000", "b-1");
        assertEquals(1, a.getJson("/v5/order/realtime", "category=spot").path("result").path("list").size());
        assertEquals("0.2", b.getJson("/v5/order/realtime", "category=spot").path("result").path("list").get(0)
            .path("qty").asText());
    }

    @Test
    void shouldRejectTimestampOutsideTheRecvWindowWith10002() throws Exception
    {
        final RestClient client = new RestClient(sim.restUrl(), "k1", "s1");
        final long now = System.currentTimeMillis();
        final HttpResponse<String> old = client.get("/v5/order/realtime", "category=spot", now - 10_000, "5000");
        assertEquals(200, old.statusCode());
        final JsonNode n = json(old);
        assertEquals(10002, n.get("retCode").asInt());
        assertTrue(n.get("retMsg").asText().contains("recv_window[5000]"), n.toString());
        assertEquals(10002, json(client.get("/v5/order/realtime", "category=spot", now + 5_000, "5000"))
            .get("retCode").asInt(), "future timestamps beyond server + 1000 ms are refused");
        assertEquals(0, json(client.get("/v5/order/realtime", "category=spot", now - 10_000, "20000"))
            .get("retCode").asInt(), "a wider recv window accepts it");
    }

    @Test
    void shouldRejectUnknownKeyWith10003() throws Exception
    {
        final JsonNode n = json(new RestClient(sim.restUrl(), "nobody", "s1").get("/v5/order/realtime", "category=spot"));
        assertEquals(10003, n.get("retCode").asInt());
        assertEquals("API key is invalid.", n.get("retMsg").asText());
    }

    @Test
    void shouldRejectBadSignatureWith10004() throws Exception
    {
        final JsonNode n = json(new RestClient(sim.restUrl(), "k1", "wrong").get("/v5/order/realtime", "category=spot"));
        assertEquals(10004, n.get("retCode").asInt());
        assertTrue(n.get("retMsg").asText().startsWith("error sign!"), n.toString());
        // signing another query string than the one sent is a bad signature too
        final long ts = System.currentTimeMillis();
        final String sign = TestSigner.hmacHex("s1", ts + "k1" + "5000" + "category=spot");
        final HttpResponse<String> r = new RestClient(sim.restUrl(), "k1", "s1").http.send(
            HttpRequest.newBuilder(URI.create(sim.restUrl() + "/v5/order/realtime?category=linear&symbol=BTCUSDT"))
                .header("X-BAPI-API-KEY", "k1").header("X-BAPI-TIMESTAMP", Long.toString(ts))
                .header("X-BAPI-RECV-WINDOW", "5000").header("X-BAPI-SIGN", sign).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(10004, json(r).get("retCode").asInt());
    }

    @Test
    void shouldRejectMissingAuthHeadersWith401() throws Exception
    {
        final RestClient client = new RestClient(sim.restUrl(), "k1", "s1");
        final HttpResponse<String> r = client.http.send(
            HttpRequest.newBuilder(URI.create(sim.restUrl() + "/v5/order/realtime?category=spot")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertEquals(10003, json(r).get("retCode").asInt());
        final HttpResponse<String> noSign = client.http.send(
            HttpRequest.newBuilder(URI.create(sim.restUrl() + "/v5/order/realtime?category=spot"))
                .header("X-BAPI-API-KEY", "k1").header("X-BAPI-TIMESTAMP", "1").GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noSign.statusCode());
        assertEquals(10004, json(noSign).get("retCode").asInt());
    }

    @Test
    void shouldRejectRevokedKeysUntilRestored() throws Exception
    {
        final RestClient client = new RestClient(sim.restUrl(), "k1", "s1");
        sim.faults().revokeKey("k1");
        assertEquals(10003, client.getJson("/v5/order/realtime", "category=spot").get("retCode").asInt());
        assertEquals(1, sim.faults().count(FaultKind.KEY_REVOKED));
        assertEquals(0, new RestClient(sim.restUrl(), "k2", "s2").getJson("/v5/order/realtime", "category=spot")
            .get("retCode").asInt(), "other keys unaffected");
        sim.faults().restoreKey("k1");
        assertEquals(0, client.getJson("/v5/order/realtime", "category=spot").get("retCode").asInt());
    }

    @Test
    void shouldAnswer10006WithLimitHeadersWhenTheRateLimitIsExceeded() throws Exception
    {
        sim.close();
        sim = BybitSimulator.builder().account("k1", "s1").rateLimit("/v5/account/wallet-balance", 3).build().start();
        final RestClient client = new RestClient(sim.restUrl(), "k1", "s1");
        HttpResponse<String> limited = null;
        HttpResponse<String> first = null;
        for (int i = 0; i < 12 && limited == null; i++)
        {
            final HttpResponse<String> r = client.get("/v5/account/wallet-balance", "accountType=UNIFIED");
            if (first == null)
            {
                first = r;
            }
            if (json(r).get("retCode").asInt() == 10006)
            {
                limited = r;
            }
        }
        assertEquals("3", first.headers().firstValue("X-Bapi-Limit").orElseThrow());
        assertEquals("2", first.headers().firstValue("X-Bapi-Limit-Status").orElseThrow());
        assertTrue(limited != null, "some call within the burst was limited");
        assertEquals(200, limited.statusCode());
        assertEquals("Too many visits!", json(limited).get("retMsg").asText());
        assertEquals("0", limited.headers().firstValue("X-Bapi-Limit-Status").orElseThrow());
        final long reset = Long.parseLong(limited.headers().firstValue("X-Bapi-Limit-Reset-Timestamp").orElseThrow());
        assertTrue(reset > System.currentTimeMillis() - 1000 && reset <= System.currentTimeMillis() + 1000);
        // limits are per endpoint
        assertEquals(0, client.getJson("/v5/order/realtime", "category=spot").get("retCode").asInt());
    }

    @Test
    void shouldNotLimitWhenRateLimitsAreDisabled() throws Exception
    {
        sim.close();
        sim = BybitSimulator.builder().account("k1", "s1").rateLimitsEnabled(false).build().start();
        final RestClient client = new RestClient(sim.restUrl(), "k1", "s1");
        for (int i = 0; i < 150; i++)
        {
            assertEquals(0, client.getJson("/v5/execution/list", "category=spot").get("retCode").asInt());
        }
        assertEquals(150, sim.faults().restCalls("/v5/execution/list"));
    }
}
