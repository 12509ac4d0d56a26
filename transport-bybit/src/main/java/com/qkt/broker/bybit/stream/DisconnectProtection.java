package com.qkt.broker.bybit.stream;

import com.qkt.broker.bybit.BybitProtocolException;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyDecoder;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.common.error.EngineCounters;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.charset.StandardCharsets;

/**
 * Bybit's Disconnection Protection (DCP) for one product: on every new session (the initial connect and each
 * reconnect) it sets the window with {@code POST /v5/order/disconnected-cancel-all}; the session subscribes the
 * product's {@code dcp.*} topic with the others. Once armed, Bybit cancels the product's open orders when no private
 * connection subscribed to that topic has been alive for the window, and reports them with
 * {@code cancelType=CancelByDCP}. The window is account-wide and survives our process, so setting it again on each
 * session only restates it (and re-arms it if someone changed it elsewhere).
 * <p>
 * Handler thread only. The outcome (armed, or refused with Bybit's retCode) goes to the {@link Listener}, which turns
 * it into an event for the strategy: a strategy that relies on DCP must know when it is not in force.
 */
public final class DisconnectProtection implements RestReplyListener
{
    /**
     * A signed POST (the transport's).
     */
    @FunctionalInterface
    public interface SignedPost
    {
        /**
         * @param path     the path.
         * @param body     the JSON body.
         * @param offset   where it starts.
         * @param length   its length.
         * @param listener receives the outcome.
         * @return the call id.
         */
        long post(String path, DirectBuffer body, int offset, int length, RestReplyListener listener);
    }

    /**
     * Where the outcome of setting the window goes.
     */
    public interface Listener
    {
        /**
         * @param armed         true when Bybit accepted the window.
         * @param windowSeconds the window.
         * @param product       the DCP product.
         * @param retCode       Bybit's answer, -1 when the call got none.
         * @param reason        for humans.
         * @param generation    the session that set it.
         */
        void onDisconnectProtection(
            boolean armed, int windowSeconds, String product, int retCode, CharSequence reason, long generation);
    }

    private final int windowSeconds;
    private final String product;
    private final SignedPost rest;
    private final ErrorHandler errorHandler;
    private final Listener listener;
    private final UnsafeBuffer body;
    private final RestReplyDecoder decoder = new RestReplyDecoder();
    private final AtomicCounter armFailures;
    private long callId = -1;
    private long generation;
    private boolean armed;

    /**
     * @param windowSeconds DCP window, 0 = off (then {@link #arm(long)} does nothing).
     * @param product       {@code SPOT}, {@code DERIVATIVES} or {@code OPTIONS}.
     * @param rest          sends the signed POST.
     * @param errorHandler  receives refusals.
     * @param counters      where {@code bybit.dcp.armFailures} is registered.
     * @param listener      the outcome.
     */
    public DisconnectProtection(
        final int windowSeconds,
        final String product,
        final SignedPost rest,
        final ErrorHandler errorHandler,
        final EngineCounters counters,
        final Listener listener)
    {
        this.windowSeconds = windowSeconds;
        this.product = product;
        this.rest = rest;
        this.errorHandler = errorHandler;
        this.listener = listener;
        this.body = new UnsafeBuffer(("{\"product\":\"" + product + "\",\"timeWindow\":" + windowSeconds + "}")
            .getBytes(StandardCharsets.US_ASCII));
        this.armFailures = counters.counter(counters.newCounter("bybit.dcp.armFailures"));
    }

    /**
     * @return true when DCP is configured on.
     */
    public boolean enabled()
    {
        return windowSeconds > 0;
    }

    /**
     * @return true when Bybit accepted the window on the latest session that asked.
     */
    public boolean armed()
    {
        return armed;
    }

    /**
     * Set the window for a new session.
     *
     * @param generation the session.
     */
    public void arm(final long generation)
    {
        if (windowSeconds <= 0)
        {
            return;
        }
        this.generation = generation;
        callId = rest.post(BybitPaths.DCP_SET_WINDOW, body, 0, body.capacity(), this);
    }

    public void onRestReply(
        final long callId, final int attempt, final int httpStatus, final DirectBuffer body, final int offset,
        final int length)
    {
        if (callId != this.callId)
        {
            return; // an earlier session's answer; the later one decides
        }
        this.callId = -1;
        final boolean decoded = decoder.decodeEnvelope(body, offset, length);
        if (decoded && decoder.retCode() == 0 && httpStatus == 200)
        {
            armed = true;
            listener.onDisconnectProtection(true, windowSeconds, product, 0,
                "DCP window " + windowSeconds + " s set for " + product, generation);
            return;
        }
        armed = false;
        armFailures.increment();
        final String reason = "DCP window not set: HTTP " + httpStatus + " " +
            body.getStringWithoutLengthAscii(offset, Math.min(length, 256));
        errorHandler.onError(new BybitProtocolException(reason));
        listener.onDisconnectProtection(false, windowSeconds, product, decoded ? decoder.retCode() : -1, reason,
            generation);
    }

    public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
    {
        if (callId != this.callId)
        {
            return;
        }
        this.callId = -1;
        armed = false;
        armFailures.increment();
        final String reason = "DCP window not set: " + failure + " after " + attempts + " attempts";
        errorHandler.onError(new BybitProtocolException(reason));
        listener.onDisconnectProtection(false, windowSeconds, product, -1, reason, generation);
    }
}
