package com.qkt.broker.bybit.state;

import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Adversarial: damaged bytes of the state directory must be detected (CORRUPT) or harmless (the same state loads);
 * never a silently different state. And one state directory, one process.
 */
class StateAdversarialTest
{
    @TempDir
    Path dir;

    private final List<Throwable> errors = new ArrayList<>();

    private EngineStateStore open()
    {
        return EngineStateStore.open(dir, null, "gen-", "qkt.broker.orderLinkIdPrefix", "spot",
            "qkt.broker.category", StateFileCodec.Format.BINARY, 3_600_000, 1024, 1_700_000_000_000L, errors::add);
    }

    private static void addOrder(final StateJournal journal, final long id)
    {
        final AsciiField symbol = new AsciiField(24);
        symbol.set("BTCUSDT");
        journal.orderAdded(id, symbol, Side.BUY, OrderType.LIMIT, new FixedDecimal(1, 0), new FixedDecimal(5, 4), 1);
    }

    /** A crashed process whose every change lives in the journal only (no snapshot since its start). */
    private void crashedProcessWithJournal()
    {
        final EngineStateStore first = open();
        addOrder(first.journal(), 1);
        addOrder(first.journal(), 2);
        first.journal().orderAccepted(1);
        first.journal().fill(1, 42, 1000, new FixedDecimal(5, -1));
        first.journal().fill(2, 43, 1001, new FixedDecimal(1, 0));
        first.journal().orderRemoved(2);
        first.halt();
    }

    private static String facts(final EngineState s)
    {
        return "prefix=" + s.prefix() + " reserved=" + s.reservedUpTo() + " lastExec=" + s.lastExecTime() +
            " wm=" + Arrays.toString(s.watermarkHashes()) + " orders=" + s.orders();
    }

    @Test
    void everySingleByteDamageOfTheJournalIsDetectedOrHarmless() throws Exception
    {
        crashedProcessWithJournal();
        final Path journalFile = dir.resolve(EngineStateStore.JOURNAL_FILE);
        final Path stateFile = dir.resolve(EngineStateStore.STATE_FILE);
        final byte[] journal = Files.readAllBytes(journalFile);
        final byte[] state = Files.readAllBytes(stateFile);

        final EngineStateStore reference = open();
        assertEquals(EngineStateStore.Outcome.LOADED, reference.outcome());
        final String expected = facts(reference.loaded());
        reference.halt();

        final List<String> silent = new ArrayList<>();
        final int end = StateJournal.HEADER_LENGTH + 6 * StateJournal.RECORD_LENGTH;
        final int[] masks = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF};
        for (int offset = 0; offset < end; offset++)
        {
            for (final int mask : masks)
            {
                final byte[] damaged = journal.clone();
                damaged[offset] ^= (byte)mask;
                Files.write(journalFile, damaged);
                Files.write(stateFile, state);
                final EngineStateStore store = open();
                try
                {
                    if (store.outcome() != EngineStateStore.Outcome.CORRUPT)
                    {
                        final String got = facts(store.loaded());
                        if (!got.equals(expected))
                        {
                            silent.add("offset " + offset + " ^0x" + Integer.toHexString(mask) + " -> " +
                                store.outcome() + " " + got);
                        }
                    }
                }
                finally
                {
                    store.halt();
                }
            }
        }
        assertEquals(List.of(), silent, "damage silently trusted; expected " + expected);
    }

    @Test
    void everyCutAndSingleByteDamageOfTheSnapshotIsDetected() throws Exception
    {
        final EngineStateStore first = open();
        first.start("s");
        addOrder(first.journal(), 1);
        first.journal().fill(1, 42, 1000, new FixedDecimal(5, -1));
        first.close(); // last snapshot holds everything
        final byte[] whole = Files.readAllBytes(dir.resolve(EngineStateStore.STATE_FILE));
        final EngineState good = StateFileCodec.decode(whole);
        final List<String> silent = new ArrayList<>();
        for (int cut = 0; cut < whole.length; cut++)
        {
            final byte[] part = Arrays.copyOf(whole, cut);
            try
            {
                final EngineState s = StateFileCodec.decode(part);
                silent.add("cut at " + cut + " decoded " + s);
            }
            catch (final StateCorruptException expected)
            {
                // detected
            }
        }
        for (int offset = 0; offset < whole.length; offset++)
        {
            for (int value = 0; value < 256; value++)
            {
                if ((byte)value == whole[offset])
                {
                    continue;
                }
                final byte[] damaged = whole.clone();
                damaged[offset] = (byte)value;
                try
                {
                    final EngineState s = StateFileCodec.decode(damaged);
                    if (!s.sameAs(good))
                    {
                        silent.add("byte " + offset + " := " + value + " decoded " + s);
                    }
                }
                catch (final StateCorruptException expected)
                {
                    // detected
                }
                catch (final RuntimeException other)
                {
                    silent.add("byte " + offset + " := " + value + " threw " + other);
                }
            }
        }
        assertEquals(List.of(), silent.subList(0, Math.min(20, silent.size())), silent.size() + " undetected");
    }

    /** Control: a second process is kept out while this one holds the directory. */
    @Test
    void anotherProcessIsRefusedWhileThisOneHoldsTheDirectory() throws Exception
    {
        final EngineStateStore first = open();
        try
        {
            final String out = probe();
            assertTrue(out.startsWith("REFUSED"), out);
        }
        finally
        {
            first.halt();
        }
    }

    /** A failed second open in the same JVM (a supervisor retrying a start) must not hand the directory to others. */
    @Test
    void aFailedSecondOpenInThisJvmMustNotLetAnotherProcessIn() throws Exception
    {
        final EngineStateStore first = open();
        try
        {
            assertThrows(IllegalStateException.class, this::open, "one engine per directory");
            final String out = probe();
            assertTrue(out.startsWith("REFUSED"), "another process got the directory while this engine runs: " + out);
        }
        finally
        {
            first.halt();
        }
    }

    private String probe() throws Exception
    {
        final String javaBin = ProcessHandle.current().info().command().orElse("java");
        final List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        for (final String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-"))
            {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LockProbe.class.getName(), dir.toString()));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = r.readLine()))
            {
                out.append(line).append('\n');
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            fail("probe hung");
        }
        final String text = out.toString();
        final int i = Math.max(text.indexOf("OPENED"), text.indexOf("REFUSED"));
        return i < 0 ? text : text.substring(i);
    }
}
