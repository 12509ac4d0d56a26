package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V5 docs, order and execution items: {@code createType} "Spot, Option do not have this key"; {@code tpslMode} "Spot
 * does not have this field". ccxt tells spot from contract items by these keys, so spot must not carry them.
 */
class CategoryFieldsTest
{
    private BybitSimulator sim;
    private RestClient client;

    @BeforeEach
    void start()
    {
        sim = BybitSimulator.builder().account("k1", "s1").rateLimitsEnabled(false).build().start();
        client = new RestClient(sim.restUrl(), "k1", "s1");
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    private void marketBuy(final String category) throws Exception
    {
        final JsonNode r = client.postJson("/v5/order/create", "{\"category\":\"" + category + "\",\"symbol\":" +
            "\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.01\",\"marketUnit\":\"baseCoin\"}");
        assertEquals(0, r.path("retCode").asInt(), r.toString());
    }

    @Test
    void shouldLeaveContractOnlyKeysOffSpotOrdersAndFillsOnEveryChannel() throws Exception
    {
        final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order", "execution");
        try
        {
            marketBuy("spot");
            final JsonNode pushedExec = ws.nextOnTopic("execution").path("data").get(0);
            final JsonNode pushedOrder = ws.nextOnTopic("order").path("data").get(0);
            assertEquals("spot", pushedOrder.path("category").asText());
            assertFalse(pushedOrder.has("createType"), pushedOrder.toString());
            assertFalse(pushedOrder.has("tpslMode"), pushedOrder.toString());
            assertFalse(pushedExec.has("createType"), pushedExec.toString());
            assertTrue(pushedOrder.has("cumFeeDetail") && pushedOrder.has("marketUnit"));

            marketBuy("linear");
            final JsonNode linearExec = ws.nextOnTopic("execution").path("data").get(0);
            final JsonNode linearOrder = ws.nextOnTopic("order").path("data").get(0);
            assertEquals("linear", linearOrder.path("category").asText());
            assertEquals("CreateByUser", linearOrder.path("createType").asText());
            assertEquals("", linearOrder.path("tpslMode").asText());
            assertEquals("CreateByUser", linearExec.path("createType").asText());
        }
        finally
        {
            ws.abort();
        }

        final JsonNode spotList = client.getJson("/v5/order/history", "category=spot").path("result").path("list");
        assertFalse(spotList.get(0).has("createType") || spotList.get(0).has("tpslMode"), spotList.toString());
        final JsonNode spotExecs = client.getJson("/v5/execution/list", "category=spot").path("result").path("list");
        assertFalse(spotExecs.get(0).has("createType"), spotExecs.toString());
        final JsonNode linearList = client.getJson("/v5/order/history", "category=linear&symbol=BTCUSDT")
            .path("result").path("list");
        assertTrue(linearList.get(0).has("createType") && linearList.get(0).has("tpslMode"));
        assertEquals("", linearList.get(0).path("feeCurrency").asText()); // "Trading fee currency for Spot only"
        assertFalse(linearList.get(0).has("basePrice"));
        assertEquals("50000", spotList.get(0).path("basePrice").asText()); // REST: "Spot has this field only"
        assertEquals("BTC", spotList.get(0).path("feeCurrency").asText());
        final JsonNode linearExecs = client.getJson("/v5/execution/list", "category=linear").path("result").path("list");
        assertTrue(linearExecs.get(0).has("createType"));
    }
}
