package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Concurrent requests keep their own call-log entry and limit headers: each entry records the answer its own client
 * received (per-request state once lived in JDK 17's shared context attributes, where requests overwrote each other).
 */
class RestCallLogConcurrencyTest
{
    private BybitSimulator sim;

    @BeforeEach
    void start()
    {
        sim = BybitSimulator.builder().account("k1", "s1").rateLimitsEnabled(false).build().start();
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    @Test
    void shouldRecordEachConcurrentCallWithTheAnswerItsClientReceived() throws Exception
    {
        final int threads = 8;
        final int callsPerThread = 15;
        final Map<String, Integer> received = new ConcurrentHashMap<>();
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                done.add(pool.submit(() ->
                {
                    final RestClient rest = new RestClient(sim.restUrl(), "k1", "s1");
                    for (int i = 0; i < callsPerThread; i++)
                    {
                        final String linkId = "c-" + thread + "-" + i;
                        // every other call is refused (qty below the lot), so answers differ between neighbours
                        final String qty = 0 == i % 2 ? "0.01" : "0.0000001";
                        final JsonNode answer = rest.postJson("/v5/order/create", "{\"category\":\"spot\"," +
                            "\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"" + qty +
                            "\",\"price\":\"1000\",\"orderLinkId\":\"" + linkId + "\"}");
                        received.put(linkId, answer.get("retCode").asInt());
                    }
                    return null;
                }));
            }
            for (final Future<?> f : done)
            {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        finally
        {
            pool.shutdownNow();
        }

        assertEquals(threads * callsPerThread, received.size());
        assertTrue(received.containsValue(0) && received.values().stream().anyMatch(c -> c != 0), received.toString());
        final List<RestCall> creates = sim.callLog().calls(c -> c.kind() == RestCallKind.CREATE);
        assertEquals(threads * callsPerThread, creates.size());
        for (final RestCall call : creates)
        {
            assertTrue(call.processed() && 200 == call.httpStatus(), call.toString());
            assertEquals(received.get(call.orderLinkId()).intValue(), call.retCode(), call.toString());
        }
    }
}
