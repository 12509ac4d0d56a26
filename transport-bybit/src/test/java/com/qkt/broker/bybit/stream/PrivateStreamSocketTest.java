package com.qkt.broker.bybit.stream;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.SystemNanoClock;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.TextFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.lmax.disruptor.RingBuffer;
import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.common.error.EngineCounters;
import com.qkt.engine.RingEvent;
import com.qkt.engine.RingPublisher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text frames reach the ring as the bytes the server sent: whole frames through {@link TextFrameDraft}, fragmented
 * messages through the library's reassembly, both UTF-8, nothing narrowed.
 */
class PrivateStreamSocketTest
{
    private static final String TEXT = "{\"topic\":\"order\",\"orderLinkId\":\"caf\u00e9-\u20ac-\ud83d\ude00\"}";

    private static final byte[] RAW = { '{', '"', 'x', '"', ':', '"', (byte)0xFF, (byte)0xC3, '"', '}' };

    private final RingBuffer<RingEvent> ring = RingBuffer.createMultiProducer(() -> new RingEvent(4096), 64);
    private final RingPublisher publisher = new RingPublisher(ring, new SystemNanoClock(), new EngineCounters());
    private WebSocketServer server;
    private PrivateStreamSocket socket;

    @AfterEach
    void tearDown() throws Exception
    {
        if (socket != null)
        {
            socket.abandon();
            socket.closeBlocking();
        }
        if (server != null)
        {
            server.stop(1_000);
        }
    }

    @Test
    void shouldPublishWholeAndFragmentedTextFramesAsTheirUtf8Bytes() throws Exception
    {
        final CountDownLatch started = new CountDownLatch(1);
        server = new WebSocketServer(new InetSocketAddress("127.0.0.1", 0))
        {
            public void onOpen(final WebSocket conn, final ClientHandshake handshake)
            {
                conn.send(TEXT);
                final byte[] utf8 = TEXT.getBytes(StandardCharsets.UTF_8);
                final int cut = 33; // inside the multi-byte euro sign: fragments split characters too
                conn.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap(utf8, 0, cut), false);
                conn.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap(utf8, cut, utf8.length - cut), true);
            }

            public void onClose(final WebSocket conn, final int code, final String reason, final boolean remote)
            {
            }

            public void onMessage(final WebSocket conn, final String message)
            {
            }

            public void onError(final WebSocket conn, final Exception ex)
            {
            }

            public void onStart()
            {
                started.countDown();
            }
        };
        server.setReuseAddr(true);
        server.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);

        socket = new PrivateStreamSocket(URI.create("ws://127.0.0.1:" + server.getPort()), 7, publisher, 5_000);
        assertTrue(socket.connectBlocking(10, TimeUnit.SECONDS));

        final byte[] expected = TEXT.getBytes(StandardCharsets.UTF_8);
        int frames = 0;
        long next = 0;
        while (frames < 2 && System.nanoTime() < deadline)
        {
            if (ring.getCursor() < next || !ring.isAvailable(next))
            {
                Thread.onSpinWait();
                continue;
            }
            final RingEvent event = ring.get(next++);
            if (event.type() != BybitEventTypes.WS_FRAME)
            {
                continue;
            }
            assertEquals(7, event.generation());
            final byte[] actual = new byte[event.length()];
            event.buffer().getBytes(0, actual);
            assertArrayEquals(expected, actual, new String(actual, StandardCharsets.UTF_8));
            frames++;
        }
        assertEquals(2, frames);
        assertTrue(socket.getDraft() instanceof TextFrameDraft, String.valueOf(socket.getDraft()));
    }

    @Test
    void shouldHandAWholeTextFrameOverAsItsBytesWithoutDecodingThem() throws Exception
    {
        socket = new PrivateStreamSocket(URI.create("ws://127.0.0.1:1"), 3, publisher, 1_000);
        final TextFrameDraft draft = new TextFrameDraft();
        final WebSocketImpl connection = new WebSocketImpl(socket, draft);
        final TextFrame frame = new TextFrame();
        frame.setPayload(ByteBuffer.wrap(RAW)); // not UTF-8: the library's String path would close with 1007
        frame.setFin(true);
        draft.processFrame(connection, frame);

        assertTrue(ring.isAvailable(0));
        final RingEvent event = ring.get(0);
        assertEquals(BybitEventTypes.WS_FRAME, event.type());
        final byte[] actual = new byte[event.length()];
        event.buffer().getBytes(0, actual);
        assertArrayEquals(RAW, actual);
        socket = null;
    }
}
