package com.qkt.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;

import com.qkt.broker.bybit.rest.BybitSigner;
import com.qkt.sim.bybit.BybitSimulator;

/**
 * Writes the seed corpus of transport-bybit's Jazzer fuzz tests from what the simulator really sends: starts it on
 * loopback, authenticates and subscribes a raw WebSocket client, places and cancels a few spot orders (one that
 * fills at once, one that rests) over signed REST, and saves every private-stream frame and every REST reply body
 * it saw, one file per input. Run it again when the simulator's frames change:
 * <p>
 * {@code java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * com.qkt.bench.FuzzCorpusCapture transport-bybit/src/test/resources/com/qkt/broker/bybit/fuzz}
 */
public final class FuzzCorpusCapture
{
    private static final String KEY = "capture-key";
    private static final String SECRET = "capture-secret";
    private static final long RECV_WINDOW_MS = 5_000;

    private FuzzCorpusCapture()
    {
    }

    /**
     * @param args the fuzz resource directory (holding PrivateStreamAdapterFuzzTestInputs and
     *             RestReplyDecoderFuzzTestInputs).
     * @throws Exception when the simulator does not answer as expected.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path root = Paths.get(args.length > 0 ? args[0] :
            "transport-bybit/src/test/resources/com/qkt/broker/bybit/fuzz");
        final Path streamDir = root.resolve("PrivateStreamAdapterFuzzTestInputs/privateStreamFrame");
        final Path restDir = root.resolve("RestReplyDecoderFuzzTestInputs/restReply");
        Files.createDirectories(streamDir);
        Files.createDirectories(restDir);

        final List<String> frames = new CopyOnWriteArrayList<>();
        final List<String> replies = new CopyOnWriteArrayList<>();
        try (BybitSimulator sim = BybitSimulator.builder().account(KEY, SECRET).seed(11).rateLimitsEnabled(false)
            .build().start())
        {
            final BybitSigner signer = new BybitSigner(KEY, SECRET.toCharArray());
            final WebSocketClient socket = new WebSocketClient(URI.create(sim.wsPrivateUrl()), new Draft_6455())
            {
                public void onOpen(final ServerHandshake handshake)
                {
                }

                public void onMessage(final String message)
                {
                    frames.add(message);
                }

                public void onMessage(final ByteBuffer bytes)
                {
                }

                public void onClose(final int code, final String reason, final boolean remote)
                {
                }

                public void onError(final Exception ex)
                {
                    frames.add("!error " + ex);
                }
            };
            if (!socket.connectBlocking(5, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("simulator stream did not open");
            }
            final long expires = System.currentTimeMillis() + 10_000;
            socket.send("{\"req_id\":\"auth-1\",\"op\":\"auth\",\"args\":[\"" + KEY + "\"," + expires + ",\"" +
                signer.signWsAuthToString(expires) + "\"]}");
            socket.send("{\"req_id\":\"sub-1\",\"op\":\"subscribe\",\"args\":[\"order\",\"execution\",\"wallet\"," +
                "\"position\",\"execution.fast\"]}");
            socket.send("{\"req_id\":\"ping-1\",\"op\":\"ping\"}");
            Thread.sleep(300); // a capture tool, not a test: give the acks a moment

            final HttpClient http = HttpClient.newHttpClient();
            final String rest = sim.restUrl().replaceAll("/$", "");
            replies.add(post(http, signer, rest, "/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
                "\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.002\",\"marketUnit\":\"baseCoin\"," +
                "\"orderLinkId\":\"cap-1\"}"));
            replies.add(post(http, signer, rest, "/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\"," +
                "\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.001\",\"price\":\"10000\"," +
                "\"orderLinkId\":\"cap-2\"}"));
            replies.add(post(http, signer, rest, "/v5/order/cancel",
                "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"cap-2\"}"));
            replies.add(get(http, signer, rest, "/v5/order/realtime", "category=spot&limit=50"));
            replies.add(get(http, signer, rest, "/v5/order/history", "category=spot&limit=50"));
            replies.add(get(http, signer, rest, "/v5/execution/list", "category=spot&limit=100"));
            replies.add(get(http, signer, rest, "/v5/position/list", "category=linear&settleCoin=USDT"));
            replies.add(get(http, signer, rest, "/v5/market/time", ""));
            Thread.sleep(500);
            socket.closeBlocking();
        }

        int n = 0;
        for (final String frame : frames)
        {
            Files.write(streamDir.resolve("sim-" + (n++)), frame.getBytes(StandardCharsets.UTF_8));
        }
        int m = 0;
        for (final String reply : replies)
        {
            Files.write(restDir.resolve("sim-" + (m++)), reply.getBytes(StandardCharsets.UTF_8));
        }
        System.out.println("wrote " + n + " frames to " + streamDir + " and " + m + " replies to " + restDir);
    }

    private static String post(
        final HttpClient http, final BybitSigner signer, final String rest, final String path, final String body)
        throws IOException, InterruptedException
    {
        final long timestamp = System.currentTimeMillis();
        return http.send(HttpRequest.newBuilder(URI.create(rest + path))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .header("X-BAPI-API-KEY", signer.apiKey())
            .header("X-BAPI-TIMESTAMP", Long.toString(timestamp))
            .header("X-BAPI-RECV-WINDOW", Long.toString(RECV_WINDOW_MS))
            .header("X-BAPI-SIGN", signer.signRestToString(timestamp, RECV_WINDOW_MS, body))
            .header("X-BAPI-SIGN-TYPE", "2")
            .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String get(
        final HttpClient http, final BybitSigner signer, final String rest, final String path, final String query)
        throws IOException, InterruptedException
    {
        final long timestamp = System.currentTimeMillis();
        return http.send(HttpRequest.newBuilder(URI.create(rest + path + (query.isEmpty() ? "" : "?" + query)))
            .GET()
            .timeout(Duration.ofSeconds(5))
            .header("X-BAPI-API-KEY", signer.apiKey())
            .header("X-BAPI-TIMESTAMP", Long.toString(timestamp))
            .header("X-BAPI-RECV-WINDOW", Long.toString(RECV_WINDOW_MS))
            .header("X-BAPI-SIGN", signer.signRestToString(timestamp, RECV_WINDOW_MS, query))
            .header("X-BAPI-SIGN-TYPE", "2")
            .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
