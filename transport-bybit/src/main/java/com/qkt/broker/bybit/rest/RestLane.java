package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitPaths;

/**
 * The governor's priority lanes, highest first. While calls wait for a budget or an IP-ban hold, a lane is served only
 * when every higher lane is empty: a cancel takes risk off, recovery and reconcile queries find out what the book
 * really is, and a new order adds risk, so it goes last.
 */
public enum RestLane
{
    /** Cancels ({@code /v5/order/cancel}, {@code /cancel-all}, {@code /cancel-batch}). */
    CANCEL,
    /** Queries and every other call: recovery, reconcile, account and set-up calls. */
    QUERY,
    /** New and amended orders ({@code /v5/order/create}, {@code /amend} and their batch forms). */
    ORDER;

    private static final RestLane[] VALUES = values();

    /**
     * @return the lanes, highest priority first (a shared array: do not modify).
     */
    static RestLane[] lanes()
    {
        return VALUES;
    }

    /**
     * @param path a Bybit V5 path.
     * @return the lane a call to it waits in.
     */
    public static RestLane of(final String path)
    {
        if (BybitPaths.ORDER_CANCEL.equals(path) || path.startsWith("/v5/order/cancel"))
        {
            return CANCEL;
        }
        if (BybitPaths.ORDER_CREATE.equals(path) || path.startsWith("/v5/order/create") ||
            path.startsWith("/v5/order/amend"))
        {
            return ORDER;
        }
        return QUERY;
    }
}
