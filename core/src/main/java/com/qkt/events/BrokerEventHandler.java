package com.qkt.events;

import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.ExecutionDecoder;
import com.qkt.codecs.OrderAcceptedDecoder;
import com.qkt.codecs.OrderCancelledDecoder;
import com.qkt.codecs.OrderRejectedDecoder;
import com.qkt.codecs.RecoveryCompletedDecoder;
import com.qkt.codecs.OrderAdoptedDecoder;
import com.qkt.codecs.ForeignOrderDecoder;
import com.qkt.codecs.StartupReconciledDecoder;

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
     * An open order that is not the engine's was seen (reported once per order, or a cancel was requested, as
     * {@code qkt.broker.foreignOrders} says).
     *
     * @param decoder the event, valid only during the call.
     */
    default void onForeignOrder(final ForeignOrderDecoder decoder)
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
}
