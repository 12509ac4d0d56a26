package com.qkt.broker.bybit.order;

import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the JSON bodies of order requests into one reused buffer, allocation-free. The bytes written are the bytes
 * sent and signed.
 */
final class OrderRequestEncoder
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private int length;

    /**
     * {@code POST /v5/order/create}.
     *
     * @return the body length.
     */
    int create(
        final CharSequence category,
        final TrackedOrder order,
        final CharSequence timeInForce)
    {
        int i = 0;
        i += put(i, "{\"category\":\"");
        i += put(i, category);
        i += put(i, "\",\"symbol\":\"");
        i += put(i, order.symbol);
        i += put(i, "\",\"side\":\"");
        i += put(i, order.side == Side.BUY ? "Buy" : "Sell");
        i += put(i, "\",\"orderType\":\"");
        i += put(i, order.orderType == OrderType.MARKET ? "Market" : "Limit");
        i += put(i, "\",\"qty\":\"");
        i += order.qty.appendTo(buffer, i);
        if (order.orderType == OrderType.LIMIT)
        {
            i += put(i, "\",\"price\":\"");
            i += order.price.appendTo(buffer, i);
            i += put(i, "\",\"timeInForce\":\"");
            i += put(i, timeInForce);
        }
        else
        {
            // a spot market Buy's qty is in the quote coin unless told otherwise; ours is always the base coin
            i += put(i, "\",\"marketUnit\":\"baseCoin");
        }
        i += put(i, "\",\"orderLinkId\":\"");
        i += put(i, order.orderLinkId);
        i += put(i, "\"}");
        length = i;
        return i;
    }

    /**
     * {@code POST /v5/order/cancel} by {@code orderLinkId}.
     *
     * @return the body length.
     */
    int cancel(final CharSequence category, final TrackedOrder order)
    {
        int i = 0;
        i += put(i, "{\"category\":\"");
        i += put(i, category);
        i += put(i, "\",\"symbol\":\"");
        i += put(i, order.symbol);
        i += put(i, "\",\"orderLinkId\":\"");
        i += put(i, order.orderLinkId);
        i += put(i, "\"}");
        length = i;
        return i;
    }

    /**
     * {@code POST /v5/order/cancel} by Bybit's {@code orderId}: for an order that is not ours.
     *
     * @return the body length.
     */
    int cancelByOrderId(final CharSequence category, final CharSequence symbol, final CharSequence orderId)
    {
        int i = 0;
        i += put(i, "{\"category\":\"");
        i += put(i, category);
        i += put(i, "\",\"symbol\":\"");
        i += put(i, symbol);
        i += put(i, "\",\"orderId\":\"");
        i += put(i, orderId);
        i += put(i, "\"}");
        length = i;
        return i;
    }

    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    int length()
    {
        return length;
    }

    private int put(final int index, final CharSequence value)
    {
        return buffer.putStringWithoutLengthAscii(index, value);
    }
}
