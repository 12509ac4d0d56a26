package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.stream.BybitStreamListener;
import com.qkt.broker.bybit.stream.PrivateStreamHandler;
import com.qkt.codec.AsciiField;
import org.agrona.DirectBuffer;

/**
 * The conductor's role in the real client, for tests: order and execution items of decoded frames go straight to a
 * {@link BybitStreamListener}; session frames are ignored.
 */
final class StreamToListener implements PrivateStreamHandler
{
    BybitStreamListener target;

    StreamToListener(final BybitStreamListener target)
    {
        this.target = target;
    }

    public void onAuthResponse(final boolean success, final AsciiField retMsg)
    {
    }

    public void onSubscribeResponse(final boolean success, final AsciiField reqId, final AsciiField retMsg)
    {
    }

    public void onPong(final long serverTimeMillis)
    {
    }

    public void onOrder(final BybitOrder order)
    {
        target.onOrder(order);
    }

    public void onExecution(final BybitExecution execution)
    {
        target.onExecution(execution);
    }

    public void onFrameEnd(final AsciiField topic)
    {
    }

    public void onUnknownFrame(final DirectBuffer buffer, final int offset, final int length)
    {
    }
}
