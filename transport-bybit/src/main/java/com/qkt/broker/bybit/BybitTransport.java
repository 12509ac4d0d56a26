package com.qkt.broker.bybit;

import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.broker.bybit.stream.BybitStreamListener;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.timer.TimerService;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * What a broker needs from a Bybit connection: signed REST, the private stream's items, connection state and the
 * reconnect hand-shake. {@link BybitClient} is the real one; tests use a fake driven by a manual clock.
 * <p>
 * Every method is called on, and every callback arrives on, the handler thread.
 */
public interface BybitTransport
{
    /**
     * @return true while the private stream is authenticated, subscribed and, after a reconnect, recovered.
     */
    boolean isConnected();

    /**
     * Enforce the single-writer rule: once the transport is started, state-changing calls must run on the handler
     * thread. Called first by every such method, so a call from a strategy's own thread fails loudly instead of
     * racing with the handler.
     *
     * @param method the public method being called, for the message.
     * @throws IllegalStateException when called from another thread while checks are on.
     */
    void checkHandlerThread(String method);

    /**
     * @return the current socket generation (+1 per socket opened).
     */
    long generation();

    /**
     * @param listener receives private-stream items and session changes. One listener per transport.
     */
    void streamListener(BybitStreamListener listener);

    /**
     * Add a handler run on the handler thread after each reconnect has re-authenticated, re-subscribed and recovered.
     * Never run for the initial connect.
     *
     * @param handler to run.
     */
    void onReconnect(Runnable handler);

    /**
     * The broker tells the transport that recovery after {@link BybitStreamListener#onSessionReady(long, boolean)}
     * finished; the transport then reports connected and runs the {@link #onReconnect(Runnable)} handlers.
     *
     * @param generation the session the recovery ran for.
     */
    void recoveryCompleted(long generation);

    /**
     * A signed GET.
     *
     * @param path     e.g. {@code /v5/order/realtime}.
     * @param query    the query string without {@code ?}, exactly as it will be sent and signed; may be empty.
     * @param listener receives the outcome on the handler thread.
     * @return the call id passed back to the listener.
     */
    long getSigned(String path, CharSequence query, RestReplyListener listener);

    /**
     * A signed POST with a JSON body.
     *
     * @param path     e.g. {@code /v5/order/create}.
     * @param body     buffer holding the JSON body, copied before this returns.
     * @param offset   where the body starts.
     * @param length   the body's length.
     * @param listener receives the outcome on the handler thread.
     * @return the call id passed back to the listener.
     */
    long postSigned(String path, DirectBuffer body, int offset, int length, RestReplyListener listener);

    /**
     * @return the timer wheel of the handler thread.
     */
    TimerService timers();

    /**
     * @return wall-clock time source (exchange timestamps, recovery windows).
     */
    EpochClock epochClock();

    /**
     * @return monotonic time source (timers, latencies).
     */
    NanoClock nanoClock();

    /**
     * @return Bybit's clock as estimated (host time plus the measured offset): for times compared with the exchange's,
     * such as recovery windows. The default, for transports that do not estimate it, is {@link #epochClock()}.
     */
    default EpochClock serverClock()
    {
        return epochClock();
    }

    /**
     * @return the counters of the connection's engine (the monitor file {@code scripts/stat} reads), where users of
     *         the transport publish their own; null for a transport without them (a test double).
     */
    default EngineCounters counters()
    {
        return null;
    }
}
