package com.qkt.broker.bybit.state;

import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;

/**
 * The engine's changes since the last snapshot, as fixed-size records in a memory-mapped file: the handler thread
 * writes a record with plain stores into the mapping (no system call, no allocation) and publishes it by an ordered
 * write of the producer position; the {@link StatePersister} thread reads records up to that position into its
 * {@link EngineState} and writes snapshots. Because the pages belong to the operating system, a record published here
 * survives the death of the process (not of the machine: see {@link EngineStateStore}).
 * <p>
 * One producer (the handler), one consumer (the persister). A record's slot is reused only once a snapshot covering
 * it is on disk ({@link #durablePosition()}); if the persister falls a whole journal behind, the journal is marked
 * overflowed and the next start treats the state as lost (full reconcile), never as silently complete.
 * <p>
 * Layout: a 256-byte header then {@code capacity} records of {@link #RECORD_LENGTH} bytes. The header's fixed fields
 * (magic, version, record length, capacity, epoch, prefix, category), written once when the journal is created, carry a
 * checksum, so damage there is recognised ({@link #headerIntact()}); its moving fields (producer position, durable
 * position, overflow flag, reserved-up-to id) are hints or fail safe. A record starts with its own position and ends
 * with a checksum of the rest seeded with the journal's epoch, so a stale, torn or other-epoch slot is recognised and
 * a record proves by itself which snapshot it follows, whatever the header says.
 * <p>
 * Records are the commit: a record whose checksum is written is there, whether or not the producer position was
 * published after it (a process can die between the two stores). The next start replays records while they are valid
 * and consecutive, never trusting a producer position lower than that; one higher means a published record is not
 * intact (torn).
 */
public final class StateJournal implements AutoCloseable
{
    /** Bytes per record. */
    public static final int RECORD_LENGTH = 128;
    /** Records in a journal (8 MiB of records). */
    public static final int DEFAULT_CAPACITY = 1 << 16;

    static final int HEADER_LENGTH = 256;
    static final int MAGIC = 0x4A544B51; // "QKTJ" little-endian
    static final int VERSION = 2;
    /** The first version: no header checksum, records checksummed without the epoch. Still read. */
    static final int LEGACY_VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int RECORD_LENGTH_OFFSET = 8;
    static final int CAPACITY_OFFSET = 12;
    static final int EPOCH_OFFSET = 16;
    static final int RESERVED_UP_TO_OFFSET = 24;
    static final int PREFIX_LENGTH_OFFSET = 32;
    static final int PREFIX_OFFSET = 36;     // up to 20 bytes
    static final int HEADER_CHECKSUM_OFFSET = 56;
    static final int PRODUCER_POSITION_OFFSET = 64;
    static final int DURABLE_POSITION_OFFSET = 128;
    static final int OVERFLOW_OFFSET = 192;
    /** Any other value than 0 at {@link #OVERFLOW_OFFSET} is an overflow; all bits set, so no single flip clears it. */
    static final int OVERFLOWED = -1;
    static final int FIXED_TAIL_OFFSET = 224; // fixed fields after the moving ones, covered by the header checksum
    static final int CATEGORY_LENGTH_OFFSET = FIXED_TAIL_OFFSET;
    static final int CATEGORY_OFFSET = 228;  // up to 28 bytes
    static final int MAX_CATEGORY = HEADER_LENGTH - CATEGORY_OFFSET;

    /** Record types. */
    static final int ORDER_ADDED = 1;
    static final int ORDER_ACCEPTED = 2;
    static final int FILL = 3;
    static final int ORDER_REMOVED = 4;
    static final int IDS_RESERVED = 5;

    // record field offsets
    static final int R_POSITION = 0;
    static final int R_TYPE = 8;
    static final int R_ID = 16;
    static final int R_QTY_MANTISSA = 24;
    static final int R_PRICE_MANTISSA = 32;
    static final int R_SUBMIT_MILLIS = 40;
    static final int R_QTY_EXPONENT = 48;
    static final int R_PRICE_EXPONENT = 49;
    static final int R_SIDE = 50;
    static final int R_ORDER_TYPE = 51;
    static final int R_SYMBOL_LENGTH = 52;
    static final int R_SYMBOL = 56;          // up to 24 bytes
    static final int R_EXEC_HASH = 24;
    static final int R_EXEC_TIME = 32;
    static final int R_CUM_MANTISSA = 40;
    static final int R_CUM_EXPONENT = 48;
    static final int R_CHECKSUM = RECORD_LENGTH - 8;
    static final int MAX_SYMBOL = 24;

    private final File file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int capacity;
    private final int mask;
    private final long seed;
    private final boolean legacy;
    private final boolean headerIntact;
    private long producerPosition;
    private long cachedDurablePosition;
    private long overflows;
    private volatile boolean closed;

    private StateJournal(
        final File file,
        final MappedByteBuffer mapped,
        final int capacity,
        final long epoch,
        final boolean legacy,
        final boolean headerIntact)
    {
        this.file = file;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.legacy = legacy;
        this.seed = recordSeed(epoch, legacy);
        this.headerIntact = headerIntact;
    }

    /**
     * Create (or overwrite) a journal file, empty, for a new epoch.
     *
     * @param file         where.
     * @param capacity     records, a power of two.
     * @param epoch        the epoch the snapshot written just before names.
     * @param prefix       the engine's {@code orderLinkId} prefix, kept here too so a lost snapshot loses no identity.
     * @param category     the product category the engine trades, kept here for the same reason.
     * @param reservedUpTo client order ids reserved so far.
     * @return the journal, mapped.
     */
    static StateJournal create(
        final File file,
        final int capacity,
        final long epoch,
        final String prefix,
        final String category,
        final long reservedUpTo)
    {
        if (category.length() > MAX_CATEGORY)
        {
            throw new IllegalArgumentException("category longer than " + MAX_CATEGORY + " characters: " + category);
        }
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("journal capacity must be a power of two: " + capacity);
        }
        if (file.exists() && !file.delete())
        {
            throw new IllegalStateException("cannot replace the journal " + file);
        }
        final long length = HEADER_LENGTH + (long)capacity * RECORD_LENGTH;
        final MappedByteBuffer mapped = IoUtil.mapNewFile(file, length, true);
        final StateJournal journal = new StateJournal(file, mapped, capacity, epoch, false, true);
        final UnsafeBuffer header = journal.buffer;
        header.putInt(VERSION_OFFSET, VERSION);
        header.putInt(RECORD_LENGTH_OFFSET, RECORD_LENGTH);
        header.putInt(CAPACITY_OFFSET, capacity);
        header.putLong(EPOCH_OFFSET, epoch);
        header.putLong(RESERVED_UP_TO_OFFSET, reservedUpTo);
        header.putInt(PREFIX_LENGTH_OFFSET, prefix.length());
        header.putStringWithoutLengthAscii(PREFIX_OFFSET, prefix);
        header.putInt(CATEGORY_LENGTH_OFFSET, category.length());
        header.putStringWithoutLengthAscii(CATEGORY_OFFSET, category);
        header.putLongOrdered(PRODUCER_POSITION_OFFSET, 0);
        header.putLongOrdered(DURABLE_POSITION_OFFSET, 0);
        header.putIntOrdered(MAGIC_OFFSET, MAGIC);
        header.putLong(HEADER_CHECKSUM_OFFSET, headerChecksum(header));
        mapped.force();
        return journal;
    }

    /**
     * Map an existing journal to read what a previous process left. Its capacity comes from the file's length (the
     * journal is created at its full length), so a damaged header still leaves its records readable.
     *
     * @param file the journal.
     * @return the journal, or null when the file is missing or of a length no journal has; a journal whose header
     * is damaged is returned with {@link #headerIntact()} false.
     */
    static StateJournal openExisting(final File file)
    {
        final long recordBytes = file.length() - HEADER_LENGTH;
        if (!file.isFile() || recordBytes < RECORD_LENGTH || recordBytes % RECORD_LENGTH != 0 ||
            recordBytes / RECORD_LENGTH > 1 << 30 || Long.bitCount(recordBytes / RECORD_LENGTH) != 1)
        {
            return null;
        }
        final int capacity = (int)(recordBytes / RECORD_LENGTH);
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "qkt state journal");
        final UnsafeBuffer header = new UnsafeBuffer(mapped);
        final boolean fieldsMatch = header.getInt(MAGIC_OFFSET) == MAGIC &&
            header.getInt(RECORD_LENGTH_OFFSET) == RECORD_LENGTH && header.getInt(CAPACITY_OFFSET) == capacity;
        final int version = header.getInt(VERSION_OFFSET);
        // version 1 never wrote the checksum's bytes: a version 2 header damaged to say 1 is damaged, not legacy
        final boolean legacy =
            fieldsMatch && version == LEGACY_VERSION && header.getLong(HEADER_CHECKSUM_OFFSET) == 0;
        final boolean intact = legacy ||
            fieldsMatch && version == VERSION && header.getLong(HEADER_CHECKSUM_OFFSET) == headerChecksum(header);
        final StateJournal journal =
            new StateJournal(file, mapped, capacity, header.getLong(EPOCH_OFFSET), legacy, intact);
        journal.producerPosition = header.getLongVolatile(PRODUCER_POSITION_OFFSET);
        return journal;
    }

    // ---------------------------------------------------------------- handler side (single producer)

    /**
     * A new order, before its create call leaves.
     */
    public void orderAdded(
        final long clientOrderId,
        final AsciiField symbol,
        final Side side,
        final OrderType orderType,
        final FixedDecimal qty,
        final FixedDecimal price,
        final long submitMillis)
    {
        final int offset = claim(ORDER_ADDED);
        if (offset < 0)
        {
            return;
        }
        buffer.putLong(offset + R_ID, clientOrderId);
        buffer.putLong(offset + R_QTY_MANTISSA, qty.mantissa());
        buffer.putLong(offset + R_PRICE_MANTISSA, price.mantissa());
        buffer.putLong(offset + R_SUBMIT_MILLIS, submitMillis);
        buffer.putByte(offset + R_QTY_EXPONENT, (byte)qty.exponent());
        buffer.putByte(offset + R_PRICE_EXPONENT, (byte)price.exponent());
        buffer.putByte(offset + R_SIDE, (byte)(null == side ? 0 : side.value()));
        buffer.putByte(offset + R_ORDER_TYPE, (byte)(null == orderType ? 0 : orderType.value()));
        final int symbolLength = Math.min(symbol.length(), MAX_SYMBOL);
        buffer.putByte(offset + R_SYMBOL_LENGTH, (byte)symbolLength);
        for (int i = 0; i < symbolLength; i++)
        {
            buffer.putByte(offset + R_SYMBOL + i, symbol.byteAt(i));
        }
        commit(offset);
    }

    /**
     * The strategy has been told the order was accepted.
     */
    public void orderAccepted(final long clientOrderId)
    {
        final int offset = claim(ORDER_ACCEPTED);
        if (offset >= 0)
        {
            buffer.putLong(offset + R_ID, clientOrderId);
            commit(offset);
        }
    }

    /**
     * The strategy has been given a fill.
     *
     * @param clientOrderId the order.
     * @param execHash      the exec id's 64-bit hash ({@link com.qkt.dedup.ExecIdWindow#hash}).
     * @param execTime      the fill's exchange time.
     * @param cumQty        the order's delivered cumulative quantity after it.
     */
    public void fill(final long clientOrderId, final long execHash, final long execTime, final FixedDecimal cumQty)
    {
        final int offset = claim(FILL);
        if (offset >= 0)
        {
            buffer.putLong(offset + R_ID, clientOrderId);
            buffer.putLong(offset + R_EXEC_HASH, execHash);
            buffer.putLong(offset + R_EXEC_TIME, execTime);
            buffer.putLong(offset + R_CUM_MANTISSA, cumQty.mantissa());
            buffer.putByte(offset + R_CUM_EXPONENT, (byte)cumQty.exponent());
            commit(offset);
        }
    }

    /**
     * The strategy has been given the order's terminal event.
     */
    public void orderRemoved(final long clientOrderId)
    {
        final int offset = claim(ORDER_REMOVED);
        if (offset >= 0)
        {
            buffer.putLong(offset + R_ID, clientOrderId);
            commit(offset);
        }
    }

    /**
     * Client order ids up to {@code upTo} may be handed out. Written before any of them is.
     */
    public void idsReserved(final long upTo)
    {
        // the header copy survives a lost snapshot; the record reaches the snapshot
        buffer.putLongOrdered(RESERVED_UP_TO_OFFSET, upTo);
        final int offset = claim(IDS_RESERVED);
        if (offset >= 0)
        {
            buffer.putLong(offset + R_ID, upTo);
            commit(offset);
        }
    }

    /**
     * @return records that could not be written because the persister was a whole journal behind.
     */
    public long overflows()
    {
        return overflows;
    }

    /**
     * @return records published so far (the producer position).
     */
    public long producerPosition()
    {
        return producerPosition;
    }

    private int claim(final int type)
    {
        if (closed)
        {
            return -1;
        }
        final long position = producerPosition;
        if (position - cachedDurablePosition >= capacity)
        {
            cachedDurablePosition = buffer.getLongVolatile(DURABLE_POSITION_OFFSET);
            if (position - cachedDurablePosition >= capacity)
            {
                overflows++;
                buffer.putIntOrdered(OVERFLOW_OFFSET, OVERFLOWED);
                return -1;
            }
        }
        final int offset = recordOffset(position);
        buffer.setMemory(offset, RECORD_LENGTH, (byte)0);
        buffer.putLong(offset + R_POSITION, position);
        buffer.putInt(offset + R_TYPE, type);
        return offset;
    }

    private void commit(final int offset)
    {
        // the record's commit: from here on the next start replays it, published or not (see the class comment)
        buffer.putLong(offset + R_CHECKSUM, checksum(buffer, offset, seed));
        producerPosition++;
        buffer.putLongOrdered(PRODUCER_POSITION_OFFSET, producerPosition);
    }

    // ---------------------------------------------------------------- consumer side (persister, or the next start)

    /**
     * @return the position up to which records are published (volatile read).
     */
    long publishedPosition()
    {
        return buffer.getLongVolatile(PRODUCER_POSITION_OFFSET);
    }

    /**
     * @return the position a snapshot on disk covers.
     */
    long durablePosition()
    {
        return buffer.getLongVolatile(DURABLE_POSITION_OFFSET);
    }

    void durablePosition(final long position)
    {
        buffer.putLongOrdered(DURABLE_POSITION_OFFSET, position);
    }

    boolean hasOverflowed()
    {
        return buffer.getIntVolatile(OVERFLOW_OFFSET) != 0;
    }

    long epoch()
    {
        return buffer.getLong(EPOCH_OFFSET);
    }

    /**
     * @return true unless the header's fixed fields fail their checksum (then {@link #epoch()}, {@link #prefix()} and
     * the header's capacity are not to be trusted; the records still prove their own epoch).
     */
    boolean headerIntact()
    {
        return headerIntact;
    }

    /**
     * @return true for a journal of the first version (no header checksum, records not seeded with the epoch).
     */
    boolean legacy()
    {
        return legacy;
    }

    long reservedUpTo()
    {
        return buffer.getLongVolatile(RESERVED_UP_TO_OFFSET);
    }

    String prefix()
    {
        final int length = buffer.getInt(PREFIX_LENGTH_OFFSET);
        return length < 0 || length > 20 ? null : buffer.getStringWithoutLengthAscii(PREFIX_OFFSET, length);
    }

    /**
     * @return the category the header names ("" for a version 1 journal, which has none), or null when unreadable.
     */
    String category()
    {
        if (legacy)
        {
            return "";
        }
        final int length = buffer.getInt(CATEGORY_LENGTH_OFFSET);
        return length < 0 || length > MAX_CATEGORY ? null : buffer.getStringWithoutLengthAscii(CATEGORY_OFFSET, length);
    }

    int capacity()
    {
        return capacity;
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    int recordOffset(final long position)
    {
        return HEADER_LENGTH + (int)(position & mask) * RECORD_LENGTH;
    }

    /**
     * @param position of the record.
     * @return true if the slot holds an intact record for that position, of this journal's epoch.
     */
    boolean isValid(final long position)
    {
        return isSeeded(position, seed);
    }

    /**
     * @param position of the record.
     * @param epoch    the epoch the record must belong to (the snapshot's, whatever the header says).
     * @return true if the slot holds an intact record for that position, of that epoch.
     */
    boolean isValid(final long position, final long epoch)
    {
        return isSeeded(position, recordSeed(epoch, legacy));
    }

    private boolean isSeeded(final long position, final long seed)
    {
        final int offset = recordOffset(position);
        return buffer.getLong(offset + R_POSITION) == position &&
            buffer.getLong(offset + R_CHECKSUM) == checksum(buffer, offset, seed);
    }

    private static long recordSeed(final long epoch, final boolean legacy)
    {
        // an odd multiplier is a bijection: every epoch its own seed, and epoch 0 (or a legacy journal) the old sum
        return legacy ? 0 : epoch * 0xD6E8FEB86659FD93L;
    }

    static long checksum(final UnsafeBuffer buffer, final int offset, final long seed)
    {
        long hash = 0x9E3779B97F4A7C15L ^ seed;
        for (int i = 0; i < R_CHECKSUM; i += 8)
        {
            hash = mix(hash, buffer.getLong(offset + i));
        }
        return hash;
    }

    // The fixed fields: magic to epoch, prefix length and prefix, and the fixed tail; not the moving reserved-up-to id
    // between them, nor the positions and the overflow flag.
    static long headerChecksum(final UnsafeBuffer header)
    {
        long hash = 0x94D049BB133111EBL;
        for (int i = MAGIC_OFFSET; i < RESERVED_UP_TO_OFFSET; i += 8)
        {
            hash = mix(hash, header.getLong(i));
        }
        for (int i = PREFIX_LENGTH_OFFSET; i < HEADER_CHECKSUM_OFFSET; i += 8)
        {
            hash = mix(hash, header.getLong(i));
        }
        for (int i = FIXED_TAIL_OFFSET; i < HEADER_LENGTH; i += 8)
        {
            hash = mix(hash, header.getLong(i));
        }
        return hash;
    }

    private static long mix(final long hash, final long word)
    {
        final long h = (hash ^ word) * 0xBF58476D1CE4E5B9L;
        return h ^ h >>> 31;
    }

    File file()
    {
        return file;
    }

    /**
     * Stop writing; later records are dropped. Records already published stay in the file. The mapping is left to
     * the garbage collector: unmapping under a handler thread that may still be writing would crash the JVM.
     */
    public void close()
    {
        closed = true;
    }

    /**
     * Unmap a journal only ever read (at start, before any writer exists).
     */
    void unmap()
    {
        closed = true;
        IoUtil.unmap(mapped);
    }
}
