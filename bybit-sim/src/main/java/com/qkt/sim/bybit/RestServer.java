package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Bybit V5 REST on one loopback port (JDK HttpServer): routing, envelope, authentication, rate-limit headers and
 * the REST faults. Business answers come from {@link RestEndpoints}.
 *
 * <p>Authentication, as Bybit: {@code X-BAPI-API-KEY}, {@code X-BAPI-TIMESTAMP}, {@code X-BAPI-SIGN},
 * {@code X-BAPI-RECV-WINDOW} (default 5000). Signed string: timestamp + key + recvWindow + (raw query string as sent,
 * for GET | body as sent, for POST); HMAC-SHA256 lowercase hex. Answers:
 * <ul>
 *   <li>missing key / sign / timestamp header → HTTP 401 with retCode 10003 / 10004 / 10002 (docs: 401 for missing
 *       auth headers);</li>
 *   <li>unknown or revoked key → HTTP 200, 10003 "API key is invalid.";</li>
 *   <li>timestamp outside {@code [server - recvWindow, server + 1000)} → HTTP 200, 10002 with Bybit's message;</li>
 *   <li>bad signature → HTTP 200, 10004 "error sign! origin_string[...]";</li>
 *   <li>unknown path → HTTP 404 with Bybit's envelope, retCode 10017 "Route not found."; wrong method → HTTP 400
 *       (docs: "bad method"), same envelope; bad input → 10001; unexpected failure → 10016, never a stack
 *       trace.</li>
 * </ul>
 * Around that, in this order: every request is entered in the {@link RestCallLog} on arrival; a banned IP gets HTTP
 * 403 ({@link IpLimit}); injected faults; authentication; the per-UID budget ({@link RateLimitBudgets}, 10006); then
 * the business answer, computed under the engine's monitor so that {@link RestCall#processedSeq()} is the order the
 * exchange acted in. Every JSON answer of a signed endpoint whose key is known carries the three limit headers.
 */
final class RestServer
{
    /** One endpoint: method, whether it is signed, and the business function. */
    private record Route(String method, boolean signed, BiFunction<Account, JsonNode, ObjectNode> handler)
    {
    }

    static
    {
        // JDK HttpServer writes headers and body separately; without TCP_NODELAY, Nagle + delayed ACK add ~40 ms to
        // each reply. Read once when the JDK's ServerConfig loads, so set it before the first HttpServer exists.
        if (System.getProperty("sun.net.httpserver.nodelay") == null)
        {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * Per-request state (the call-log entry, the budget to report). Not {@code HttpExchange} attributes: in JDK 17 those
     * live in the shared {@code HttpContext}, so concurrent requests overwrote each other's call and budget.
     */
    private final java.util.Map<HttpExchange, RestCall> callByExchange = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<HttpExchange, String[]> budgetByExchange =
        new java.util.concurrent.ConcurrentHashMap<>();

    private final MatchingEngine engine;
    private final Faults faults;
    private final ExchangeRules rules;
    private final RateLimitBudgets budgets;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final ExecutorService executor;

    RestServer(
        final int port, final int threads, final MatchingEngine engine, final Faults faults,
        final ExchangeRules rules) throws IOException
    {
        this.engine = engine;
        this.faults = faults;
        this.rules = rules;
        this.budgets = rules.budgets();
        final RestEndpoints endpoints = new RestEndpoints(engine);
        routes.put("/v5/market/time", new Route("GET", false, (a, q) -> endpoints.marketTime()));
        routes.put("/v5/order/create", new Route("POST", true, endpoints::createOrder));
        routes.put("/v5/order/cancel", new Route("POST", true, endpoints::cancelOrder));
        routes.put("/v5/order/realtime", new Route("GET", true, endpoints::openOrders));
        routes.put("/v5/order/history", new Route("GET", true, endpoints::orderHistory));
        routes.put("/v5/execution/list", new Route("GET", true, endpoints::executions));
        final AccountEndpoints account = new AccountEndpoints(engine);
        routes.put("/v5/account/wallet-balance", new Route("GET", true, account::walletBalance));
        routes.put("/v5/position/list", new Route("GET", true, account::positions));
        routes.put("/v5/order/disconnected-cancel-all", new Route("POST", true, rules.dcp()::setWindow));
        routes.put("/v5/account/query-dcp-info", new Route("GET", true, rules.dcp()::info));
        addMarketAndAccountRoutes(engine);

        final AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r ->
        {
            final Thread t = new Thread(r, "bybit-sim-rest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Market data, instruments, account information, amend, cancel-all and batch orders. */
    private void addMarketAndAccountRoutes(final MatchingEngine engine)
    {
        final MarketDataEndpoints market = new MarketDataEndpoints(engine);
        final InstrumentsEndpoints instruments = new InstrumentsEndpoints(engine);
        final AccountInfoEndpoints account = new AccountInfoEndpoints(engine);
        final OrderCommandEndpoints orders = new OrderCommandEndpoints(engine);
        routes.put("/v5/market/instruments-info", new Route("GET", false, (a, q) -> instruments.instrumentsInfo(q)));
        routes.put("/v5/market/tickers", new Route("GET", false, (a, q) -> market.tickers(q)));
        routes.put("/v5/market/orderbook", new Route("GET", false, (a, q) -> market.orderbook(q)));
        routes.put("/v5/market/recent-trade", new Route("GET", false, (a, q) -> market.recentTrades(q)));
        routes.put("/v5/market/kline", new Route("GET", false, (a, q) -> market.kline(q)));
        routes.put("/v5/account/info", new Route("GET", true, account::accountInfo));
        routes.put("/v5/user/query-api", new Route("GET", true, account::queryApi));
        routes.put("/v5/account/fee-rate", new Route("GET", true, account::feeRate));
        routes.put("/v5/asset/coin/query-info", new Route("GET", true, account::coinInfo));
        routes.put("/v5/order/amend", new Route("POST", true, orders::amend));
        routes.put("/v5/order/cancel-all", new Route("POST", true, orders::cancelAll));
        routes.put("/v5/order/create-batch", new Route("POST", true, orders::createBatch));
        routes.put("/v5/order/amend-batch", new Route("POST", true, orders::amendBatch));
        routes.put("/v5/order/cancel-batch", new Route("POST", true, orders::cancelBatch));
    }

    void start()
    {
        server.start();
    }

    int port()
    {
        return server.getAddress().getPort();
    }

    void stop()
    {
        for (final HttpExchange exchange : held)
        {
            exchange.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange)
    {
        try
        {
            handleUnchecked(exchange);
        }
        catch (final Throwable ex)
        {
            faults.line("REST internal error " + ex);
            try
            {
                reply(exchange, 200, envelope(10016, "Internal System Error.", SimJson.object()), null);
            }
            catch (final Throwable ignore)
            {
                exchange.close();
            }
        }
        finally
        {
            callByExchange.remove(exchange);
            budgetByExchange.remove(exchange);
        }
    }

    private void handleUnchecked(final HttpExchange exchange) throws IOException
    {
        final long arrivalNanos = System.nanoTime();
        final String path = exchange.getRequestURI().getRawPath();
        faults.countRestCall(path);
        final String body = readBody(exchange);
        final Route route = routes.get(path);
        final String rawQuery = exchange.getRequestURI().getRawQuery();
        final JsonNode peek = peekParams(exchange.getRequestMethod(), rawQuery, body);
        final String headerKey = orEmpty(exchange.getRequestHeaders().getFirst("X-BAPI-API-KEY"));
        final String category = text(peek, "category");
        final RestCall call = rules.callLog().arrived(arrivalNanos, rules.clock().nowMillis(),
            exchange.getRequestMethod(), path, route != null && route.signed, headerKey, category, text(peek, "symbol"),
            text(peek, "orderId"), text(peek, "orderLinkId"));
        callByExchange.put(exchange, call);
        if (!rules.ipLimit().admit())
        {
            faults.fired(FaultKind.REST_IP_BANNED, path);
            replyText(exchange, 403, "access too frequent");
            return;
        }
        if (route != null && route.signed && engine.account(headerKey) != null)
        {
            // answers that never reach the budget still report it, as every answer of a signed endpoint does
            budgetByExchange.put(exchange, new String[] {headerKey, path, category});
        }
        if (route == null)
        {
            reply(exchange, 404, envelope(10017, "Route not found.", SimJson.object()), null);
            return;
        }
        if (!route.method.equals(exchange.getRequestMethod()))
        {
            reply(exchange, 400, envelope(10017, "Route not found. " + path + " takes " + route.method,
                SimJson.object()), null);
            return;
        }

        final RestFaultRule fault = faults.takeRestFault(path);
        if (fault != null && !fault.afterProcessing && fault.kind != FaultKind.REST_RATE_LIMITED)
        {
            applyFault(exchange, path, fault);
            return;
        }
        if (fault != null && fault.kind == FaultKind.REST_RATE_LIMITED && !route.signed)
        {
            replyRateLimited(exchange, path, fault);
            return;
        }

        Account account = null;
        RateLimitBudgets.Decision decision = null;
        if (route.signed)
        {
            try
            {
                account = authenticate(exchange, "GET".equals(route.method) ? (rawQuery == null ? "" : rawQuery) : body);
            }
            catch (final BybitError err)
            {
                reply(exchange, err.httpStatus, envelope(err.retCode, err.getMessage(), SimJson.object()), null);
                return;
            }
            if (fault != null && fault.kind == FaultKind.REST_RATE_LIMITED)
            {
                replyRateLimited(exchange, path, fault);
                return;
            }
            decision = budgets.acquire(account.apiKey, path, category);
            if (!decision.allowed())
            {
                reply(exchange, 200, envelope(10006, "Too many visits!", SimJson.object()), decision);
                return;
            }
        }

        ObjectNode answer;
        // one engine monitor around processing and its sequence number: processedSeq is the order the engine acted in
        synchronized (engine)
        {
            try
            {
                final JsonNode params = "GET".equals(route.method) ? queryParams(rawQuery) : bodyParams(body);
                final ObjectNode result = route.handler.apply(account, params);
                final JsonNode extInfo = result.remove(OrderCommandEndpoints.RET_EXT_INFO);
                answer = envelope(0, "OK", result);
                if (extInfo != null)
                {
                    answer.set("retExtInfo", extInfo);
                }
            }
            catch (final BybitError err)
            {
                answer = envelope(err.retCode, err.getMessage(), SimJson.object());
            }
            rules.callLog().processed(call, answer.get("retCode").asInt());
        }

        if (fault != null && fault.afterProcessing)
        {
            applyFault(exchange, path, fault);
            return;
        }
        reply(exchange, 200, answer, decision);
    }

    private void replyRateLimited(final HttpExchange exchange, final String path, final RestFaultRule fault)
        throws IOException
    {
        faults.fired(fault.kind, path + " http=" + fault.httpStatus);
        final String category = call(exchange).category();
        final RateLimitBudgets.Decision decision =
            new RateLimitBudgets.Decision(false, budgets.limitOf(path, category), 0, engine.now() + 1000);
        reply(exchange, fault.httpStatus, envelope(10006, "Too many visits!", SimJson.object()), decision);
    }

    private Account authenticate(final HttpExchange exchange, final String payload)
    {
        final String apiKey = exchange.getRequestHeaders().getFirst("X-BAPI-API-KEY");
        final String timestamp = exchange.getRequestHeaders().getFirst("X-BAPI-TIMESTAMP");
        final String sign = exchange.getRequestHeaders().getFirst("X-BAPI-SIGN");
        String recvWindow = exchange.getRequestHeaders().getFirst("X-BAPI-RECV-WINDOW");
        if (apiKey == null || apiKey.isEmpty())
        {
            throw new BybitError(10003, "API key is invalid.", 401);
        }
        if (sign == null || sign.isEmpty())
        {
            throw new BybitError(10004, "error sign! missing X-BAPI-SIGN", 401);
        }
        if (timestamp == null || timestamp.isEmpty())
        {
            throw new BybitError(10002, "invalid request, please check your server timestamp or recv_window param", 401);
        }
        final String signedWindow = recvWindow == null ? "" : recvWindow;
        if (recvWindow == null || recvWindow.isEmpty())
        {
            recvWindow = "5000";
        }
        final Account account = engine.account(apiKey);
        if (account == null)
        {
            throw new BybitError(10003, "API key is invalid.");
        }
        if (account.revoked)
        {
            faults.fired(FaultKind.KEY_REVOKED, "rest " + exchange.getRequestURI().getRawPath() + " " + apiKey);
            throw new BybitError(10003, "API key is invalid.");
        }
        final long ts;
        final long window;
        try
        {
            ts = Long.parseLong(timestamp);
            window = Long.parseLong(recvWindow);
        }
        catch (final NumberFormatException ex)
        {
            throw new BybitError(10001, "params error: X-BAPI-TIMESTAMP and X-BAPI-RECV-WINDOW must be integers");
        }
        final long now = engine.now();
        if (!(now - window <= ts && ts < now + 1000))
        {
            throw new BybitError(10002, "invalid request, please check your server timestamp or recv_window param. " +
                "req_timestamp[" + ts + "],server_timestamp[" + now + "],recv_window[" + window + "]");
        }
        final String origin = timestamp + apiKey + signedWindow + payload;
        final String expected = BybitSignature.hmacSha256Hex(account.secret, origin);
        if (!expected.equals(sign))
        {
            throw new BybitError(10004, "error sign! origin_string[" + origin + "]");
        }
        return account;
    }

    private void applyFault(final HttpExchange exchange, final String path, final RestFaultRule fault) throws IOException
    {
        faults.fired(fault.kind, path + (fault.httpStatus != 0 ? " http=" + fault.httpStatus : "") +
            (fault.retCode != 0 ? " retCode=" + fault.retCode : "") + (fault.afterProcessing ? " after processing" : ""));
        switch (fault.kind)
        {
            case REST_TIMEOUT -> held.add(exchange); // never answered; closed when the simulator stops
            case REST_RESET -> exchange.close(); // no response headers sent: the connection is dropped
            case REST_HTTP_STATUS -> replyText(exchange, fault.httpStatus,
                "<html><body><h1>" + fault.httpStatus + " error</h1></body></html>");
            case REST_RET_CODE -> reply(exchange, 200, envelope(fault.retCode, fault.retMsg, SimJson.object()), null);
            case REST_MALFORMED ->
            {
                final String full = SimJson.write(envelope(0, "OK", SimJson.object().put("orderId", "trunc")));
                replyRaw(exchange, 200, "application/json", full.substring(0, full.length() / 2), null, -1);
            }
            case REST_NULL_RESULT ->
            {
                final ObjectNode env = envelope(0, "OK", null);
                env.putNull("result");
                reply(exchange, 200, env, null);
            }
            default -> throw new IllegalStateException("not a REST fault " + fault.kind);
        }
    }

    private ObjectNode envelope(final int retCode, final String retMsg, final ObjectNode result)
    {
        final ObjectNode n = SimJson.object();
        n.put("retCode", retCode);
        n.put("retMsg", retMsg);
        n.set("result", result);
        n.putObject("retExtInfo");
        n.put("time", engine.now());
        return n;
    }

    private void reply(
        final HttpExchange exchange, final int status, final ObjectNode body, final RateLimitBudgets.Decision limit)
        throws IOException
    {
        RateLimitBudgets.Decision headers = limit;
        final String[] budget = budgetByExchange.get(exchange);
        if (headers == null && budget != null)
        {
            headers = budgets.peek(budget[0], budget[1], budget[2]);
        }
        replyRaw(exchange, status, "application/json", SimJson.write(body), headers, body.path("retCode").asInt());
    }

    private void replyText(final HttpExchange exchange, final int status, final String text) throws IOException
    {
        replyRaw(exchange, status, "text/html", text, null, 0);
    }

    private RestCall call(final HttpExchange exchange)
    {
        return callByExchange.get(exchange);
    }

    private void replyRaw(
        final HttpExchange exchange, final int status, final String contentType, final String text,
        final RateLimitBudgets.Decision limit, final int retCode) throws IOException
    {
        final RestCall call = call(exchange);
        if (call != null)
        {
            call.answered(status, retCode);
        }
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        if (limit != null)
        {
            exchange.getResponseHeaders().set("X-Bapi-Limit", Integer.toString(limit.limit()));
            exchange.getResponseHeaders().set("X-Bapi-Limit-Status", Integer.toString(limit.remaining()));
            exchange.getResponseHeaders().set("X-Bapi-Limit-Reset-Timestamp", Long.toString(limit.resetTimestampMillis()));
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    private static String readBody(final HttpExchange exchange) throws IOException
    {
        try (InputStream in = exchange.getRequestBody())
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode bodyParams(final String body)
    {
        if (body.isBlank())
        {
            throw new BybitError(10001, "params error: request body is empty");
        }
        final JsonNode node;
        try
        {
            node = SimJson.parse(body);
        }
        catch (final IOException ex)
        {
            throw new BybitError(10001, "params error: request body is not valid JSON");
        }
        if (node == null || !node.isObject())
        {
            throw new BybitError(10001, "params error: request body must be a JSON object");
        }
        return node;
    }

    /** The request's parameters for the call log and budget; never throws (bad input is answered later). */
    private static JsonNode peekParams(final String method, final String rawQuery, final String body)
    {
        try
        {
            if ("GET".equals(method))
            {
                return queryParams(rawQuery);
            }
            final JsonNode node = body.isBlank() ? null : SimJson.parse(body);
            return node != null && node.isObject() ? node : SimJson.object();
        }
        catch (final IOException | RuntimeException ex)
        {
            return SimJson.object();
        }
    }

    private static String text(final JsonNode params, final String name)
    {
        final JsonNode n = params.get(name);
        return n == null || n.isNull() || n.isContainerNode() ? "" : n.asText();
    }

    private static String orEmpty(final String s)
    {
        return s == null ? "" : s;
    }

    private static JsonNode queryParams(final String rawQuery)
    {
        final ObjectNode params = SimJson.object();
        if (rawQuery == null || rawQuery.isEmpty())
        {
            return params;
        }
        for (final String pair : rawQuery.split("&"))
        {
            if (pair.isEmpty())
            {
                continue;
            }
            final int eq = pair.indexOf('=');
            final String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            final String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(key, value);
        }
        return params;
    }

    private static String decode(final String s)
    {
        try
        {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BybitError(10001, "params error: bad query string encoding");
        }
    }
}
