package com.qkt.broker.bybit.stream;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.broker.bybit.rest.RestAccessListener;
import com.qkt.codecs.ConnectionState;
import com.qkt.codecs.ServerTimeOffsetKind;
import com.qkt.codecs.RestAccess;

/**
 * Private-stream items and session changes, delivered by a {@link BybitTransport} on the handler thread. The objects
 * passed in are reused: copy what must outlive the call. REST access changes (an IP ban holding all REST) come
 * through the same listener, as they change what the connection can do.
 */
public interface BybitStreamListener extends RestAccessListener
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
     * @param wallet       one account item of a {@code wallet} push.
     * @param creationTime the push's {@code creationTime} (exchange ms), 0 when it had none.
     */
    default void onWallet(final BybitWallet wallet, final long creationTime)
    {
    }

    /**
     * @param position one item of a {@code position} push.
     */
    default void onPosition(final BybitPosition position)
    {
    }

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
     * A frame that might have been a wallet or position push could not be read: the listener should take the account
     * snapshots again.
     */
    default void onAccountRefreshRequested()
    {
    }

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
     * {@link #onStartupSessionReady(long)}.
     *
     * @return true to reconcile before the first CONNECTED.
     */
    default boolean reconcilesOnStart()
    {
        return false;
    }

    /**
     * The initial session is ready and the session waits for this listener's startup reconcile (it answered
     * {@link #reconcilesOnStart()} with true): reconcile, then call
     * {@link com.qkt.broker.bybit.BybitTransport#recoveryCompleted(long)} with this generation.
     *
     * @param generation the session's generation.
     */
    default void onStartupSessionReady(final long generation)
    {
        onSessionReady(generation, false);
    }

    /**
     * The server clock estimate crossed its bound or moved (see {@link com.qkt.broker.bybit.time.ServerTimeSync}).
     *
     * @param kind                 what happened.
     * @param offsetMillis         server minus host time now.
     * @param previousOffsetMillis the estimate before.
     * @param roundTripMicros      round trip of the sample.
     * @param boundMillis          the bound concerned.
     */
    default void onServerTimeOffset(
        final ServerTimeOffsetKind kind, final long offsetMillis, final long previousOffsetMillis,
        final long roundTripMicros, final long boundMillis)
    {
    }

    /**
     * Setting the Disconnection Protection window succeeded or failed (see {@link DisconnectProtection}).
     *
     * @param armed         true when Bybit accepted the window.
     * @param windowSeconds the window.
     * @param product       the DCP product.
     * @param retCode       Bybit's answer, -1 when none.
     * @param reason        for humans.
     * @param generation    the session that set it.
     */
    default void onDisconnectProtection(
        final boolean armed, final int windowSeconds, final String product, final int retCode,
        final CharSequence reason, final long generation)
    {
    }

    /**
     * {@inheritDoc} Ignored unless overridden.
     */
    default void onRestAccessChanged(
        final RestAccess state,
        final RestAccess previous,
        final int httpStatus,
        final int bans,
        final long holdNanos,
        final long resumeEpochMillis,
        final int queuedCalls)
    {
    }
}
