package com.qkt.events;

import com.qkt.codecs.CancelRejectedEncoder;
import com.qkt.codecs.ConnectionStateChangedEncoder;
import com.qkt.codecs.ExecutionEncoder;
import com.qkt.codecs.MessageHeaderEncoder;
import com.qkt.codecs.OrderAcceptedEncoder;
import com.qkt.codecs.OrderCancelledEncoder;
import com.qkt.codecs.OrderRejectedEncoder;
import com.qkt.codecs.PositionUpdateEncoder;
import com.qkt.codecs.RecoveryCompletedEncoder;
import com.qkt.codecs.OrderAdoptedEncoder;
import com.qkt.codecs.ForeignOrderEncoder;
import com.qkt.codecs.StartupReconciledEncoder;
import com.qkt.codecs.ServerTimeOffsetEncoder;
import com.qkt.codecs.DisconnectProtectionChangedEncoder;
import com.qkt.codecs.WalletUpdateEncoder;
import com.qkt.codecs.RestAccessChangedEncoder;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;

/**
 * Encodes strategy-facing broker events into ONE reused buffer and hands each to a {@link BrokerEventListener} on
 * the handler thread.
 * <p>
 * Usage: {@code publisher.execution().execTime(t)...; publisher.commit();}. Each encoder accessor wraps the buffer with
 * the message header applied and returns the encoder to fill; {@link #commit()} delivers header plus encoded length.
 * A listener exception goes to the error handler and the publisher carries on. No allocation per event (the buffer
 * only grows if a variable-length field exceeds its current capacity). Not thread safe; the listener must not
 * publish from inside its callback because the buffer is shared.
 */
public final class BrokerEventPublisher
{
    private static final int INITIAL_CAPACITY = 4096;
    private static final int NONE = 0;

    private final BrokerEventListener listener;
    private final ErrorHandler errorHandler;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderAcceptedEncoder orderAccepted = new OrderAcceptedEncoder();
    private final ExecutionEncoder execution = new ExecutionEncoder();
    private final OrderCancelledEncoder orderCancelled = new OrderCancelledEncoder();
    private final OrderRejectedEncoder orderRejected = new OrderRejectedEncoder();
    private final ConnectionStateChangedEncoder connectionStateChanged = new ConnectionStateChangedEncoder();
    private final RecoveryCompletedEncoder recoveryCompleted = new RecoveryCompletedEncoder();
    private final OrderAdoptedEncoder orderAdopted = new OrderAdoptedEncoder();
    private final ForeignOrderEncoder foreignOrder = new ForeignOrderEncoder();
    private final StartupReconciledEncoder startupReconciled = new StartupReconciledEncoder();
    private final ServerTimeOffsetEncoder serverTimeOffset = new ServerTimeOffsetEncoder();
    private final DisconnectProtectionChangedEncoder disconnectProtectionChanged =
        new DisconnectProtectionChangedEncoder();
    private final WalletUpdateEncoder walletUpdate = new WalletUpdateEncoder();
    private final PositionUpdateEncoder positionUpdate = new PositionUpdateEncoder();
    private final CancelRejectedEncoder cancelRejected = new CancelRejectedEncoder();
    private final RestAccessChangedEncoder restAccessChanged = new RestAccessChangedEncoder();
    private int pendingTemplateId = NONE;
    private long published;

    /**
     * @param listener     receives each committed message.
     * @param errorHandler receives listener failures.
     */
    public BrokerEventPublisher(final BrokerEventListener listener, final ErrorHandler errorHandler)
    {
        this.listener = listener;
        this.errorHandler = errorHandler;
    }

    /**
     * @return the OrderAccepted encoder over the buffer, header applied.
     */
    public OrderAcceptedEncoder orderAccepted()
    {
        pendingTemplateId = OrderAcceptedEncoder.TEMPLATE_ID;
        return orderAccepted.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the Execution encoder over the buffer, header applied.
     */
    public ExecutionEncoder execution()
    {
        pendingTemplateId = ExecutionEncoder.TEMPLATE_ID;
        return execution.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the OrderCancelled encoder over the buffer, header applied.
     */
    public OrderCancelledEncoder orderCancelled()
    {
        pendingTemplateId = OrderCancelledEncoder.TEMPLATE_ID;
        return orderCancelled.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the OrderRejected encoder over the buffer, header applied.
     */
    public OrderRejectedEncoder orderRejected()
    {
        pendingTemplateId = OrderRejectedEncoder.TEMPLATE_ID;
        return orderRejected.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the ConnectionStateChanged encoder over the buffer, header applied.
     */
    public ConnectionStateChangedEncoder connectionStateChanged()
    {
        pendingTemplateId = ConnectionStateChangedEncoder.TEMPLATE_ID;
        return connectionStateChanged.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the RecoveryCompleted encoder over the buffer, header applied.
     */
    public RecoveryCompletedEncoder recoveryCompleted()
    {
        pendingTemplateId = RecoveryCompletedEncoder.TEMPLATE_ID;
        return recoveryCompleted.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the OrderAdopted encoder over the buffer, header applied.
     */
    public OrderAdoptedEncoder orderAdopted()
    {
        pendingTemplateId = OrderAdoptedEncoder.TEMPLATE_ID;
        return orderAdopted.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the ForeignOrder encoder over the buffer, header applied.
     */
    public ForeignOrderEncoder foreignOrder()
    {
        pendingTemplateId = ForeignOrderEncoder.TEMPLATE_ID;
        return foreignOrder.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the StartupReconciled encoder over the buffer, header applied.
     */
    public StartupReconciledEncoder startupReconciled()
    {
        pendingTemplateId = StartupReconciledEncoder.TEMPLATE_ID;
        return startupReconciled.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the ServerTimeOffset encoder over the buffer, header applied.
     */
    public ServerTimeOffsetEncoder serverTimeOffset()
    {
        pendingTemplateId = ServerTimeOffsetEncoder.TEMPLATE_ID;
        return serverTimeOffset.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the DisconnectProtectionChanged encoder over the buffer, header applied.
     */
    public DisconnectProtectionChangedEncoder disconnectProtectionChanged()
    {
        pendingTemplateId = DisconnectProtectionChangedEncoder.TEMPLATE_ID;
        return disconnectProtectionChanged.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the WalletUpdate encoder over the buffer, header applied.
     */
    public WalletUpdateEncoder walletUpdate()
    {
        pendingTemplateId = WalletUpdateEncoder.TEMPLATE_ID;
        return walletUpdate.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the PositionUpdate encoder over the buffer, header applied.
     */
    public PositionUpdateEncoder positionUpdate()
    {
        pendingTemplateId = PositionUpdateEncoder.TEMPLATE_ID;
        return positionUpdate.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the CancelRejected encoder over the buffer, header applied.
     */
    public CancelRejectedEncoder cancelRejected()
    {
        pendingTemplateId = CancelRejectedEncoder.TEMPLATE_ID;
        return cancelRejected.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * @return the RestAccessChanged encoder over the buffer, header applied.
     */
    public RestAccessChangedEncoder restAccessChanged()
    {
        pendingTemplateId = RestAccessChangedEncoder.TEMPLATE_ID;
        return restAccessChanged.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    /**
     * Deliver the message encoded since the last encoder accessor call.
     *
     * @throws IllegalStateException if no message is being encoded.
     */
    public void commit()
    {
        final int encodedLength;
        switch (pendingTemplateId)
        {
            case OrderAcceptedEncoder.TEMPLATE_ID:
                encodedLength = orderAccepted.encodedLength();
                break;
            case ExecutionEncoder.TEMPLATE_ID:
                encodedLength = execution.encodedLength();
                break;
            case OrderCancelledEncoder.TEMPLATE_ID:
                encodedLength = orderCancelled.encodedLength();
                break;
            case OrderRejectedEncoder.TEMPLATE_ID:
                encodedLength = orderRejected.encodedLength();
                break;
            case ConnectionStateChangedEncoder.TEMPLATE_ID:
                encodedLength = connectionStateChanged.encodedLength();
                break;
            case RecoveryCompletedEncoder.TEMPLATE_ID:
                encodedLength = recoveryCompleted.encodedLength();
                break;
            case OrderAdoptedEncoder.TEMPLATE_ID:
                encodedLength = orderAdopted.encodedLength();
                break;
            case ForeignOrderEncoder.TEMPLATE_ID:
                encodedLength = foreignOrder.encodedLength();
                break;
            case StartupReconciledEncoder.TEMPLATE_ID:
                encodedLength = startupReconciled.encodedLength();
                break;
            case ServerTimeOffsetEncoder.TEMPLATE_ID:
                encodedLength = serverTimeOffset.encodedLength();
                break;
            case DisconnectProtectionChangedEncoder.TEMPLATE_ID:
                encodedLength = disconnectProtectionChanged.encodedLength();
                break;
            case WalletUpdateEncoder.TEMPLATE_ID:
                encodedLength = walletUpdate.encodedLength();
                break;
            case PositionUpdateEncoder.TEMPLATE_ID:
                encodedLength = positionUpdate.encodedLength();
                break;
            case CancelRejectedEncoder.TEMPLATE_ID:
                encodedLength = cancelRejected.encodedLength();
                break;
            case RestAccessChangedEncoder.TEMPLATE_ID:
                encodedLength = restAccessChanged.encodedLength();
                break;
            default:
                throw new IllegalStateException("commit without an encoded message");
        }
        pendingTemplateId = NONE;
        published++;

        try
        {
            listener.onBrokerEvent(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encodedLength);
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
        }
    }

    /**
     * @return messages committed so far.
     */
    public long published()
    {
        return published;
    }
}
