package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A private-stream test client on the JDK WebSocket: collects text frames, records close / error and pongs.
 */
final class WsClient implements WebSocket.Listener
{
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final AtomicInteger closeCode = new AtomicInteger(-1);
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final AtomicInteger protocolPongs = new AtomicInteger();
    final String apiKey;
    final String secret;
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    WsClient(final String apiKey, final String secret)
    {
        this.apiKey = apiKey;
        this.secret = secret;
    }

    static WsClient connect(final String url, final String apiKey, final String secret) throws Exception
    {
        final WsClient client = new WsClient(apiKey, secret);
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** Connect, auth, subscribe to the topics; returns once both acks arrived. */
    static WsClient ready(final String url, final String apiKey, final String secret, final String... topics)
        throws Exception
    {
        final WsClient client = connect(url, apiKey, secret);
        final JsonNode auth = client.auth(System.currentTimeMillis() + 10_000);
        if (!auth.get("success").asBoolean())
        {
            throw new AssertionError("auth failed " + auth);
        }
        final StringBuilder args = new StringBuilder();
        for (final String t : topics)
        {
            args.append(args.length() == 0 ? "" : ",").append('"').append(t).append('"');
        }
        client.send("{\"req_id\":\"sub\",\"op\":\"subscribe\",\"args\":[" + args + "]}");
        final JsonNode ack = client.next();
        if (!ack.get("success").asBoolean())
        {
            throw new AssertionError("subscribe failed " + ack);
        }
        return client;
    }

    JsonNode auth(final long expires) throws Exception
    {
        final String sig = TestSigner.hmacHex(secret, "GET/realtime" + expires);
        send("{\"req_id\":\"a1\",\"op\":\"auth\",\"args\":[\"" + apiKey + "\"," + expires + ",\"" + sig + "\"]}");
        return next();
    }

    void send(final String text)
    {
        socket.sendText(text, true).join();
    }

    String nextText(final Duration timeout) throws InterruptedException
    {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    JsonNode next() throws Exception
    {
        final String text = nextText(Duration.ofSeconds(10));
        if (text == null)
        {
            throw new AssertionError("no frame within 10 s");
        }
        return RestClient.JSON.readTree(text);
    }

    /** Next frame whose topic starts with the prefix, skipping others. */
    JsonNode nextOnTopic(final String prefix) throws Exception
    {
        while (true)
        {
            final JsonNode n = next();
            if (n.path("topic").asText().startsWith(prefix))
            {
                return n;
            }
        }
    }

    boolean closed()
    {
        return closeCode.get() != -1 || error.get() != null;
    }

    /** True once the socket reported close/error, or a write to it fails (a dead TCP peer answers with RST). */
    boolean closedOrUnwritable()
    {
        if (closed())
        {
            return true;
        }
        try
        {
            socket.sendText("{\"op\":\"ping\",\"req_id\":\"probe\"}", true).get(1, TimeUnit.SECONDS);
            return closed();
        }
        catch (final Exception ex)
        {
            return true;
        }
    }

    void abort()
    {
        if (socket != null)
        {
            socket.abort();
        }
    }

    @Override
    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        partial.append(data);
        if (last)
        {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(final WebSocket webSocket, final ByteBuffer message)
    {
        protocolPongs.incrementAndGet();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        closeCode.set(statusCode);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(final WebSocket webSocket, final Throwable err)
    {
        error.set(err);
    }
}
