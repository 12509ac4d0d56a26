package com.qkt.monitor;

import com.qkt.common.config.ConfigurationException;
import com.qkt.common.error.EngineCounters;
import com.qkt.engine.Engine;
import com.qkt.engine.EngineContext;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counters and errors written through an engine's context are read back through the mapped file, the way
 * {@code scripts/stat} and {@code scripts/errors} see them from another process.
 */
class MonitorFileTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldShowCountersAndGaugesThroughTheFile()
    {
        final Path dir = tmp.resolve("engine");
        final EngineContext ctx = new EngineContext().dir(dir.toString()).conclude();
        final EngineCounters counters = ctx.counters();
        counters.errors().increment();
        final long drops = counters.newCounter("bybit.ws.drops");
        counters.add(drops, 3);
        final long[] fills = {41};
        counters.newGauge("broker.fillsDelivered", () -> fills[0]);
        fills[0] = 42;
        counters.sampleGauges();

        try (MonitorFile file = MonitorFile.open(dir))
        {
            final Map<String, Long> seen = new LinkedHashMap<>();
            file.countersReader().forEach((value, id, label) -> seen.put(label, value));
            assertEquals(1L, seen.get("errors"));
            assertEquals(3L, seen.get("bybit.ws.drops"));
            assertEquals(42L, seen.get("broker.fillsDelivered"));
            assertEquals(ProcessHandle.current().pid(), file.pid());
            assertTrue(file.isProcessAlive());
            assertTrue(String.join("\n", MonitorPrinter.counterLines(file))
                .matches("(?s).*42 +broker.fillsDelivered.*"));
        }
        ctx.close();
        assertFalse(Files.exists(dir), "closing deletes the file and its directory");
    }

    @Test
    void shouldCountTheSameErrorSiteOnceWhateverItsMessageCarries()
    {
        final Path dir = tmp.resolve("errors");
        final EngineContext ctx = new EngineContext().dir(dir.toString()).conclude();
        for (int i = 0; i < 50; i++)
        {
            ctx.errorHandler().onError(malformed("{\"topic\":\"order\",\"id\":" + i + "}"));
        }
        ctx.errorHandler().onError(new IllegalStateException("something else"));

        try (MonitorFile file = MonitorFile.open(dir))
        {
            final List<Integer> counts = new ArrayList<>();
            final List<String> texts = new ArrayList<>();
            assertEquals(2, ErrorLogReader.read(file.errorLogBuffer(), (count, first, last, text) ->
            {
                counts.add(count);
                texts.add(text);
            }));
            assertEquals(List.of(50, 1), counts);
            assertTrue(texts.get(0).contains("malformed frame"), texts.get(0));

            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            assertEquals(2, MonitorPrinter.printErrors(file, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
            final String printed = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("50 observations, first "), printed);
            assertTrue(printed.contains("2 distinct errors"), printed);
        }
        assertEquals(51, ctx.counters().errors().get());
        ctx.close();
    }

    @Test
    void shouldCountDistinctErrorsTheFullLogHasNoRoomFor()
    {
        final EngineContext ctx = new EngineContext().dir(tmp.resolve("full").toString()).errorLogBytes(1024)
            .conclude();
        for (int i = 0; i < 40; i++)
        {
            ctx.errorHandler().onError(distinctSite(i));
        }

        assertEquals(40, ctx.counters().errors().get());
        assertTrue(ctx.counters().errorsNotStored().get() > 0, ctx.counters()::toString);
        ctx.close();
    }

    private static Throwable distinctSite(final int i)
    {
        // letters only, so each message head (up to the first digit) is a site of its own
        return new IllegalStateException("site " + (char)('A' + i / 26) + (char)('A' + i % 26));
    }

    @Test
    void shouldPassEveryErrorOnToTheApplicationsHandlerAfterRecordingIt()
    {
        final List<Throwable> seen = new ArrayList<>();
        final EngineContext ctx = new EngineContext().dir(tmp.resolve("app").toString()).errorHandler(seen::add)
            .conclude();
        ctx.errorHandler().onError(malformed("x"));
        ctx.errorHandler().onError(malformed("y"));

        assertEquals(2, seen.size());
        assertEquals(2, ctx.counters().errors().get());
        assertTrue(ErrorLogReader.hasErrors(ctx.monitorFile().errorLogBuffer()));
        ctx.close();
    }

    @Test
    void shouldRefuseADirectoryALiveEngineUsesAndKeepTheFileWhenAsked()
    {
        final Path dir = tmp.resolve("shared");
        final EngineContext first = new EngineContext().dir(dir.toString()).dirDeleteOnClose(false).conclude();

        final ConfigurationException ex = assertThrows(ConfigurationException.class,
            () -> new EngineContext().dir(dir.toString()).conclude());
        assertEquals(EngineContext.DIR_PROP_NAME, ex.key());
        assertTrue(ex.getMessage().contains("in use by live process"), ex.getMessage());

        first.close();
        assertTrue(Files.exists(dir.resolve(MonitorFile.FILE_NAME)), "kept for a post-mortem");
        assertEquals(List.of(dir), MonitorTargets.resolve(dir.toString(), tmp));
    }

    @Test
    void shouldFindTheEnginesOfAPidUnderTheParentDirectory()
    {
        final long pid = ProcessHandle.current().pid();
        final EngineContext a = new EngineContext().dir(tmp.resolve("qkt-" + pid + "-1").toString()).conclude();
        final EngineContext b = new EngineContext().dir(tmp.resolve("qkt-" + pid + "-2").toString()).conclude();

        assertEquals(2, MonitorTargets.resolve(null, tmp).size());
        assertEquals(2, MonitorTargets.resolve(Long.toString(pid), tmp).size());
        assertThrows(IllegalArgumentException.class, () -> MonitorTargets.resolve("1", tmp));
        assertThrows(IllegalArgumentException.class, () -> MonitorTargets.resolve(tmp.resolve("none").toString(), tmp));
        a.close();
        b.close();
        assertThrows(IllegalArgumentException.class, () -> MonitorTargets.resolve(null, tmp));
    }

    @Test
    @Timeout(30)
    void shouldRecordTheRingHighWaterMarkAndDeleteTheFileWhenTheEngineCloses()
    {
        final EngineContext ctx = new EngineContext().tickIntervalNanos(TimeUnit.MILLISECONDS.toNanos(1));
        final Engine engine = Engine.launch(ctx, (event, nowNanos) -> LockSupport.parkNanos(50_000));
        final Path dir = ctx.monitorFile().directory();
        assertTrue(dir.getFileName().toString().startsWith("qkt-" + ProcessHandle.current().pid() + "-"));
        for (int i = 0; i < 64; i++)
        {
            engine.publisher().publish(100, 0, 0, i);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ctx.counters().ringOccupancyHighWater().get() < 2 && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertTrue(ctx.counters().ringOccupancyHighWater().get() >= 2);
        assertNotNull(ctx.monitorFile());

        engine.close();
        assertFalse(Files.exists(dir.resolve(MonitorFile.FILE_NAME)));
    }

    private static IllegalArgumentException malformed(final String frame)
    {
        return new IllegalArgumentException("malformed frame: " + frame);
    }
}
