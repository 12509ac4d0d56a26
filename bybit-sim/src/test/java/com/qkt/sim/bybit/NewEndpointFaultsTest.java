package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Faults reach the market, account, amend, cancel-all and batch endpoints like the original ones. */
class NewEndpointFaultsTest
{
    private BybitSimulator sim;
    private RestClient client;

    @BeforeEach
    void start()
    {
        sim = BybitSimulator.builder().account("k1", "s1").build().start();
        client = new RestClient(sim.restUrl(), "k1", "s1");
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    private HttpResponse<String> call(final String path) throws Exception
    {
        return call(path, client);
    }

    private HttpResponse<String> call(final String path, final RestClient client) throws Exception
    {
        return switch (path)
        {
            case "/v5/market/instruments-info", "/v5/market/tickers" ->
                client.http.send(HttpRequest.newBuilder(URI.create(sim.restUrl() + path + "?category=spot"))
                    .timeout(client.timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            case "/v5/market/orderbook", "/v5/market/recent-trade" ->
                client.http.send(HttpRequest.newBuilder(URI.create(sim.restUrl() + path +
                    "?category=spot&symbol=BTCUSDT")).timeout(client.timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            case "/v5/market/kline" -> client.http.send(HttpRequest.newBuilder(URI.create(sim.restUrl() + path +
                "?category=spot&symbol=BTCUSDT&interval=1")).timeout(client.timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            case "/v5/account/info", "/v5/user/query-api", "/v5/asset/coin/query-info" -> client.get(path, "");
            case "/v5/account/fee-rate" -> client.get(path, "category=spot");
            case "/v5/order/cancel-all" -> client.post(path, "{\"category\":\"spot\"}");
            case "/v5/order/amend" -> client.post(path, "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
                "\"orderLinkId\":\"f-1\",\"price\":\"39000\"}");
            default -> client.post(path, "{\"category\":\"spot\",\"request\":[{\"symbol\":\"BTCUSDT\"," +
                "\"orderLinkId\":\"f-1\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"39500\"}]}");
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v5/market/instruments-info", "/v5/market/tickers", "/v5/market/orderbook",
        "/v5/market/recent-trade", "/v5/market/kline", "/v5/account/info", "/v5/user/query-api",
        "/v5/account/fee-rate", "/v5/asset/coin/query-info", "/v5/order/amend", "/v5/order/cancel-all",
        "/v5/order/create-batch", "/v5/order/amend-batch", "/v5/order/cancel-batch"})
    void shouldAnswer10006HttpErrorsResetsAndTimeoutsOnEveryNewEndpoint(final String path) throws Exception
    {
        client.limitBuy("BTCUSDT", "0.1", "40000", "f-1");

        sim.faults().restRateLimited(path, 1);
        final HttpResponse<String> limited = call(path);
        assertEquals(200, limited.statusCode());
        assertEquals(10006, RestClient.JSON.readTree(limited.body()).path("retCode").asInt());
        assertTrue(limited.headers().firstValue("X-Bapi-Limit-Reset-Timestamp").isPresent());

        sim.faults().restHttpStatus(path, 503, 1);
        assertEquals(503, call(path).statusCode());

        sim.faults().restReset(path, 1);
        assertEquals(-1, rawRequestFirstByte(path), "connection closed without a byte of answer");

        sim.faults().restTimeout(path, 1);
        client.timeout = Duration.ofMillis(300);
        assertThrows(HttpTimeoutException.class, () -> call(path));
        client.timeout = Duration.ofSeconds(10);

        final JsonNode after = RestClient.JSON.readTree(call(path).body());
        assertEquals(0, after.path("retCode").asInt(), after.toString());
        assertEquals(5, sim.faults().restCalls(path));
        assertEquals(1, sim.faults().count(FaultKind.REST_RESET));
    }

    /**
     * A raw HTTP/1.1 request on its own socket: the JDK client would silently retry a request whose connection
     * closes unanswered, hiding the reset. Faults fire before authentication, so no signature is needed.
     */
    private int rawRequestFirstByte(final String path) throws IOException
    {
        final boolean post = path.startsWith("/v5/order/");
        try (Socket socket = new Socket("127.0.0.1", sim.restPort()))
        {
            socket.setSoTimeout(10_000);
            final String request = (post ? "POST " : "GET ") + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                (post ? "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}" : "\r\n");
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket.getInputStream().read();
        }
    }

    @Test
    void shouldProcessABatchThenDropTheAnswerWhenTheFaultSaysSo() throws Exception
    {
        sim.faults().restTimeoutAfterProcessing("/v5/order/create-batch", 1);
        client.timeout = Duration.ofMillis(300);
        assertThrows(HttpTimeoutException.class, () -> call("/v5/order/create-batch"));
        assertEquals("New", sim.engine().order("k1", "f-1").status()); // created: the outcome was only unknown
    }

    @Test
    void shouldAnswerUnknownPathsAndWrongMethodsInBybitsEnvelope() throws Exception
    {
        final HttpResponse<String> unknown = client.get("/v5/no/such/path", "");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        final JsonNode body = RestClient.JSON.readTree(unknown.body());
        assertEquals(10017, body.path("retCode").asInt());
        assertEquals("Route not found.", body.path("retMsg").asText());
        assertTrue(body.path("result").isObject() && body.path("retExtInfo").isObject() && body.path("time").isNumber());

        final HttpResponse<String> wrongMethod = client.post("/v5/market/tickers", "{}");
        assertEquals(400, wrongMethod.statusCode());
        assertEquals(10017, RestClient.JSON.readTree(wrongMethod.body()).path("retCode").asInt());
    }
}
