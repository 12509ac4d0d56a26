package com.qkt.broker.bybit.state;

import org.agrona.ErrorHandler;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The persistence thread's loop: reads the {@link StateJournal} up to what the handler published, applies the records
 * to its own {@link EngineState}, and writes a snapshot ({@link StateFileCodec}, atomic) at most every flush interval,
 * or sooner when the journal is half full; only then does it free the journal slots the snapshot covers.
 * <p>
 * Freeing slots needs a snapshot that survives the process (written and renamed), not one on the platters: the
 * journal it replaces was never fsynced either. A snapshot is fsynced when it carries a new id reservation (ids must
 * never be reused, even after a machine crash) and otherwise at most every {@value #FSYNC_INTERVAL_MS} ms, which
 * bounds what a machine crash can take back; a disk that is slow to sync then never stalls the journal.
 * All file I/O of the engine state happens here, never on the handler thread.
 */
final class StatePersister implements Runnable
{
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long FSYNC_INTERVAL_MS = 1_000;

    private final StateJournal journal;
    private final EngineState state;
    private final Path file;
    private final StateFileCodec.Format format;
    private final long flushIntervalNs;
    private final ErrorHandler errorHandler;
    private volatile boolean running = true;
    private volatile boolean halted;
    private volatile long snapshots;
    private long readPosition;
    private long lastSnapshotNs;
    private boolean dirty;
    private boolean broken;
    private long lastFsyncNs;
    private long fsyncedReservedUpTo = -1;

    StatePersister(
        final StateJournal journal,
        final EngineState state,
        final Path file,
        final StateFileCodec.Format format,
        final long flushIntervalMs,
        final ErrorHandler errorHandler)
    {
        this.journal = journal;
        this.state = state;
        this.file = file;
        this.format = format;
        this.flushIntervalNs = TimeUnit.MILLISECONDS.toNanos(flushIntervalMs);
        this.errorHandler = errorHandler;
        this.lastSnapshotNs = System.nanoTime();
    }

    public void run()
    {
        while (running)
        {
            drain();
            final long now = System.nanoTime();
            if (dirty && (now - lastSnapshotNs >= flushIntervalNs ||
                readPosition - journal.durablePosition() >= journal.capacity() / 2))
            {
                snapshot(now);
            }
            if (journal.publishedPosition() - readPosition < journal.capacity() / 4)
            {
                // work in batches: records wait in the journal, and a thread that polls it without a pause would take
                // a core from the handler on a small machine
                LockSupport.parkNanos(IDLE_PARK_NS);
            }
        }
        if (!halted)
        {
            drain();
            if (dirty)
            {
                snapshot(System.nanoTime());
            }
        }
    }

    /**
     * Finish: apply what is published, write a last snapshot, return.
     */
    void stop()
    {
        running = false;
    }

    /**
     * Stop at once with no last snapshot, as a killed process would.
     */
    void halt()
    {
        halted = true;
        running = false;
    }

    long snapshots()
    {
        return snapshots;
    }

    private int drain()
    {
        if (broken)
        {
            return 0;
        }
        final long published = journal.publishedPosition();
        int applied = 0;
        while (readPosition < published)
        {
            if (!journal.isValid(readPosition))
            {
                broken = true;
                errorHandler.onError(new StateCorruptException("state journal record " + readPosition +
                    " is not intact; the state stops being saved and the next start reconciles in full"));
                return applied;
            }
            state.apply(journal.buffer(), journal.recordOffset(readPosition));
            readPosition++;
            applied++;
            dirty = true;
        }
        return applied;
    }

    private void snapshot(final long nowNs)
    {
        lastSnapshotNs = nowNs;
        state.journalPosition = readPosition;
        try
        {
            final boolean fsync = state.reservedUpTo != fsyncedReservedUpTo ||
                nowNs - lastFsyncNs >= TimeUnit.MILLISECONDS.toNanos(FSYNC_INTERVAL_MS) || !running;
            StateFileCodec.write(file, state, format, false);
            // the slots are free once the snapshot survives the process; the fsync after it never holds them
            journal.durablePosition(readPosition);
            if (fsync)
            {
                StateFileCodec.force(file);
                lastFsyncNs = nowNs;
                fsyncedReservedUpTo = state.reservedUpTo;
            }
            dirty = false;
            snapshots++;
        }
        catch (final Exception ex)
        {
            errorHandler.onError(new IllegalStateException("state snapshot to " + file + " failed; retrying", ex));
        }
    }
}
