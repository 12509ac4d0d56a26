package com.qkt.events;

import com.qkt.codecs.CancelRejectedDecoder;
import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.ExecutionDecoder;
import com.qkt.codecs.MessageHeaderDecoder;
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
import org.agrona.DirectBuffer;

/**
 * Turns raw SBE broker events into typed {@link BrokerEventHandler} callbacks with reused decoders (no allocation).
 * A message of another schema, an unknown template or a truncated message raises an IllegalArgumentException, which
 * the {@link BrokerEventPublisher} hands to its error handler.
 */
public final class BrokerEventDecoder implements BrokerEventListener
{
    private final BrokerEventHandler handler;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final ExecutionDecoder execution = new ExecutionDecoder();
    private final OrderCancelledDecoder orderCancelled = new OrderCancelledDecoder();
    private final OrderRejectedDecoder orderRejected = new OrderRejectedDecoder();
    private final ConnectionStateChangedDecoder connectionStateChanged = new ConnectionStateChangedDecoder();
    private final RecoveryCompletedDecoder recoveryCompleted = new RecoveryCompletedDecoder();
    private final OrderAdoptedDecoder orderAdopted = new OrderAdoptedDecoder();
    private final ForeignOrderDecoder foreignOrder = new ForeignOrderDecoder();
    private final StartupReconciledDecoder startupReconciled = new StartupReconciledDecoder();
    private final ServerTimeOffsetDecoder serverTimeOffset = new ServerTimeOffsetDecoder();
    private final DisconnectProtectionChangedDecoder disconnectProtectionChanged =
        new DisconnectProtectionChangedDecoder();
    private final WalletUpdateDecoder walletUpdate = new WalletUpdateDecoder();
    private final PositionUpdateDecoder positionUpdate = new PositionUpdateDecoder();
    private final CancelRejectedDecoder cancelRejected = new CancelRejectedDecoder();
    private final RestAccessChangedDecoder restAccessChanged = new RestAccessChangedDecoder();

    /**
     * @param handler receives the typed callbacks.
     */
    public BrokerEventDecoder(final BrokerEventHandler handler)
    {
        this.handler = handler;
    }

    /**
     * {@inheritDoc}
     */
    public void onBrokerEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalArgumentException("broker event shorter than its header: " + length);
        }

        headerDecoder.wrap(buffer, offset);
        final int schemaId = headerDecoder.schemaId();
        if (MessageHeaderDecoder.SCHEMA_ID != schemaId)
        {
            throw new IllegalArgumentException("not a broker event schema: " + schemaId);
        }

        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + blockLength)
        {
            throw new IllegalArgumentException("truncated broker event: length=" + length +
                " blockLength=" + blockLength);
        }

        final int templateId = headerDecoder.templateId();
        switch (templateId)
        {
            case OrderAcceptedDecoder.TEMPLATE_ID:
                handler.onOrderAccepted(orderAccepted.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case ExecutionDecoder.TEMPLATE_ID:
                handler.onExecution(execution.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case OrderCancelledDecoder.TEMPLATE_ID:
                handler.onOrderCancelled(orderCancelled.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case OrderRejectedDecoder.TEMPLATE_ID:
                handler.onOrderRejected(orderRejected.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case ConnectionStateChangedDecoder.TEMPLATE_ID:
                handler.onConnectionStateChanged(connectionStateChanged.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case RecoveryCompletedDecoder.TEMPLATE_ID:
                handler.onRecoveryCompleted(recoveryCompleted.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case OrderAdoptedDecoder.TEMPLATE_ID:
                handler.onOrderAdopted(orderAdopted.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case ForeignOrderDecoder.TEMPLATE_ID:
                handler.onForeignOrder(foreignOrder.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case StartupReconciledDecoder.TEMPLATE_ID:
                handler.onStartupReconciled(startupReconciled.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case ServerTimeOffsetDecoder.TEMPLATE_ID:
                handler.onServerTimeOffset(serverTimeOffset.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case DisconnectProtectionChangedDecoder.TEMPLATE_ID:
                handler.onDisconnectProtectionChanged(
                    disconnectProtectionChanged.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case WalletUpdateDecoder.TEMPLATE_ID:
                handler.onWalletUpdate(walletUpdate.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case PositionUpdateDecoder.TEMPLATE_ID:
                handler.onPositionUpdate(positionUpdate.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case CancelRejectedDecoder.TEMPLATE_ID:
                handler.onCancelRejected(cancelRejected.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case RestAccessChangedDecoder.TEMPLATE_ID:
                handler.onRestAccessChanged(restAccessChanged.wrap(buffer, bodyOffset, blockLength, version));
                break;

            default:
                throw new IllegalArgumentException("unknown broker event template: " + templateId);
        }
    }
}
