package com.qkt.broker.bybit.account;

import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.broker.bybit.BybitTransport;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.events.BrokerEventPublisher;
import org.agrona.ErrorHandler;

/**
 * The account's wallet and positions as the strategy sees them: live {@code wallet} and {@code position} pushes and
 * REST snapshots (at start, after every reconnect, in the periodic reconcile) go through the same books, which emit
 * {@code WalletUpdate} / {@code PositionUpdate} when something changed and never let an older snapshot overwrite a
 * newer push. Pushes are applied on the handler thread without allocating.
 * <p>
 * Public only because the order manager that receives the stream lives in a sibling package.
 */
public final class AccountTracker
{
    private static final String DEFAULT_POSITION_CATEGORY = "linear";

    private final WalletBook wallet;
    private final PositionBook positions;
    private final AccountSnapshots snapshots;
    private final String pushCategory;
    private long walletPushes;
    private long positionPushes;

    /**
     * @param transport    the Bybit connection (REST and timers).
     * @param publisher    the broker's event publisher (one reused buffer).
     * @param errorHandler where failed snapshots are reported.
     * @param ctx          configuration, concluded.
     */
    public AccountTracker(
        final BybitTransport transport,
        final BrokerEventPublisher publisher,
        final ErrorHandler errorHandler,
        final BybitSpotBrokerContext ctx)
    {
        final AccountEventEmitter emitter = new AccountEventEmitter(publisher);
        this.wallet = new WalletBook(emitter);
        this.positions = new PositionBook(emitter);
        this.snapshots = new AccountSnapshots(transport, wallet, positions, errorHandler, ctx);
        final String[] categories = ctx.positionCategories();
        this.pushCategory = categories.length > 0 ? categories[0] : DEFAULT_POSITION_CATEGORY;
    }

    /**
     * @param item         one account item of a {@code wallet} push.
     * @param creationTime the push's exchange time.
     */
    public void onWallet(final BybitWallet item, final long creationTime)
    {
        walletPushes++;
        wallet.applyPush(item, creationTime);
    }

    /**
     * @param item one item of a {@code position} push.
     */
    public void onPosition(final BybitPosition item)
    {
        positionPushes++;
        if (item.category().isEmpty())
        {
            item.category().set(pushCategory); // the bare topic's items name it; a topic per category may not
        }
        positions.applyPush(item);
    }

    /**
     * Take the wallet and position snapshots now (or right after the one in progress).
     */
    public void refresh()
    {
        snapshots.refresh();
    }

    /**
     * @return wallet push items received.
     */
    public long walletPushes()
    {
        return walletPushes;
    }

    /**
     * @return position push items received.
     */
    public long positionPushes()
    {
        return positionPushes;
    }

    /**
     * @return snapshot passes finished (complete or given up).
     */
    public long snapshotsCompleted()
    {
        return snapshots.completed();
    }

    /**
     * @return pushes and snapshot items skipped because a newer state was already held.
     */
    public long staleUpdatesSkipped()
    {
        return wallet.staleSkipped() + positions.staleSkipped();
    }

    /**
     * @return true while a snapshot pass is running.
     */
    public boolean isSnapshotRunning()
    {
        return snapshots.isRunning();
    }
}
