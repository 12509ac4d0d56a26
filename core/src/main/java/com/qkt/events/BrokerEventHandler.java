package com.qkt.events;

import com.qkt.codecs.CancelRejectedDecoder;
import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.ExecutionDecoder;
import com.qkt.codecs.OrderAcceptedDecoder;
import com.qkt.codecs.OrderCancelledDecoder;
import com.qkt.codecs.OrderRejectedDecoder;
import com.qkt.codecs.PositionUpdateDecoder;
import com.qkt.codecs.RecoveryCompletedDecoder;
import com.qkt.codecs.OrderAdoptedDecoder;
import com.qkt.codecs.ForeignOrderDecoder;
import com.qkt.codecs.StartupReconciledDecoder;
import com.qkt.codecs.DisconnectProtectionChangedDecoder;
import com.qkt.codecs.ServerTimeOffsetDecoder;
import com.qkt.codecs.WalletUpdateDecoder;
import com.qkt.codecs.RestAccessChangedDecoder;

/**
 * Typed callbacks over the decoded broker events; override the ones you need. Decoders are flyweights reused for
 * every event: read what you need during the call.
 */
public interface BrokerEventHandler
{
    /**
     * @param decoder positioned on an OrderAccepted message.
     */
    default void onOrderAccepted(final OrderAcceptedDecoder decoder)
    {
    }

    /**
     * @param decoder positioned on an Execution message.
     */
    default void onExecution(final ExecutionDecoder decoder)
    {
    }

    /**
     * @param decoder positioned on an OrderCancelled message.
     */
    default void onOrderCancelled(final OrderCancelledDecoder decoder)
    {
    }

    /**
     * @param decoder positioned on an OrderRejected message.
     */
    default void onOrderRejected(final OrderRejectedDecoder decoder)
    {
    }

    /**
     * @param decoder positioned on a ConnectionStateChanged message.
     */
    default void onConnectionStateChanged(final ConnectionStateChangedDecoder decoder)
    {
    }

    /**
     * @param decoder positioned on a RecoveryCompleted message.
     */
    default void onRecoveryCompleted(final RecoveryCompletedDecoder decoder)
    {
    }

    /**
     * A working order of this engine found at start was adopted (from the persisted state, or found on the exchange
     * with the engine's prefix).
     *
     * @param decoder the event, valid only during the call.
     */
    default void onOrderAdopted(final OrderAdoptedDecoder decoder)
    {
    }

    /**
     * The exchange's clock, as estimated from {@code /v5/market/time}, is further from the host's than the configured
     * bound, came back within it, or moved by more than the drift bound. Signing already uses the estimate; this is
     * for the operator (fix the host's time sync).
     *
     * @param decoder positioned on a ServerTimeOffset message.
     */
    default void onServerTimeOffset(final ServerTimeOffsetDecoder decoder)
    {
    }

    /**
     * @param decoder positioned on a WalletUpdate message (one coin).
     */
    default void onWalletUpdate(final WalletUpdateDecoder decoder)
    {
    }

    /**
     * An open order that is not the engine's was seen (reported once per order, or a cancel was requested, as
     * {@code qkt.broker.foreignOrders} says).
     *
     * @param decoder the event, valid only during the call.
     */
    default void onForeignOrder(final ForeignOrderDecoder decoder)
    {
    }

    /**
     * Bybit's Disconnection Protection window was set on a new session ({@code armed}), or setting it failed.
     *
     * @param decoder positioned on a DisconnectProtectionChanged message.
     */
    default void onDisconnectProtectionChanged(final DisconnectProtectionChangedDecoder decoder)
    {
    }

    /**
     * @param decoder positioned on a PositionUpdate message.
     */
    default void onPositionUpdate(final PositionUpdateDecoder decoder)
    {
    }

    /**
     * The startup reconcile finished: what the state directory held and what the exchange showed.
     *
     * @param decoder the event, valid only during the call.
     */
    default void onStartupReconciled(final StartupReconciledDecoder decoder)
    {
    }

    /**
     * @param decoder positioned on a CancelRejected message: a cancel that did not take effect, and why.
     */
    default void onCancelRejected(final CancelRejectedDecoder decoder)
    {
    }

    /**
     * Signed REST was held because the exchange banned the IP (HTTP 403), re-held after a probe was banned again, or
     * opened again. Orders and cancels submitted meanwhile wait in the rate-limit lanes; none is rejected for it.
     *
     * @param decoder positioned on a RestAccessChanged message.
     */
    default void onRestAccessChanged(final RestAccessChangedDecoder decoder)
    {
    }
}
