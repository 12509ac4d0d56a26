package com.qkt.broker.bybit.state;

import com.qkt.broker.bybit.SimHarness;
import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay past a lowered published position after the ring has lapped. */
class JournalReplayLapTest
{
    @TempDir
    Path dir;
    private final List<Throwable> errors = new ArrayList<>();

    private EngineStateStore open(final long flushMs)
    {
        return EngineStateStore.open(dir, "l-", "gen-", "p", "spot", "c", StateFileCodec.Format.BINARY, flushMs, 16,
            1_700_000_000_000L, errors::add);
    }

    private static void add(final StateJournal j, final long id)
    {
        final AsciiField symbol = new AsciiField(24);
        symbol.set("BTCUSDT");
        j.orderAdded(id, symbol, Side.BUY, OrderType.LIMIT, new FixedDecimal(1, 0), new FixedDecimal(5, 4), 1);
    }

    @Test
    void recordsOfThePreviousLapAreNeverReplayed() throws Exception
    {
        final EngineStateStore first = open(5);
        first.start("lap-state");
        final StateJournal j = first.journal();
        // lap the 16-slot ring twice over, the persister keeping up: orders 1..40 added, all but 40 removed
        for (long id = 1; id <= 40; id++)
        {
            add(j, id);
            if (id < 40)
            {
                j.orderRemoved(id);
            }
            SimHarness.waitUntil("the persister has caught up", () -> j.durablePosition() >= j.producerPosition());
        }
        assertEquals(j.producerPosition(), j.durablePosition());
        // 3 records after the last snapshot, journal only
        add(j, 41);
        j.orderAccepted(41);
        j.orderRemoved(40);
        final long published = j.producerPosition();
        first.halt();
        // the process died before publishing them: published position lowered to the snapshot's
        final MappedByteBuffer mapped =
            IoUtil.mapExistingFile(dir.resolve(EngineStateStore.JOURNAL_FILE).toFile(), "t");
        new UnsafeBuffer(mapped).putLong(StateJournal.PRODUCER_POSITION_OFFSET, published - 3);
        IoUtil.unmap(mapped);

        final EngineStateStore second = open(3_600_000);
        try
        {
            assertEquals(EngineStateStore.Outcome.LOADED, second.outcome(), second.detail());
            assertEquals(3, second.replayedRecords(), "exactly the 3 records of this lap");
            assertEquals(1, second.loaded().orders().size(), second.loaded().toString());
            assertEquals(41, second.loaded().orders().get(0).clientOrderId());
            assertTrue(errors.isEmpty(), errors.toString());
        }
        finally
        {
            second.halt();
        }
    }
}
