package com.qkt.monitor;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file an engine maps so that operators can read its counters and errors from outside the process, as Aeron's
 * {@code cnc.dat}: {@code scripts/stat} and {@code scripts/errors} map it read-only while the engine writes it.
 * <pre>
 *   0   int  version, written last (release) once the header is complete; 0 while being created
 *   4   int  counters metadata length      (maxCounters * CountersReader.METADATA_LENGTH)
 *   8   int  counters values length        (maxCounters * CountersReader.COUNTER_LENGTH)
 *   12  int  error log length
 *   16  long pid of the engine process
 *   24  long start time, epoch ms
 *   128      counters metadata | counters values | Agrona DistinctErrorLog
 * </pre>
 * The writer never unmaps: a thread that bumps a counter after close must not touch unmapped memory. Closing deletes
 * the file (and its directory when empty) unless asked to keep it.
 */
public final class MonitorFile implements AutoCloseable
{
    /**
     * Name of the file inside the engine directory.
     */
    public static final String FILE_NAME = "qkt-monitor.dat";
    /**
     * Layout version this code writes and reads.
     */
    public static final int VERSION = 1;
    /**
     * Bytes before the counters metadata.
     */
    public static final int HEADER_LENGTH = 128;

    static final int VERSION_OFFSET = 0;
    static final int METADATA_LENGTH_OFFSET = 4;
    static final int VALUES_LENGTH_OFFSET = 8;
    static final int ERROR_LOG_LENGTH_OFFSET = 12;
    static final int PID_OFFSET = 16;
    static final int START_TIME_OFFSET = 24;

    private final Path directory;
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final UnsafeBuffer metaData;
    private final UnsafeBuffer values;
    private final UnsafeBuffer errorLog;
    private final boolean owner;
    private boolean closed;

    private MonitorFile(final Path directory, final MappedByteBuffer mapped, final boolean owner)
    {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.mapped = mapped;
        this.owner = owner;
        header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final int metaDataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        final int errorLogLength = header.getInt(ERROR_LOG_LENGTH_OFFSET);
        if (metaDataLength <= 0 || valuesLength <= 0 || errorLogLength <= 0 ||
            (long)HEADER_LENGTH + metaDataLength + valuesLength + errorLogLength > mapped.capacity())
        {
            throw new IllegalStateException(file + ": not a qkt monitor file (bad lengths)");
        }
        metaData = new UnsafeBuffer(mapped, HEADER_LENGTH, metaDataLength);
        values = new UnsafeBuffer(mapped, HEADER_LENGTH + metaDataLength, valuesLength);
        errorLog = new UnsafeBuffer(mapped, HEADER_LENGTH + metaDataLength + valuesLength, errorLogLength);
    }

    /**
     * Create and map a new monitor file (the engine side).
     *
     * @param directory      created when missing; must not hold the file of a live process.
     * @param maxCounters    room for counters.
     * @param errorLogLength bytes of the distinct error log (a multiple of 8).
     * @param startTimeMs    epoch ms written into the header.
     * @return the mapped file.
     * @throws IllegalStateException when another live process (or this one) uses the directory.
     */
    public static MonitorFile create(
        final Path directory, final int maxCounters, final int errorLogLength, final long startTimeMs)
    {
        if (maxCounters < 1 || errorLogLength < 1024 || (errorLogLength & 7) != 0)
        {
            throw new IllegalArgumentException(
                "maxCounters >= 1 and errorLogLength >= 1024, a multiple of 8: " + maxCounters + ", " + errorLogLength);
        }
        final Path file = directory.resolve(FILE_NAME);
        try
        {
            Files.createDirectories(directory);
            if (Files.exists(file))
            {
                final long pid = readPid(file);
                if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                {
                    throw new IllegalStateException(file + " is in use by live process " + pid);
                }
                Files.delete(file); // left behind by a process that died
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + file, ex);
        }

        final int metaDataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final long length = (long)HEADER_LENGTH + metaDataLength + valuesLength + errorLogLength;
        final MappedByteBuffer mapped = IoUtil.mapNewFile(file.toFile(), length, true);
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        header.putInt(METADATA_LENGTH_OFFSET, metaDataLength);
        header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        header.putInt(ERROR_LOG_LENGTH_OFFSET, errorLogLength);
        header.putLong(PID_OFFSET, ProcessHandle.current().pid());
        header.putLong(START_TIME_OFFSET, startTimeMs);
        header.putIntOrdered(VERSION_OFFSET, VERSION);
        return new MonitorFile(directory, mapped, true);
    }

    /**
     * Map an existing monitor file to read it (the operator side).
     *
     * @param directory the engine directory, or the file itself.
     * @return the mapped file; {@link #close()} unmaps it and deletes nothing.
     * @throws IllegalStateException when the file is missing, not complete yet or of another version.
     */
    public static MonitorFile open(final Path directory)
    {
        final Path dir = directory.getFileName() != null && FILE_NAME.equals(directory.getFileName().toString()) ?
            directory.toAbsolutePath().getParent() : directory;
        final Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file))
        {
            throw new IllegalStateException("no " + FILE_NAME + " in " + dir);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), FILE_NAME);
        if (mapped.capacity() < HEADER_LENGTH)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(file + ": too short for a qkt monitor file");
        }
        final int version = new UnsafeBuffer(mapped, 0, HEADER_LENGTH).getIntVolatile(VERSION_OFFSET);
        if (VERSION != version)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(file + ": version " + version + ", expected " + VERSION +
                (0 == version ? " (still being created?)" : ""));
        }
        return new MonitorFile(dir, mapped, false);
    }

    private static long readPid(final Path file)
    {
        try
        {
            final byte[] bytes = readHeader(file);
            return bytes.length < HEADER_LENGTH ? -1 : new UnsafeBuffer(bytes).getLong(PID_OFFSET);
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    private static byte[] readHeader(final Path file) throws IOException
    {
        try (java.io.InputStream in = Files.newInputStream(file))
        {
            return in.readNBytes(HEADER_LENGTH);
        }
    }

    /**
     * @return the engine directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return the monitor file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return pid of the process that created the file.
     */
    public long pid()
    {
        return header.getLong(PID_OFFSET);
    }

    /**
     * @return epoch ms the engine started.
     */
    public long startTimeMs()
    {
        return header.getLong(START_TIME_OFFSET);
    }

    /**
     * @return true while the process that created the file runs.
     */
    public boolean isProcessAlive()
    {
        return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * @return counters metadata (labels, states) for a {@link org.agrona.concurrent.status.CountersManager}.
     */
    public AtomicBuffer metaDataBuffer()
    {
        return metaData;
    }

    /**
     * @return counter values.
     */
    public AtomicBuffer valuesBuffer()
    {
        return values;
    }

    /**
     * @return the region of the {@link org.agrona.concurrent.errors.DistinctErrorLog}.
     */
    public AtomicBuffer errorLogBuffer()
    {
        return errorLog;
    }

    /**
     * @return a reader of the counters.
     */
    public CountersReader countersReader()
    {
        return new CountersReader(metaData, values);
    }

    /**
     * Writer: delete the file and the directory when empty, keep the mapping (see the class comment). Reader: unmap.
     * Idempotent.
     */
    public void close()
    {
        close(true);
    }

    /**
     * @param delete writer only: false keeps the file for a post-mortem with {@code scripts/stat}/{@code errors}.
     */
    public synchronized void close(final boolean delete)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (!owner)
        {
            IoUtil.unmap(mapped);
            return;
        }
        if (delete)
        {
            try
            {
                Files.deleteIfExists(file);
                try (java.util.stream.Stream<Path> left = Files.list(directory))
                {
                    if (left.findAny().isEmpty())
                    {
                        Files.deleteIfExists(directory);
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot delete " + file, ex);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "MonitorFile{" + file + ", pid=" + pid() + '}';
    }
}
