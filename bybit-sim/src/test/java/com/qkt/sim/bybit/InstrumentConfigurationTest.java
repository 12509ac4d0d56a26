package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InstrumentConfigurationTest
{
    private static JsonNode publicGet(final BybitSimulator sim, final RestClient client, final String pathAndQuery)
        throws Exception
    {
        final HttpResponse<String> r = client.http.send(
            HttpRequest.newBuilder(URI.create(sim.restUrl() + pathAndQuery)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        return RestClient.JSON.readTree(r.body()).path("result");
    }

    @Test
    void shouldListAndEnforceConfiguredRules() throws Exception
    {
        try (BybitSimulator sim = BybitSimulator.builder().account("k1", "s1")
            .instrument("spot", "BTCUSDT", "0.1", null, "0.0001", "10")
            .instrument("linear", "ETHUSDT", null, "0.1", null, null)
            .build().start())
        {
            final RestClient client = new RestClient(sim.restUrl(), "k1", "s1");
            final JsonNode btc = publicGet(sim, client, "/v5/market/instruments-info?category=spot&symbol=BTCUSDT")
                .path("list").get(0);
            assertEquals("0.1", btc.path("priceFilter").path("tickSize").asText());
            assertEquals("0.000001", btc.path("lotSizeFilter").path("basePrecision").asText()); // default kept
            assertEquals("0.0001", btc.path("lotSizeFilter").path("minOrderQty").asText());
            assertEquals("10", btc.path("lotSizeFilter").path("minOrderAmt").asText());
            final JsonNode eth = publicGet(sim, client, "/v5/market/instruments-info?category=linear&symbol=ETHUSDT")
                .path("list").get(0);
            assertEquals("0.1", eth.path("lotSizeFilter").path("qtyStep").asText());

            final String spot = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",";
            assertEquals(170134, client.postJson("/v5/order/create", spot + "\"qty\":\"0.01\",\"price\":\"40000.05\"}")
                .path("retCode").asInt());
            assertEquals(170140, client.postJson("/v5/order/create", spot + "\"qty\":\"0.0002\",\"price\":\"40000\"}")
                .path("retCode").asInt());
            assertEquals(0, client.postJson("/v5/order/create", spot + "\"qty\":\"0.01\",\"price\":\"40000.1\"}")
                .path("retCode").asInt());
            assertEquals(10001, client.postJson("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"ETHUSDT\"," +
                "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.05\",\"price\":\"3000\"}").path("retCode").asInt());
        }
    }

    @Test
    void shouldRefuseRulesThatCannotHold()
    {
        assertThrows(IllegalStateException.class, () -> BybitSimulator.builder().account("k", "s")
            .instrument("option", "BTCUSDT", "1", null, null, null).build());
        assertThrows(IllegalStateException.class, () -> BybitSimulator.builder().account("k", "s")
            .instrument("spot", "BTCUSDT", "0", null, null, null).build());
    }

    @Test
    void shouldTakeRulesFromTheCommandLine() throws Exception
    {
        final CommandLine cli = SimulatorCommand.commandLine();
        cli.parseArgs("--api-key", "k", "--api-secret", "s", "--instrument", "spot:BTCUSDT=tickSize:0.5,minNotional:1");
        final SimulatorCommand command = cli.getCommand();
        command.conclude();
        try (BybitSimulator sim = command.builderForTest().build().start())
        {
            final JsonNode btc = publicGet(sim, new RestClient(sim.restUrl(), "k", "s"),
                "/v5/market/instruments-info?category=spot&symbol=BTCUSDT").path("list").get(0);
            assertEquals("0.5", btc.path("priceFilter").path("tickSize").asText());
            assertEquals("1", btc.path("lotSizeFilter").path("minOrderAmt").asText());
        }
        for (final String bad : new String[] {"BTCUSDT=tickSize:1", "option:BTCUSDT=tickSize:1",
            "spot:BTCUSDT=tick:1", "spot:BTCUSDT=tickSize:x", "spot:BTCUSDT=tickSize:0", "spot:BTCUSDT=tickSize"})
        {
            final CommandLine c = SimulatorCommand.commandLine();
            final StringWriter err = new StringWriter();
            c.setErr(new PrintWriter(err, true));
            assertEquals(SimulatorCommand.EXIT_USAGE, c.execute("--api-key", "k", "--api-secret", "s",
                "--instrument", bad), bad);
            assertEquals(1, err.toString().lines().count(), err.toString());
        }
    }
}
