package com.qkt.broker.bybit.rest;

/**
 * Where the handler hands a REST call to be sent: the {@link RestSender} in production, a recorder in tests.
 */
interface RestCallSink
{
    /**
     * @param call to send; owned by the sink until its outcome event is published into the ring.
     * @return false when the call cannot be taken now (a local failure, retried like a connection failure).
     */
    boolean offer(PendingRestCall call);
}
