package com.qkt.broker.bybit.stream;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.codecs.ConnectionState;

/**
 * Private-stream items and session changes, delivered by a {@link BybitTransport} on the handler thread. The objects
 * passed in are reused: copy what must outlive the call.
 */
public interface BybitStreamListener
{
    /**
     * @param order one item of an {@code order} push.
     */
    void onOrder(BybitOrder order);

    /**
     * @param execution one item of an {@code execution} push.
     */
    void onExecution(BybitExecution execution);

    /**
     * The socket of {@code generation} is authenticated and subscribed.
     *
     * @param generation the socket generation.
     * @param reconnect  false for the initial connect; true after a drop, in which case the listener must recover what
     *                   it missed and then call {@link BybitTransport#recoveryCompleted(long)}.
     */
    void onSessionReady(long generation, boolean reconnect);

    /**
     * A frame that might have carried a fill could not be read: the listener should reconcile with REST.
     */
    void onReconcileRequested();

    /**
     * @param state    the new state.
     * @param previous the state before.
     * @param attempt  the reconnect attempt, 0 when not reconnecting.
     * @param reason   why, for humans.
     */
    void onConnectionStateChanged(ConnectionState state, ConnectionState previous, int attempt, CharSequence reason);

    /**
     * Whether this listener runs a startup reconcile: if true, the session stays in {@code RECOVERING} after the
     * initial connect (and {@code isConnected()} false, the connect call waiting) until the listener calls
     * {@link com.qkt.broker.bybit.BybitTransport#recoveryCompleted(long)} for the generation it got in
     * {@link #onSessionReady(long, boolean)} with {@code reconnect = false}.
     *
     * @return true to reconcile before the first CONNECTED.
     */
    default boolean reconcilesOnStart()
    {
        return false;
    }
}
