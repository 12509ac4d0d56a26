package com.qkt.broker.bybit.stream;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.codec.AsciiField;
import org.agrona.DirectBuffer;

/**
 * Receives the decoded events of one private-stream frame from {@link PrivateStreamAdapter}. Every argument is a
 * reused view valid only during the call.
 */
public interface PrivateStreamHandler
{
    /**
     * Reply to {@code op=auth}.
     *
     * @param success true when authenticated.
     * @param retMsg  server message, usually empty on success.
     */
    void onAuthResponse(boolean success, AsciiField retMsg);

    /**
     * Reply to {@code op=subscribe}.
     *
     * @param success true when subscribed.
     * @param reqId   the echoed req_id (empty if none was sent).
     * @param retMsg  server message, the reason on failure.
     */
    void onSubscribeResponse(boolean success, AsciiField reqId, AsciiField retMsg);

    /**
     * Reply to {@code op=unsubscribe}.
     *
     * @param success true when unsubscribed.
     * @param reqId   the echoed req_id (empty if none was sent).
     * @param retMsg  server message.
     */
    default void onUnsubscribeResponse(final boolean success, final AsciiField reqId, final AsciiField retMsg)
    {
    }

    /**
     * Reply to a JSON ping.
     *
     * @param serverTimeMillis server time from the pong, or {@link PrivateStreamAdapter#NO_SERVER_TIME}.
     */
    void onPong(long serverTimeMillis);

    /**
     * One item of an {@code order} push.
     *
     * @param order the item.
     */
    void onOrder(BybitOrder order);

    /**
     * One item of an {@code execution} or {@code execution.fast} push.
     *
     * @param execution the item.
     */
    void onExecution(BybitExecution execution);

    /**
     * One item of a {@code wallet} push.
     *
     * @param wallet the item.
     */
    default void onWallet(final BybitWallet wallet)
    {
    }

    /**
     * One item of a {@code position} push.
     *
     * @param position the item.
     */
    default void onPosition(final BybitPosition position)
    {
    }

    /**
     * After the items of a push (also when a later item was malformed), so the caller can batch.
     *
     * @param topic the push's topic.
     */
    void onFrameEnd(AsciiField topic);

    /**
     * A well-formed frame with an op or topic this adapter does not handle.
     *
     * @param buffer holding the frame.
     * @param offset of the frame.
     * @param length of the frame.
     */
    void onUnknownFrame(DirectBuffer buffer, int offset, int length);
}
