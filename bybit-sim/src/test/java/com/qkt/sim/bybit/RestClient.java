package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A minimal Bybit V5 REST client on the JDK HttpClient, signing per the documented rules.
 */
final class RestClient
{
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String baseUrl;
    final String apiKey;
    final String secret;
    Duration timeout = Duration.ofSeconds(10);

    RestClient(final String baseUrl, final String apiKey, final String secret)
    {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.secret = secret;
    }

    HttpResponse<String> get(final String path, final String query) throws Exception
    {
        return get(path, query, System.currentTimeMillis(), "5000");
    }

    HttpResponse<String> get(final String path, final String query, final long ts, final String recvWindow)
        throws Exception
    {
        final String q = query == null ? "" : query;
        final String sign = TestSigner.hmacHex(secret, ts + apiKey + recvWindow + q);
        final HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path + (q.isEmpty() ? "" : "?" + q)))
            .timeout(timeout)
            .header("X-BAPI-API-KEY", apiKey)
            .header("X-BAPI-TIMESTAMP", Long.toString(ts))
            .header("X-BAPI-RECV-WINDOW", recvWindow)
            .header("X-BAPI-SIGN", sign)
            .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(final String path, final String body) throws Exception
    {
        return post(path, body, System.currentTimeMillis());
    }

    HttpResponse<String> post(final String path, final String body, final long ts) throws Exception
    {
        final String sign = TestSigner.hmacHex(secret, ts + apiKey + "5000" + body);
        final HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("X-BAPI-API-KEY", apiKey)
            .header("X-BAPI-TIMESTAMP", Long.toString(ts))
            .header("X-BAPI-RECV-WINDOW", "5000")
            .header("X-BAPI-SIGN", sign)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getPublic(final String path) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(final String path, final String query) throws Exception
    {
        return JSON.readTree(get(path, query).body());
    }

    JsonNode postJson(final String path, final String body) throws Exception
    {
        return JSON.readTree(post(path, body).body());
    }

    String limitBuy(final String symbol, final String qty, final String price, final String linkId) throws Exception
    {
        final JsonNode r = postJson("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"" + symbol +
            "\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"" + qty + "\",\"price\":\"" + price +
            "\",\"orderLinkId\":\"" + linkId + "\"}");
        if (r.get("retCode").asInt() != 0)
        {
            throw new AssertionError("create failed: " + r);
        }
        return r.path("result").path("orderId").asText();
    }
}
