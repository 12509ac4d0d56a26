package com.qkt.broker.bybit.rest;

/**
 * Where the governor sends a call it lets through: {@link BybitRestClient}, which arms the watchdog and hands it to
 * the sender.
 */
@FunctionalInterface
interface CallDispatcher
{
    /**
     * @param call admitted by the governor, to be sent now.
     */
    void dispatch(PendingRestCall call);
}
