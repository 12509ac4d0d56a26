package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.broker.bybit.stream.BybitStreamListener;
import com.qkt.broker.bybit.stream.PrivateStreamAdapter;
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
    /** The adapter decoding into this handler, for the push's creationTime (as the session reads it). */
    PrivateStreamAdapter adapter;

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

    public void onWallet(final BybitWallet wallet)
    {
        target.onWallet(wallet, null == adapter ? 0 : adapter.lastCreationTime());
    }

    public void onPosition(final BybitPosition position)
    {
        target.onPosition(position);
    }

    public void onFrameEnd(final AsciiField topic)
    {
    }

    public void onUnknownFrame(final DirectBuffer buffer, final int offset, final int length)
    {
    }
}
