package com.qkt.broker.bybit.stream;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.engine.RingPublisher;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One Java-WebSocket connection to the private stream, bound to one generation. Its reader thread only copies what
 * arrives into ring slots; the handler thread parses and decides. A socket is never reused: each reconnect opens a
 * new one with the next generation, so late events of an abandoned socket are recognised and ignored.
 * <p>
 * Text frames reach the ring as the UTF-8 bytes that came off the wire ({@link TextFrameDraft}); Java-WebSocket still
 * allocates a buffer per frame in its reader, which is transport allocation, off the handler thread.
 */
final class PrivateStreamSocket extends WebSocketClient
{
    private final long generation;
    private final RingPublisher publisher;
    private volatile boolean abandoned;

    PrivateStreamSocket(final URI uri, final long generation, final RingPublisher publisher, final int connectTimeoutMs)
    {
        super(uri, new TextFrameDraft(), null, connectTimeoutMs);
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

    /**
     * A whole text frame, its payload as received (UTF-8), from {@link TextFrameDraft}.
     */
    void onTextFrame(final ByteBuffer payload)
    {
        if (abandoned)
        {
            return;
        }
        publisher.publish(BybitEventTypes.WS_FRAME, 0, generation, 0, payload);
    }

    /**
     * A fragmented text message the library reassembled into a String: back to its UTF-8 bytes (never one byte per
     * char, which would turn anything outside ASCII into other bytes).
     */
    public void onMessage(final String message)
    {
        if (abandoned)
        {
            return;
        }
        publisher.publish(BybitEventTypes.WS_FRAME, 0, generation, 0,
            ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
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
