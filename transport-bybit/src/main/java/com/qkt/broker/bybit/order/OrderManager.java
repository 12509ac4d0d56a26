package com.qkt.broker.bybit.order;

import com.qkt.broker.bybit.BybitProtocolException;
import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.broker.bybit.BybitTransport;
import com.qkt.broker.bybit.account.AccountTracker;
import com.qkt.broker.bybit.protocol.BybitExecType;
import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitOrderStatus;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.broker.bybit.state.EngineState;
import com.qkt.broker.bybit.state.EngineStateStore;
import com.qkt.broker.bybit.state.PersistedOrder;
import com.qkt.broker.bybit.state.StateFileCodec;
import com.qkt.broker.bybit.state.StateJournal;
import com.qkt.broker.bybit.stream.BybitStreamListener;
import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.CancelCause;
import com.qkt.codecs.ConnectionState;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.ServerTimeOffsetKind;
import com.qkt.codecs.RestAccess;
import com.qkt.codecs.Side;
import com.qkt.codecs.StateOutcome;
import com.qkt.common.timer.TimerListener;
import com.qkt.dedup.ExecIdWindow;
import com.qkt.events.BrokerEventListener;
import com.qkt.events.BrokerEventPublisher;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2LongHashMap;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The order state machine behind {@link com.qkt.broker.bybit.BybitSpotBroker}: applies order and execution items,
 * live or recovered, to the tracked orders, deduplicates fills by exec id, keeps each order's cumulative quantity
 * monotonic and holds an order's terminal event back until every fill the exchange reported for it is out. Wires its
 * helpers together: {@link OrderBook} (the working orders), {@link OrderEntry} (submit/cancel and their replies),
 * {@link BrokerEventEmitter} (the SBE events) and {@link BybitStateRecovery} (REST recovery).
 * <p>
 * Public only because the facade lives in the parent package; every method runs on the handler thread.
 * <p>
 * Longer than the ~500 lines we aim for: one job (the state machine of an order, every transition in one place);
 * about a fifth of it is the public forwarding and statistics the facade reaches across the package boundary.
 */
public final class OrderManager implements BybitStreamListener, RestReplyListener, TimerListener
{
    private static final byte[] CANCEL_BY_DCP = "CancelByDCP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CANCEL_BY_USER = "CancelByUser".getBytes(StandardCharsets.US_ASCII);

    /** {@code OrderRejected.reasonCode} when the order's {@code orderLinkId} turned out to name another order. */
    public static final int REJECT_ID_COLLISION = -2;

    private final StringBuilder collisionReason = new StringBuilder(160);
    private final BybitTransport transport;
    private final BybitSpotBrokerContext ctx;
    private final ErrorHandler errorHandler;
    private final BrokerEventEmitter emitter;
    private final ExecIdWindow dedup;
    private final BybitStateRecovery recovery;
    private final OrderBook book;
    private final OrderEntry entry;
    private final ForeignOrders foreign;
    /** Orders this process ended: an older REST view listing one open must not bring it back. */
    private final EndedOrders ended;
    /** Null when nothing is persisted. */
    private final EngineStateStore store;
    /** Null when nothing is persisted. */
    private final StateJournal journal;
    private final StateOutcome stateOutcome;
    private boolean startupPending = true;
    private boolean startupStarted;
    private int adoptedFromState;
    private int adoptedFromExchange;
    private long foreignSeenAtStartupStart;
    private final AccountTracker account;
    private final Long2LongHashMap clientOrderIdByTimer = new Long2LongHashMap(-1);
    private final FixedDecimal scratch = new FixedDecimal();
    private final FixedDecimal nextCumQty = new FixedDecimal();
    private final FixedDecimal nextLeavesQty = new FixedDecimal();
    /** Set by checkFill: the fill was refused for taking the order past its qty. */
    private boolean overfill;
    private final String prefix;
    private final long fillWaitNs;
    private long lastExecTimeSeen;
    private long lastExecTimeAtDrop;
    private boolean dropPending;
    private long reconcileTimerId = -1;
    /** Set by {@link #halt()}: the process counts as killed, nothing more reaches the strategy. */
    private volatile boolean halted;

    private long fillsDelivered;
    private long syntheticFills;
    private long duplicateFills;
    private long foreignEvents;
    private long malformedFills;
    private long malformedOrders;

    /**
     * Registers itself as the transport's stream listener.
     *
     * @param transport    the Bybit connection.
     * @param listener     receives the strategy-facing events on the handler thread.
     * @param errorHandler where errors go; never thrown at the transport.
     * @param ctx          configuration, already concluded.
     */
    public OrderManager(
        final BybitTransport transport,
        final BrokerEventListener listener,
        final ErrorHandler errorHandler,
        final BybitSpotBrokerContext ctx)
    {
        this.transport = transport;
        this.ctx = ctx;
        this.errorHandler = errorHandler;
        // a halted engine is a killed one: whatever its handler still processes never reaches the strategy
        final BrokerEventListener strategy = (buffer, offset, length) ->
        {
            if (!halted)
            {
                listener.onBrokerEvent(buffer, offset, length);
            }
        };
        final BrokerEventPublisher publisher = new BrokerEventPublisher(strategy, errorHandler);
        this.emitter = new BrokerEventEmitter(transport, publisher);
        this.account = new AccountTracker(transport, publisher, errorHandler, ctx);
        this.dedup = new ExecIdWindow(ctx.dedupWindow(), 40);
        this.ended = new EndedOrders(ctx.dedupWindow());
        this.store = null == ctx.stateDir() ? null : EngineStateStore.open(
            ctx.stateDir(),
            ctx.explicitOrderLinkIdPrefix(),
            ctx.orderLinkIdPrefix(),
            BybitSpotBrokerContext.ORDER_LINK_ID_PREFIX_PROP,
            ctx.category(),
            BybitSpotBrokerContext.CATEGORY_PROP,
            ctx.stateFormat() == BybitSpotBrokerContext.StateFormat.YAML ?
                StateFileCodec.Format.YAML : StateFileCodec.Format.BINARY,
            ctx.stateFlushMs(),
            StateJournal.DEFAULT_CAPACITY,
            transport.epochClock().time(),
            errorHandler);
        this.journal = null == store ? null : store.journal();
        this.stateOutcome = outcome(store);
        this.prefix = null == store ? ctx.orderLinkIdPrefix() : store.loaded().prefix();
        this.fillWaitNs = TimeUnit.MILLISECONDS.toNanos(ctx.fillWaitMs());
        this.book = new OrderBook(prefix);
        this.recovery = new BybitStateRecovery(transport, this, book, ctx, errorHandler);
        this.entry = new OrderEntry(this, transport, book, recovery, errorHandler, ctx.category(), prefix, journal,
            null == store ? 1 : store.firstClientOrderId(),
            null == store ? Long.MAX_VALUE : store.loaded().reservedUpTo());
        this.foreign = new ForeignOrders(transport, emitter, errorHandler, ctx.foreignOrders(), ctx.category());
        try
        {
            if (null != store)
            {
                restore(store.loaded());
                store.start("qkt-state");
            }
            transport.streamListener(this); // throws off the handler thread
        }
        catch (final RuntimeException | Error ex)
        {
            // the caller gets no broker to close: let go of the state directory (its lock, its thread) here
            releaseStore(ex);
            throw ex;
        }
    }

    /**
     * After a construction that failed once the state store was open: stop as a kill would (nothing more marked or
     * delivered) and let go of the state directory; what that throws is added to {@code cause}.
     *
     * @param cause why the construction failed.
     */
    public void releaseStore(final Throwable cause)
    {
        halted = true;
        if (null != store)
        {
            try
            {
                store.halt();
            }
            catch (final RuntimeException ex)
            {
                cause.addSuppressed(ex);
            }
        }
    }

    private static StateOutcome outcome(final EngineStateStore store)
    {
        if (null == store)
        {
            return StateOutcome.NOT_PERSISTED;
        }
        switch (store.outcome())
        {
            case LOADED:
                return StateOutcome.LOADED;
            case CORRUPT:
                return StateOutcome.CORRUPT;
            default:
                return StateOutcome.FRESH;
        }
    }

    /**
     * Track the orders the state directory knows open again, with what was delivered of them; the startup reconcile
     * then tells which are still open (adopted) and which ended meanwhile (terminal event), and delivers the fills
     * made while the engine was down.
     */
    private void restore(final EngineState state)
    {
        for (final PersistedOrder persisted : state.orders())
        {
            final TrackedOrder order = book.acquire();
            order.clientOrderId = persisted.clientOrderId();
            order.orderLinkId.set(prefix);
            order.orderLinkId.appendNatural(persisted.clientOrderId());
            order.symbol.set(persisted.symbol());
            order.side = persisted.side();
            order.orderType = persisted.orderType();
            order.qty.set(persisted.qtyMantissa(), persisted.qtyExponent());
            order.price.set(persisted.priceMantissa(), persisted.priceExponent());
            order.cumQty.set(persisted.cumMantissa(), persisted.cumExponent());
            order.exchangeCumQty.set(order.cumQty);
            order.acceptedEmitted = persisted.accepted();
            order.existenceConfirmed = persisted.accepted();
            order.restoredAccepted = persisted.accepted();
            order.submitMillis = persisted.submitMillis();
            order.adoptPending = true;
            for (int i = 0, n = persisted.execCount(); i < n; i++)
            {
                order.addExec(persisted.execHash(i));
            }
            book.add(order);
        }
        lastExecTimeSeen = state.lastExecTime();
    }

    // ---------------------------------------------------------------- commands (see BybitSpotBroker for the contract)

    /**
     * See {@link com.qkt.broker.bybit.BybitSpotBroker#submit}.
     */
    public long submit(
        final CharSequence symbol,
        final Side side,
        final OrderType orderType,
        final long qtyMantissa,
        final int qtyExponent,
        final long priceMantissa,
        final int priceExponent)
    {
        return entry.submit(symbol, side, orderType, qtyMantissa, qtyExponent, priceMantissa, priceExponent);
    }

    /**
     * See {@link com.qkt.broker.bybit.BybitSpotBroker#submitLimit}.
     */
    public long submitLimit(final CharSequence symbol, final Side side, final String qty, final String price)
    {
        return entry.submitLimit(symbol, side, qty, price);
    }

    /**
     * See {@link com.qkt.broker.bybit.BybitSpotBroker#submitMarket}.
     */
    public long submitMarket(final CharSequence symbol, final Side side, final String qty)
    {
        return entry.submitMarket(symbol, side, qty);
    }

    /**
     * See {@link com.qkt.broker.bybit.BybitSpotBroker#cancel}.
     */
    public boolean cancel(final long clientOrderId)
    {
        return entry.cancel(clientOrderId);
    }

    /**
     * Reconcile with REST now, as after a reconnect but without waiting for one.
     */
    public void reconcile()
    {
        recovery.start(transport.generation(), false);
        account.refresh();
    }

    // ---------------------------------------------------------------- stream (live and recovered)

    public void onOrder(final BybitOrder order)
    {
        applyOrder(order, false);
    }

    public void onExecution(final BybitExecution execution)
    {
        applyExecution(execution, false);
    }

    public boolean reconcilesOnStart()
    {
        return true;
    }

    public void onWallet(final BybitWallet wallet, final long creationTime)
    {
        account.onWallet(wallet, creationTime);
    }

    public void onPosition(final BybitPosition position)
    {
        account.onPosition(position);
    }

    public void onSessionReady(final long generation, final boolean reconnect)
    {
        // at start and after every reconnect: what the wallet and positions are now, whatever the gap hid
        account.refresh();
        // timers belong to the handler thread, so the periodic reconcile starts here rather than in the constructor
        if (ctx.reconcileIntervalMs() > 0 && reconcileTimerId == -1)
        {
            scheduleReconcile();
        }
        if (reconnect)
        {
            recovery.start(generation, true);
        }
    }

    public void onStartupSessionReady(final long generation)
    {
        onSessionReady(generation, false);
        if (startupPending && !startupStarted)
        {
            // the startup reconcile is a full pass too; the transport reports connected once it is done
            startupStarted = true;
            recovery.start(generation, true);
        }
    }

    public void onServerTimeOffset(
        final ServerTimeOffsetKind kind,
        final long offsetMillis,
        final long previousOffsetMillis,
        final long roundTripMicros,
        final long boundMillis)
    {
        emitter.serverTimeOffset(kind, offsetMillis, previousOffsetMillis, roundTripMicros, boundMillis);
    }

    public void onDisconnectProtection(
        final boolean armed,
        final int windowSeconds,
        final String product,
        final int retCode,
        final CharSequence reason,
        final long generation)
    {
        emitter.disconnectProtectionChanged(armed, windowSeconds, product, retCode, reason, generation);
    }

    public void onReconcileRequested()
    {
        if (!recovery.isRunningFull())
        {
            recovery.start(transport.generation(), false);
        }
    }

    public void onAccountRefreshRequested()
    {
        account.refresh();
    }

    public void onConnectionStateChanged(
        final ConnectionState state, final ConnectionState previous, final int attempt, final CharSequence reason)
    {
        if (ConnectionState.DISCONNECTED == state && !dropPending)
        {
            // fills seen after this moment come from the next session and must not move the recovery window forward
            dropPending = true;
            lastExecTimeAtDrop = lastExecTimeSeen;
        }
        emitter.connectionStateChanged(state, previous, attempt, reason);
    }

    public void onRestAccessChanged(
        final RestAccess state,
        final RestAccess previous,
        final int httpStatus,
        final int bans,
        final long holdNanos,
        final long resumeEpochMillis,
        final int queuedCalls)
    {
        emitter.restAccessChanged(state, previous, httpStatus, bans, holdNanos, resumeEpochMillis, queuedCalls);
    }

    void applyOrder(final BybitOrder order, final boolean synthetic)
    {
        final TrackedOrder tracked = book.find(order.orderLinkId());
        if (null == tracked || !OrderIdentity.matches(tracked, order))
        {
            // not ours, or another order under our orderLinkId (a reused prefix): never adopt its state
            foreignEvents++;
            if (book.ownId(order.orderLinkId()) < 0)
            {
                foreign.onOrder(order);
            }
            return;
        }
        if (synthetic)
        {
            tracked.refusedAfterConfirmation = false; // a lookup found it: the refusal was about a repeat, not the order
        }
        // validate, then apply: an item that contradicts what was delivered changes nothing, the exchange is asked
        if (!checkOrder(tracked, order))
        {
            malformedOrders++;
            errorHandler.onError(new BybitProtocolException("order item for " + tracked.orderLinkId + " (" +
                order.orderStatus() + ", qty " + order.qty() + ", cumExecQty " + order.cumExecQty() +
                ") contradicts the order (qty " + tracked.qty + ", delivered " + tracked.cumQty + "); not applied" +
                (synthetic ? "" : ", reconciling")));
            if (!synthetic)
            {
                onReconcileRequested();
            }
            return;
        }
        tracked.existenceConfirmed = true;
        if (tracked.orderId.isEmpty() && !order.orderId().isEmpty())
        {
            tracked.orderId.set(order.orderId());
        }
        if (order.qty().isPresent())
        {
            // the exchange's qty: an order amended on the exchange fills, and completes, against the new one
            tracked.qty.set(order.qty());
        }
        if (order.cumExecQty().isPresent())
        {
            if (synthetic && (order.orderStatus().isTerminal() || null == tracked.terminalStatus))
            {
                // a REST view is the exchange's record: it replaces what pushes reported, so one inflated push cannot
                // hold the order waiting for fills that never were. Not a working view of an order a push already
                // ended: that view may predate fills the push counted
                tracked.exchangeCumQty.set(order.cumExecQty());
                if (tracked.exchangeCumQty.compareTo(tracked.cumQty) < 0)
                {
                    tracked.exchangeCumQty.set(tracked.cumQty); // delivered fills happened, whatever a lagging view says
                }
            }
            else if (order.cumExecQty().compareTo(tracked.exchangeCumQty) > 0)
            {
                // pushes can arrive out of order: the highest one counts
                tracked.exchangeCumQty.set(order.cumExecQty());
            }
        }
        if (tracked.adoptPending)
        {
            tracked.adoptPending = false;
            if (!order.orderStatus().isTerminal() && order.orderStatus() != BybitOrderStatus.UNKNOWN)
            {
                emitter.adopted(tracked, tracked.exchangeCumQty, true);
                adoptedFromState++;
            }
        }

        final BybitOrderStatus status = order.orderStatus();
        switch (status)
        {
            case REJECTED:
                // held back like a cancel until every fill the exchange reported is delivered (compared with what
                // was reported, not with zero delivered: a fill pushed after the Rejected push must still go out)
                tracked.terminalStatus = status;
                tracked.terminalReason.set(order.rejectReason());
                finishIfComplete(tracked, synthetic);
                break;

            case FILLED:
            case CANCELLED:
            case PARTIALLY_FILLED_CANCELED:
            case DEACTIVATED:
                ensureAccepted(tracked, synthetic);
                tracked.terminalStatus = status;
                tracked.terminalReason.set(order.cancelType());
                tracked.cancelCause = cancelCause(order.cancelType());
                finishIfComplete(tracked, synthetic);
                break;

            case UNKNOWN:
                foreignEvents++;
                break;

            default:
                ensureAccepted(tracked, synthetic);
                entry.onOrderWorking(tracked, synthetic);
                if (!synthetic && book.isKnown(tracked, tracked.clientOrderId) && tracked.missingFills() &&
                    tracked.fillWaitTimerId == -1)
                {
                    // the push counts fills not delivered yet: they get fillWaitMs to arrive, as for a terminal
                    // order, rather than waiting for the periodic reconcile (or for ever without one). A recovered
                    // view needs no wait: its pass looks such orders up itself
                    tracked.workingFillWait = true;
                    resolveLater(tracked);
                }
                break;
        }
    }

    // An order item we can apply: its qty, when it carries one, above zero, storable in the events, and not below the
    // fills already delivered (Bybit refuses an amend to the filled quantity or less, so a lower qty is contradictory);
    // its cumExecQty, when it carries one, not above the qty (kept, it would wedge the order waiting for fills that
    // cannot exist).
    private static boolean checkOrder(final TrackedOrder tracked, final BybitOrder order)
    {
        final FixedDecimal qty = order.qty();
        if (qty.isPresent() && (qty.mantissa() <= 0 || !qty.exponentFitsByte() || qty.compareTo(tracked.cumQty) < 0))
        {
            return false;
        }
        final FixedDecimal cum = order.cumExecQty();
        return !cum.isPresent() || cum.compareTo(qty.isPresent() ? qty : tracked.qty) <= 0;
    }

    /**
     * Bybit's cancelType as the event's cause; the text itself goes out as the cancel reason. The same for the live
     * push and for recovery, which reads the order's record with the same translator.
     */
    static CancelCause cancelCause(final AsciiField cancelType)
    {
        if (cancelType.contentEquals(CANCEL_BY_DCP))
        {
            return CancelCause.DCP;
        }
        if (cancelType.contentEquals(CANCEL_BY_USER))
        {
            return CancelCause.USER;
        }
        return CancelCause.OTHER;
    }

    void applyExecution(final BybitExecution execution, final boolean synthetic)
    {
        if (execution.execType() != BybitExecType.TRADE)
        {
            if (!execution.execTypePresent() && null != book.find(execution.orderLinkId()))
            {
                // an item of a working order of ours that does not say what it is may be one of its fills: never
                // dropped silently, the exchange is asked (a recovered one is only counted: it would loop)
                malformedFills++;
                errorHandler.onError(new BybitProtocolException("execution " + execution.execId() + " of order " +
                    execution.orderLinkId() + " has no execType; not recorded" + (synthetic ? "" : ", reconciling")));
                if (!synthetic)
                {
                    onReconcileRequested();
                }
                return;
            }
            foreignEvents++;
            return;
        }
        final TrackedOrder tracked = book.find(execution.orderLinkId());
        final AsciiField execId = execution.execId();
        final DirectBuffer idBuffer = execId.buffer();
        final int idLength = execId.length();
        final long execHash = dedup.hash(idBuffer, 0, idLength);
        if (dedup.contains(execHash, idBuffer, 0, idLength))
        {
            duplicateFills++;
            return;
        }
        if (null == tracked || !OrderIdentity.matches(tracked, execution))
        {
            // a fill of an order that is not ours, of one whose every fill was already delivered, or of another
            // order under our orderLinkId (checked before the exec id is marked seen)
            foreignEvents++;
            return;
        }
        if (synthetic && tracked.hasExec(execHash))
        {
            // recovery re-read a fill of a long-working order that has left the bounded window
            duplicateFills++;
            return;
        }
        // validate, then mark, then deliver: everything that can fail is computed before the exec id is recorded
        if (!checkFill(tracked, execution))
        {
            malformedFills++;
            errorHandler.onError(new BybitProtocolException("fill " + execution.execId() + " of order " +
                tracked.orderLinkId + (overfill ?
                " would take its cumulative quantity past the order's qty " + tracked.qty + " (delivered " +
                tracked.cumQty + ", fill " + execution.execQty() + ")" :
                " is not deliverable (qty <= 0, price <= 0, or a value the event cannot carry exactly)") +
                "; not recorded" + (synthetic ? "" : ", reconciling")));
            if (!synthetic)
            {
                // the live item is unreadable as a fill; REST has the truth (a bad recovered item would only loop)
                onReconcileRequested();
            }
            return;
        }
        if (halted)
        {
            return; // killed: nothing more is marked, so nothing is marked without being delivered (see halt())
        }
        dedup.add(execHash, idBuffer, 0, idLength);
        tracked.addExec(execHash);
        tracked.existenceConfirmed = true;
        ensureAccepted(tracked, synthetic);
        if (tracked.orderId.isEmpty())
        {
            tracked.orderId.set(execution.orderId());
        }

        tracked.cumQty.set(nextCumQty);
        if (tracked.cumQty.compareTo(tracked.exchangeCumQty) > 0)
        {
            tracked.exchangeCumQty.set(tracked.cumQty);
        }
        scratch.set(nextLeavesQty);
        if (execution.execTime() > lastExecTimeSeen)
        {
            lastExecTimeSeen = execution.execTime();
        }
        if (null != journal)
        {
            // mark, then deliver: a crash while the strategy holds the fill must not deliver it again after a restart.
            // A few stores into the mapped journal; what a crash between them and the delivery costs is in ARCHITECTURE
            journal.fill(tracked.clientOrderId, execHash, execution.execTime(), tracked.cumQty);
        }
        if (scratch.isZero())
        {
            recordEnd(tracked); // this fill is the order's terminal event
        }
        emitter.execution(tracked, execution, scratch, synthetic);
        fillsDelivered++;
        if (synthetic)
        {
            syntheticFills++;
            recovery.countSyntheticFill();
        }

        if (scratch.isZero())
        {
            remove(tracked);
        }
        else
        {
            finishIfComplete(tracked, synthetic);
            if (book.isKnown(tracked, tracked.clientOrderId))
            {
                entry.onOrderWorking(tracked, false); // a fill proves the create landed
                if (tracked.workingFillWait && !tracked.missingFills())
                {
                    cancelFillWait(tracked); // the fills a push reported arrived in time: no lookup
                }
            }
        }
    }

    // A fill the strategy can be given: qty > 0, price > 0, the new cumulative quantity within the order's qty, and
    // the event's decimals (price, qty, fee, the new cumulative and leaves quantities) exact in a long mantissa and a
    // byte exponent. Leaves nextCumQty and nextLeavesQty set for the delivery, and overfill set when the fill was
    // refused only for taking the order past its qty; throws nothing.
    private boolean checkFill(final TrackedOrder tracked, final BybitExecution execution)
    {
        overfill = false;
        final FixedDecimal qty = execution.execQty();
        final FixedDecimal price = execution.execPrice();
        final FixedDecimal fee = execution.execFee();
        if (!qty.isPresent() || qty.mantissa() <= 0 || !price.isPresent() || price.mantissa() <= 0 ||
            !qty.exponentFitsByte() || !price.exponentFitsByte() || !fee.exponentFitsByte())
        {
            return false;
        }
        nextCumQty.set(tracked.cumQty);
        if (!nextCumQty.addExactly(qty) || !nextCumQty.exponentFitsByte())
        {
            return false;
        }
        nextLeavesQty.set(tracked.qty);
        if (!nextLeavesQty.subtractExactly(nextCumQty))
        {
            return false;
        }
        if (nextLeavesQty.mantissa() < 0)
        {
            // contradicts the order's qty (the exchange's, once a push or lookup reported it): the item or our view
            // of the order is wrong, so nothing of it is delivered and the reconcile fetches the truth
            overfill = true;
            return false;
        }
        return nextLeavesQty.exponentFitsByte();
    }

    /**
     * A lookup found another order under this order's {@code orderLinkId} (different symbol, side, qty or price) while
     * Bybit never confirmed ours: the id is taken, ours was never placed. Reported rejected; the other order's state
     * and fills are never adopted.
     */
    void rejectCollision(final TrackedOrder tracked, final BybitOrder found)
    {
        collisionReason.setLength(0);
        collisionReason.append("orderLinkId collision: ").append(tracked.orderLinkId)
            .append(" names another order on Bybit (").append(found.symbol()).append(' ').append(found.side())
            .append(' ').append(found.qty()).append(" @ ").append(found.price()).append(", orderId ")
            .append(found.orderId()).append("); not adopted");
        emitRejected(tracked, REJECT_ID_COLLISION, collisionReason, true);
        remove(tracked);
    }

    void emitCancelRejected(final TrackedOrder tracked, final int reasonCode, final CharSequence reasonText)
    {
        emitter.cancelRejected(tracked, reasonCode, reasonText);
    }

    /**
     * The exchange has no trace of an order whose submit had an unknown outcome: it never reached Bybit.
     */
    void applyNotFound(final TrackedOrder tracked)
    {
        if (tracked.refusedAfterConfirmation)
        {
            tracked.missesAfterRefusal++;
        }
        // a refusal stands only for an order no lookup ever found and of which nothing executed, as far as anyone said
        if (tracked.existenceConfirmed && !(tracked.refusedAfterConfirmation && tracked.cumQty.isZero() &&
            tracked.exchangeCumQty.isZero() && tracked.missesAfterRefusal >= LOOKUPS_BEFORE_REFUSAL_STANDS))
        {
            // Bybit confirmed it, so it exists; history may lag or have aged out. Never report it as never placed.
            errorHandler.onError(new BybitProtocolException("order " + tracked.orderLinkId +
                " was confirmed by Bybit but no lookup finds it (lookup " + tracked.lateLookups +
                "); asking again later"));
            resolveLater(tracked);
            return;
        }
        if (tracked.terminalReason.isEmpty())
        {
            tracked.terminalReason.set("order not found on the exchange after an unanswered submit");
        }
        emitRejected(tracked, tracked.pendingRejectCode, tracked.terminalReason, true);
        remove(tracked);
    }

    /**
     * Ask Bybit about the order again after a growing delay: its fills or its record are late on REST.
     */
    /**
     * Lookups finding nothing (with their growing delays, about ten minutes in all at the default fill wait) after
     * which a create refusal that contradicted Bybit's confirmation stands, for an order no lookup found and with no
     * fill delivered or reported: the exchange keeps no trace of the order, so it is reported rejected with the
     * refusal's code instead of being looked up for ever.
     */
    static final int LOOKUPS_BEFORE_REFUSAL_STANDS = 7;

    void resolveLater(final TrackedOrder tracked)
    {
        if (tracked.fillWaitTimerId != -1)
        {
            return;
        }
        final long delay = fillWaitNs << Math.min(tracked.lateLookups, 6);
        tracked.lateLookups++;
        tracked.fillWaitTimerId = transport.timers().schedule(transport.nanoClock().nanoTime() + delay, this);
        clientOrderIdByTimer.put(tracked.fillWaitTimerId, tracked.clientOrderId);
    }

    private void cancelFillWait(final TrackedOrder tracked)
    {
        transport.timers().cancel(tracked.fillWaitTimerId);
        clientOrderIdByTimer.remove(tracked.fillWaitTimerId);
        tracked.fillWaitTimerId = -1;
        tracked.workingFillWait = false;
        tracked.lateLookups--; // the wait never became a lookup, so it does not lengthen the next one
    }

    private void finishIfComplete(final TrackedOrder tracked, final boolean synthetic)
    {
        if (null == tracked.terminalStatus)
        {
            return;
        }
        if (tracked.missingFills())
        {
            // fills the exchange reported are still on their way (or lost in a gap): wait, then reconcile. Filled is
            // only believed once the delivered fills reach the qty; until then the order never silently vanishes
            resolveLater(tracked);
            return;
        }
        switch (tracked.terminalStatus)
        {
            case REJECTED:
                emitRejected(tracked, 0, tracked.terminalReason, synthetic);
                break;

            case FILLED:
                if (!tracked.endRecorded)
                {
                    // every fill is out, but the last one was delivered against a larger qty than the exchange's
                    // (an amend down reported after it), so no fill carried leavesQty = 0: the order still needs its
                    // terminal event, and nothing more of it will fill
                    tracked.terminalReason.set("Filled; no delivered fill carried leavesQty 0");
                    emitCancelled(tracked, synthetic);
                }
                break;

            default:
                emitCancelled(tracked, synthetic);
                break;
        }
        remove(tracked);
    }

    void ensureAccepted(final TrackedOrder tracked, final boolean synthetic)
    {
        if (tracked.acceptedEmitted || halted)
        {
            return;
        }
        if (null != journal)
        {
            journal.orderAccepted(tracked.clientOrderId); // mark, then deliver
        }
        emitter.accepted(tracked, synthetic);
    }

    /**
     * An open order in a recovery pass that the book does not know: the engine's own (prefix) is adopted during the
     * startup reconcile; another's is handled by the foreign-order policy.
     *
     * @return the order now tracked, or null.
     */
    TrackedOrder adoptOrReport(final BybitOrder order, final boolean startup)
    {
        final long clientOrderId = book.ownId(order.orderLinkId());
        if (clientOrderId < 0)
        {
            foreign.onOrder(order);
            return null;
        }
        // without a state directory nothing says the prefix's earlier orders were this engine's: today's behaviour.
        // An order this process ended is never adopted: a REST view listing it open was made before the push that
        // ended it (the startup open-orders reply is in flight while the live stream already runs).
        if (!startup || null == store || book.contains(clientOrderId) || ended.contains(clientOrderId) ||
            order.orderStatus().isTerminal() || order.orderStatus() == BybitOrderStatus.UNKNOWN)
        {
            return null;
        }
        final TrackedOrder tracked = book.acquire();
        tracked.clientOrderId = clientOrderId;
        tracked.orderLinkId.set(order.orderLinkId());
        tracked.orderId.set(order.orderId());
        tracked.symbol.set(order.symbol());
        tracked.side = order.side();
        tracked.orderType = order.orderType();
        tracked.qty.set(order.qty());
        tracked.price.set(order.price());
        tracked.existenceConfirmed = true;
        tracked.submitMillis = order.createdTime() > 0 ? order.createdTime() : transport.epochClock().time();
        book.add(tracked);
        entry.usedId(clientOrderId);
        if (null != journal)
        {
            journal.orderAdded(clientOrderId, tracked.symbol, tracked.side, tracked.orderType, tracked.qty,
                tracked.price, tracked.submitMillis);
        }
        // nothing of it was delivered as far as this process knows: its fills follow as synthetic executions
        emitter.adopted(tracked, order.cumExecQty(), false);
        adoptedFromExchange++;
        return tracked;
    }

    /**
     * @return true from the initial session's start until the startup reconcile has finished.
     */
    boolean startupInProgress()
    {
        return startupStarted && startupPending;
    }

    void startupBegins()
    {
        foreignSeenAtStartupStart = foreign.seen();
    }

    void startupReconciled(
        final int fills, final int cancels, final int rejects, final long lookbackFrom, final long durationNanos)
    {
        startupPending = false;
        emitter.startupReconciled(
            stateOutcome,
            adoptedFromState,
            adoptedFromExchange,
            fills,
            cancels + rejects,
            (int)(foreign.seen() - foreignSeenAtStartupStart),
            null == journal ? entry.nextClientOrderId() - 1 : entry.reservedUpTo(),
            lookbackFrom,
            durationNanos,
            null == store ? "" : store.detail());
    }


    /**
     * The order's terminal event; the caller then {@link #remove}s it (the emitter reads the tracked order).
     */
    void emitCancelled(final TrackedOrder tracked, final boolean synthetic)
    {
        recordEnd(tracked);
        emitter.cancelled(tracked, synthetic);
        if (synthetic)
        {
            recovery.countSyntheticCancel();
        }
    }

    /**
     * The order's terminal event; the caller then {@link #remove}s it (the emitter reads the tracked order).
     */
    void emitRejected(
        final TrackedOrder tracked, final int reasonCode, final CharSequence reasonText, final boolean synthetic)
    {
        recordEnd(tracked);
        emitter.rejected(tracked, reasonCode, reasonText, synthetic);
        if (synthetic)
        {
            recovery.countSyntheticReject();
        }
    }

    void emitRecoveryCompleted(
        final int fills,
        final int cancels,
        final int rejects,
        final int duplicates,
        final int openOrders,
        final int executions,
        final long durationNanos,
        final long generation)
    {
        emitter.recoveryCompleted(
            fills, cancels, rejects, duplicates, openOrders, executions, durationNanos, generation);
    }

    // ---------------------------------------------------------------- REST outcomes of submit and cancel

    public void onRestReply(
        final long callId,
        final int attempt,
        final int httpStatus,
        final DirectBuffer body,
        final int offset,
        final int length)
    {
        entry.onRestReply(callId, attempt, httpStatus, body, offset, length);
    }

    public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
    {
        entry.onRestFailure(callId, failure, attempts);
    }

    // ---------------------------------------------------------------- timers

    public void onTimer(final long timerId, final long nowNanos)
    {
        if (timerId == reconcileTimerId)
        {
            reconcileTimerId = -1;
            if (transport.isConnected())
            {
                // cheap when nothing changed: one open-orders query (plus executions since the last fill while
                // orders work), per-order lookups only for a difference, and the account snapshots
                if (!recovery.isRunningFull())
                {
                    recovery.start(transport.generation(), false);
                }
                account.refresh();
            }
            scheduleReconcile();
            return;
        }
        final long clientOrderId = clientOrderIdByTimer.remove(timerId);
        final TrackedOrder tracked = book.get(clientOrderId);
        if (null != tracked && tracked.fillWaitTimerId == timerId)
        {
            tracked.fillWaitTimerId = -1;
            tracked.workingFillWait = false;
            recovery.resolve(tracked);
        }
    }

    private void scheduleReconcile()
    {
        reconcileTimerId = transport.timers().schedule(
            transport.nanoClock().nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.reconcileIntervalMs()), this);
    }

    // ---------------------------------------------------------------- for recovery

    /**
     * @return the exchange time of the last fill seen before the drop being recovered, or of the last fill seen when
     * no drop is pending (a reconcile).
     */
    long lastExecTimeBeforeGap()
    {
        return dropPending ? lastExecTimeAtDrop : lastExecTimeSeen;
    }

    void gapRecovered()
    {
        dropPending = false;
    }

    long duplicateFillsCount()
    {
        return duplicateFills;
    }

    void remove(final TrackedOrder tracked)
    {
        recordEnd(tracked); // an end with no event of its own (FILLED after its last fill) is recorded here
        if (tracked.fillWaitTimerId != -1)
        {
            transport.timers().cancel(tracked.fillWaitTimerId);
            clientOrderIdByTimer.remove(tracked.fillWaitTimerId);
        }
        book.release(tracked);
    }

    /**
     * Journal the order's end before its terminal event goes out (mark, then deliver): a crash while the strategy holds
     * that event must not make the next process, which would find the order still open in the state, deliver another.
     * Remembered in {@link EndedOrders} too, so a stale REST view cannot adopt the order again. Once per order.
     */
    private void recordEnd(final TrackedOrder tracked)
    {
        if (!tracked.endRecorded && !halted)
        {
            tracked.endRecorded = true;
            ended.add(tracked.clientOrderId);
            if (null != journal)
            {
                journal.orderRemoved(tracked.clientOrderId);
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Save the state and stop its thread; call after the client is closed. Does nothing without a state directory.
     */
    public void close()
    {
        if (null != store)
        {
            store.close();
        }
    }

    /**
     * Stop as a killed process would: from here on nothing reaches the strategy and nothing more is persisted (no last
     * snapshot). Any thread; the handler may be inside an event (a kill lands between two instructions). The flag is
     * read before a fill, an acceptance or an order's end is marked, and again before its event is delivered, so at
     * most the one event between those reads is marked and not delivered, as with a real kill. For restart tests and
     * the demo.
     */
    public void halt()
    {
        halted = true;
        if (null != store)
        {
            store.halt();
        }
    }

    // ---------------------------------------------------------------- observability

    /**
     * @return what the state directory held at start.
     */
    public StateOutcome stateOutcome()
    {
        return stateOutcome;
    }

    /**
     * @return the client order id the next submit gets.
     */
    public long nextClientOrderId()
    {
        return entry.nextClientOrderId();
    }

    /**
     * @return distinct open foreign orders seen.
     */
    public long foreignOrdersSeen()
    {
        return foreign.seen();
    }

    /**
     * @return records the state journal could not take (0 unless the persister fell a whole journal behind).
     */
    public long stateJournalOverflows()
    {
        return null == journal ? 0 : journal.overflows();
    }

    /**
     * @return orders the engine considers working (submitted, not yet terminal).
     */
    public int knownOrderCount()
    {
        return book.size();
    }

    /**
     * @param clientOrderId as returned by {@link #submit}.
     * @return true while the order is working.
     */
    public boolean isWorking(final long clientOrderId)
    {
        return book.contains(clientOrderId);
    }

    /**
     * @param clientOrderId as returned by {@link #submit}.
     * @return the order's symbol while it is working, else null.
     */
    public CharSequence symbolByClientOrderId(final long clientOrderId)
    {
        final TrackedOrder order = book.get(clientOrderId);
        return null == order ? null : order.symbol;
    }

    /**
     * @param clientOrderId as returned by {@link #submit}.
     * @return the {@code orderLinkId} Bybit knows the order by (prefix + client order id).
     */
    public String orderLinkId(final long clientOrderId)
    {
        return prefix + clientOrderId;
    }

    /**
     * @return fills delivered to the strategy, live and synthetic.
     */
    public long fillsDelivered()
    {
        return fillsDelivered;
    }

    /**
     * @return fills recovery synthesised.
     */
    public long syntheticFills()
    {
        return syntheticFills;
    }

    /**
     * @return fills seen twice and suppressed.
     */
    public long duplicateFills()
    {
        return duplicateFills;
    }

    /**
     * @return fills of our orders that could not be delivered as they were (qty or price not above zero, a cumulative
     * quantity past the order's qty, no execType, or a value the event cannot carry exactly): never recorded as seen; a
     * live one starts a reconcile.
     */
    public long malformedFills()
    {
        return malformedFills;
    }

    /**
     * @return order items of our orders that contradict what is known of them (a qty below the delivered fills, a
     * cumulative quantity above the qty, or a value that cannot be stored): not applied, reported; a live one starts a
     * reconcile.
     */
    public long malformedOrders()
    {
        return malformedOrders;
    }

    /**
     * @return order and execution items that were not about a working order of ours.
     */
    public long foreignEvents()
    {
        return foreignEvents;
    }

    /**
     * @return orders submitted.
     */
    public long ordersSubmitted()
    {
        return entry.ordersSubmitted();
    }

    /**
     * @return the wallet and position view.
     */
    public AccountTracker account()
    {
        return account;
    }

    /**
     * @return recoveries completed (after reconnects and reconciles).
     */
    public long recoveriesCompleted()
    {
        return recovery.completed();
    }
}
