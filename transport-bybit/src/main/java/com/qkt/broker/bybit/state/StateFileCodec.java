package com.qkt.broker.bybit.state;

import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.ValueOut;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;
import net.openhft.chronicle.wire.WireType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The snapshot file: an {@link EngineState} as a Chronicle Wire document behind a 20-byte header (magic
 * {@code QKTS}, version, wire format, payload length, CRC32 of the header's first 16 bytes and the payload; version 1
 * summed the payload only), written atomically (temporary file,
 * fsync, rename, fsync of the directory). A file that is short, longer than it says, of another version or whose
 * checksum does not match is rejected with a {@link StateCorruptException} saying which, never half-read.
 * <p>
 * Binary wire ({@link Format#BINARY}, Chronicle's {@code BINARY_LIGHT}) is the default: in
 * {@code StatePersistenceBenchmark} it encodes and decodes a snapshot faster than YAML and is smaller; YAML
 * ({@link Format#YAML}) stays readable with {@code cat} and is chosen with {@code qkt.broker.stateFormat=YAML}.
 * Either is read back whatever the setting, as the header names it.
 */
public final class StateFileCodec
{
    /** Header magic, "QKTS" little-endian. */
    static final int MAGIC = 0x53544B51;
    /** Snapshot format version: 2 added the category. */
    static final int VERSION = 2;
    /** The first version, without the category: still read (the category is then unknown, ""). */
    static final int LEGACY_VERSION = 1;
    /** Header bytes before the payload. */
    static final int HEADER_LENGTH = 20;
    /** Header bytes the checksum covers (all but the checksum itself), from version 2. */
    static final int SUMMED_HEADER_LENGTH = 16;

    /** The Chronicle Wire flavour of the payload. */
    public enum Format
    {
        /** Chronicle's self-describing binary wire: smaller and faster. */
        BINARY(1, WireType.BINARY_LIGHT),
        /** YAML: readable, for inspection. */
        YAML(2, WireType.YAML_ONLY);

        final int code;
        final WireType wireType;

        Format(final int code, final WireType wireType)
        {
            this.code = code;
            this.wireType = wireType;
        }

        static Format byCode(final int code)
        {
            for (final Format format : values())
            {
                if (format.code == code)
                {
                    return format;
                }
            }
            return null;
        }
    }

    private StateFileCodec()
    {
    }

    /**
     * @param state  to encode.
     * @param format wire flavour.
     * @return the whole file: header and payload.
     */
    public static byte[] encode(final EngineState state, final Format format)
    {
        final Bytes<?> bytes = Bytes.allocateElasticOnHeap(4096);
        try
        {
            final Wire wire = format.wireType.apply(bytes);
            writeState(wire, state);
            final byte[] payload = bytes.toByteArray();
            final ByteBuffer file = ByteBuffer.allocate(HEADER_LENGTH + payload.length).order(ByteOrder.LITTLE_ENDIAN);
            file.putInt(MAGIC).putInt(VERSION).putInt(format.code).putInt(payload.length);
            // the header is summed too: a version field damaged to 1 must not pass as a version 1 file (category lost)
            final CRC32 crc = new CRC32();
            crc.update(file.array(), 0, SUMMED_HEADER_LENGTH);
            crc.update(payload);
            file.putInt((int)crc.getValue());
            file.put(payload);
            return file.array();
        }
        finally
        {
            bytes.releaseLast();
        }
    }

    /**
     * @param file the whole file.
     * @return the state it holds.
     * @throws StateCorruptException saying what is wrong with it.
     */
    public static EngineState decode(final byte[] file)
    {
        if (file.length < HEADER_LENGTH)
        {
            throw new StateCorruptException("state file truncated: " + file.length + " bytes, header needs " +
                HEADER_LENGTH);
        }
        final ByteBuffer header = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = header.getInt();
        final int version = header.getInt();
        final Format format = Format.byCode(header.getInt());
        final int length = header.getInt();
        final int expectedCrc = header.getInt();
        if (magic != MAGIC)
        {
            throw new StateCorruptException("not a qkt state file (magic " + Integer.toHexString(magic) + ")");
        }
        if (version != VERSION && version != LEGACY_VERSION)
        {
            throw new StateCorruptException("state file version " + version + ", this build reads " +
                LEGACY_VERSION + " and " + VERSION);
        }
        if (null == format)
        {
            throw new StateCorruptException("state file names an unknown wire format");
        }
        if (length != file.length - HEADER_LENGTH)
        {
            throw new StateCorruptException("state file truncated or torn: header says " + length +
                " payload bytes, file has " + (file.length - HEADER_LENGTH));
        }
        final CRC32 crc = new CRC32();
        if (version != LEGACY_VERSION)
        {
            crc.update(file, 0, SUMMED_HEADER_LENGTH);
        }
        crc.update(file, HEADER_LENGTH, length);
        if ((int)crc.getValue() != expectedCrc)
        {
            throw new StateCorruptException("state file checksum mismatch (CRC32 " +
                Integer.toHexString((int)crc.getValue()) + ", header says " + Integer.toHexString(expectedCrc) + ")");
        }
        final Bytes<?> bytes = Bytes.allocateElasticOnHeap(length);
        try
        {
            bytes.write(file, HEADER_LENGTH, length);
            final EngineState state = readState(format.wireType.apply(bytes), version);
            if (state.prefix.isEmpty() || state.engineId.isEmpty() || state.reservedUpTo < 0 ||
                version == VERSION && state.category.isEmpty())
            {
                throw new StateCorruptException("state file lacks the engine identity");
            }
            return state;
        }
        catch (final StateCorruptException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new StateCorruptException("state file unreadable: " + ex);
        }
        finally
        {
            bytes.releaseLast();
        }
    }

    /**
     * Replace {@code file} with the state, atomically: a reader sees the old file or the new one, never a mix.
     *
     * @param file   target.
     * @param state  to write.
     * @param format wire flavour.
     * @throws IOException when the disk refuses.
     */
    public static void write(final Path file, final EngineState state, final Format format) throws IOException
    {
        write(file, state, format, true);
    }

    /**
     * As {@link #write(Path, EngineState, Format)}, choosing whether to fsync. Without it the new file survives the
     * death of the process (the page cache has it) but not necessarily of the machine, where the checksum then
     * catches a file the disk did not finish.
     *
     * @param file   target.
     * @param state  to write.
     * @param format wire flavour.
     * @param fsync  force the file and the rename to disk.
     * @throws IOException when the disk refuses.
     */
    public static void write(final Path file, final EngineState state, final Format format, final boolean fsync)
        throws IOException
    {
        final byte[] bytes = encode(state, format);
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp,
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
            if (fsync)
            {
                channel.force(true);
            }
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (!fsync)
        {
            return;
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ))
        {
            dir.force(true); // the rename itself reaches the disk
        }
        catch (final IOException ignore)
        {
            // some file systems cannot open a directory; the rename is still atomic
        }
    }

    /**
     * Force a file written without fsync, and its directory entry, to disk.
     *
     * @param file the file.
     * @throws IOException when the disk refuses.
     */
    public static void force(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ))
        {
            dir.force(true);
        }
        catch (final IOException ignore)
        {
            // some file systems cannot open a directory; the file itself is on disk
        }
    }

    /**
     * @param file to read.
     * @return the state, or null when there is no file.
     * @throws StateCorruptException when there is a file and it is not a whole, intact state.
     * @throws IOException           when the disk refuses.
     */
    public static EngineState read(final Path file) throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        return decode(bytes);
    }

    private static void writeState(final WireOut wire, final EngineState state)
    {
        wire.write("engineId").text(state.engineId);
        wire.write("prefix").text(state.prefix);
        wire.write("category").text(state.category);
        wire.write("createdMillis").int64(state.createdMillis);
        wire.write("reservedUpTo").int64(state.reservedUpTo);
        wire.write("journalEpoch").int64(state.journalEpoch);
        wire.write("journalPosition").int64(state.journalPosition);
        wire.write("lastExecTime").int64(state.lastExecTime);
        wire.write("watermarkExecIds").sequence(state, StateFileCodec::writeWatermark);
        wire.write("orders").sequence(state, StateFileCodec::writeOrders);
    }

    private static void writeWatermark(final EngineState state, final ValueOut out)
    {
        for (int i = 0; i < state.watermarkCount; i++)
        {
            out.int64(state.watermarkHashes[i]);
        }
    }

    private static void writeOrders(final EngineState state, final ValueOut out)
    {
        for (final PersistedOrder order : state.orders())
        {
            out.marshallable(w -> writeOrder(w, order));
        }
    }

    private static void writeOrder(final WireOut w, final PersistedOrder order)
    {
        w.write("id").int64(order.clientOrderId);
        w.write("symbol").text(order.symbol);
        w.write("side").text(null == order.side ? "" : order.side.name());
        w.write("type").text(null == order.orderType ? "" : order.orderType.name());
        w.write("qty").int64(order.qtyMantissa);
        w.write("qtyExp").int32(order.qtyExponent);
        w.write("price").int64(order.priceMantissa);
        w.write("priceExp").int32(order.priceExponent);
        w.write("submitMillis").int64(order.submitMillis);
        w.write("accepted").bool(order.accepted);
        w.write("cum").int64(order.cumMantissa);
        w.write("cumExp").int32(order.cumExponent);
        w.write("execIds").sequence(order, (o, out) ->
        {
            for (int i = 0; i < o.execCount; i++)
            {
                out.int64(o.execHashes[i]);
            }
        });
    }

    private static EngineState readState(final WireIn wire, final int version)
    {
        final EngineState state = new EngineState();
        state.engineId = text(wire.read("engineId"));
        state.prefix = text(wire.read("prefix"));
        if (version != LEGACY_VERSION)
        {
            state.category = text(wire.read("category"));
        }
        state.createdMillis = wire.read("createdMillis").int64();
        state.reservedUpTo = wire.read("reservedUpTo").int64();
        state.journalEpoch = wire.read("journalEpoch").int64();
        state.journalPosition = wire.read("journalPosition").int64();
        state.lastExecTime = wire.read("lastExecTime").int64();
        wire.read("watermarkExecIds").sequence(state, (s, in) ->
        {
            while (in.hasNextSequenceItem())
            {
                s.watermark(s.lastExecTime, in.int64());
            }
        });
        wire.read("orders").sequence(state, (s, in) ->
        {
            while (in.hasNextSequenceItem())
            {
                final PersistedOrder order = new PersistedOrder();
                in.marshallable(w -> readOrder(w, order));
                s.orders.put(order.clientOrderId, order);
            }
        });
        return state;
    }

    private static void readOrder(final WireIn w, final PersistedOrder order)
    {
        order.clientOrderId = w.read("id").int64();
        order.symbol = text(w.read("symbol"));
        final String side = text(w.read("side"));
        order.side = side.isEmpty() ? null : Side.valueOf(side);
        final String type = text(w.read("type"));
        order.orderType = type.isEmpty() ? null : OrderType.valueOf(type);
        order.qtyMantissa = w.read("qty").int64();
        order.qtyExponent = w.read("qtyExp").int32();
        order.priceMantissa = w.read("price").int64();
        order.priceExponent = w.read("priceExp").int32();
        order.submitMillis = w.read("submitMillis").int64();
        order.accepted = w.read("accepted").bool();
        order.cumMantissa = w.read("cum").int64();
        order.cumExponent = w.read("cumExp").int32();
        w.read("execIds").sequence(order, (o, in) ->
        {
            while (in.hasNextSequenceItem())
            {
                o.addExec(in.int64());
            }
        });
    }

    private static String text(final ValueIn in)
    {
        final String text = in.text();
        return null == text ? "" : text;
    }
}
