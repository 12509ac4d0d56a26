package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SigningVectorsTest
{
    private static final String KEY = "test_api_key";
    private static final String SECRET = "test_secret";
    private static final String PREFIX = "1700000000000" + KEY + "5000";

    @Test
    void shouldMatchTheDocumentedVectorsWithTheTestSigner()
    {
        assertEquals("fd4f31228a46109dc6673062328693696df9a96c7ff04e6491a45e7f63a0fdd7",
            TestSigner.hmacHex(SECRET, PREFIX + "category=linear&symbol=BTCUSDT"));
        assertEquals("2df4a0603d69c08d5dea29ba85b46eb7db64ce9e9ebd34a7802a3d69700cb2a1",
            TestSigner.hmacHex(SECRET,
                PREFIX + "{\"category\": \"linear\", \"symbol\": \"BTCUSDT\", \"orderLinkId\": \"test-order-1\"}"));
        assertEquals("bacffe7500499eb829bb58c45d36d1b3e5ac67c14eaeba91df5e99ccee013925",
            TestSigner.hmacHex(SECRET, "GET/realtime1700000000000"));
        assertEquals("cfffd774219bfa1d400476f699f830daaedcd3c41faa1dbdda95a8f4dd8170cc",
            TestSigner.hmacHex(SECRET, PREFIX));
        assertEquals("24e43bc892b42909b993acbd51c733c4d269c750097acdf3101905bf3b6edfdf",
            TestSigner.hmacHex(SECRET, PREFIX + "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
                "\"orderType\":\"Limit\",\"qty\":\"0.001\",\"price\":\"30000\",\"orderLinkId\":\"cl-1\"}"));
    }

    @Test
    void shouldMatchTheDocumentedVectorsWithTheSimulatorSigner()
    {
        assertEquals("fd4f31228a46109dc6673062328693696df9a96c7ff04e6491a45e7f63a0fdd7",
            BybitSignature.rest(SECRET, "1700000000000", KEY, "5000", "category=linear&symbol=BTCUSDT"));
        assertEquals("bacffe7500499eb829bb58c45d36d1b3e5ac67c14eaeba91df5e99ccee013925",
            BybitSignature.wsAuth(SECRET, "1700000000000"));
        assertEquals("cfffd774219bfa1d400476f699f830daaedcd3c41faa1dbdda95a8f4dd8170cc",
            BybitSignature.rest(SECRET, "1700000000000", KEY, "5000", ""));
    }

    @Test
    void shouldAcceptRequestsSignedWithTheVectorKeyPair() throws Exception
    {
        try (BybitSimulator sim = BybitSimulator.builder().account(KEY, SECRET).build().start())
        {
            final RestClient client = new RestClient(sim.restUrl(), KEY, SECRET);
            final JsonNode get = client.getJson("/v5/execution/list", "category=linear&symbol=BTCUSDT");
            assertEquals(0, get.get("retCode").asInt(), get.toString());
            final JsonNode post = client.postJson("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\"," +
                "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.001\",\"price\":\"30000\",\"orderLinkId\":\"cl-1\"}");
            assertEquals(0, post.get("retCode").asInt(), post.toString());
            assertEquals("cl-1", post.path("result").path("orderLinkId").asText());
        }
    }
}
