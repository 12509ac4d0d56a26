package com.qkt.bench;

import com.qkt.broker.bybit.BybitTransport;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.broker.bybit.stream.BybitStreamListener;
import com.qkt.broker.bybit.stream.PrivateStreamHandler;
import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.codec.AsciiField;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * A {@link BybitTransport} with no network, for benchmarks of the broker's own work: REST calls are accepted and
 * never answered, the clock is manual, and decoded stream items go straight to the broker (as the client's
 * conductor would).
 */
final class StubTransport implements BybitTransport, PrivateStreamHandler
{
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final TimerService timers = new TimerService(clock.nanoTime(), 1L << 20, 512);
    private BybitStreamListener listener;
    private long callIds;

    public void checkHandlerThread(final String method)
    {
        // the benchmark thread plays the handler
    }

    public boolean isConnected()
    {
        return true;
    }

    public long generation()
    {
        return 1;
    }

    public void streamListener(final BybitStreamListener listener)
    {
        this.listener = listener;
    }

    public void onReconnect(final Runnable handler)
    {
    }

    public void recoveryCompleted(final long generation)
    {
    }

    public long getSigned(final String path, final CharSequence query, final RestReplyListener listener)
    {
        return ++callIds;
    }

    public long postSigned(
        final String path, final DirectBuffer body, final int offset, final int length, final RestReplyListener listener)
    {
        return ++callIds;
    }

    public TimerService timers()
    {
        return timers;
    }

    public EpochClock epochClock()
    {
        return clock;
    }

    public NanoClock nanoClock()
    {
        return clock;
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
        listener.onOrder(order);
    }

    public void onExecution(final BybitExecution execution)
    {
        listener.onExecution(execution);
    }

    public void onFrameEnd(final AsciiField topic)
    {
    }

    public void onUnknownFrame(final DirectBuffer buffer, final int offset, final int length)
    {
    }
}
