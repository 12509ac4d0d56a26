package com.qkt.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quick soak, run by every build.
 */
class SoakTest
{
    @Test
    @Timeout(240)
    void shouldKeepEveryInvariantThroughTheQuickSoak()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final PrintStream both = new PrintStream(new java.io.OutputStream()
        {
            public void write(final int b)
            {
                out.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8);

        final SoakSummary summary = new SoakRun(SoakOptions.parse("--quick"), both).run();
        summary.print(both, true);
        final String printed = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(List.of(), summary.violations(), printed);
    }
}
