package com.qkt.broker.bybit.order;

import org.agrona.BitUtil;
import org.agrona.collections.LongHashSet;

/**
 * The client order ids of the last orders this process ended (terminal event out, order left the book), so that an
 * older REST view that still lists one of them as open cannot bring it back: a startup open-orders reply made before
 * the live push that ended the order would otherwise adopt it again.
 * <p>
 * Bounded like the exec-id window: keeps the last {@code capacity} ids and forgets the oldest first; an order ended
 * that many orders ago is far older than any REST reply still in flight. Allocation-free after construction (the set
 * is sized so it never grows); single-threaded (the handler thread).
 */
final class EndedOrders
{
    private final long[] ring;
    private final LongHashSet ids;
    private long added;

    /**
     * @param capacity how many ended orders to remember.
     */
    EndedOrders(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be > 0: " + capacity);
        }
        ring = new long[capacity];
        ids = new LongHashSet(BitUtil.findNextPositivePowerOfTwo(capacity * 2), 0.65f);
    }

    /**
     * @param clientOrderId an order that just ended; once per order.
     */
    void add(final long clientOrderId)
    {
        final int slot = (int)(added % ring.length);
        if (added >= ring.length)
        {
            ids.remove(ring[slot]);
        }
        ring[slot] = clientOrderId;
        ids.add(clientOrderId);
        added++;
    }

    /**
     * @param clientOrderId an order of the engine's.
     * @return true when this process ended it (within the window).
     */
    boolean contains(final long clientOrderId)
    {
        return ids.contains(clientOrderId);
    }
}
