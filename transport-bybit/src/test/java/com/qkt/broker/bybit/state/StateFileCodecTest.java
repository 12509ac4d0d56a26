package com.qkt.broker.bybit.state;

import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot file: round trips in both wire formats, and every way a file can be damaged is caught by length or
 * checksum before anything of it is used.
 */
class StateFileCodecTest
{
    @TempDir
    Path dir;

    static EngineState sample()
    {
        final EngineState state = new EngineState();
        state.engineId = "0b6f0c1e-engine";
        state.prefix = "q1abc-";
        state.category = "spot";
        state.createdMillis = 1_700_000_000_000L;
        state.reservedUpTo = 2048;
        state.journalEpoch = 3;
        state.journalPosition = 17;
        // build orders and the watermark through journal records, as the persister does
        final UnsafeBuffer record = new UnsafeBuffer(new byte[StateJournal.RECORD_LENGTH]);
        for (int id = 1; id <= 3; id++)
        {
            record.setMemory(0, StateJournal.RECORD_LENGTH, (byte)0);
            record.putInt(StateJournal.R_TYPE, StateJournal.ORDER_ADDED);
            record.putLong(StateJournal.R_ID, 1024 + id);
            record.putLong(StateJournal.R_QTY_MANTISSA, 15 * id);
            record.putByte(StateJournal.R_QTY_EXPONENT, (byte)-1);
            record.putLong(StateJournal.R_PRICE_MANTISSA, 4_000_012);
            record.putByte(StateJournal.R_PRICE_EXPONENT, (byte)-2);
            record.putLong(StateJournal.R_SUBMIT_MILLIS, 1_700_000_000_100L + id);
            record.putByte(StateJournal.R_SIDE, (byte)(id % 2 == 0 ? Side.SELL.value() : Side.BUY.value()));
            record.putByte(StateJournal.R_ORDER_TYPE, (byte)OrderType.LIMIT.value());
            record.putByte(StateJournal.R_SYMBOL_LENGTH, (byte)7);
            record.putStringWithoutLengthAscii(StateJournal.R_SYMBOL, "BTCUSDT");
            state.apply(record, 0);
        }
        record.setMemory(0, StateJournal.RECORD_LENGTH, (byte)0);
        record.putInt(StateJournal.R_TYPE, StateJournal.ORDER_ACCEPTED);
        record.putLong(StateJournal.R_ID, 1025);
        state.apply(record, 0);
        for (int f = 0; f < 3; f++)
        {
            record.setMemory(0, StateJournal.RECORD_LENGTH, (byte)0);
            record.putInt(StateJournal.R_TYPE, StateJournal.FILL);
            record.putLong(StateJournal.R_ID, 1025);
            record.putLong(StateJournal.R_EXEC_HASH, 0x1234_5678_9ABCL * (f + 1));
            record.putLong(StateJournal.R_EXEC_TIME, 1_700_000_001_000L + (f == 2 ? 0 : f));
            record.putLong(StateJournal.R_CUM_MANTISSA, f + 1);
            record.putByte(StateJournal.R_CUM_EXPONENT, (byte)-1);
            state.apply(record, 0);
        }
        return state;
    }

    @Test
    void shouldRoundTripInBinaryAndYaml()
    {
        final EngineState state = sample();
        assertEquals(3, state.orders().size());
        assertEquals(1_700_000_001_001L, state.lastExecTime());
        for (final StateFileCodec.Format format : StateFileCodec.Format.values())
        {
            final EngineState back = StateFileCodec.decode(StateFileCodec.encode(state, format));
            assertTrue(state.sameAs(back), format + ": " + back);
            final PersistedOrder order = back.orders().get(0);
            assertEquals(1025, order.clientOrderId());
            assertEquals("BTCUSDT", order.symbol());
            assertEquals(Side.BUY, order.side());
            assertTrue(order.accepted());
            assertEquals(3, order.execCount());
            assertEquals(3, order.cumMantissa());
            assertEquals(-1, order.cumExponent());
        }
    }

    /**
     * A snapshot as version 1 wrote it (no category), with no orders and an empty watermark: frozen here, since this
     * build only writes version 2.
     */
    static byte[] version1(final String engineId, final String prefix, final long reservedUpTo, final long epoch)
    {
        final Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        try
        {
            final Wire wire = StateFileCodec.Format.BINARY.wireType.apply(bytes);
            wire.write("engineId").text(engineId);
            wire.write("prefix").text(prefix);
            wire.write("createdMillis").int64(1_700_000_000_000L);
            wire.write("reservedUpTo").int64(reservedUpTo);
            wire.write("journalEpoch").int64(epoch);
            wire.write("journalPosition").int64(0);
            wire.write("lastExecTime").int64(0);
            wire.write("watermarkExecIds").sequence(null, (s, out) -> { });
            wire.write("orders").sequence(null, (s, out) -> { });
            final byte[] payload = bytes.toByteArray();
            final CRC32 crc = new CRC32();
            crc.update(payload);
            final ByteBuffer file = ByteBuffer.allocate(StateFileCodec.HEADER_LENGTH + payload.length)
                .order(ByteOrder.LITTLE_ENDIAN);
            file.putInt(StateFileCodec.MAGIC).putInt(1).putInt(StateFileCodec.Format.BINARY.code)
                .putInt(payload.length).putInt((int)crc.getValue()).put(payload);
            return file.array();
        }
        finally
        {
            bytes.releaseLast();
        }
    }

    @Test
    void shouldReadAVersion1SnapshotWithoutACategory()
    {
        final EngineState state = StateFileCodec.decode(version1("e-1", "v1-", 2048, 4));
        assertEquals("", state.category(), "version 1 names no category");
        assertEquals("v1-", state.prefix());
        assertEquals(2048, state.reservedUpTo());
        assertEquals(4, state.journalEpoch);
    }

    @Test
    void shouldNotTakeOneVersionForTheOtherWhenTheVersionFieldIsDamaged()
    {
        final byte[] v2 = StateFileCodec.encode(sample(), StateFileCodec.Format.BINARY);
        v2[4] = 1; // read as version 1 it would decode, without its category
        assertThrows(StateCorruptException.class, () -> StateFileCodec.decode(v2));
        final byte[] v1 = version1("e-1", "v1-", 2048, 4);
        v1[4] = 2;
        assertThrows(StateCorruptException.class, () -> StateFileCodec.decode(v1));
    }

    @Test
    void shouldRejectAVersion2SnapshotWithoutACategory()
    {
        final EngineState state = sample();
        state.category = "";
        final StateCorruptException ex = assertThrows(StateCorruptException.class,
            () -> StateFileCodec.decode(StateFileCodec.encode(state, StateFileCodec.Format.BINARY)));
        assertTrue(ex.getMessage().contains("identity"), ex.getMessage());
    }

    @Test
    void shouldWriteAtomicallyAndReadBack() throws Exception
    {
        final Path file = dir.resolve("state.wire");
        assertNull(StateFileCodec.read(file), "no file, no state");
        StateFileCodec.write(file, sample(), StateFileCodec.Format.BINARY);
        assertTrue(sample().sameAs(StateFileCodec.read(file)));
        assertTrue(!Files.exists(dir.resolve("state.wire.tmp")), "the temporary file is renamed away");
    }

    @Test
    void shouldDetectEveryTruncation()
    {
        final byte[] whole = StateFileCodec.encode(sample(), StateFileCodec.Format.BINARY);
        for (int length = 0; length < whole.length; length++)
        {
            final byte[] torn = Arrays.copyOf(whole, length);
            final StateCorruptException ex =
                assertThrows(StateCorruptException.class, () -> StateFileCodec.decode(torn), "length " + length);
            assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
        }
    }

    @Test
    void shouldDetectAFlippedByteByItsChecksum()
    {
        final byte[] whole = StateFileCodec.encode(sample(), StateFileCodec.Format.YAML);
        for (int i = StateFileCodec.HEADER_LENGTH; i < whole.length; i++)
        {
            final byte[] flipped = whole.clone();
            flipped[i] ^= 0x01;
            final StateCorruptException ex =
                assertThrows(StateCorruptException.class, () -> StateFileCodec.decode(flipped), "byte " + i);
            assertTrue(ex.getMessage().contains("checksum"), ex.getMessage());
        }
    }

    @Test
    void shouldRejectAFileThatIsNotAState()
    {
        final byte[] whole = StateFileCodec.encode(sample(), StateFileCodec.Format.BINARY);
        final byte[] wrongMagic = whole.clone();
        wrongMagic[0] = 'X';
        assertTrue(assertThrows(StateCorruptException.class, () -> StateFileCodec.decode(wrongMagic))
            .getMessage().contains("not a qkt state file"));
        final byte[] wrongVersion = whole.clone();
        wrongVersion[4] = 9;
        assertTrue(assertThrows(StateCorruptException.class, () -> StateFileCodec.decode(wrongVersion))
            .getMessage().contains("version"));
        final byte[] longer = Arrays.copyOf(whole, whole.length + 3);
        assertThrows(StateCorruptException.class, () -> StateFileCodec.decode(longer));
    }

    @Test
    void shouldKeepTheWatermarkIdsOfTheLatestExecTimeOnly()
    {
        final EngineState state = new EngineState();
        state.watermark(10, 1);
        state.watermark(10, 2);
        state.watermark(9, 3);
        assertEquals(2, state.watermarkHashes().length);
        state.watermark(11, 4);
        assertEquals(11, state.lastExecTime());
        assertEquals(1, state.watermarkHashes().length);
        assertEquals(4, state.watermarkHashes()[0]);
    }

    @Test
    void shouldApplyJournalRecordsWrittenByTheHandlerSide() throws Exception
    {
        final StateJournal journal = StateJournal.create(dir.resolve("j").toFile(), 16, 1, "p-", "spot", 1024);
        final AsciiField symbol = new AsciiField(24);
        symbol.set("ETHUSDT");
        journal.orderAdded(7, symbol, Side.SELL, OrderType.MARKET, new FixedDecimal(2, 0), new FixedDecimal(0, 0), 5);
        journal.orderAccepted(7);
        journal.fill(7, 99, 1000, new FixedDecimal(1, 0));
        journal.idsReserved(2048);
        final EngineState state = new EngineState();
        for (long p = 0; p < journal.publishedPosition(); p++)
        {
            assertTrue(journal.isValid(p));
            state.apply(journal.buffer(), journal.recordOffset(p));
        }
        assertEquals(2048, state.reservedUpTo());
        assertEquals(2048, journal.reservedUpTo(), "the header keeps the reservation too");
        assertEquals("p-", journal.prefix());
        final PersistedOrder order = state.orders().get(0);
        assertEquals("ETHUSDT", order.symbol());
        assertEquals(OrderType.MARKET, order.orderType());
        assertEquals(1, order.execCount());
        journal.orderRemoved(7);
        state.apply(journal.buffer(), journal.recordOffset(4));
        assertEquals(0, state.orders().size());

        // a damaged record is recognised
        journal.buffer().putByte(journal.recordOffset(2) + StateJournal.R_EXEC_TIME, (byte)7);
        assertTrue(!journal.isValid(2));
        assertTrue(!journal.isValid(5), "a slot never written is not a record");
        journal.unmap();
    }

    @Test
    void shouldMarkOverflowInsteadOfOverwritingWhatNoSnapshotCovers() throws Exception
    {
        final StateJournal journal = StateJournal.create(dir.resolve("j").toFile(), 4, 1, "p-", "spot", 0);
        for (int i = 0; i < 6; i++)
        {
            journal.orderAccepted(i);
        }
        assertEquals(4, journal.publishedPosition());
        assertEquals(2, journal.overflows());
        assertTrue(journal.hasOverflowed());
        journal.unmap();
    }
}
