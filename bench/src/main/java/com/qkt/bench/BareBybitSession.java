package com.qkt.bench;

import com.qkt.broker.bybit.rest.BybitSigner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;

/**
 * The least a client can do to get back to where ours is after a drop, done in a straight line on the calling thread:
 * open a private-stream WebSocket (the same Java-WebSocket library ours uses), send the auth op and wait for its
 * ack, send the subscribe op and wait for its ack, then the two signed REST calls our recovery makes while an order
 * is working ({@code GET /v5/order/realtime}, then {@code GET /v5/execution/list} over a recent window) on a reused JDK
 * HttpClient (HTTP/1.1, as ours). No ring, no state machine, no parsing beyond checking each answer is a success:
 * the floor that {@link ReconnectBenchmark} compares our client with.
 */
final class BareBybitSession implements AutoCloseable
{
    private static final long RECV_WINDOW_MS = 5_000;
    private static final long AUTH_EXPIRY_MS = 10_000;
    private static final long RECOVERY_WINDOW_MS = 5 * 60_000;
    private static final long RECOVERY_MARGIN_MS = 10_000;
    private static final long TIMEOUT_MS = 5_000;
    private static final String[] TOPICS = { "order", "execution", "wallet", "position" };

    private final URI wsUri;
    private final String restUrl;
    private final BybitSigner signer;
    private final HttpClient http;
    private Socket socket;
    private long requests;

    /**
     * @param wsUrl     private stream URL.
     * @param restUrl   REST base URL.
     * @param apiKey    account key.
     * @param apiSecret account secret.
     */
    BareBybitSession(final String wsUrl, final String restUrl, final String apiKey, final String apiSecret)
    {
        this.wsUri = URI.create(wsUrl);
        this.restUrl = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
        this.signer = new BybitSigner(apiKey, apiSecret.toCharArray());
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(TIMEOUT_MS))
            .build();
    }

    /**
     * Close the previous socket (without waiting for the close handshake), then open, authenticate, subscribe and
     * run the two recovery queries.
     *
     * @throws IllegalStateException when any step fails or does not answer in time.
     */
    void reconnectAndRecover() throws InterruptedException, IOException
    {
        if (null != socket)
        {
            socket.close();
        }
        final Socket socket = new Socket(wsUri);
        this.socket = socket;
        if (!socket.connectBlocking(TIMEOUT_MS, TimeUnit.MILLISECONDS))
        {
            throw new IllegalStateException("private stream did not open within " + TIMEOUT_MS + " ms");
        }

        final long n = ++requests;
        final long expires = System.currentTimeMillis() + AUTH_EXPIRY_MS;
        socket.send("{\"req_id\":\"auth-" + n + "\",\"op\":\"auth\",\"args\":[\"" + signer.apiKey() + "\"," +
            expires + ",\"" + signer.signWsAuthToString(expires) + "\"]}");
        socket.awaitSuccess("auth");

        final StringBuilder subscribe = new StringBuilder(128)
            .append("{\"req_id\":\"sub-").append(n).append("\",\"op\":\"subscribe\",\"args\":[");
        for (int i = 0; i < TOPICS.length; i++)
        {
            subscribe.append(i > 0 ? ",\"" : "\"").append(TOPICS[i]).append('"');
        }
        socket.send(subscribe.append("]}").toString());
        socket.awaitSuccess("subscribe");

        final long now = System.currentTimeMillis();
        getSigned("/v5/order/realtime", "category=spot&limit=50");
        getSigned("/v5/execution/list", "category=spot&limit=100&startTime=" + (now - RECOVERY_WINDOW_MS) +
            "&endTime=" + (now + RECOVERY_MARGIN_MS));
    }

    /**
     * A signed POST, e.g. to place the working order the recovery queries will find.
     *
     * @param path REST path.
     * @param body JSON body, signed as sent.
     * @throws IllegalStateException unless Bybit answered retCode 0.
     */
    void postSigned(final String path, final String body) throws IOException, InterruptedException
    {
        final long timestamp = System.currentTimeMillis();
        final HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl + path))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .timeout(Duration.ofMillis(TIMEOUT_MS))
            .header("Content-Type", "application/json")
            .header("X-BAPI-API-KEY", signer.apiKey())
            .header("X-BAPI-TIMESTAMP", Long.toString(timestamp))
            .header("X-BAPI-RECV-WINDOW", Long.toString(RECV_WINDOW_MS))
            .header("X-BAPI-SIGN", signer.signRestToString(timestamp, RECV_WINDOW_MS, body))
            .header("X-BAPI-SIGN-TYPE", "2")
            .build();
        expectSuccess(path, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static void expectSuccess(final String path, final HttpResponse<String> response)
    {
        if (response.statusCode() != 200 || !response.body().contains("\"retCode\":0"))
        {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private void getSigned(final String path, final String query) throws IOException, InterruptedException
    {
        final long timestamp = System.currentTimeMillis();
        final HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl + path + '?' + query))
            .GET()
            .timeout(Duration.ofMillis(TIMEOUT_MS))
            .header("X-BAPI-API-KEY", signer.apiKey())
            .header("X-BAPI-TIMESTAMP", Long.toString(timestamp))
            .header("X-BAPI-RECV-WINDOW", Long.toString(RECV_WINDOW_MS))
            .header("X-BAPI-SIGN", signer.signRestToString(timestamp, RECV_WINDOW_MS, query))
            .header("X-BAPI-SIGN-TYPE", "2")
            .build();
        expectSuccess(path, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * Close the socket; the HTTP client's pool goes with the garbage.
     */
    public void close()
    {
        if (null != socket)
        {
            socket.close();
            socket = null;
        }
    }

    /** One private-stream connection: hands every text frame to the calling thread through a queue. */
    private static final class Socket extends WebSocketClient
    {
        private static final String ERROR_PREFIX = "!error ";

        private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();

        Socket(final URI uri)
        {
            super(uri, new Draft_6455(), null, (int)TIMEOUT_MS);
            setTcpNoDelay(true);
            setConnectionLostTimeout(0);
        }

        void awaitSuccess(final String op) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            while (true)
            {
                final String frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (null == frame)
                {
                    throw new IllegalStateException("no " + op + " ack within " + TIMEOUT_MS + " ms");
                }
                if (frame.startsWith(ERROR_PREFIX))
                {
                    throw new IllegalStateException("socket failed while waiting for the " + op + " ack: " + frame);
                }
                if (frame.contains("\"op\":\"" + op + "\""))
                {
                    if (!frame.contains("\"success\":true"))
                    {
                        throw new IllegalStateException(op + " refused: " + frame);
                    }
                    return;
                }
            }
        }

        public void onOpen(final ServerHandshake handshake)
        {
        }

        public void onMessage(final String message)
        {
            frames.add(message);
        }

        public void onMessage(final ByteBuffer bytes)
        {
            final byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            frames.add(new String(copy, StandardCharsets.UTF_8));
        }

        public void onClose(final int code, final String reason, final boolean remote)
        {
        }

        public void onError(final Exception ex)
        {
            frames.add(ERROR_PREFIX + ex);
        }
    }
}
