package com.qkt.soak;

import com.qkt.sim.bybit.FaultKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quick soak ({@code scripts/soak --quick}), run by every build: two accounts in parallel through every kind of
 * fault and a restart each, every invariant held, the faults really applied by the simulators, and the report lines
 * printed.
 */
class SoakTest
{
    @Test
    @Timeout(240)
    void shouldKeepEveryInvariantThroughTheQuickSoak()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // the build log shows the soak's lines as they come, the assertions get them all
        final PrintStream out = new PrintStream(new OutputStream()
        {
            public void write(final int b)
            {
                bytes.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8);

        final SoakSummary summary = new SoakRun(SoakOptions.parse("--quick"), out).run();
        summary.print(out, true);
        final String printed = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(List.of(), summary.violations(), printed);
        assertTrue(summary.passed() && printed.contains("RESULT: OK"), printed);
        assertEquals(600, summary.orders(), printed);
        assertEquals(24, summary.drops(), printed);
        assertEquals(2, summary.restarts(), printed);
        assertTrue(summary.fillsExecuted() > 100, printed);
        assertEquals(summary.fillsExecuted(), summary.fillsDelivered(), printed);
        assertTrue(summary.reconnects() >= 24, printed);

        final Map<FaultKind, Long> fired = summary.faultsFired();
        for (final FaultKind kind : List.of(FaultKind.WS_DROP_ON_AUTH, FaultKind.WS_DROP_AFTER_FRAMES,
            FaultKind.WS_HALF_OPEN, FaultKind.WS_RESET, FaultKind.WS_RAW_FRAME, FaultKind.REST_TIMEOUT,
            FaultKind.REST_RESET, FaultKind.REST_HTTP_STATUS, FaultKind.REST_RATE_LIMITED, FaultKind.REST_IP_BANNED,
            FaultKind.REST_MALFORMED, FaultKind.GAP_FILL, FaultKind.FILL_THEN_DROP))
        {
            assertTrue(fired.getOrDefault(kind, 0L) > 0, kind + " never applied: " + fired);
        }
        assertTrue(fired.get(FaultKind.WS_DROP_AFTER_FRAMES) >= 4, "drops during subscribe and recovery: " + fired);

        assertEquals(4, printed.lines().filter(l -> l.matches("\\s+\\d+:\\d\\d  orders .*handler lag p99 .*")).count(),
            printed);
        assertTrue(summary.heap().quarterBytes() > 0 && summary.heap().harnessBytesPerOrder() > 0, printed);
        assertTrue(summary.handlerLag().getTotalCount() > 1_000, printed);
    }
}
