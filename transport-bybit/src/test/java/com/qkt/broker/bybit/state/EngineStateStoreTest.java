package com.qkt.broker.bybit.state;

import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import com.qkt.common.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state directory across starts: what a clean stop, a crash (journal only) and damage leave, id blocks, the
 * prefix, the lock.
 */
class EngineStateStoreTest
{
    @TempDir
    Path dir;

    private final List<Throwable> errors = new ArrayList<>();

    private EngineStateStore open(final String explicitPrefix)
    {
        return EngineStateStore.open(dir, explicitPrefix, "gen-", "qkt.broker.orderLinkIdPrefix",
            StateFileCodec.Format.BINARY, 3_600_000, 1024, 1_700_000_000_000L, errors::add);
    }

    private static void addOrder(final StateJournal journal, final long id)
    {
        final AsciiField symbol = new AsciiField(24);
        symbol.set("BTCUSDT");
        journal.orderAdded(id, symbol, Side.BUY, OrderType.LIMIT, new FixedDecimal(1, 0), new FixedDecimal(5, 4), 1);
    }

    @Test
    void shouldStartFreshThenLoadWhatACleanStopSaved()
    {
        final EngineStateStore first = open(null);
        assertEquals(EngineStateStore.Outcome.FRESH, first.outcome());
        assertEquals("gen-", first.loaded().prefix());
        assertEquals(1, first.firstClientOrderId());
        first.start("test-state");
        addOrder(first.journal(), 1);
        first.journal().orderAccepted(1);
        first.journal().fill(1, 42, 1000, new FixedDecimal(5, -1));
        first.close();

        final EngineStateStore second = open(null);
        assertEquals(EngineStateStore.Outcome.LOADED, second.outcome());
        assertEquals(0, second.replayedRecords(), "the clean stop wrote a last snapshot");
        assertEquals(EngineStateStore.ID_BLOCK + 1, second.firstClientOrderId());
        assertEquals(1, second.loaded().orders().size());
        assertEquals(1000, second.loaded().lastExecTime());
        second.close();
        assertEquals(List.of(), errors);
    }

    @Test
    void shouldReplayTheJournalACrashedProcessLeft()
    {
        final EngineStateStore first = open("fixed-");
        first.start("test-state");   // flush interval of an hour: nothing but the start's snapshot
        addOrder(first.journal(), 1);
        addOrder(first.journal(), 2);
        first.journal().orderRemoved(1);
        first.halt();

        final EngineStateStore second = open(null);
        assertEquals(EngineStateStore.Outcome.LOADED, second.outcome());
        assertEquals(3, second.replayedRecords());
        assertEquals("fixed-", second.loaded().prefix(), "the persisted prefix wins over a generated one");
        assertEquals(1, second.loaded().orders().size());
        assertEquals(2, second.loaded().orders().get(0).clientOrderId());
        second.halt();

        // and a crash right after that start: the second start's snapshot covers what it replayed
        final EngineStateStore third = open(null);
        assertEquals(1, third.loaded().orders().size());
        assertEquals(2 * EngineStateStore.ID_BLOCK + 1, third.firstClientOrderId());
        third.close();
    }

    @Test
    void shouldNeverHandOutAnIdTwiceWhenTheReservationWasOnlyInTheJournal()
    {
        final EngineStateStore first = open(null);
        first.start("test-state");
        first.journal().idsReserved(EngineStateStore.ID_BLOCK * 2); // the handler reserved the next block
        first.halt();
        final EngineStateStore second = open(null);
        assertEquals(2 * EngineStateStore.ID_BLOCK + 1, second.firstClientOrderId());
        second.close();
    }

    @Test
    void shouldReportATornJournalAndKeepTheIdentity() throws Exception
    {
        final EngineStateStore first = open("keep-");
        addOrder(first.journal(), 1);
        addOrder(first.journal(), 2);
        first.halt();
        // damage the second record in place
        try (var channel = java.nio.channels.FileChannel.open(dir.resolve(EngineStateStore.JOURNAL_FILE),
            java.nio.file.StandardOpenOption.WRITE))
        {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}),
                StateJournal.HEADER_LENGTH + StateJournal.RECORD_LENGTH + 30);
        }
        final EngineStateStore second = open(null);
        assertEquals(EngineStateStore.Outcome.CORRUPT, second.outcome());
        assertTrue(second.detail().contains("journal record 1 is torn"), second.detail());
        assertEquals("keep-", second.loaded().prefix());
        assertEquals(0, second.loaded().orders().size(), "nothing half-read is trusted");
        assertEquals(EngineStateStore.ID_BLOCK + 1, second.firstClientOrderId());
        assertEquals(1, errors.size());
        second.close();
    }

    @Test
    void shouldTreatAMissingStateFileNextToAJournalAsCorrupt() throws Exception
    {
        final EngineStateStore first = open("p-");
        first.journal().idsReserved(3 * EngineStateStore.ID_BLOCK);
        first.halt();
        Files.delete(dir.resolve(EngineStateStore.STATE_FILE));
        final EngineStateStore second = open(null);
        assertEquals(EngineStateStore.Outcome.CORRUPT, second.outcome());
        assertTrue(second.detail().contains("missing"), second.detail());
        assertEquals(3 * EngineStateStore.ID_BLOCK + 1, second.firstClientOrderId(), "ids from the journal header");
        assertEquals("p-", second.loaded().prefix());
        second.close();
    }

    @Test
    void shouldRefuseAnotherPrefixAndASecondEngine()
    {
        final EngineStateStore first = open("a-");
        assertThrows(IllegalStateException.class, () -> open("a-"), "one engine per directory");
        first.close();
        final ConfigurationException ex = assertThrows(ConfigurationException.class, () -> open("b-"));
        assertTrue(ex.getMessage().contains("belongs to prefix 'a-'"), ex.getMessage());
        open("a-").close();
    }
}
