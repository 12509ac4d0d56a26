package com.qkt.broker.bybit.order;

import com.qkt.broker.bybit.BybitTransport;
import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.BooleanType;
import com.qkt.codecs.CancelRejectedEncoder;
import com.qkt.codecs.ConnectionState;
import com.qkt.codecs.ConnectionStateChangedEncoder;
import com.qkt.codecs.DisconnectProtectionChangedEncoder;
import com.qkt.codecs.ServerTimeOffsetKind;
import com.qkt.codecs.ExecutionEncoder;
import com.qkt.codecs.ForeignOrderAction;
import com.qkt.codecs.ForeignOrderEncoder;
import com.qkt.codecs.OrderAdoptedEncoder;
import com.qkt.codecs.StartupReconciledEncoder;
import com.qkt.codecs.StateOutcome;
import com.qkt.codecs.OrderAcceptedEncoder;
import com.qkt.codecs.OrderCancelledEncoder;
import com.qkt.codecs.OrderRejectedEncoder;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.RecoveryCompletedEncoder;
import com.qkt.codecs.Side;
import com.qkt.codecs.RestAccess;
import com.qkt.codecs.RestAccessChangedEncoder;
import com.qkt.events.BrokerEventPublisher;

/**
 * Encodes the strategy-facing events (SBE, {@code com.qkt.codecs}) for tracked orders into the
 * {@link BrokerEventPublisher}'s one reused buffer. Decides nothing: what to emit and when is {@link OrderManager}'s.
 */
final class BrokerEventEmitter
{
    private final BybitTransport transport;
    private final BrokerEventPublisher publisher;

    BrokerEventEmitter(final BybitTransport transport, final BrokerEventPublisher publisher)
    {
        this.transport = transport;
        this.publisher = publisher;
    }

    /**
     * OrderAccepted, once per order: a second call for the same order does nothing.
     */
    void accepted(final TrackedOrder tracked, final boolean synthetic)
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

    void execution(
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

    void cancelled(final TrackedOrder tracked, final boolean synthetic)
    {
        final OrderCancelledEncoder encoder = publisher.orderCancelled();
        encoder.clientOrderId(tracked.orderLinkId)
            .orderId(tracked.orderId)
            .symbol(tracked.symbol)
            .cancelTime(transport.epochClock().time())
            .synthetic(synthetic ? BooleanType.TRUE : BooleanType.FALSE)
            .cause(tracked.cancelCause);
        encoder.cumQty().mantissa(tracked.cumQty.mantissa()).exponent((byte)tracked.cumQty.exponent());
        encoder.cancelReason(tracked.terminalReason);
        publisher.commit();
    }

    void rejected(
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
    }

    void cancelRejected(final TrackedOrder tracked, final int reasonCode, final CharSequence reasonText)
    {
        final CancelRejectedEncoder encoder = publisher.cancelRejected();
        encoder.clientOrderId(tracked.orderLinkId)
            .orderId(tracked.orderId)
            .symbol(tracked.symbol)
            .reasonCode(reasonCode)
            .rejectTime(transport.epochClock().time());
        encoder.reasonText(reasonText);
        publisher.commit();
    }

    void recoveryCompleted(
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

    void serverTimeOffset(
        final ServerTimeOffsetKind kind,
        final long offsetMillis,
        final long previousOffsetMillis,
        final long roundTripMicros,
        final long boundMillis)
    {
        publisher.serverTimeOffset()
            .kind(kind)
            .offsetMillis(offsetMillis)
            .previousOffsetMillis(previousOffsetMillis)
            .roundTripMicros(roundTripMicros)
            .boundMillis(boundMillis)
            .time(transport.epochClock().time());
        publisher.commit();
    }

    void restAccessChanged(
        final RestAccess state,
        final RestAccess previous,
        final int httpStatus,
        final int bans,
        final long holdNanos,
        final long resumeEpochMillis,
        final int queuedCalls)
    {
        final RestAccessChangedEncoder encoder = publisher.restAccessChanged();
        encoder.state(state)
            .previousState(previous)
            .httpStatus(httpStatus)
            .bans(bans)
            .holdNanos(holdNanos)
            .resumeTime(resumeEpochMillis)
            .queuedCalls(queuedCalls)
            .time(transport.epochClock().time());
        publisher.commit();
    }

    void disconnectProtectionChanged(
        final boolean armed,
        final int windowSeconds,
        final String product,
        final int retCode,
        final CharSequence reason,
        final long generation)
    {
        final DisconnectProtectionChangedEncoder encoder = publisher.disconnectProtectionChanged();
        encoder.armed(armed ? BooleanType.TRUE : BooleanType.FALSE)
            .windowSeconds(windowSeconds)
            .retCode(retCode)
            .generation(generation)
            .time(transport.epochClock().time());
        encoder.product(product);
        encoder.reason(reason);
        publisher.commit();
    }

    void connectionStateChanged(
        final ConnectionState state, final ConnectionState previous, final int attempt, final CharSequence reason)
    {
        final ConnectionStateChangedEncoder encoder = publisher.connectionStateChanged();
        encoder.state(state)
            .previousState(previous)
            .generation(transport.generation())
            .attempt(attempt)
            .time(transport.epochClock().time())
            .reason(reason);
        publisher.commit();
    }

    void adopted(final TrackedOrder tracked, final FixedDecimal exchangeCumQty, final boolean fromState)
    {
        final OrderAdoptedEncoder encoder = publisher.orderAdopted();
        encoder.clientOrderId(tracked.orderLinkId)
            .orderId(tracked.orderId)
            .symbol(tracked.symbol)
            .side(null == tracked.side ? Side.NULL_VAL : tracked.side)
            .orderType(null == tracked.orderType ? OrderType.NULL_VAL : tracked.orderType)
            .fromState(fromState ? BooleanType.TRUE : BooleanType.FALSE)
            .adoptedTime(transport.epochClock().time());
        encoder.price().mantissa(tracked.price.mantissa()).exponent((byte)tracked.price.exponent());
        encoder.qty().mantissa(tracked.qty.mantissa()).exponent((byte)tracked.qty.exponent());
        encoder.cumQty().mantissa(tracked.cumQty.mantissa()).exponent((byte)tracked.cumQty.exponent());
        encoder.exchangeCumQty().mantissa(exchangeCumQty.mantissa()).exponent((byte)exchangeCumQty.exponent());
        publisher.commit();
    }

    void foreignOrder(final BybitOrder order, final ForeignOrderAction action)
    {
        final ForeignOrderEncoder encoder = publisher.foreignOrder();
        encoder.orderId(order.orderId())
            .orderLinkId(order.orderLinkId())
            .symbol(order.symbol())
            .side(null == order.side() ? Side.NULL_VAL : order.side())
            .action(action)
            .seenTime(transport.epochClock().time());
        encoder.price().mantissa(order.price().mantissa()).exponent((byte)order.price().exponent());
        encoder.qty().mantissa(order.qty().mantissa()).exponent((byte)order.qty().exponent());
        encoder.cumQty().mantissa(order.cumExecQty().mantissa()).exponent((byte)order.cumExecQty().exponent());
        publisher.commit();
    }

    void startupReconciled(
        final StateOutcome outcome,
        final int adoptedFromState,
        final int adoptedFromExchange,
        final int fills,
        final int terminalEvents,
        final int foreignOrders,
        final long reservedUpTo,
        final long lookbackFrom,
        final long durationNanos,
        final CharSequence detail)
    {
        final StartupReconciledEncoder encoder = publisher.startupReconciled();
        encoder.stateOutcome(outcome)
            .adoptedFromState(adoptedFromState)
            .adoptedFromExchange(adoptedFromExchange)
            .synthesizedFills(fills)
            .terminalEvents(terminalEvents)
            .foreignOrders(foreignOrders)
            .reservedUpTo(reservedUpTo)
            .lookbackFrom(lookbackFrom)
            .durationNanos(durationNanos)
            .completedTime(transport.epochClock().time());
        encoder.detail(detail);
        publisher.commit();
    }
}
