package com.qkt.broker.bybit;

import com.qkt.codecs.BooleanType;
import com.qkt.codecs.ConnectionState;
import com.qkt.codecs.ConnectionStateChangedEncoder;
import com.qkt.codecs.ExecutionEncoder;
import com.qkt.codecs.OrderAcceptedEncoder;
import com.qkt.codecs.OrderCancelledEncoder;
import com.qkt.codecs.OrderRejectedEncoder;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.RecoveryCompletedEncoder;
import com.qkt.codecs.Side;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.timer.TimerListener;
import com.qkt.events.BrokerEventListener;
import com.qkt.events.BrokerEventPublisher;
import com.qkt.order.ExecIdWindow;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

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
 * Events reach the {@link BrokerEventListener} as SBE messages ({@code com.qkt.codecs}) encoded into one reused buffer.
 * All methods must be called on the transport's handler thread (from a callback, a timer, or
 * {@link BybitClient#execute(Runnable)}); nothing here locks. The constructor may run on any thread before
 * {@link BybitClient#connect()}.
 */
public final class BybitSpotBroker implements BybitStreamListener, RestReplyListener, TimerListener
{
    static final String ORDER_CREATE = "/v5/order/create";
    static final String ORDER_CANCEL = "/v5/order/cancel";

    private final BybitTransport transport;
    private final BybitSpotBrokerContext ctx;
    private final ErrorHandler errorHandler;
    private final BrokerEventPublisher publisher;
    private final ExecIdWindow dedup;
    private final BybitStateRecovery recovery;
    private final OrderRequestEncoder requestEncoder = new OrderRequestEncoder();
    private final RestReplyDecoder replyDecoder = new RestReplyDecoder();
    private final Long2ObjectHashMap<TrackedOrder> knownOrders = new Long2ObjectHashMap<>();
    private final Long2LongHashMap clientOrderIdBySubmitCall = new Long2LongHashMap(-1);
    private final Long2LongHashMap clientOrderIdByCancelCall = new Long2LongHashMap(-1);
    private final Long2LongHashMap clientOrderIdByTimer = new Long2LongHashMap(-1);
    private final ArrayDeque<TrackedOrder> pool = new ArrayDeque<>();
    private final FixedDecimal scratch = new FixedDecimal();
    private final byte[] digitScratch = new byte[20];
    private final String category;
    private final String prefix;
    private final long fillWaitNs;
    private long nextClientOrderId = 1;
    private long lastExecTimeSeen;
    private long lastExecTimeAtDrop;
    private boolean dropPending;
    private long reconcileTimerId = -1;

    private long fillsDelivered;
    private long syntheticFills;
    private long duplicateFills;
    private long foreignEvents;
    private long ordersSubmitted;

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
        this.ctx = ctx.conclude();
        this.errorHandler = errorHandler;
        this.publisher = new BrokerEventPublisher(listener, errorHandler);
        this.dedup = new ExecIdWindow(ctx.dedupWindow(), 40);
        this.category = ctx.category();
        this.prefix = ctx.orderLinkIdPrefix();
        this.fillWaitNs = TimeUnit.MILLISECONDS.toNanos(ctx.fillWaitMs());
        this.recovery = new BybitStateRecovery(transport, this, ctx, errorHandler);
        transport.streamListener(this);
        final EngineCounters counters = transport.counters();
        if (null != counters)
        {
            // plain handler-thread fields, sampled into the monitor file on every tick
            counters.newGauge("broker.ordersSubmitted", this::ordersSubmitted);
            counters.newGauge("broker.fillsDelivered", this::fillsDelivered);
            counters.newGauge("broker.fillsSynthesised", this::syntheticFills);
            counters.newGauge("broker.duplicatesSuppressed", this::duplicateFills);
            counters.newGauge("broker.recoveries", this::recoveriesCompleted);
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
        final TrackedOrder order = acquire();
        final long clientOrderId = nextClientOrderId++;
        order.clientOrderId = clientOrderId;
        order.orderLinkId.set(prefix);
        appendDecimal(order.orderLinkId, clientOrderId);
        order.symbol.set(symbol);
        order.side = side;
        order.orderType = orderType;
        order.qty.set(qtyMantissa, qtyExponent);
        order.price.set(priceMantissa, priceExponent);
        order.submitMillis = transport.epochClock().time();
        order.submitInFlight = true;
        knownOrders.put(clientOrderId, order);
        ordersSubmitted++;

        final int length = requestEncoder.create(category, order, "GTC");
        final long callId = transport.postSigned(ORDER_CREATE, requestEncoder.buffer(), 0, length, this);
        clientOrderIdBySubmitCall.put(callId, clientOrderId);
        return clientOrderId;
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
        scratch.setFrom(qty);
        final long qm = scratch.mantissa();
        final int qe = scratch.exponent();
        scratch.setFrom(price);
        return submit(symbol, side, OrderType.LIMIT, qm, qe, scratch.mantissa(), scratch.exponent());
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
        scratch.setFrom(qty);
        return submit(symbol, side, OrderType.MARKET, scratch.mantissa(), scratch.exponent(), 0, 0);
    }

    /**
     * Ask Bybit to cancel a working order. The outcome arrives as an {@code OrderCancelled} event (or a fill, if the
     * order filled first).
     *
     * @param clientOrderId as returned by {@link #submit}.
     * @return false when the order is not known (already terminal, or never ours).
     */
    public boolean cancel(final long clientOrderId)
    {
        final TrackedOrder order = knownOrders.get(clientOrderId);
        if (null == order)
        {
            return false;
        }
        final int length = requestEncoder.cancel(category, order);
        final long callId = transport.postSigned(ORDER_CANCEL, requestEncoder.buffer(), 0, length, this);
        clientOrderIdByCancelCall.put(callId, clientOrderId);
        return true;
    }

    /**
     * Reconcile with REST now, as after a reconnect but without waiting for one.
     */
    public void reconcile()
    {
        recovery.start(transport.generation(), false);
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

    public void onSessionReady(final long generation, final boolean reconnect)
    {
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

    public void onReconcileRequested()
    {
        if (!recovery.isRunningFull())
        {
            recovery.start(transport.generation(), false);
        }
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
        final ConnectionStateChangedEncoder encoder = publisher.connectionStateChanged();
        encoder.state(state)
            .previousState(previous)
            .generation(transport.generation())
            .attempt(attempt)
            .time(transport.epochClock().time())
            .reason(reason);
        publisher.commit();
    }

    void applyOrder(final BybitOrder order, final boolean synthetic)
    {
        final TrackedOrder tracked = find(order.orderLinkId());
        if (null == tracked)
        {
            foreignEvents++;
            return;
        }
        tracked.existenceConfirmed = true;
        if (tracked.orderId.isEmpty() && !order.orderId().isEmpty())
        {
            tracked.orderId.set(order.orderId());
        }
        if (order.cumExecQty().isPresent() && order.cumExecQty().compareTo(tracked.exchangeCumQty) > 0)
        {
            tracked.exchangeCumQty.set(order.cumExecQty());
        }

        final BybitOrderStatus status = order.orderStatus();
        switch (status)
        {
            case REJECTED:
                tracked.terminalStatus = status;
                tracked.terminalReason.set(order.rejectReason());
                if (tracked.cumQty.isZero())
                {
                    emitRejected(tracked, 0, order.rejectReason(), synthetic);
                    remove(tracked);
                }
                else
                {
                    finishIfComplete(tracked, synthetic);
                }
                break;

            case FILLED:
            case CANCELLED:
            case PARTIALLY_FILLED_CANCELED:
            case DEACTIVATED:
                ensureAccepted(tracked, synthetic);
                tracked.terminalStatus = status;
                tracked.terminalReason.set(order.cancelType());
                finishIfComplete(tracked, synthetic);
                break;

            case UNKNOWN:
                foreignEvents++;
                break;

            default:
                ensureAccepted(tracked, synthetic);
                break;
        }
    }

    void applyExecution(final BybitExecution execution, final boolean synthetic)
    {
        if (execution.execType() != BybitExecType.TRADE)
        {
            foreignEvents++;
            return;
        }
        final TrackedOrder tracked = find(execution.orderLinkId());
        final AsciiField execId = execution.execId();
        final DirectBuffer idBuffer = execId.buffer();
        final int idLength = execId.length();
        final long execHash = dedup.hash(idBuffer, 0, idLength);
        if (dedup.contains(execHash, idBuffer, 0, idLength))
        {
            duplicateFills++;
            return;
        }
        if (null == tracked)
        {
            // a fill of an order that is not ours, or of one whose every fill was already delivered
            foreignEvents++;
            return;
        }
        if (synthetic && tracked.hasExec(execHash))
        {
            // recovery re-read a fill of a long-working order that has left the bounded window
            duplicateFills++;
            return;
        }
        dedup.add(execHash, idBuffer, 0, idLength);
        tracked.addExec(execHash);
        tracked.existenceConfirmed = true;
        ensureAccepted(tracked, synthetic);
        if (tracked.orderId.isEmpty())
        {
            tracked.orderId.set(execution.orderId());
        }

        tracked.cumQty.add(execution.execQty());
        if (tracked.cumQty.compareTo(tracked.exchangeCumQty) > 0)
        {
            tracked.exchangeCumQty.set(tracked.cumQty);
        }
        scratch.set(tracked.qty);
        scratch.subtract(tracked.cumQty);
        if (scratch.mantissa() < 0)
        {
            scratch.set(0, 0);
        }
        if (execution.execTime() > lastExecTimeSeen)
        {
            lastExecTimeSeen = execution.execTime();
        }
        emitExecution(tracked, execution, scratch, synthetic);
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
        }
    }

    /**
     * The exchange has no trace of an order whose submit had an unknown outcome: it never reached Bybit.
     */
    void applyNotFound(final TrackedOrder tracked)
    {
        if (tracked.existenceConfirmed)
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

    private void finishIfComplete(final TrackedOrder tracked, final boolean synthetic)
    {
        if (null == tracked.terminalStatus)
        {
            return;
        }
        if (tracked.cumQty.compareTo(tracked.exchangeCumQty) < 0)
        {
            // fills the exchange reported are still on their way (or lost in a gap): wait, then reconcile
            resolveLater(tracked);
            return;
        }
        switch (tracked.terminalStatus)
        {
            case REJECTED:
                emitRejected(tracked, 0, tracked.terminalReason, synthetic);
                break;

            case FILLED:
                // every fill is out and the last one carried leavesQty; nothing more to say
                break;

            default:
                emitCancelled(tracked, synthetic);
                break;
        }
        remove(tracked);
    }

    private void ensureAccepted(final TrackedOrder tracked, final boolean synthetic)
    {
        if (tracked.acceptedEmitted)
        {
            return;
        }
        tracked.acceptedEmitted = true;
        final OrderAcceptedEncoder encoder = publisher.orderAccepted();
        encoder.clientOrderId(tracked.orderLinkId)
            .orderId(tracked.orderId)
            .symbol(tracked.symbol)
            .side(tracked.side)
            .orderType(tracked.orderType)
            .acceptedTime(transport.epochClock().time())
            .synthetic(synthetic ? BooleanType.TRUE : BooleanType.FALSE);
        encoder.price().mantissa(tracked.price.mantissa()).exponent((byte)tracked.price.exponent());
        encoder.qty().mantissa(tracked.qty.mantissa()).exponent((byte)tracked.qty.exponent());
        publisher.commit();
    }

    private void emitExecution(
        final TrackedOrder tracked, final BybitExecution execution, final FixedDecimal leaves, final boolean synthetic)
    {
        final ExecutionEncoder encoder = publisher.execution();
        encoder.execId(execution.execId())
            .orderId(tracked.orderId)
            .clientOrderId(tracked.orderLinkId)
            .symbol(tracked.symbol)
            .side(tracked.side)
            .feeCurrency(execution.feeCurrency())
            .maker(execution.isMaker() ? BooleanType.TRUE : BooleanType.FALSE)
            .execTime(execution.execTime())
            .seq(execution.seq())
            .synthetic(synthetic ? BooleanType.TRUE : BooleanType.FALSE);
        encoder.price().mantissa(execution.execPrice().mantissa()).exponent((byte)execution.execPrice().exponent());
        encoder.qty().mantissa(execution.execQty().mantissa()).exponent((byte)execution.execQty().exponent());
        encoder.fee().mantissa(execution.execFee().mantissa()).exponent((byte)execution.execFee().exponent());
        encoder.leavesQty().mantissa(leaves.mantissa()).exponent((byte)leaves.exponent());
        encoder.cumQty().mantissa(tracked.cumQty.mantissa()).exponent((byte)tracked.cumQty.exponent());
        publisher.commit();
    }

    private void emitCancelled(final TrackedOrder tracked, final boolean synthetic)
    {
        final OrderCancelledEncoder encoder = publisher.orderCancelled();
        encoder.clientOrderId(tracked.orderLinkId)
            .orderId(tracked.orderId)
            .symbol(tracked.symbol)
            .cancelTime(transport.epochClock().time())
            .synthetic(synthetic ? BooleanType.TRUE : BooleanType.FALSE);
        encoder.cumQty().mantissa(tracked.cumQty.mantissa()).exponent((byte)tracked.cumQty.exponent());
        encoder.cancelReason(tracked.terminalReason);
        publisher.commit();
        if (synthetic)
        {
            recovery.countSyntheticCancel();
        }
    }

    private void emitRejected(
        final TrackedOrder tracked, final int reasonCode, final CharSequence reasonText, final boolean synthetic)
    {
        final OrderRejectedEncoder encoder = publisher.orderRejected();
        encoder.clientOrderId(tracked.orderLinkId)
            .orderId(tracked.orderId)
            .symbol(tracked.symbol)
            .reasonCode(reasonCode)
            .rejectTime(transport.epochClock().time())
            .synthetic(synthetic ? BooleanType.TRUE : BooleanType.FALSE);
        encoder.reasonText(reasonText);
        publisher.commit();
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
        final RecoveryCompletedEncoder encoder = publisher.recoveryCompleted();
        encoder.synthesizedFills(fills)
            .synthesizedCancels(cancels)
            .synthesizedRejects(rejects)
            .duplicateFillsSuppressed(duplicates)
            .openOrdersSeen(openOrders)
            .executionsScanned(executions)
            .durationNanos(durationNanos)
            .completedTime(transport.epochClock().time())
            .generation(generation);
        publisher.commit();
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
        final long submitFor = clientOrderIdBySubmitCall.remove(callId);
        if (submitFor != -1)
        {
            onSubmitReply(submitFor, attempt, httpStatus, body, offset, length);
            return;
        }
        final long cancelFor = clientOrderIdByCancelCall.remove(callId);
        if (cancelFor != -1)
        {
            onCancelReply(cancelFor, httpStatus, body, offset, length);
        }
    }

    public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
    {
        final long submitFor = clientOrderIdBySubmitCall.remove(callId);
        final long clientOrderId = submitFor != -1 ? submitFor : clientOrderIdByCancelCall.remove(callId);
        final TrackedOrder tracked = knownOrders.get(clientOrderId);
        if (null != tracked)
        {
            // the request may or may not have reached Bybit: ask Bybit, never guess. A failed cancel says nothing
            // about a submit that may still be in flight.
            if (submitFor != -1)
            {
                tracked.submitInFlight = false;
            }
            recovery.resolve(tracked);
        }
    }

    private void onSubmitReply(
        final long clientOrderId,
        final int attempt,
        final int httpStatus,
        final DirectBuffer body,
        final int offset,
        final int length)
    {
        final TrackedOrder tracked = knownOrders.get(clientOrderId);
        if (null == tracked)
        {
            return;
        }
        tracked.submitInFlight = false;
        if (!replyDecoder.decodeEnvelope(body, offset, length))
        {
            errorHandler.onError(new BybitProtocolException("unreadable order/create reply, HTTP " + httpStatus));
            tracked.pendingRejectCode = -httpStatus;
            recovery.resolve(tracked);
            return;
        }
        final int retCode = replyDecoder.retCode();
        if (retCode == 0)
        {
            if (replyDecoder.decodeOrderAck(body, offset, length) && tracked.orderId.isEmpty())
            {
                tracked.orderId.set(replyDecoder.ackOrderId());
            }
            tracked.existenceConfirmed = true;
            ensureAccepted(tracked, false);
        }
        else if (attempt > 1 || BybitRetCodes.isOutcomeUnknown(retCode))
        {
            // After a retry any refusal may be about the repeat while an earlier attempt got through (110072 says so
            // outright); some codes leave the outcome open even on a first attempt. Ask; if Bybit has no trace of the
            // order, the rejection carries Bybit's own code and message.
            if (retCode == BybitRetCodes.DUPLICATE_ORDER_LINK_ID)
            {
                tracked.existenceConfirmed = true;
            }
            tracked.pendingRejectCode = retCode == BybitRetCodes.DUPLICATE_ORDER_LINK_ID ? -1 : retCode;
            tracked.terminalReason.set(replyDecoder.retMsg());
            recovery.resolve(tracked);
        }
        else
        {
            emitRejected(tracked, retCode, replyDecoder.retMsg(), false);
            remove(tracked);
        }
    }

    private void onCancelReply(
        final long clientOrderId, final int httpStatus, final DirectBuffer body, final int offset, final int length)
    {
        final TrackedOrder tracked = knownOrders.get(clientOrderId);
        if (null == tracked)
        {
            return;
        }
        if (!replyDecoder.decodeEnvelope(body, offset, length))
        {
            errorHandler.onError(new BybitProtocolException("unreadable order/cancel reply, HTTP " + httpStatus));
            recovery.resolve(tracked);
            return;
        }
        final int retCode = replyDecoder.retCode();
        if (retCode != 0)
        {
            if (BybitRetCodes.isOrderGone(retCode) || BybitRetCodes.isOutcomeUnknown(retCode))
            {
                recovery.resolve(tracked);
            }
            else
            {
                errorHandler.onError(new BybitProtocolException(
                    "cancel of " + tracked.orderLinkId + " refused: " + retCode + " " + replyDecoder.retMsg()));
            }
        }
    }

    // ---------------------------------------------------------------- timers

    public void onTimer(final long timerId, final long nowNanos)
    {
        if (timerId == reconcileTimerId)
        {
            reconcileTimerId = -1;
            if (transport.isConnected() && !recovery.isRunningFull())
            {
                recovery.start(transport.generation(), false);
            }
            scheduleReconcile();
            return;
        }
        final long clientOrderId = clientOrderIdByTimer.remove(timerId);
        final TrackedOrder tracked = knownOrders.get(clientOrderId);
        if (null != tracked && tracked.fillWaitTimerId == timerId)
        {
            tracked.fillWaitTimerId = -1;
            recovery.resolve(tracked);
        }
    }

    private void scheduleReconcile()
    {
        reconcileTimerId = transport.timers().schedule(
            transport.nanoClock().nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.reconcileIntervalMs()), this);
    }

    // ---------------------------------------------------------------- book-keeping

    TrackedOrder find(final AsciiField orderLinkId)
    {
        final int prefixLength = prefix.length();
        final int length = orderLinkId.length();
        if (length <= prefixLength || length - prefixLength > 18)
        {
            return null;
        }
        for (int i = 0; i < prefixLength; i++)
        {
            if (orderLinkId.byteAt(i) != prefix.charAt(i))
            {
                return null;
            }
        }
        long value = 0;
        for (int i = prefixLength; i < length; i++)
        {
            final int digit = orderLinkId.byteAt(i) - '0';
            if (digit < 0 || digit > 9)
            {
                return null;
            }
            value = value * 10 + digit;
        }
        return knownOrders.get(value);
    }

    void collectKnownOrders(final ArrayList<TrackedOrder> into)
    {
        into.clear();
        for (final TrackedOrder order : knownOrders.values())
        {
            into.add(order);
        }
    }

    TrackedOrder order(final long clientOrderId)
    {
        return knownOrders.get(clientOrderId);
    }

    boolean isKnown(final TrackedOrder order, final long clientOrderId)
    {
        return knownOrders.get(clientOrderId) == order;
    }

    long oldestKnownOrderMillis()
    {
        long oldest = Long.MAX_VALUE;
        for (final TrackedOrder order : knownOrders.values())
        {
            oldest = Math.min(oldest, order.submitMillis);
        }
        return oldest;
    }

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

    private void remove(final TrackedOrder tracked)
    {
        if (tracked.fillWaitTimerId != -1)
        {
            transport.timers().cancel(tracked.fillWaitTimerId);
            clientOrderIdByTimer.remove(tracked.fillWaitTimerId);
        }
        knownOrders.remove(tracked.clientOrderId);
        tracked.reset();
        pool.addFirst(tracked);
    }

    private TrackedOrder acquire()
    {
        final TrackedOrder order = pool.pollFirst();
        return null != order ? order : new TrackedOrder();
    }

    private void appendDecimal(final AsciiField field, final long value)
    {
        long remaining = value;
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10)
        {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--)
        {
            digitScratch[i] = (byte)('0' + remaining % 10);
            remaining /= 10;
        }
        for (int i = 0; i < digits; i++)
        {
            field.append(digitScratch[i]);
        }
    }

    // ---------------------------------------------------------------- observability

    /**
     * @return orders the engine considers working (submitted, not yet terminal).
     */
    public int knownOrderCount()
    {
        return knownOrders.size();
    }

    /**
     * @param clientOrderId as returned by {@link #submit}.
     * @return true while the order is working.
     */
    public boolean isWorking(final long clientOrderId)
    {
        return knownOrders.containsKey(clientOrderId);
    }

    /**
     * @param clientOrderId as returned by {@link #submit}.
     * @return the order's symbol while it is working, else null.
     */
    public CharSequence symbolByClientOrderId(final long clientOrderId)
    {
        final TrackedOrder order = knownOrders.get(clientOrderId);
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
        return ordersSubmitted;
    }

    /**
     * @return recoveries completed (after reconnects and reconciles).
     */
    public long recoveriesCompleted()
    {
        return recovery.completed();
    }
}
