package com.qkt.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo in-process: a short run through injected faults keeps every invariant, and the command line fails fast
 * and clearly where it should.
 */
class DemoTest
{
    @Test
    @Timeout(90)
    void shouldDeliverEveryFillExactlyOnceThroughAShortRunWithDrops()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        final Summary summary = new SimulationRun(DemoOptions.parse("--duration", "8", "--drops", "2", "--seed", "7"),
            out).run();
        summary.print(out, true);
        final String printed = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(List.of(), summary.violations(), printed);
        assertTrue(summary.passed(), printed);
        assertTrue(summary.fillsDelivered() > 0, printed);
        assertEquals(summary.fillsExecuted(), summary.fillsDelivered(), printed);
        assertEquals(0, summary.duplicates(), printed);
        assertTrue(summary.reconnects() >= 1, printed);
        assertTrue(printed.contains("RESULT: OK"), printed);
        assertTrue(printed.contains("RECOVERED"), printed);
        assertTrue(printed.contains("FAULT drop"), printed);
        assertTrue(printed.contains("10006 storm"), printed);
        assertEquals(0, summary.rateLimitRejects(), printed);
        assertTrue(printed.contains("rejected for rate limits"), printed);
        assertTrue(summary.throttledCalls() > 0, "the storm made calls wait: " + printed);
    }

    @Test
    @Timeout(90)
    void shouldKeepTheInvariantsAcrossEngineRestarts()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        final Summary summary = new SimulationRun(
            DemoOptions.parse("--duration", "9", "--drops", "1", "--restarts", "2", "--seed", "11"), out).run();
        summary.print(out, true);
        final String printed = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(List.of(), summary.violations(), printed);
        assertEquals(summary.fillsExecuted(), summary.fillsDelivered(), printed);
        assertEquals(0, summary.duplicates(), printed);
        assertEquals(2, printed.lines().filter(l -> l.contains(" KILL ")).count(), printed);
        assertTrue(printed.contains("start 3 reconciled               state LOADED"), printed);
        assertTrue(printed.contains("across 3 engine processes"), printed);
    }

    @Test
    void shouldFailWithExitCodeTwoAndOneLineWhenTestnetKeysAreMissing()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        final int code = Demo.run(new String[] {"--testnet"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("BYBIT_API_KEY", "only-the-key"));

        assertEquals(2, code);
        final String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("BYBIT_API_KEY") && message.contains("BYBIT_API_SECRET"), message);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectUnknownOptionsAndBadValuesWithExitCodeTwo()
    {
        final PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, Demo.run(new String[] {"--bogus"}, sink, sink, Map.of()));
        assertEquals(2, Demo.run(new String[] {"--duration", "soon"}, sink, sink, Map.of()));
        assertEquals(2, Demo.run(new String[] {"--drops"}, sink, sink, Map.of()));
        assertEquals(2, Demo.run(new String[] {"--config", "/nonexistent/demo.properties"}, sink, sink, Map.of()));
        assertEquals(0, Demo.run(new String[] {"--help"}, sink, sink, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--quiet", "--verbose"));
    }

    @Test
    void shouldRejectAMisspeltConfigKeyNamingTheNearestOneAndReportGoodKeysOneByOne(@TempDir final Path dir)
        throws Exception
    {
        final Path bad = Files.writeString(dir.resolve("bad.properties"), "qkt.bybit.reconect.initialMs=200\n");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertEquals(2, Demo.run(new String[] {"--config", bad.toString(), "--duration", "1"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of()));
        final String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("qkt.bybit.reconect.initialMs") &&
            message.contains("did you mean qkt.bybit.reconnect.initialMs?"), message);
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("applied"));

        final Path good = Files.writeString(dir.resolve("good.properties"),
            "qkt.bybit.reconnect.initialMs=200\nqkt.engine.ringSize=2048\nqkt.bybit.apiSecret=hush\n");
        assertEquals(List.of(
            "qkt.bybit.apiSecret = ****  (replaces the library default)",
            "qkt.bybit.reconnect.initialMs = 200  (replaces the demo's 100)",
            "qkt.engine.ringSize = 2048  (replaces the library default)"),
            DemoSettings.describeFile(DemoSettings.simulatorDefaults(1), good));
    }

    @Test
    void shouldParseOptionsWithDefaultsOfAboutAMinuteAndSixDrops()
    {
        final DemoOptions defaults = DemoOptions.parse();
        assertEquals(60, defaults.durationSeconds());
        assertEquals(6, defaults.drops());
        assertFalse(defaults.testnet());

        assertEquals(0, defaults.restarts());
        final DemoOptions options = DemoOptions.parse("--duration", "20", "--drops", "3", "--seed", "-5", "--verbose",
            "--restarts", "4");
        assertEquals(4, options.restarts());
        assertEquals(20, options.durationSeconds());
        assertEquals(3, options.drops());
        assertEquals(-5, options.seed());
        assertTrue(options.verbose());
    }

    @Test
    void shouldPlanTheSameFaultsForTheSameSeedWithTheMidFillAndHalfOpenDropsFirst()
    {
        final List<FaultScenario.Planned> first = FaultScenario.plan(new Random(3), 2, 30);
        final List<FaultScenario.Planned> again = FaultScenario.plan(new Random(3), 2, 30);
        assertEquals(first, again);

        final List<FaultScenario.Kind> drops = first.stream().map(FaultScenario.Planned::kind)
            .filter(k -> "drop".equals(k.group)).toList();
        assertEquals(2, drops.size());
        assertTrue(drops.contains(FaultScenario.Kind.DROP_FILL_ON_DROP) && drops.contains(FaultScenario.Kind.DROP_HALF_OPEN));
        assertTrue(first.stream().anyMatch(p -> p.kind() == FaultScenario.Kind.MALFORMED_FRAME));
        assertTrue(first.stream().anyMatch(p -> p.kind() == FaultScenario.Kind.RATE_LIMIT_STORM));
        for (final FaultScenario.Planned planned : first)
        {
            assertTrue(planned.atSeconds() >= 0 && planned.atSeconds() <= 30, planned.toString());
        }
    }

    @Test
    void shouldCountTheSameErrorOnAnotherOrderAsTheSameKind()
    {
        assertEquals(ErrorLog.kindOf(new IllegalStateException("cancel of demo-12 refused: 110001")),
            ErrorLog.kindOf(new IllegalStateException("cancel of demo-345 refused: 110001")));
    }

    @Test
    void shouldListEveryLatencyBelowTwentySamplesAndSaySingularForOne()
    {
        final Summary summary = new Summary();
        summary.latencyMicros.recordValue(120_000);
        summary.latencyMicros.recordValue(450_000);
        summary.dropsInjected = 1;
        summary.recoveries = 3;
        summary.reconnects = 2;
        summary.rejects = 1;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        final String printed = bytes.toString(StandardCharsets.UTF_8);

        // HdrHistogram keeps 3 significant digits: 120 ms may print as 120.1
        assertTrue(printed.matches(
            "(?s).*12\\d\\.\\d, 45\\d\\.\\d ms  \\(n=2, too few for percentiles: p99 = max = .*"), printed);
        assertTrue(printed.contains("(1 socket drop)"), printed);
        assertTrue(printed.contains("3 recoveries: 2 after reconnects, 1 reconcile without a drop"), printed);

        for (int i = 0; i < 20; i++)
        {
            summary.latencyMicros.recordValue(100_000);
        }
        final ByteArrayOutputStream many = new ByteArrayOutputStream();
        summary.print(new PrintStream(many, true, StandardCharsets.UTF_8), false);
        assertTrue(many.toString(StandardCharsets.UTF_8).contains("p99 "), many.toString(StandardCharsets.UTF_8));
    }
}
