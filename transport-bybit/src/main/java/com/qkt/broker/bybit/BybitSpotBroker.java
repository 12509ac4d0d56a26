package com.qkt.broker.bybit;

import com.qkt.broker.bybit.order.OrderManager;
import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.broker.bybit.stream.BybitStreamListener;
import com.qkt.codecs.ConnectionState;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.timer.TimerListener;
import com.qkt.events.BrokerEventListener;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;


/**
 * Trades Bybit spot through a {@link BybitTransport} and tells the strategy what happened, exactly once and in order
 * per order, through any number of disconnects.
 * <p>
 * Every order carries a generated {@code orderLinkId} ({@code prefix + clientOrderId}), so a retried submit cannot
 * create a second order. The live stream and REST recovery feed the same two paths, {@link #onOrder(BybitOrder)} and
 * {@link #onExecution(BybitExecution)}, which deduplicate fills by exec id in a bounded window, keep each order's
 * cumulative quantity monotonic, and hold an order's terminal event back until every fill the exchange reported for
 * it has been delivered. An order leaves the {@code knownOrders} map as soon as its terminal event is out.
 * <p>
 * Wallet balances and positions reach the strategy as {@code WalletUpdate} / {@code PositionUpdate} events, from the
 * live topics and from REST snapshots at start, after every reconnect and in the periodic reconcile.
 * <p>
 * Events reach the {@link BrokerEventListener} as SBE messages ({@code com.qkt.codecs}) encoded into one reused buffer.
 * All methods must be called on the transport's handler thread (from a callback, a timer, or
 * {@link BybitClient#execute(Runnable)}); nothing here locks. The constructor may run on any thread before
 * {@link BybitClient#connect()}.
 */
public final class BybitSpotBroker implements BybitStreamListener, RestReplyListener, TimerListener, AutoCloseable
{
    private final BybitTransport transport;
    private final OrderManager orders;

    /**
     * @param transport the Bybit connection.
     * @param listener  receives the strategy-facing events on the handler thread.
     * @param errorHandler where errors go; the broker never throws them at the transport.
     * @param ctx       configuration, concluded here.
     */
    public BybitSpotBroker(
        final BybitTransport transport,
        final BrokerEventListener listener,
        final ErrorHandler errorHandler,
        final BybitSpotBrokerContext ctx)
    {
        this.transport = transport;
        this.orders = new OrderManager(transport, listener, errorHandler, ctx.conclude());
        final EngineCounters counters = transport.counters();
        try
        {
            registerGauges(counters);
        }
        catch (final RuntimeException ex)
        {
            orders.releaseStore(ex); // no broker reaches the caller to close: the state directory must not stay held
            throw ex;
        }
    }

    private void registerGauges(final EngineCounters counters)
    {
        if (null != counters)
        {
            // plain handler-thread fields, sampled into the monitor file on every tick
            counters.newGauge("broker.ordersSubmitted", this::ordersSubmitted);
            counters.newGauge("broker.fillsDelivered", this::fillsDelivered);
            counters.newGauge("broker.fillsSynthesised", this::syntheticFills);
            counters.newGauge("broker.duplicatesSuppressed", this::duplicateFills);
            counters.newGauge("broker.recoveries", this::recoveriesCompleted);
            counters.newGauge("broker.malformedFills", this::malformedFills);
            counters.newGauge("broker.malformedOrders", this::malformedOrders);
            counters.newGauge("broker.foreignOrders", this::foreignOrdersSeen);
            // above 0 the state stopped being saved in full: the next start reconciles as if it had none
            counters.newGauge("broker.state.journalOverflows", this::stateJournalOverflows);
        }
    }

    /**
     * The seed's shape: default settings with a custom recovery window.
     *
     * @param transport        the Bybit connection.
     * @param listener         receives the strategy-facing events.
     * @param errorHandler     where errors go.
     * @param recoveryWindowMs how far back recovery looks for executions at most.
     */
    public BybitSpotBroker(
        final BybitTransport transport,
        final BrokerEventListener listener,
        final ErrorHandler errorHandler,
        final long recoveryWindowMs)
    {
        this(transport, listener, errorHandler, new BybitSpotBrokerContext().recoveryWindowMs(recoveryWindowMs));
    }

    // ---------------------------------------------------------------- commands

    /**
     * Submit an order.
     *
     * @param symbol        e.g. {@code BTCUSDT}.
     * @param side          buy or sell.
     * @param orderType     limit or market.
     * @param qtyMantissa   quantity = mantissa * 10^exponent.
     * @param qtyExponent   quantity exponent.
     * @param priceMantissa limit price mantissa (ignored for market orders).
     * @param priceExponent limit price exponent.
     * @return the client order id, which names the order in every event ({@code clientOrderId} = its
     * {@code orderLinkId}).
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
        transport.checkHandlerThread("BybitSpotBroker.submit");
        return orders.submit(symbol, side, orderType, qtyMantissa, qtyExponent, priceMantissa, priceExponent);
    }

    /**
     * Convenience for tools and tests: parses the decimal strings (allocates).
     *
     * @param symbol e.g. {@code BTCUSDT}.
     * @param side   buy or sell.
     * @param qty    quantity, e.g. {@code "0.01"}.
     * @param price  limit price, e.g. {@code "50000"}.
     * @return the client order id.
     */
    public long submitLimit(final CharSequence symbol, final Side side, final String qty, final String price)
    {
        transport.checkHandlerThread("BybitSpotBroker.submitLimit");
        return orders.submitLimit(symbol, side, qty, price);
    }

    /**
     * Convenience for tools and tests: parses the decimal string (allocates).
     *
     * @param symbol e.g. {@code BTCUSDT}.
     * @param side   buy or sell.
     * @param qty    quantity in the base coin, e.g. {@code "0.01"}.
     * @return the client order id.
     */
    public long submitMarket(final CharSequence symbol, final Side side, final String qty)
    {
        transport.checkHandlerThread("BybitSpotBroker.submitMarket");
        return orders.submitMarket(symbol, side, qty);
    }

    /**
     * Ask Bybit to cancel a working order. The intent is kept until it is answered: the call ends in
     * {@code OrderCancelled}, a fill to terminal, {@code OrderRejected} (the create never landed) or
     * {@code CancelRejected} (Bybit refused, or the order stayed open after repeated attempts). A cancel that reaches
     * Bybit before its own create is sent again once the create lands.
     *
     * @param clientOrderId as returned by {@link #submit}.
     * @return false when the order is not known (already terminal, or never ours).
     */
    public boolean cancel(final long clientOrderId)
    {
        transport.checkHandlerThread("BybitSpotBroker.cancel");
        return orders.cancel(clientOrderId);
    }

    /**
     * Reconcile with REST now, as after a reconnect but without waiting for one (orders, fills, and the wallet and
     * position snapshots).
     */
    public void reconcile()
    {
        transport.checkHandlerThread("BybitSpotBroker.reconcile");
        orders.reconcile();
    }

    public void onOrder(final BybitOrder order)
    {
        orders.onOrder(order);
    }

    public void onExecution(final BybitExecution execution)
    {
        orders.onExecution(execution);
    }

    public boolean reconcilesOnStart()
    {
        return orders.reconcilesOnStart();
    }

    public void onStartupSessionReady(final long generation)
    {
        orders.onStartupSessionReady(generation);
    }

    public void onWallet(final BybitWallet wallet, final long creationTime)
    {
        orders.onWallet(wallet, creationTime);
    }

    public void onPosition(final BybitPosition position)
    {
        orders.onPosition(position);
    }

    public void onAccountRefreshRequested()
    {
        orders.onAccountRefreshRequested();
    }

    public void onSessionReady(final long generation, final boolean reconnect)
    {
        orders.onSessionReady(generation, reconnect);
    }

    public void onReconcileRequested()
    {
        orders.onReconcileRequested();
    }

    public void onConnectionStateChanged(
        final ConnectionState state, final ConnectionState previous, final int attempt, final CharSequence reason)
    {
        orders.onConnectionStateChanged(state, previous, attempt, reason);
    }

    public void onRestReply(
        final long callId,
        final int attempt,
        final int httpStatus,
        final DirectBuffer body,
        final int offset,
        final int length)
    {
        orders.onRestReply(callId, attempt, httpStatus, body, offset, length);
    }

    public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
    {
        orders.onRestFailure(callId, failure, attempts);
    }

    public void onTimer(final long timerId, final long nowNanos)
    {
        orders.onTimer(timerId, nowNanos);
    }

    /**
     * Save the engine state and stop its thread (with {@code qkt.broker.stateDir}); call after
     * {@link BybitClient#close()}. Any thread. Idempotent; does nothing without a state directory.
     */
    public void close()
    {
        orders.close();
    }

    /**
     * Stop as a killed process would: from this moment no event reaches the strategy and nothing more is persisted
     * (no last snapshot), the directory lock released. What the next start finds is what the journal held at this
     * moment. Any thread, the handler's too (a kill at that instruction). For restart tests and
     * {@code scripts/demo --restarts}; pair it with {@link BybitClient#terminate()}.
     */
    public void halt()
    {
        orders.halt();
    }

    /**
     * @return what the state directory held at start ({@code NOT_PERSISTED} without one).
     */
    public com.qkt.codecs.StateOutcome stateOutcome()
    {
        return orders.stateOutcome();
    }

    /**
     * @return the client order id the next submit gets (above every id reserved by an earlier process).
     */
    public long nextClientOrderId()
    {
        return orders.nextClientOrderId();
    }

    /**
     * @return state journal records lost because persistence fell a whole journal behind (0 in a healthy run; the
     * next start then treats the state as unusable).
     */
    public long stateJournalOverflows()
    {
        return orders.stateJournalOverflows();
    }

    /**
     * @return distinct open orders seen that are not the engine's.
     */
    public long foreignOrdersSeen()
    {
        return orders.foreignOrdersSeen();
    }

    /**
     * @return orders the engine considers working (submitted, not yet terminal).
     */
    public int knownOrderCount()
    {
        return orders.knownOrderCount();
    }

    /**
     * @param clientOrderId as returned by {@link #submit}.
     * @return true while the order is working.
     */
    public boolean isWorking(final long clientOrderId)
    {
        transport.checkHandlerThread("BybitSpotBroker.isWorking");
        return orders.isWorking(clientOrderId);
    }

    /**
     * @param clientOrderId as returned by {@link #submit}.
     * @return the order's symbol while it is working, else null.
     */
    public CharSequence symbolByClientOrderId(final long clientOrderId)
    {
        transport.checkHandlerThread("BybitSpotBroker.symbolByClientOrderId");
        return orders.symbolByClientOrderId(clientOrderId);
    }

    /**
     * @param clientOrderId as returned by {@link #submit}.
     * @return the {@code orderLinkId} Bybit knows the order by (prefix + client order id).
     */
    public String orderLinkId(final long clientOrderId)
    {
        return orders.orderLinkId(clientOrderId);
    }

    /**
     * @return fills delivered to the strategy, live and synthetic.
     */
    public long fillsDelivered()
    {
        return orders.fillsDelivered();
    }

    /**
     * @return fills recovery synthesised.
     */
    public long syntheticFills()
    {
        return orders.syntheticFills();
    }

    /**
     * @return fills seen twice and suppressed.
     */
    public long duplicateFills()
    {
        return orders.duplicateFills();
    }

    /**
     * @return fills of our orders that could not be delivered as they were (qty or price not above zero, a cumulative
     * quantity past the order's qty, no execType, or a value the event cannot carry exactly): counted, reported to the error handler, never recorded as seen; a live one
     * starts a reconcile.
     */
    public long malformedFills()
    {
        return orders.malformedFills();
    }

    /**
     * @return order items of our orders that contradict what is known of them (a qty below the delivered fills, a
     * cumulative quantity above the qty, or a value that cannot be stored): not applied, reported to the error
     * handler; a live one starts a reconcile.
     */
    public long malformedOrders()
    {
        return orders.malformedOrders();
    }

    /**
     * @return order and execution items that were not about a working order of ours.
     */
    public long foreignEvents()
    {
        return orders.foreignEvents();
    }

    /**
     * @return orders submitted.
     */
    public long ordersSubmitted()
    {
        return orders.ordersSubmitted();
    }

    /**
     * @return recoveries completed (after reconnects and reconciles).
     */
    public long recoveriesCompleted()
    {
        return orders.recoveriesCompleted();
    }

    /**
     * @return account snapshot passes finished (wallet and positions over REST).
     */
    public long accountSnapshotsCompleted()
    {
        return orders.account().snapshotsCompleted();
    }

    /**
     * @return wallet and position pushes or snapshot items skipped because a newer state was already held.
     */
    public long staleAccountUpdatesSkipped()
    {
        return orders.account().staleUpdatesSkipped();
    }
}
