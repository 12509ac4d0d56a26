package com.qkt.broker.bybit.state;

import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import com.qkt.common.config.ConfigurationException;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        return open(explicitPrefix, "spot");
    }

    private EngineStateStore open(final String explicitPrefix, final String category)
    {
        return EngineStateStore.open(dir, explicitPrefix, "gen-", "qkt.broker.orderLinkIdPrefix", category,
            "qkt.broker.category", StateFileCodec.Format.BINARY, 3_600_000, 1024, 1_700_000_000_000L, errors::add);
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

    /** A crashed engine whose changes live in the journal only: two orders, a fill, one order ended. */
    private void crashWithFourRecords()
    {
        final EngineStateStore first = open("j-");
        addOrder(first.journal(), 1);
        addOrder(first.journal(), 2);
        first.journal().fill(1, 42, 1000, new FixedDecimal(5, -1));
        first.journal().orderRemoved(2);
        first.halt();
    }

    private void editJournal(final java.util.function.Consumer<UnsafeBuffer> edit)
    {
        final MappedByteBuffer mapped =
            IoUtil.mapExistingFile(dir.resolve(EngineStateStore.JOURNAL_FILE).toFile(), "test");
        try
        {
            edit.accept(new UnsafeBuffer(mapped));
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    @Test
    void shouldReplayRecordsWrittenButNotYetPublished()
    {
        crashWithFourRecords();
        // the process died between writing its last records and publishing their position: records are the commit,
        // because the handler writes a record before it delivers the event
        editJournal(b -> b.putLong(StateJournal.PRODUCER_POSITION_OFFSET, 2));
        final EngineStateStore second = open(null);
        assertEquals(EngineStateStore.Outcome.LOADED, second.outcome(), second.detail());
        assertEquals(4, second.replayedRecords());
        assertEquals(1, second.loaded().orders().size());
        assertEquals(1, second.loaded().orders().get(0).execCount());
        assertEquals(1000, second.loaded().lastExecTime());
        second.close();
        assertEquals(List.of(), errors);
    }

    @Test
    void shouldReportADamagedJournalHeaderAndStillUseTheRecordsThatProveTheirEpoch()
    {
        crashWithFourRecords();
        // the epoch flipped lower would make the journal look older than the snapshot (all records ignored)
        editJournal(b -> b.putLong(StateJournal.EPOCH_OFFSET, b.getLong(StateJournal.EPOCH_OFFSET) ^ 1));
        final EngineStateStore second = open(null);
        assertEquals(EngineStateStore.Outcome.CORRUPT, second.outcome());
        assertTrue(second.detail().contains("journal header's checksum does not match"), second.detail());
        assertEquals(4, second.replayedRecords(), "each record checks against the snapshot's epoch");
        assertEquals(1, second.loaded().orders().size());
        assertEquals(1000, second.loaded().lastExecTime());
        assertEquals("j-", second.loaded().prefix());
        assertEquals(1, errors.size(), "one line says what was damaged");
        second.close();

        // the next start finds what that one saved, intact
        errors.clear();
        final EngineStateStore third = open(null);
        assertEquals(EngineStateStore.Outcome.LOADED, third.outcome(), third.detail());
        assertEquals(1, third.loaded().orders().size());
        third.close();
    }

    @Test
    void shouldNotReplayRecordsOfAnotherEpochWhenTheHeaderIsDamaged() throws Exception
    {
        crashWithFourRecords();
        final byte[] journal = Files.readAllBytes(dir.resolve(EngineStateStore.JOURNAL_FILE));
        open(null).close(); // a new epoch, nothing in it
        // an old journal with a damaged header lands next to the newer snapshot
        journal[StateJournal.PREFIX_OFFSET] ^= 0x20;
        Files.write(dir.resolve(EngineStateStore.JOURNAL_FILE), journal);
        final EngineStateStore third = open(null);
        assertEquals(EngineStateStore.Outcome.CORRUPT, third.outcome());
        assertEquals(0, third.replayedRecords(), "records of the earlier epoch do not check against the snapshot's");
        assertEquals(0, third.loaded().orders().size(), "the old journal says 4 records were published: torn");
        third.close();
    }

    @Test
    void shouldNeverLoseTheOverflowMarkToOneFlippedBit() throws Exception
    {
        final EngineStateStore first = open("o-");
        final StateJournal journal = first.journal();
        while (journal.overflows() == 0)
        {
            journal.orderAccepted(1); // no persister runs: the journal fills up
        }
        first.halt();
        final byte[] overflowed = Files.readAllBytes(dir.resolve(EngineStateStore.JOURNAL_FILE));
        final byte[] state = Files.readAllBytes(dir.resolve(EngineStateStore.STATE_FILE));
        for (int bit = 0; bit < 32; bit++)
        {
            final byte[] damaged = overflowed.clone();
            damaged[StateJournal.OVERFLOW_OFFSET + bit / 8] ^= (byte)(1 << (bit % 8));
            Files.write(dir.resolve(EngineStateStore.JOURNAL_FILE), damaged);
            Files.write(dir.resolve(EngineStateStore.STATE_FILE), state);
            final EngineStateStore store = open(null);
            assertEquals(EngineStateStore.Outcome.CORRUPT, store.outcome(), "bit " + bit);
            assertTrue(store.detail().contains("overflowed"), store.detail());
            store.halt();
        }
    }

    @Test
    void shouldReadAJournalOfTheFirstVersion()
    {
        crashWithFourRecords();
        // version 1: no header checksum, record checksums not seeded with the epoch
        editJournal(b ->
        {
            b.putInt(StateJournal.VERSION_OFFSET, StateJournal.LEGACY_VERSION);
            b.putLong(StateJournal.HEADER_CHECKSUM_OFFSET, 0);
            for (int p = 0; p < 4; p++)
            {
                final int offset = StateJournal.HEADER_LENGTH + p * StateJournal.RECORD_LENGTH;
                b.putLong(offset + StateJournal.R_CHECKSUM, StateJournal.checksum(b, offset, 0));
            }
        });
        final EngineStateStore second = open(null);
        assertEquals(EngineStateStore.Outcome.LOADED, second.outcome(), second.detail());
        assertEquals(4, second.replayedRecords());
        assertEquals(1, second.loaded().orders().size());
        second.close();
        assertFalse(errors.stream().anyMatch(e -> e instanceof StateCorruptException), errors.toString());
    }

    @Test
    void shouldNotTakeAVersion2JournalWhoseVersionSays1ForTheFirstVersion()
    {
        crashWithFourRecords();
        editJournal(b -> b.putInt(StateJournal.VERSION_OFFSET, StateJournal.LEGACY_VERSION));
        final EngineStateStore second = open(null);
        assertEquals(EngineStateStore.Outcome.CORRUPT, second.outcome());
        assertTrue(second.detail().contains("journal header's checksum"), second.detail());
        assertEquals(4, second.replayedRecords(), "its records still check against the snapshot's epoch");
        second.close();
    }

    @Test
    void shouldRefuseAnotherCategoryWhileOrdersOfTheStateAreOpen()
    {
        final EngineStateStore first = open("c-");
        assertEquals("spot", first.loaded().category());
        addOrder(first.journal(), 1);
        first.close();

        final ConfigurationException ex = assertThrows(ConfigurationException.class, () -> open(null, "linear"));
        assertTrue(ex.getMessage().contains("qkt.broker.category"), ex.getMessage());
        assertTrue(ex.getMessage().contains("belongs to category 'spot'") &&
            ex.getMessage().contains("1 open order"), ex.getMessage());

        final EngineStateStore again = open(null);
        assertEquals(EngineStateStore.Outcome.LOADED, again.outcome(), "the refused start changed nothing");
        assertEquals(1, again.loaded().orders().size());
        again.close();
    }

    @Test
    void shouldMoveToAnotherCategoryWhenTheStateHoldsNoOpenOrder()
    {
        final EngineStateStore first = open("c-");
        addOrder(first.journal(), 1);
        first.journal().orderRemoved(1);
        first.close();

        final EngineStateStore linear = open(null, "linear");
        assertEquals(EngineStateStore.Outcome.LOADED, linear.outcome());
        assertEquals("linear", linear.loaded().category());
        addOrder(linear.journal(), EngineStateStore.ID_BLOCK + 1);
        linear.halt();

        // the crashed linear engine's open order lives in its journal only: still refused for spot
        assertThrows(ConfigurationException.class, () -> open(null, "spot"));
        assertEquals(List.of(), errors);
    }

    @Test
    void shouldRefuseAnotherCategoryWhenTheStateIsUnusable() throws Exception
    {
        final EngineStateStore first = open("c-");
        addOrder(first.journal(), 1);
        first.halt();
        // no snapshot, so its open orders are unknown; the journal header still names the category
        Files.delete(dir.resolve(EngineStateStore.STATE_FILE));
        final ConfigurationException ex = assertThrows(ConfigurationException.class, () -> open(null, "linear"));
        assertTrue(ex.getMessage().contains("unknown"), ex.getMessage());
        final EngineStateStore spot = open(null, "spot");
        assertEquals(EngineStateStore.Outcome.CORRUPT, spot.outcome());
        assertEquals("c-", spot.loaded().prefix());
        spot.close();
    }

    @Test
    void shouldTakeTheConfiguredCategoryForAStateOfTheFirstVersion() throws Exception
    {
        Files.createDirectories(dir);
        Files.write(dir.resolve(EngineStateStore.STATE_FILE), StateFileCodecTest.version1("e-1", "v1-", 2048, 4));
        final EngineStateStore store = open(null, "linear");
        assertEquals(EngineStateStore.Outcome.LOADED, store.outcome(), store.detail());
        assertEquals("linear", store.loaded().category());
        assertEquals("v1-", store.loaded().prefix());
        assertEquals(2049, store.firstClientOrderId());
        addOrder(store.journal(), 2049);
        store.close();
        assertThrows(ConfigurationException.class, () -> open(null, "spot"), "recorded from then on");
    }
}
