package com.qkt.broker.bybit;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Loads recorded frames for tests.
 */
public final class TestFrames
{
    private TestFrames()
    {
    }

    public static byte[] bytes(final String name)
    {
        try
        {
            return GoldenFramesTest.frame(name);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static UnsafeBuffer buffer(final String text)
    {
        return new UnsafeBuffer(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static String text(final String name)
    {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }
}
