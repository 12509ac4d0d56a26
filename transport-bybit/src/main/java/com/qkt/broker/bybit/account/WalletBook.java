package com.qkt.broker.bybit.account;

import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;

import java.util.ArrayList;

/**
 * The last known balance of each coin, and the rule that keeps it true when pushes and REST snapshots cross: each
 * coin remembers the exchange time of the update it holds (a push's {@code creationTime}, a snapshot reply's
 * {@code time}). A push applies unless an update of a later time is already held; a snapshot applies only when it is
 * strictly newer than what is held, so a snapshot taken before a push that already arrived never overwrites it (at the
 * same millisecond the push wins: it names the change). A snapshot's time is stamped when the reply is made, which can
 * be after a push that its content does not hold yet, so times alone can let an older balance overwrite a newer one:
 * a push that arrived after the snapshot was asked for therefore also wins over it. Pushes carry a coin's whole state
 * and follow every change, so keeping such a push is never wrong for long: any change the snapshot saw after the
 * push brings a push of its own. A {@code WalletUpdate} goes out when a coin's values change.
 * <p>
 * Coins are found by a linear scan (an account holds a handful); a coin seen for the first time allocates its entry
 * once, after which updates allocate nothing.
 */
final class WalletBook
{
    /** One coin's last known state. */
    static final class CoinState
    {
        final AsciiField coin = new AsciiField(16);
        final FixedDecimal walletBalance = new FixedDecimal();
        final FixedDecimal equity = new FixedDecimal();
        final FixedDecimal available = new FixedDecimal();
        final FixedDecimal locked = new FixedDecimal();
        long updatedTime;
        long lastPush;
        boolean reported;
    }

    private final ArrayList<CoinState> coins = new ArrayList<>();
    private final AccountEventEmitter emitter;
    private long staleSkipped;
    private long pushesApplied;
    private long pushesAtSnapshotRequest;

    WalletBook(final AccountEventEmitter emitter)
    {
        this.emitter = emitter;
    }

    /**
     * @param wallet       one account item of a {@code wallet} push.
     * @param creationTime the push's exchange time; 0 when it had none (then it applies and moves no clock).
     */
    void applyPush(final BybitWallet wallet, final long creationTime)
    {
        for (int i = 0, n = wallet.coinCount(); i < n; i++)
        {
            final BybitWallet.Coin item = wallet.coin(i);
            final CoinState state = findOrAdd(item.coin());
            if (creationTime != 0 && creationTime < state.updatedTime)
            {
                staleSkipped++;
                continue;
            }
            state.lastPush = ++pushesApplied;
            update(state, item, Math.max(creationTime, state.updatedTime), false);
        }
    }

    /**
     * A wallet-balance request is going out: a push applied from now on wins over its reply.
     */
    void snapshotRequested()
    {
        pushesAtSnapshotRequest = pushesApplied;
    }

    /**
     * @param wallet       one account item of a wallet-balance reply.
     * @param snapshotTime the reply's exchange time.
     */
    void applySnapshot(final BybitWallet wallet, final long snapshotTime)
    {
        for (int i = 0, n = wallet.coinCount(); i < n; i++)
        {
            final BybitWallet.Coin item = wallet.coin(i);
            final CoinState state = findOrAdd(item.coin());
            if (state.reported && (snapshotTime <= state.updatedTime || state.lastPush > pushesAtSnapshotRequest))
            {
                staleSkipped++;
                continue;
            }
            update(state, item, snapshotTime, true);
        }
    }

    private void update(final CoinState state, final BybitWallet.Coin item, final long time, final boolean snapshot)
    {
        final boolean changed = !state.reported ||
            state.walletBalance.compareTo(item.walletBalance()) != 0 ||
            state.equity.compareTo(item.equity()) != 0 ||
            state.available.compareTo(item.availableToWithdraw()) != 0 ||
            state.locked.compareTo(item.locked()) != 0;
        state.walletBalance.set(item.walletBalance());
        state.equity.set(item.equity());
        state.available.set(item.availableToWithdraw());
        state.locked.set(item.locked());
        state.updatedTime = time;
        if (changed)
        {
            state.reported = true;
            emitter.wallet(state, snapshot);
        }
    }

    private CoinState findOrAdd(final AsciiField coin)
    {
        for (int i = 0, n = coins.size(); i < n; i++)
        {
            final CoinState state = coins.get(i);
            if (state.coin.contentEquals(coin))
            {
                return state;
            }
        }
        final CoinState state = new CoinState();
        state.coin.set(coin);
        coins.add(state);
        return state;
    }

    /**
     * @param coin e.g. USDT.
     * @return the coin's state, or null if never seen.
     */
    CoinState coin(final CharSequence coin)
    {
        for (int i = 0, n = coins.size(); i < n; i++)
        {
            if (coins.get(i).coin.contentEquals(coin))
            {
                return coins.get(i);
            }
        }
        return null;
    }

    long staleSkipped()
    {
        return staleSkipped;
    }
}
