package com.qkt.broker.bybit.account;

import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.Side;

import java.util.ArrayList;

/**
 * The last known state of each position (category and symbol), and the rule that keeps it true when pushes and REST
 * snapshots cross: Bybit stamps every position update with the cross sequence ({@code seq}) of the fill that made it,
 * so an item whose {@code seq} is lower than the one held is older and never overwrites it, whether push or snapshot.
 * An equal {@code seq} is the same position state (only the mark, hence unrealised PnL, may have moved) and applies.
 * <p>
 * A snapshot lists open positions only: a position held here as open that a complete snapshot does not list was
 * closed while we were not looking, unless it changed after the snapshot was taken: its {@code updatedTime} is not
 * older than the reply's time, or a push for it arrived after the snapshot was asked for (the reply's time is stamped
 * when it is sent, so a position opened between the exchange's read and that stamp would otherwise be taken as
 * closed, and stay so until it next changes). A {@code PositionUpdate} goes out when side, size, average price, unrealised PnL or
 * {@code seq} change. Entries are found by a linear scan; a position seen for the first time allocates its entry once.
 */
final class PositionBook
{
    /** One position's last known state. */
    static final class Entry
    {
        final AsciiField category = new AsciiField(16);
        final AsciiField symbol = new AsciiField(24);
        Side side;
        final FixedDecimal size = new FixedDecimal(0, 0);
        final FixedDecimal avgPrice = new FixedDecimal(0, 0);
        final FixedDecimal unrealisedPnl = new FixedDecimal(0, 0);
        long seq = Long.MIN_VALUE;
        long updatedTime;
        long seenInSnapshot;
        long lastPush;
        boolean reported;
    }

    private final ArrayList<Entry> entries = new ArrayList<>();
    private final AccountEventEmitter emitter;
    private long snapshot;
    private long staleSkipped;
    private long pushesApplied;
    private long pushesAtSnapshotStart;

    PositionBook(final AccountEventEmitter emitter)
    {
        this.emitter = emitter;
    }

    /**
     * @param position one item of a {@code position} push.
     */
    void applyPush(final BybitPosition position)
    {
        final Entry entry = findOrAdd(position.category(), position.symbol());
        if (position.seq() < entry.seq)
        {
            staleSkipped++;
            return;
        }
        entry.lastPush = ++pushesApplied;
        update(entry, position, false);
    }

    /**
     * A snapshot of {@code category} starts: items follow through {@link #applySnapshot}, then {@link #endSnapshot}.
     */
    void beginSnapshot()
    {
        snapshot++;
        pushesAtSnapshotStart = pushesApplied;
    }

    /**
     * @param position one item of a position-list reply (its category already filled in).
     */
    void applySnapshot(final BybitPosition position)
    {
        final Entry entry = findOrAdd(position.category(), position.symbol());
        entry.seenInSnapshot = snapshot;
        if (position.seq() < entry.seq)
        {
            staleSkipped++;
            return;
        }
        update(entry, position, true);
    }

    /**
     * Every page of {@code category} was read: positions held as open that it did not list were closed.
     *
     * @param category     the category snapshotted.
     * @param snapshotTime the exchange time of the first page's reply.
     */
    void endSnapshot(final CharSequence category, final long snapshotTime)
    {
        for (int i = 0, n = entries.size(); i < n; i++)
        {
            final Entry entry = entries.get(i);
            if (entry.seenInSnapshot != snapshot && entry.category.contentEquals(category) &&
                !entry.size.isZero() && entry.updatedTime < snapshotTime && entry.lastPush <= pushesAtSnapshotStart)
            {
                entry.side = null;
                entry.size.set(0, 0);
                entry.avgPrice.set(0, 0);
                entry.unrealisedPnl.set(0, 0);
                entry.updatedTime = snapshotTime;
                entry.reported = true;
                emitter.position(entry, true);
            }
        }
    }

    private void update(final Entry entry, final BybitPosition item, final boolean snapshot)
    {
        final boolean changed = !entry.reported ||
            entry.side != item.side() ||
            entry.seq != item.seq() ||
            entry.size.compareTo(item.size()) != 0 ||
            entry.avgPrice.compareTo(item.entryPrice()) != 0 ||
            entry.unrealisedPnl.compareTo(item.unrealisedPnl()) != 0;
        entry.side = item.side();
        entry.size.set(item.size());
        entry.avgPrice.set(item.entryPrice());
        entry.unrealisedPnl.set(item.unrealisedPnl());
        entry.seq = item.seq();
        if (item.updatedTime() > entry.updatedTime)
        {
            entry.updatedTime = item.updatedTime();
        }
        if (changed)
        {
            entry.reported = true;
            emitter.position(entry, snapshot);
        }
    }

    private Entry findOrAdd(final AsciiField category, final AsciiField symbol)
    {
        for (int i = 0, n = entries.size(); i < n; i++)
        {
            final Entry entry = entries.get(i);
            if (entry.symbol.contentEquals(symbol) && entry.category.contentEquals(category))
            {
                return entry;
            }
        }
        final Entry entry = new Entry();
        entry.category.set(category);
        entry.symbol.set(symbol);
        entries.add(entry);
        return entry;
    }

    /**
     * @param category e.g. linear.
     * @param symbol   e.g. BTCUSDT.
     * @return the position's state, or null if never seen.
     */
    Entry position(final CharSequence category, final CharSequence symbol)
    {
        for (int i = 0, n = entries.size(); i < n; i++)
        {
            final Entry entry = entries.get(i);
            if (entry.symbol.contentEquals(symbol) && entry.category.contentEquals(category))
            {
                return entry;
            }
        }
        return null;
    }

    long staleSkipped()
    {
        return staleSkipped;
    }
}
