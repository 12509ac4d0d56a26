package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioScriptTest
{
    @Test
    void shouldParseAndRunEveryStep() throws Exception
    {
        final ScenarioScript script = ScenarioScript.parse(List.of(
            "# comment",
            "",
            "0 setPrice BTCUSDT 48000",
            "10ms restHttpStatus /v5/order/create 503 1",
            "1s restRetCode * 10016 1 Service is restarting",
            "2s sendRaw k1 {\"topic\": \"order\", \"data\": [",
            "3m clearRestFaults"));
        assertEquals(5, script.size());
        try (BybitSimulator sim = BybitSimulator.builder().account("k1", "s1").build().start())
        {
            final WsClient ws = WsClient.ready(sim.wsPrivateUrl(), "k1", "s1", "order");
            script.runAllNow(sim);
            assertEquals("48000", sim.engine().price("BTCUSDT"));
            assertEquals("{\"topic\": \"order\", \"data\": [", ws.nextText(Duration.ofSeconds(10)));
            assertTrue(sim.faults().log().stream().anyMatch(l -> l.contains("scenario: 1s restRetCode")));
            assertTrue(sim.faults().log().stream().anyMatch(l -> l.contains("clearRestFaults")));
        }
    }

    @Test
    void shouldRunStepsAtTheirOffsets() throws Exception
    {
        final ScenarioScript script = ScenarioScript.parse(List.of("50ms restHttpStatus /v5/order/create 503 1"));
        try (BybitSimulator sim = BybitSimulator.builder().account("k1", "s1").build().start())
        {
            script.start(sim);
            final RestClient rest = new RestClient(sim.restUrl(), "k1", "s1");
            Await.until("the scheduled step armed the fault", () ->
                sim.faults().log().stream().anyMatch(l -> l.contains("arm REST_HTTP_STATUS")));
            assertEquals(503, rest.post("/v5/order/create", "{}").statusCode());
            script.stop();
        }
    }

    @Test
    void shouldRejectBadLinesWithTheirNumber()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ScenarioScript.parse(List.of("1s closeAll k1", "2s explode k1")));
        assertTrue(ex.getMessage().startsWith("scenario line 2"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse(List.of("1s restReset /x many")));
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse(List.of("soon closeAll k1")));
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse(List.of("1s dropAfterFrames k1")));
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse(List.of("1s clockSkew later")));
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse(List.of("1s clockSkew")));
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse(List.of("1s ipBan forever")));
        assertThrows(IllegalArgumentException.class,
            () -> ScenarioScript.parse(List.of("1s restRateLimited /v5/order/create 3x")));
        assertEquals(4, ScenarioScript.parse(List.of("1s clockSkew -1500ms", "1s ipBan 10m", "1s liftIpBan",
            "1s restHttp429 * 2s")).size());
    }
}
