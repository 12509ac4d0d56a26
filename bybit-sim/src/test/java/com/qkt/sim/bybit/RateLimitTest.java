package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitTest
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

    private static JsonNode json(final HttpResponse<String> r) throws Exception
    {
        return RestClient.JSON.readTree(r.body());
    }

    private static String header(final HttpResponse<String> r, final String name)
    {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " in " + r.headers()));
    }

    private static String order(final String category, final String linkId)
    {
        return "{\"category\":\"" + category + "\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\"," +
            "\"qty\":\"0.01\",\"price\":\"1000\",\"orderLinkId\":\"" + linkId + "\"}";
    }

    @Test
    void shouldKnowBybitsDefaultBudgets()
    {
        assertEquals(20, RateLimitBudgets.defaultLimit("/v5/order/create", "spot"));
        assertEquals(10, RateLimitBudgets.defaultLimit("/v5/order/create", "linear"));
        assertEquals(10, RateLimitBudgets.defaultLimit("/v5/order/create", "option"));
        assertEquals(20, RateLimitBudgets.defaultLimit("/v5/order/cancel", "spot"));
        assertEquals(10, RateLimitBudgets.defaultLimit("/v5/order/cancel", "inverse"));
        assertEquals(10, RateLimitBudgets.defaultLimit("/v5/order/amend", "spot"));
        assertEquals(1, RateLimitBudgets.defaultLimit("/v5/order/cancel-all", "option"));
        assertEquals(20, RateLimitBudgets.defaultLimit("/v5/order/cancel-all", "spot"));
        assertEquals(20, RateLimitBudgets.defaultLimit("/v5/order/create-batch", "spot"));
        assertEquals(50, RateLimitBudgets.defaultLimit("/v5/order/realtime", "spot"));
        assertEquals(50, RateLimitBudgets.defaultLimit("/v5/execution/list", "linear"));
        assertEquals(50, RateLimitBudgets.defaultLimit("/v5/position/list", "linear"));
        assertEquals(50, RateLimitBudgets.defaultLimit("/v5/account/wallet-balance", ""));
    }

    @Test
    void shouldSpendTheLinearCreateBudgetOfTenPerSecondThenAnswer10006WithHeaders() throws Exception
    {
        HttpResponse<String> limited = null;
        int accepted = 0;
        for (int i = 0; i < 20 && limited == null; i++)
        {
            final HttpResponse<String> r = rest.post("/v5/order/create", order("linear", "lin-" + i));
            assertEquals("10", header(r, "X-Bapi-Limit"));
            if (json(r).get("retCode").asInt() == 10006)
            {
                limited = r;
            }
            else
            {
                assertEquals(0, json(r).get("retCode").asInt(), r.body());
                accepted++;
                assertEquals(Integer.toString(10 - accepted), header(r, "X-Bapi-Limit-Status"));
                final long resetAt = Long.parseLong(header(r, "X-Bapi-Limit-Reset-Timestamp"));
                if (accepted < 10)
                {
                    assertTrue(Math.abs(resetAt - System.currentTimeMillis()) < 1000, "calls left: reset is now");
                }
            }
        }
        assertTrue(limited != null, "the burst must hit the budget");
        assertTrue(accepted >= 1 && accepted <= 10, "at most 10 within one second: " + accepted);
        assertEquals(200, limited.statusCode(), "Bybit answers 10006 with HTTP 200");
        final JsonNode body = json(limited);
        assertEquals("Too many visits!", body.get("retMsg").asText());
        assertTrue(body.get("result").isObject());
        assertEquals("0", header(limited, "X-Bapi-Limit-Status"));
        final long reset = Long.parseLong(header(limited, "X-Bapi-Limit-Reset-Timestamp"));
        final long now = System.currentTimeMillis();
        assertTrue(reset > now - 50 && reset <= now + 1000, "reset within the rolling second: " + (reset - now));
        final String refusedLinkId = sim.callLog().calls("k1", RestCallKind.CREATE).get(accepted).orderLinkId();
        assertEquals(10006, sim.callLog().calls("k1", RestCallKind.CREATE).get(accepted).retCode());
        assertFalse(sim.engine().orders("k1").stream().anyMatch(o -> o.orderLinkId().equals(refusedLinkId)),
            "a 10006 is not processed");

        // spot has its own budget on the same path, other accounts theirs, queries theirs
        final HttpResponse<String> spot = rest.post("/v5/order/create", order("spot", "spot-1"));
        assertEquals(0, json(spot).get("retCode").asInt(), spot.body());
        assertEquals("20", header(spot, "X-Bapi-Limit"));
        assertEquals(0, new RestClient(sim.restUrl(), "k2", "s2").postJson("/v5/order/create", order("linear", "o-1"))
            .get("retCode").asInt());
        final HttpResponse<String> query = rest.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT");
        assertEquals("50", header(query, "X-Bapi-Limit"));
        assertEquals("49", header(query, "X-Bapi-Limit-Status"));

        // the window rolls: after the reset time the budget is back
        Await.until("budget back after the reset timestamp", Duration.ofSeconds(5), () ->
        {
            try
            {
                return json(rest.post("/v5/order/create", order("linear", "later-" + System.nanoTime())))
                    .get("retCode").asInt() == 0;
            }
            catch (final Exception ex)
            {
                throw new AssertionError(ex);
            }
        });
        assertTrue(System.currentTimeMillis() >= reset - 5, "not before the announced reset");
    }

    @Test
    void shouldPutLimitHeadersOnErrorAnswersOfSignedEndpointsToo() throws Exception
    {
        final HttpResponse<String> bad = rest.post("/v5/order/cancel",
            "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"nope\"}");
        assertEquals(110001, json(bad).get("retCode").asInt());
        assertEquals("20", header(bad, "X-Bapi-Limit"));
        final HttpResponse<String> stale = rest.get("/v5/order/realtime", "category=spot",
            System.currentTimeMillis() - 60_000, "5000");
        assertEquals(10002, json(stale).get("retCode").asInt());
        assertEquals("50", header(stale, "X-Bapi-Limit"));
        assertEquals("50", header(stale, "X-Bapi-Limit-Status"), "a refused call does not spend the budget");
    }

    @Test
    void shouldStorm10006AndHttp429OnChosenEndpointsForADuration() throws Exception
    {
        sim.faults().restRateLimited("/v5/order/create", Duration.ofSeconds(3));
        sim.faults().restHttp429("/v5/order/cancel", Duration.ofSeconds(3));
        final HttpResponse<String> create = rest.post("/v5/order/create", order("spot", "storm-1"));
        assertEquals(200, create.statusCode());
        assertEquals(10006, json(create).get("retCode").asInt());
        assertEquals("0", header(create, "X-Bapi-Limit-Status"));
        assertTrue(Long.parseLong(header(create, "X-Bapi-Limit-Reset-Timestamp")) > System.currentTimeMillis());
        final HttpResponse<String> cancel = rest.post("/v5/order/cancel",
            "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"storm-1\"}");
        assertEquals(429, cancel.statusCode());
        assertEquals("0", header(cancel, "X-Bapi-Limit-Status"));
        assertEquals(10006, json(rest.post("/v5/order/create", order("spot", "storm-2"))).get("retCode").asInt());
        assertEquals(0, json(rest.get("/v5/order/realtime", "category=spot")).get("retCode").asInt(),
            "other endpoints are not in the storm");
        assertTrue(sim.engine().orders("k1").isEmpty(), "nothing processed during the storm");
        Await.until("storm over", () ->
        {
            try
            {
                return json(rest.post("/v5/order/create", order("spot", "after-" + System.nanoTime())))
                    .get("retCode").asInt() == 0;
            }
            catch (final Exception ex)
            {
                throw new AssertionError(ex);
            }
        });
        assertTrue(sim.faults().count(FaultKind.REST_RATE_LIMITED) >= 3);
    }

    @Test
    void shouldBanTheIpWithHttp403OnEveryPathForTheDurationThenServeAgain() throws Exception
    {
        sim.faults().ipBan(Duration.ofMillis(500));
        assertTrue(sim.faults().ipBanned());
        final HttpResponse<String> create = rest.post("/v5/order/create", order("spot", "ban-1"));
        assertEquals(403, create.statusCode());
        assertEquals("access too frequent", create.body());
        assertEquals(403, rest.getPublic("/v5/market/time").statusCode(), "public paths too");
        assertEquals(403, new RestClient(sim.restUrl(), "k2", "s2").get("/v5/order/realtime", "category=spot")
            .statusCode(), "every key: the ban is on the IP");
        assertTrue(sim.engine().orders("k1").isEmpty(), "not processed");
        assertEquals(3, sim.faults().count(FaultKind.REST_IP_BANNED));
        Await.until("ban over", () -> !sim.faults().ipBanned());
        assertEquals(0, rest.postJson("/v5/order/create", order("spot", "ban-2")).get("retCode").asInt());
        sim.faults().ipBan(Duration.ofMinutes(10));
        assertEquals(403, rest.getPublic("/v5/market/time").statusCode());
        sim.faults().liftIpBan();
        assertEquals(200, rest.getPublic("/v5/market/time").statusCode());
    }

    @Test
    void shouldBanAutomaticallyBeyondTheConfiguredIpLimit() throws Exception
    {
        sim.close();
        sim = BybitSimulator.builder().account("k1", "s1")
            .ipLimit(5, Duration.ofSeconds(5), Duration.ofMillis(300)).build().start();
        final RestClient client = new RestClient(sim.restUrl(), "k1", "s1");
        for (int i = 0; i < 5; i++)
        {
            assertEquals(200, client.getPublic("/v5/market/time").statusCode());
        }
        assertEquals(403, client.getPublic("/v5/market/time").statusCode(), "the 6th within 5 s is banned");
        assertEquals(403, client.get("/v5/order/realtime", "category=spot").statusCode());
        Await.until("automatic ban ends", () -> !sim.faults().ipBanned());
        assertEquals(200, client.getPublic("/v5/market/time").statusCode());
    }

    @Test
    void shouldLogEveryCallInArrivalAndProcessingOrderWithItsOutcome() throws Exception
    {
        final long from = sim.callLog().nextSeq();
        rest.limitBuy("BTCUSDT", "0.01", "1000", "c-1");
        sim.faults().restRateLimited("/v5/order/create", 1);
        assertEquals(10006, rest.postJson("/v5/order/create", order("spot", "c-2")).get("retCode").asInt());
        assertEquals(0, rest.postJson("/v5/order/cancel",
            "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"c-1\"}").get("retCode").asInt());
        rest.getJson("/v5/order/realtime", "category=spot&orderLinkId=c-1");
        rest.getPublic("/v5/market/time");

        final List<RestCall> calls = sim.callLog().calls(c -> c.seq() >= from);
        assertEquals(5, calls.size(), calls.toString());
        assertEquals(List.of(RestCallKind.CREATE, RestCallKind.CREATE, RestCallKind.CANCEL, RestCallKind.QUERY,
            RestCallKind.OTHER), calls.stream().map(RestCall::kind).toList());
        for (int i = 1; i < calls.size(); i++)
        {
            assertTrue(calls.get(i).seq() > calls.get(i - 1).seq());
        }
        final RestCall created = calls.get(0);
        assertEquals("k1", created.apiKey());
        assertEquals("c-1", created.orderLinkId());
        assertEquals("spot", created.category());
        assertEquals("BTCUSDT", created.symbol());
        assertEquals(200, created.httpStatus());
        assertTrue(created.served());
        final RestCall limited = calls.get(1);
        assertEquals(10006, limited.retCode());
        assertFalse(limited.processed());
        assertFalse(limited.served());
        final RestCall cancel = calls.get(2);
        assertTrue(cancel.served());
        assertTrue(cancel.processedSeq() > created.processedSeq());
        assertEquals("c-1", calls.get(3).orderLinkId());
        assertEquals("", calls.get(4).apiKey());
        assertFalse(calls.toString().contains("s1"), "no secret in the log: " + calls);
        assertEquals(2, sim.callLog().calls("k1", RestCallKind.CREATE).size());
    }

    @Test
    void shouldRecordUnansweredCallsAsSuch() throws Exception
    {
        sim.faults().restTimeoutAfterProcessing("/v5/order/create", 1);
        rest.timeout = Duration.ofMillis(300);
        try
        {
            rest.post("/v5/order/create", order("spot", "held-1"));
        }
        catch (final java.net.http.HttpTimeoutException expected)
        {
            // the fault never answers
        }
        final RestCall call = sim.callLog().calls("k1", RestCallKind.CREATE).get(0);
        assertEquals(RestCall.NO_ANSWER, call.httpStatus());
        assertTrue(call.served(), "processed with retCode 0 even though the answer never came: " + call);
    }
}
