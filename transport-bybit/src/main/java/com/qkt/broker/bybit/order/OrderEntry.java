package com.qkt.broker.bybit.order;

import com.qkt.broker.bybit.BybitProtocolException;
import com.qkt.broker.bybit.BybitTransport;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.protocol.BybitRetCodes;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyDecoder;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.broker.bybit.state.EngineStateStore;
import com.qkt.broker.bybit.state.StateJournal;
import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2LongHashMap;

/**
 * Order entry: encodes and sends the {@code order/create} and {@code order/cancel} calls and acts on their REST
 * outcomes. A definite answer is applied here; anything that leaves the outcome open (a connection failure, a retried
 * submit refused, an unreadable reply) is handed to {@link BybitStateRecovery} to ask Bybit, never guessed.
 * <p>
 * Identity: {@code 110072} on a first attempt means another order already holds the {@code orderLinkId} (no earlier
 * attempt of ours can have reached Bybit), so the submit is rejected as a collision and nothing is looked up or
 * adopted. Cancel intent: a cancel stays wanted until the order is terminal or a {@code CancelRejected} says why not. A
 * cancel Bybit answers "order does not exist" while the create is unresolved has overtaken it; it is sent again as
 * soon as the create lands (ack, push or lookup), and if the create never lands the order is reported never placed.
 */
final class OrderEntry implements RestReplyListener
{
    private final OrderManager manager;
    private final BybitTransport transport;
    private final OrderBook book;
    private final BybitStateRecovery recovery;
    private final ErrorHandler errorHandler;
    private final OrderRequestEncoder requestEncoder = new OrderRequestEncoder();
    private final RestReplyDecoder replyDecoder = new RestReplyDecoder();
    private final Long2LongHashMap clientOrderIdBySubmitCall = new Long2LongHashMap(-1);
    private final Long2LongHashMap clientOrderIdByCancelCall = new Long2LongHashMap(-1);
    private final FixedDecimal scratch = new FixedDecimal();
    private final StringBuilder reason = new StringBuilder(128);
    private final String category;
    private final String prefix;
    /** Cancel calls sent for one intent before it is given up with a CancelRejected. */
    static final int MAX_CANCEL_ATTEMPTS = 3;

    /** Null when nothing is persisted. */
    private final StateJournal journal;
    private long nextClientOrderId;
    /** Ids up to this one are reserved in the state; an id is handed out only below it. */
    private long reservedUpTo;
    private long ordersSubmitted;

    OrderEntry(
        final OrderManager manager,
        final BybitTransport transport,
        final OrderBook book,
        final BybitStateRecovery recovery,
        final ErrorHandler errorHandler,
        final String category,
        final String prefix,
        final StateJournal journal,
        final long firstClientOrderId,
        final long reservedUpTo)
    {
        this.journal = journal;
        this.nextClientOrderId = firstClientOrderId;
        this.reservedUpTo = reservedUpTo;
        this.manager = manager;
        this.transport = transport;
        this.book = book;
        this.recovery = recovery;
        this.errorHandler = errorHandler;
        this.category = category;
        this.prefix = prefix;
    }

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
    long submit(
        final CharSequence symbol,
        final Side side,
        final OrderType orderType,
        final long qtyMantissa,
        final int qtyExponent,
        final long priceMantissa,
        final int priceExponent)
    {
        final TrackedOrder order = book.acquire();
        final long clientOrderId = nextClientOrderId++;
        if (null != journal && clientOrderId > reservedUpTo - EngineStateStore.ID_BLOCK / 2)
        {
            // reserve the next block while half of this one is left: its snapshot is on disk long before it is used
            reservedUpTo += EngineStateStore.ID_BLOCK;
            journal.idsReserved(reservedUpTo);
        }
        order.clientOrderId = clientOrderId;
        order.orderLinkId.set(prefix);
        order.orderLinkId.appendNatural(clientOrderId);
        order.symbol.set(symbol);
        order.side = side;
        order.orderType = orderType;
        order.qty.set(qtyMantissa, qtyExponent);
        order.price.set(priceMantissa, priceExponent);
        order.submitMillis = transport.serverClock().time(); // compared with exchange exec times in recovery
        order.submitInFlight = true;
        book.add(order);
        ordersSubmitted++;
        if (null != journal)
        {
            journal.orderAdded(clientOrderId, order.symbol, side, orderType, order.qty, order.price, order.submitMillis);
        }

        final int length = requestEncoder.create(category, order, "GTC");
        final long callId = transport.postSigned(BybitPaths.ORDER_CREATE, requestEncoder.buffer(), 0, length, this);
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
    long submitLimit(final CharSequence symbol, final Side side, final String qty, final String price)
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
    long submitMarket(final CharSequence symbol, final Side side, final String qty)
    {
        scratch.setFrom(qty);
        return submit(symbol, side, OrderType.MARKET, scratch.mantissa(), scratch.exponent(), 0, 0);
    }

    /**
     * Ask Bybit to cancel a working order. The outcome arrives as an {@code OrderCancelled} event, a fill to
     * terminal, an {@code OrderRejected} (the create never landed) or a {@code CancelRejected} saying why not.
     *
     * @param clientOrderId as returned by {@link #submit}.
     * @return false when the order is not known (already terminal, or never ours).
     */
    boolean cancel(final long clientOrderId)
    {
        final TrackedOrder order = book.get(clientOrderId);
        if (null == order)
        {
            return false;
        }
        order.cancelIntent = true;
        order.cancelAttempts = 0;
        if (!order.cancelInFlight)
        {
            sendCancel(order);
        }
        return true;
    }

    /**
     * The order is working on the exchange: its create landed (ack, push, fill) or a lookup found it open. Sends a
     * cancel that overtook the create; after a lookup, sends again a cancel that did not take effect, a bounded
     * number of times, then gives up with a {@code CancelRejected}.
     *
     * @param order     the order.
     * @param synthetic true when a REST lookup found it open.
     */
    void onOrderWorking(final TrackedOrder order, final boolean synthetic)
    {
        if (!order.cancelIntent || order.cancelInFlight || null != order.terminalStatus)
        {
            return;
        }
        if (order.cancelAwaitingCreate)
        {
            sendCancel(order);
        }
        else if (synthetic)
        {
            if (order.cancelAttempts < MAX_CANCEL_ATTEMPTS)
            {
                sendCancel(order);
            }
            else
            {
                order.cancelIntent = false;
                reason.setLength(0);
                reason.append("cancel did not take effect after ").append(order.cancelAttempts)
                    .append(" attempts; the order is still open");
                manager.emitCancelRejected(order, -1, reason);
            }
        }
    }

    private void sendCancel(final TrackedOrder order)
    {
        order.cancelInFlight = true;
        order.cancelAwaitingCreate = false;
        order.cancelAttempts++;
        final int length = requestEncoder.cancel(category, order);
        final long callId = transport.postSigned(BybitPaths.ORDER_CANCEL, requestEncoder.buffer(), 0, length, this);
        clientOrderIdByCancelCall.put(callId, order.clientOrderId);
    }

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
        final TrackedOrder tracked = book.get(clientOrderId);
        if (null != tracked && failure == RestFailure.NOT_SENT)
        {
            // known never to have left: a submit is refused for sure, a cancel simply did not happen
            if (submitFor != -1)
            {
                tracked.submitInFlight = false;
                manager.emitRejected(
                    tracked, BybitRetCodes.LANE_FULL_NOT_SENT, "not sent: rate-limit order lane full", false);
                manager.remove(tracked);
            }
            else
            {
                // cancel() ends in an event that says why not: the order is still working
                tracked.cancelInFlight = false;
                tracked.cancelIntent = false;
                manager.emitCancelRejected(
                    tracked, BybitRetCodes.LANE_FULL_NOT_SENT, "not sent: rate-limit cancel lane full");
            }
        }
        else if (null != tracked)
        {
            // the request may or may not have reached Bybit: ask Bybit, never guess. A failed cancel says nothing
            // about a submit that may still be in flight.
            if (submitFor != -1)
            {
                tracked.submitInFlight = false;
            }
            else
            {
                tracked.cancelInFlight = false;
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
        final TrackedOrder tracked = book.get(clientOrderId);
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
            manager.ensureAccepted(tracked, false);
            onOrderWorking(tracked, false);
        }
        else if (retCode == BybitRetCodes.DUPLICATE_ORDER_LINK_ID && attempt == 1 && tracked.cumQty.isZero())
        {
            // no earlier attempt of this submit can have reached Bybit: the id is another order's. Never adopt it,
            // whatever pushes said first (before an orderId they match by request fields, so they can be the other
            // order's). Unless a fill already went out: a rejection after a fill would break the order's sequence,
            // so that case is looked up below
            reason.setLength(0);
            reason.append("orderLinkId collision: ").append(tracked.orderLinkId)
                .append(" already names another order on Bybit (first attempt answered: ").append(replyDecoder.retMsg())
                .append(')');
            manager.emitRejected(tracked, retCode, reason, false);
            manager.remove(tracked);
        }
        else if (tracked.existenceConfirmed)
        {
            // a push or a fill of the order came first, so the exchange has it: the refusal contradicts that and
            // never ends the order (a rejection after its fills would break the order's sequence). Ask instead; if
            // Bybit never finds it, the refusal stands in the end (OrderManager#applyNotFound)
            errorHandler.onError(new BybitProtocolException("order/create for " + tracked.orderLinkId +
                " refused with " + retCode + " (" + replyDecoder.retMsg() + ", attempt " + attempt +
                ") after Bybit confirmed the order; looking it up"));
            if (retCode != BybitRetCodes.DUPLICATE_ORDER_LINK_ID)
            {
                // 110072 says the id is taken: on a retry, by our own earlier attempt. Never a refusal to stand
                tracked.refusedAfterConfirmation = true;
                tracked.missesAfterRefusal = 0;
                tracked.pendingRejectCode = retCode;
                tracked.terminalReason.set(replyDecoder.retMsg());
            }
            recovery.resolve(tracked);
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
            manager.emitRejected(tracked, retCode, replyDecoder.retMsg(), false);
            manager.remove(tracked);
        }
    }

    private void onCancelReply(
        final long clientOrderId, final int httpStatus, final DirectBuffer body, final int offset, final int length)
    {
        final TrackedOrder tracked = book.get(clientOrderId);
        if (null == tracked)
        {
            return;
        }
        tracked.cancelInFlight = false;
        if (!replyDecoder.decodeEnvelope(body, offset, length))
        {
            errorHandler.onError(new BybitProtocolException("unreadable order/cancel reply, HTTP " + httpStatus));
            recovery.resolve(tracked);
            return;
        }
        final int retCode = replyDecoder.retCode();
        if (retCode == 0)
        {
            // Bybit took the cancel: OrderCancelled (or a fill that won the race) follows from the stream or recovery
            tracked.cancelIntent = false;
        }
        else if (BybitRetCodes.isOrderGone(retCode))
        {
            if (tracked.submitInFlight || !tracked.existenceConfirmed)
            {
                // the cancel overtook its create: keep the intent and send it again once the create lands
                tracked.cancelAwaitingCreate = true;
            }
            recovery.resolve(tracked);
        }
        else if (BybitRetCodes.isOutcomeUnknown(retCode))
        {
            recovery.resolve(tracked);
        }
        else
        {
            tracked.cancelIntent = false;
            manager.emitCancelRejected(tracked, retCode, replyDecoder.retMsg());
        }
    }

    /**
     * An order of the engine's found on the exchange at start: the next id goes above it.
     *
     * @param clientOrderId its id.
     */
    void usedId(final long clientOrderId)
    {
        if (clientOrderId >= nextClientOrderId)
        {
            nextClientOrderId = clientOrderId + 1;
            while (null != journal && nextClientOrderId > reservedUpTo - EngineStateStore.ID_BLOCK / 2)
            {
                reservedUpTo += EngineStateStore.ID_BLOCK;
                journal.idsReserved(reservedUpTo);
            }
        }
    }

    /**
     * @return ids up to this one are reserved in the state.
     */
    long reservedUpTo()
    {
        return reservedUpTo;
    }

    /**
     * @return the id the next order gets.
     */
    long nextClientOrderId()
    {
        return nextClientOrderId;
    }

    /**
     * @return orders submitted.
     */
    long ordersSubmitted()
    {
        return ordersSubmitted;
    }
}
