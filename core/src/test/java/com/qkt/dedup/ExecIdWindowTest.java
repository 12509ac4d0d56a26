package com.qkt.dedup;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecIdWindowTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);

    private int put(final String id)
    {
        return buffer.putStringWithoutLengthAscii(0, id);
    }

    @Test
    void shouldAcceptAnIdOnceAndRefuseItWhileInTheWindow()
    {
        final ExecIdWindow window = new ExecIdWindow(4, 40);
        int length = put("0ab1bdf7-4219-438b-b30a-32ec863018f7");
        assertTrue(window.add(buffer, 0, length));
        assertFalse(window.add(buffer, 0, length));
        assertTrue(window.contains(buffer, 0, length));
        length = put("other");
        assertFalse(window.contains(buffer, 0, length));
        assertEquals(1, window.size());
    }

    @Test
    void shouldForgetTheOldestIdFirstWhenFull()
    {
        final ExecIdWindow window = new ExecIdWindow(3, 40);
        for (final String id : new String[]{ "a", "b", "c", "d" })
        {
            assertTrue(window.add(buffer, 0, put(id)));
        }
        assertFalse(window.contains(buffer, 0, put("a")), "evicted");
        assertTrue(window.contains(buffer, 0, put("b")));
        assertTrue(window.contains(buffer, 0, put("d")));
        assertEquals(3, window.size());
    }

    @Test
    void shouldAllocateNothingOnceBuilt()
    {
        final ExecIdWindow window = new ExecIdWindow(1024, 40);
        final byte[] id = "00000000-0000-0000-0000-000000000000".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer idBuffer = new UnsafeBuffer(id);
        for (int i = 0; i < 100_000; i++)
        {
            write(id, i);
            window.add(idBuffer, 0, id.length);
        }
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 100_000; i < 1_100_000; i++)
        {
            write(id, i);
            window.add(idBuffer, 0, id.length);
            window.contains(idBuffer, 0, id.length);
        }
        final long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated over 1M add+contains");
        assertEquals(0, window.collisions());
    }

    private static void write(final byte[] id, final int value)
    {
        int v = value;
        for (int i = id.length - 1; i >= id.length - 10; i--)
        {
            id[i] = (byte)('0' + v % 10);
            v /= 10;
        }
    }
}
