package com.qkt.broker.bybit.state;

import com.qkt.common.config.ConfigurationException;
import org.agrona.ErrorHandler;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An engine's state directory: opens it (exclusively, by a file lock), reads what the previous process left — the
 * snapshot {@value #STATE_FILE} plus the records of {@value #JOURNAL_FILE} it does not cover yet — and decides whether
 * to trust it ({@link Outcome}); reserves the first block of client order ids; writes a fresh snapshot and journal
 * for this process; then runs the {@link StatePersister} thread.
 * <p>
 * One directory, one engine: another process is kept out by a lock on {@value #LOCK_FILE}, another store in this
 * process by a JVM-wide set of the directories held, checked before the lock file is even opened (on Linux, closing
 * a second descriptor of the lock file would drop this process's lock and let another process in).
 * <p>
 * What survives what: a record the handler put in the journal survives the death of the process (the pages are the
 * operating system's). A snapshot is fsynced, so it survives a machine crash; records after the last snapshot (at
 * most {@code qkt.broker.stateFlushMs} of them) may not. Client order ids are reserved in blocks of {@link #ID_BLOCK}
 * and the next block is reserved when half of the current one is used, so its snapshot is on disk long before any
 * of its ids is handed out; a restart always continues above the last reservation, so no id is used twice.
 */
public final class EngineStateStore implements AutoCloseable
{
    /** Snapshot file name inside the state directory. */
    public static final String STATE_FILE = "engine-state.wire";
    /** Journal file name inside the state directory. */
    public static final String JOURNAL_FILE = "engine-journal.dat";
    /** Lock file name inside the state directory. */
    public static final String LOCK_FILE = "engine.lock";
    /** Client order ids reserved at a time. */
    public static final long ID_BLOCK = 1024;

    /** What the state directory held at start. */
    public enum Outcome
    {
        /** Nothing: a first start. */
        FRESH,
        /** A whole, intact state. */
        LOADED,
        /**
         * Something damaged (see {@link #detail()}, also reported to the error handler). Either the state is unusable
         * (orders and watermark unknown, a full reconcile follows, fills delivered before the stop may repeat), or
         * the damage left it provable (a journal header whose checksum fails, while the snapshot and each journal
         * record check out by themselves) and {@link #loaded()} holds it.
         */
        CORRUPT
    }

    /**
     * State directories this JVM holds (real paths). Java's file locks are POSIX record locks on Linux: closing any
     * descriptor of a file drops every lock the process holds on it, so a second open in this JVM must be refused
     * before it opens (and later closes) a channel on a lock file this JVM already holds.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    /**
     * Channels of lock files locked in this JVM by something other than a store (tryLock threw
     * OverlappingFileLockException): never closed, since closing them would drop that other holder's lock.
     */
    private static final Set<FileChannel> NEVER_CLOSED = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path heldPath;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EngineState loaded;
    private final Outcome outcome;
    private final String detail;
    private final long firstClientOrderId;
    private final long replayedRecords;
    private final StateJournal journal;
    private final StatePersister persister;
    private Thread thread;
    private boolean closed;

    private EngineStateStore(
        final Path dir,
        final Path heldPath,
        final FileChannel lockChannel,
        final FileLock lock,
        final EngineState loaded,
        final Outcome outcome,
        final String detail,
        final long firstClientOrderId,
        final long replayedRecords,
        final StateJournal journal,
        final StatePersister persister)
    {
        this.dir = dir;
        this.heldPath = heldPath;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.loaded = loaded;
        this.outcome = outcome;
        this.detail = detail;
        this.firstClientOrderId = firstClientOrderId;
        this.replayedRecords = replayedRecords;
        this.journal = journal;
        this.persister = persister;
    }

    /**
     * Open a state directory, creating it if needed. Runs on the caller's thread (file I/O): call it before connecting.
     *
     * @param dir             the directory.
     * @param explicitPrefix  the prefix the configuration sets, or null to use the persisted (or generated) one.
     * @param generatedPrefix the prefix to persist on a first start when none is set.
     * @param prefixKey       the configuration key of the prefix, for the error when it contradicts the state.
     * @param category        the product category the engine trades; the state records it.
     * @param categoryKey     the configuration key of the category, for the error when it contradicts the state.
     * @param format          snapshot wire format.
     * @param flushIntervalMs snapshot period while changes arrive.
     * @param journalCapacity journal records, a power of two.
     * @param nowMillis       wall-clock time, for a new identity.
     * @param errorHandler    where an unusable state is reported (the log line) and persistence failures go.
     * @return the store; {@link #start()} starts its thread.
     */
    public static EngineStateStore open(
        final Path dir,
        final String explicitPrefix,
        final String generatedPrefix,
        final String prefixKey,
        final String category,
        final String categoryKey,
        final StateFileCodec.Format format,
        final long flushIntervalMs,
        final int journalCapacity,
        final long nowMillis,
        final ErrorHandler errorHandler)
    {
        final Path heldPath;
        try
        {
            Files.createDirectories(dir);
            heldPath = dir.toRealPath();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the state directory " + dir, ex);
        }
        if (!HELD.add(heldPath))
        {
            throw new IllegalStateException("state directory " + dir + " is in use by another engine in this process");
        }
        FileChannel lockChannel = null;
        try
        {
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try
            {
                lock = lockChannel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                // something in this JVM other than a store holds the lock: closing this channel would drop it
                NEVER_CLOSED.add(lockChannel);
                lockChannel = null;
                lock = null;
            }
            if (null == lock)
            {
                throw new IllegalStateException("state directory " + dir + " is in use by another engine");
            }
            return load(dir, heldPath, lockChannel, lock, explicitPrefix, generatedPrefix, prefixKey, category,
                categoryKey, format, flushIntervalMs, journalCapacity, nowMillis, errorHandler);
        }
        catch (final IOException ex)
        {
            release(heldPath, lockChannel);
            throw new UncheckedIOException("cannot open the state directory " + dir, ex);
        }
        catch (final RuntimeException ex)
        {
            release(heldPath, lockChannel);
            throw ex;
        }
    }

    private static EngineStateStore load(
        final Path dir,
        final Path heldPath,
        final FileChannel lockChannel,
        final FileLock lock,
        final String explicitPrefix,
        final String generatedPrefix,
        final String prefixKey,
        final String category,
        final String categoryKey,
        final StateFileCodec.Format format,
        final long flushIntervalMs,
        final int journalCapacity,
        final long nowMillis,
        final ErrorHandler errorHandler) throws IOException
    {
        final Path stateFile = dir.resolve(STATE_FILE);
        final File journalFile = dir.resolve(JOURNAL_FILE).toFile();
        String problem = null;
        EngineState state = null;
        try
        {
            state = StateFileCodec.read(stateFile);
        }
        catch (final StateCorruptException ex)
        {
            problem = ex.getMessage();
        }
        final StateJournal previous = StateJournal.openExisting(journalFile);
        // a damaged header's epoch is no epoch: the new one only has to exceed the snapshot's
        final boolean headerIntact = null != previous && previous.headerIntact();
        long replayed = 0;
        long maxEpoch = headerIntact ? previous.epoch() : 0;
        // damage that leaves the state provable (reported, the state still used); a problem leaves it unknown
        String damage = null;
        try
        {
            if (null != state)
            {
                maxEpoch = Math.max(maxEpoch, state.journalEpoch);
                if (null == previous)
                {
                    if (journalFile.exists())
                    {
                        problem = "journal " + journalFile + " is unreadable";
                    }
                }
                else if (headerIntact && previous.epoch() > state.journalEpoch)
                {
                    problem = "the journal (epoch " + previous.epoch() + ") is newer than the state file (epoch " +
                        state.journalEpoch + "): the state file is an old one";
                }
                else if (!headerIntact || previous.epoch() == state.journalEpoch)
                {
                    if (!headerIntact)
                    {
                        damage = "the journal header's checksum does not match (its epoch, capacity or prefix is " +
                            "damaged)";
                    }
                    if (previous.hasOverflowed())
                    {
                        problem = "the journal overflowed (the state was not saved fast enough) before the stop";
                    }
                    final long from = state.journalPosition;
                    final long torn = null == problem ? replay(previous, state) : -1;
                    replayed = state.journalPosition - from;
                    if (torn >= 0)
                    {
                        problem = "journal record " + torn + " is torn (the journal says records up to " +
                            previous.publishedPosition() + " were written)";
                    }
                }
                // an older journal is one the state file already covers: a stop between the two writes of a start
            }
            else if (null == problem && (null != previous || journalFile.exists()))
            {
                problem = "the state file is missing but a journal exists";
            }

            final Outcome outcome;
            final EngineState usable;
            if (null != problem)
            {
                outcome = Outcome.CORRUPT;
                usable = new EngineState();
                // salvage the identity: the journal header and the state file both carry it
                String prefix = headerIntact ? previous.prefix() : null;
                final String journalCategory = headerIntact ? previous.category() : null;
                usable.category = null != state ? state.category : null == journalCategory ? "" : journalCategory;
                long reservedUpTo = null != previous ? previous.reservedUpTo() : 0;
                if (null != state)
                {
                    prefix = null != prefix && !prefix.isEmpty() ? prefix : state.prefix;
                    reservedUpTo = Math.max(reservedUpTo, state.reservedUpTo);
                    usable.engineId = state.engineId;
                    usable.createdMillis = state.createdMillis;
                }
                usable.prefix = null == prefix ? "" : prefix;
                usable.reservedUpTo = reservedUpTo;
            }
            else if (null == state)
            {
                outcome = Outcome.FRESH;
                usable = new EngineState();
            }
            else
            {
                outcome = null == damage ? Outcome.LOADED : Outcome.CORRUPT;
                usable = state;
            }

            if (usable.prefix.isEmpty())
            {
                usable.prefix = null != explicitPrefix ? explicitPrefix : generatedPrefix;
            }
            else if (null != explicitPrefix && !explicitPrefix.equals(usable.prefix))
            {
                throw new ConfigurationException(prefixKey, "the state directory " + dir + " belongs to prefix '" +
                    usable.prefix + "'; use it, or delete the directory to start a new identity");
            }
            checkCategory(usable, null == problem, category, categoryKey, dir);
            if (usable.engineId.isEmpty())
            {
                usable.engineId = UUID.randomUUID().toString();
                usable.createdMillis = nowMillis;
            }
            final String detail;
            if (null != problem)
            {
                detail = "state in " + dir + " unusable: " + problem + (null == damage ? "" : "; " + damage) +
                    "; starting from a full reconcile (open orders with prefix '" + usable.prefix + "' are adopted " +
                    "and their fills replayed as synthetic, so fills delivered before the stop may repeat)";
            }
            else if (null != damage)
            {
                detail = "state in " + dir + " damaged: " + damage + "; the snapshot and the " + replayed +
                    " journal records after it that check against its epoch are used (each record carries its own " +
                    "checksum), and the startup reconcile runs as usual";
            }
            else
            {
                detail = "";
            }
            if (!detail.isEmpty())
            {
                errorHandler.onError(new StateCorruptException(detail));
            }

            final long firstId = usable.reservedUpTo + 1;
            usable.reservedUpTo += ID_BLOCK;
            usable.journalEpoch = maxEpoch + 1;
            usable.journalPosition = 0;

            StateFileCodec.write(stateFile, usable, format);
            final StateJournal journal = StateJournal.create(
                journalFile, journalCapacity, usable.journalEpoch, usable.prefix, usable.category, usable.reservedUpTo);
            // the persister gets its own copy: the handler reads the loaded one while restoring its orders
            final EngineState persisted = StateFileCodec.decode(StateFileCodec.encode(usable, format));
            final StatePersister persister =
                new StatePersister(journal, persisted, stateFile, format, flushIntervalMs, errorHandler);
            return new EngineStateStore(
                dir, heldPath, lockChannel, lock, usable, outcome, detail, firstId, replayed, journal, persister);
        }
        finally
        {
            if (null != previous)
            {
                previous.unmap();
            }
        }
    }

    /**
     * Recovery asks Bybit about the state's orders in the configured category only: started with another one, the
     * engine would never see those orders again, nor deliver their fills. So a category that contradicts the state
     * fails the start, unless the state is known (not unusable) and holds no open order, when nothing of the old
     * category is left to follow and the engine moves to the new one. A state that names no category (written by
     * version 1) takes the configured one.
     */
    private static void checkCategory(
        final EngineState usable,
        final boolean ordersKnown,
        final String category,
        final String categoryKey,
        final Path dir)
    {
        if (!usable.category.isEmpty() && !usable.category.equals(category) &&
            (!ordersKnown || !usable.orders.isEmpty()))
        {
            throw new ConfigurationException(categoryKey, "the state directory " + dir + " belongs to category '" +
                usable.category + "' and " + (ordersKnown ? "holds " + usable.orders.size() + " open order(s)" :
                "its open orders are unknown (the state is unusable)") + ", which category '" + category +
                "' would never see again; start with category '" + usable.category + "' until they have ended");
        }
        usable.category = category;
    }

    /**
     * Apply the records a crashed process left after the snapshot. Records are the commit: every record that checks
     * out (its position, its checksum seeded with the snapshot's epoch) is applied, in order, until the first that does
     * not, even past the producer position the header says was published; the handler writes a record before it
     * delivers the event, so a record there may have been delivered. A published position above the last valid record
     * means a published record is damaged.
     *
     * @return the position of the first damaged record the journal says was published, or -1; the state's
     * {@code journalPosition} is left at the replay's end.
     */
    private static long replay(final StateJournal journal, final EngineState state)
    {
        final long from = state.journalPosition;
        long position = from;
        while (position - from < journal.capacity() && journal.isValid(position, state.journalEpoch))
        {
            state.apply(journal.buffer(), journal.recordOffset(position));
            position++;
        }
        state.journalPosition = position;
        return journal.publishedPosition() > position ? position : -1;
    }

    /**
     * Start the persistence thread.
     *
     * @param threadName its name.
     */
    public synchronized void start(final String threadName)
    {
        if (null == thread && !closed)
        {
            thread = new Thread(persister, threadName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Save what is published, stop the thread, release the directory. Call after the handler thread has stopped
     * writing (after the client is closed). Idempotent.
     */
    public synchronized void close()
    {
        stop(false);
    }

    /**
     * Stop as a killed process would: no last snapshot; what the journal holds is what the next start finds. The
     * directory lock is released (the operating system does that for a dead process). For restart tests and the demo.
     */
    public synchronized void halt()
    {
        stop(true);
    }

    private void stop(final boolean crash)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (crash)
        {
            persister.halt();
        }
        else
        {
            persister.stop();
        }
        journal.close();
        if (null != thread)
        {
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        else if (!crash)
        {
            persister.run(); // never started: save on this thread
        }
        ChronicleThreadLocals.releaseEndedThreads(); // the state thread, and a handler thread already joined
        try
        {
            lock.release();
        }
        catch (final IOException ignore)
        {
            // the channel closes next, which releases it too
        }
        release(heldPath, lockChannel);
    }

    /**
     * @return what the directory held.
     */
    public Outcome outcome()
    {
        return outcome;
    }

    /**
     * @return why the state was not used, empty when it was.
     */
    public String detail()
    {
        return detail;
    }

    /**
     * @return the state as loaded (identity, orders, watermark); the handler restores its orders from it.
     */
    public EngineState loaded()
    {
        return loaded;
    }

    /**
     * @return the first client order id this process may hand out.
     */
    public long firstClientOrderId()
    {
        return firstClientOrderId;
    }

    /**
     * @return journal records of the previous process applied over its last snapshot.
     */
    public long replayedRecords()
    {
        return replayedRecords;
    }

    /**
     * @return the journal the handler writes changes into.
     */
    public StateJournal journal()
    {
        return journal;
    }

    /**
     * @return snapshots written by this process's persister.
     */
    public long snapshots()
    {
        return persister.snapshots();
    }

    /**
     * @return the directory.
     */
    public Path dir()
    {
        return dir;
    }

    /** Close the lock file's channel (dropping its lock), then let this JVM open the directory again. */
    private static void release(final Path heldPath, final FileChannel lockChannel)
    {
        closeQuietly(lockChannel);
        HELD.remove(heldPath);
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // nothing to do about a failed close of a lock file
            }
        }
    }
}
