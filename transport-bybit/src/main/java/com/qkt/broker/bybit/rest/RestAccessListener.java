package com.qkt.broker.bybit.rest;

import com.qkt.codecs.RestAccess;

/**
 * Told on the handler thread when the governor holds all REST because of an IP ban (HTTP 403), re-holds it after a
 * probe was banned again, and when access is open again.
 */
@FunctionalInterface
public interface RestAccessListener
{
    /**
     * @param state            the new state.
     * @param previous         the state before (equal to {@code state} when a ban was extended).
     * @param httpStatus       the status that caused it, 0 when none.
     * @param bans             consecutive bans, 0 once open.
     * @param holdNanos        how long REST is held, 0 when open.
     * @param resumeEpochMillis when a probe call goes out, 0 when open.
     * @param queuedCalls      calls waiting in the lanes.
     */
    void onRestAccessChanged(
        RestAccess state,
        RestAccess previous,
        int httpStatus,
        int bans,
        long holdNanos,
        long resumeEpochMillis,
        int queuedCalls);
}
