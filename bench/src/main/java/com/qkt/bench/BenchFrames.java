package com.qkt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Bybit private-stream frames recorded in the protocol reference's shapes, shipped as resources of this module.
 */
final class BenchFrames
{
    private BenchFrames()
    {
    }

    static byte[] load(final String name)
    {
        try (InputStream in = BenchFrames.class.getResourceAsStream("/frames/" + name + ".json"))
        {
            if (in == null)
            {
                throw new IllegalArgumentException("no frame " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
