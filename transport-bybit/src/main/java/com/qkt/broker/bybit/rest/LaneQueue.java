package com.qkt.broker.bybit.rest;

/**
 * The calls waiting in one {@link RestLane}, oldest first, in a pre-allocated array. A call that must be sent again
 * (a 10006, a 429, a 403, a retry) goes back to the front: it was admitted before the ones behind it.
 */
final class LaneQueue
{
    private final PendingRestCall[] calls;
    private int size;

    LaneQueue(final int capacity)
    {
        calls = new PendingRestCall[capacity];
    }

    boolean isEmpty()
    {
        return 0 == size;
    }

    int size()
    {
        return size;
    }

    PendingRestCall get(final int index)
    {
        return calls[index];
    }

    /**
     * The governor admits at most {@code capacity} calls per lane (waiting or in flight), so there is always room for
     * an admitted call.
     */
    void addLast(final PendingRestCall call)
    {
        calls[size++] = call;
    }

    void addFirst(final PendingRestCall call)
    {
        System.arraycopy(calls, 0, calls, 1, size);
        calls[0] = call;
        size++;
    }

    /**
     * The drain rewrites the queue in place, keeping the calls that still wait.
     */
    void set(final int index, final PendingRestCall call)
    {
        calls[index] = call;
    }

    void truncate(final int newSize)
    {
        for (int i = newSize; i < size; i++)
        {
            calls[i] = null;
        }
        size = newSize;
    }

    void clear()
    {
        truncate(0);
    }
}
