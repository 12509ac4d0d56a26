package com.qkt.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingEventTest
{
    private final RingEvent event = new RingEvent(16);

    private static String payload(final RingEvent event)
    {
        return event.buffer().getStringWithoutLengthAscii(0, event.length());
    }

    @Test
    void shouldCarryHeaderFields()
    {
        event.set(EventTypes.FIRST_USER_TYPE, 42, 7, 503).publishNanos(123);

        assertEquals(EventTypes.FIRST_USER_TYPE, event.type());
        assertEquals(42, event.correlationId());
        assertEquals(7, event.generation());
        assertEquals(503, event.value());
        assertEquals(123, event.publishNanos());
        assertEquals(0, event.length());
    }

    @Test
    void shouldCopyPayloadFromEverySourceKind()
    {
        final byte[] bytes = "xxhello".getBytes(StandardCharsets.US_ASCII);

        event.set(20, 0, 0, 0).payload(bytes, 2, 5);
        assertEquals("hello", payload(event));

        event.set(20, 0, 0, 0).payload(new UnsafeBuffer(bytes), 0, 2);
        assertEquals("xx", payload(event));

        final ByteBuffer byteBuffer = ByteBuffer.allocateDirect(16);
        byteBuffer.put("abcdef".getBytes(StandardCharsets.US_ASCII)).flip().position(2);
        event.set(20, 0, 0, 0).payload(byteBuffer);
        assertEquals("cdef", payload(event));
        assertEquals(2, byteBuffer.position(), "source position must not move");

        final ByteBuffer heapBuffer = ByteBuffer.wrap("--heap--".getBytes(StandardCharsets.US_ASCII), 2, 4).slice();
        event.set(20, 0, 0, 0).payload(heapBuffer);
        assertEquals("heap", payload(event));
        assertEquals(0, heapBuffer.position());

        event.set(20, 0, 0, 0).payload("{\"op\":\"pong\"}");
        assertEquals("{\"op\":\"pong\"}", payload(event));
        assertFalse(event.isOversize());
    }

    @Test
    void shouldKeepOversizePayloadIntactAndReturnToSlotBufferOnReuse()
    {
        final var slotBuffer = event.buffer();
        final String big = "0123456789abcdefghijklmnopqrstuvwxyz";

        event.set(20, 0, 0, 0).payload(big);
        assertTrue(event.isOversize());
        assertEquals(big.length(), event.length());
        assertEquals(big, payload(event));
        assertEquals(big.length(), event.buffer().capacity(), "exact-size one-off array");

        event.set(21, 0, 0, 0);
        assertFalse(event.isOversize());
        assertSame(slotBuffer, event.buffer());
        event.payload("small");
        assertEquals("small", payload(event));
    }
}
