package com.qkt.broker.bybit.order;

import com.qkt.broker.bybit.BybitProtocolException;
import com.qkt.broker.bybit.BybitSpotBrokerContext.ForeignOrderPolicy;
import com.qkt.broker.bybit.BybitTransport;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.protocol.BybitRetCodes;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyDecoder;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.codec.AsciiField;
import com.qkt.codecs.ForeignOrderAction;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.LongHashSet;

/**
 * Open orders that are not the engine's (another {@code orderLinkId} prefix, or placed by hand without one), as
 * {@code qkt.broker.foreignOrders} says: {@code IGNORE} counts them, {@code REPORT} sends one {@code ForeignOrder}
 * event per order, {@code CANCEL} also asks Bybit to cancel it (by its {@code orderId}). The engine never trades on
 * them: their fills are not delivered and they never enter the order book.
 * <p>
 * Orders already handled are remembered by a hash of their {@code orderId} for the life of the process, so a restart
 * reports the ones still open once more.
 */
final class ForeignOrders implements RestReplyListener
{
    private final BybitTransport transport;
    private final BrokerEventEmitter emitter;
    private final ErrorHandler errorHandler;
    private final ForeignOrderPolicy policy;
    private final String category;
    private final OrderRequestEncoder encoder = new OrderRequestEncoder();
    private final RestReplyDecoder decoder = new RestReplyDecoder();
    private final LongHashSet handled = new LongHashSet();
    private long seen;
    private long cancelsRequested;

    ForeignOrders(
        final BybitTransport transport,
        final BrokerEventEmitter emitter,
        final ErrorHandler errorHandler,
        final ForeignOrderPolicy policy,
        final String category)
    {
        this.transport = transport;
        this.emitter = emitter;
        this.errorHandler = errorHandler;
        this.policy = policy;
        this.category = category;
    }

    /**
     * An order item (live or from REST) whose {@code orderLinkId} is not the engine's.
     *
     * @param order the item.
     * @return true if this is the first sighting of this open order.
     */
    boolean onOrder(final BybitOrder order)
    {
        if (order.orderStatus().isTerminal() || order.orderId().isEmpty())
        {
            return false;
        }
        if (!handled.add(hash(order.orderId())))
        {
            return false;
        }
        seen++;
        switch (policy)
        {
            case REPORT:
                emitter.foreignOrder(order, ForeignOrderAction.REPORTED);
                break;

            case CANCEL:
                final int length = encoder.cancelByOrderId(category, order.symbol(), order.orderId());
                transport.postSigned(BybitPaths.ORDER_CANCEL, encoder.buffer(), 0, length, this);
                cancelsRequested++;
                emitter.foreignOrder(order, ForeignOrderAction.CANCEL_REQUESTED);
                break;

            default:
                break;
        }
        return true;
    }

    public void onRestReply(
        final long callId,
        final int attempt,
        final int httpStatus,
        final DirectBuffer body,
        final int offset,
        final int length)
    {
        if (!decoder.decodeEnvelope(body, offset, length))
        {
            errorHandler.onError(new BybitProtocolException("unreadable cancel reply for a foreign order, HTTP " +
                httpStatus));
        }
        else if (decoder.retCode() != 0 && !BybitRetCodes.isOrderGone(decoder.retCode()))
        {
            errorHandler.onError(new BybitProtocolException("cancel of a foreign order refused: " +
                decoder.retCode() + " " + decoder.retMsg()));
        }
    }

    public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
    {
        errorHandler.onError(new BybitProtocolException("cancel of a foreign order failed: " + failure +
            " after " + attempts + " attempts"));
    }

    /**
     * @return distinct open foreign orders seen.
     */
    long seen()
    {
        return seen;
    }

    /**
     * @return cancels requested for foreign orders.
     */
    long cancelsRequested()
    {
        return cancelsRequested;
    }

    private static long hash(final AsciiField id)
    {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0, n = id.length(); i < n; i++)
        {
            hash ^= id.byteAt(i) & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
