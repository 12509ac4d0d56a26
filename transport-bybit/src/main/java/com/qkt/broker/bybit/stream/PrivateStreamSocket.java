package com.qkt.broker.bybit.stream;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.engine.RingPublisher;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.nio.ByteBuffer;

/**
 * One Java-WebSocket connection to the private stream, bound to one generation. Its reader thread only copies what
 * arrives into ring slots; the handler thread parses and decides. A socket is never reused: each reconnect opens a
 * new one with the next generation, so late events of an abandoned socket are recognised and ignored.
 * <p>
 * Java-WebSocket allocates a buffer and a {@code String} per text frame in its reader; that is transport allocation,
 * off the handler thread.
 */
final class PrivateStreamSocket extends WebSocketClient
{
    private final long generation;
    private final RingPublisher publisher;
    private volatile boolean abandoned;

    PrivateStreamSocket(final URI uri, final long generation, final RingPublisher publisher, final int connectTimeoutMs)
    {
        super(uri, new org.java_websocket.drafts.Draft_6455(), null, connectTimeoutMs);
        this.generation = generation;
        this.publisher = publisher;
        setTcpNoDelay(true);
        // liveness is ours (application ping + stale deadline on the handler), not the library's
        setConnectionLostTimeout(0);
    }

    long generation()
    {
        return generation;
    }

    /**
     * Stop publishing: the handler has given this socket up. Java-WebSocket runs {@code onClose} on the thread that
     * closes the socket, here the handler, which must never block publishing into its own ring.
     */
    void abandon()
    {
        abandoned = true;
    }

    public void onOpen(final ServerHandshake handshake)
    {
        if (abandoned)
        {
            return;
        }
        publisher.publish(BybitEventTypes.WS_OPEN, 0, generation, 0);
    }

    public void onMessage(final String message)
    {
        if (abandoned)
        {
            return;
        }
        publisher.publish(BybitEventTypes.WS_FRAME, 0, generation, 0, message);
    }

    public void onMessage(final ByteBuffer bytes)
    {
        if (abandoned)
        {
            return;
        }
        publisher.publish(BybitEventTypes.WS_FRAME, 0, generation, 0, bytes);
    }

    public void onClose(final int code, final String reason, final boolean remote)
    {
        if (abandoned)
        {
            return;
        }
        publisher.publish(BybitEventTypes.WS_CLOSED, 0, generation, code, null == reason ? "" : reason);
    }

    public void onError(final Exception ex)
    {
        if (abandoned)
        {
            return;
        }
        final String text = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        publisher.publish(BybitEventTypes.WS_ERROR, 0, generation, 0, text);
    }
}
