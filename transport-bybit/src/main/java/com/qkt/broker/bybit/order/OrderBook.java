package com.qkt.broker.bybit.order;

import com.qkt.codec.AsciiField;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * The broker's working orders by client order id, and the pool their {@link TrackedOrder}s return to once terminal.
 * Looks an order up by the {@code orderLinkId} Bybit echoes ({@code prefix + clientOrderId}) without allocating.
 */
final class OrderBook
{
    private final Long2ObjectHashMap<TrackedOrder> knownOrders = new Long2ObjectHashMap<>();
    private final ArrayDeque<TrackedOrder> pool = new ArrayDeque<>();
    private final String prefix;

    OrderBook(final String prefix)
    {
        this.prefix = prefix;
    }

    TrackedOrder acquire()
    {
        final TrackedOrder order = pool.pollFirst();
        return null != order ? order : new TrackedOrder();
    }

    void add(final TrackedOrder order)
    {
        knownOrders.put(order.clientOrderId, order);
    }

    /**
     * Forget a terminal order and return it to the pool; its timers are the caller's to cancel first.
     */
    void release(final TrackedOrder tracked)
    {
        knownOrders.remove(tracked.clientOrderId);
        tracked.reset();
        pool.addFirst(tracked);
    }

    TrackedOrder find(final AsciiField orderLinkId)
    {
        final long clientOrderId = ownId(orderLinkId);
        return clientOrderId < 0 ? null : knownOrders.get(clientOrderId);
    }

    /**
     * @param orderLinkId as Bybit echoes it.
     * @return the client order id if it is {@code prefix + digits}, else -1 (not the engine's).
     */
    long ownId(final AsciiField orderLinkId)
    {
        final int prefixLength = prefix.length();
        final int length = orderLinkId.length();
        if (length <= prefixLength || length - prefixLength > 18)
        {
            return -1;
        }
        for (int i = 0; i < prefixLength; i++)
        {
            if (orderLinkId.byteAt(i) != prefix.charAt(i))
            {
                return -1;
            }
        }
        long value = 0;
        for (int i = prefixLength; i < length; i++)
        {
            final int digit = orderLinkId.byteAt(i) - '0';
            if (digit < 0 || digit > 9)
            {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    void collect(final ArrayList<TrackedOrder> into)
    {
        into.clear();
        for (final TrackedOrder order : knownOrders.values())
        {
            into.add(order);
        }
    }

    TrackedOrder get(final long clientOrderId)
    {
        return knownOrders.get(clientOrderId);
    }

    boolean isKnown(final TrackedOrder order, final long clientOrderId)
    {
        return knownOrders.get(clientOrderId) == order;
    }

    boolean contains(final long clientOrderId)
    {
        return knownOrders.containsKey(clientOrderId);
    }

    int size()
    {
        return knownOrders.size();
    }

    long oldestSubmitMillis()
    {
        long oldest = Long.MAX_VALUE;
        for (final TrackedOrder order : knownOrders.values())
        {
            oldest = Math.min(oldest, order.submitMillis);
        }
        return oldest;
    }
}
