package com.qkt.broker.bybit;

import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.broker.bybit.stream.BybitStreamListener;
import com.qkt.broker.bybit.stream.PrivateStreamAdapter;
import com.qkt.codecs.ConnectionState;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BybitTransport} for logic tests: a manual clock, REST calls recorded and answered by the test, stream
 * frames pushed by the test through the production frame decoder, and {@link #fireOnReconnect()}. Single-threaded.
 */
final class FakeBybitClient implements BybitTransport
{
    @Override
    public void checkHandlerThread(final String method)
    {
        // tests drive the broker from one thread, which plays the handler
    }

    /** One REST call the broker made. */
    static final class Call
    {
        final long id;
        final String method;
        final String path;
        final String payload;
        boolean answered;

        Call(final long id, final String method, final String path, final String payload)
        {
            this.id = id;
            this.method = method;
            this.path = path;
            this.payload = payload;
        }

        public String toString()
        {
            return method + " " + path + " " + payload;
        }
    }

    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    final TimerService timers = new TimerService(clock.nanoTime(), 1L << 20, 512);
    final List<Call> calls = new ArrayList<>();
    final List<RestReplyListener> listeners = new ArrayList<>();
    private final List<Runnable> reconnectHandlers = new ArrayList<>();
    private BybitStreamListener streamListener;
    private final StreamToListener forwarder = new StreamToListener(null);
    private final PrivateStreamAdapter adapter;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[1 << 20]);
    private boolean connected = true;
    private long generation = 1;
    private long nextCallId = 1;
    int recoveryCompletedCalls;
    int reconnectHandlerRuns;

    FakeBybitClient()
    {
        adapter = new PrivateStreamAdapter(forwarder);
        forwarder.adapter = adapter;
    }

    // ---------------------------------------------------------------- test controls

    /** Push one private-stream frame through the production decoder. */
    int push(final String json)
    {
        final int length = frame.putStringWithoutLengthAscii(0, json);
        final int result = adapter.decode(frame, 0, length);
        if (result == PrivateStreamAdapter.MALFORMED && adapter.lastFrameMayHaveCarriedFills())
        {
            streamListener.onReconcileRequested();
        }
        if (result == PrivateStreamAdapter.MALFORMED && adapter.lastFrameMayHaveCarriedAccount())
        {
            streamListener.onAccountRefreshRequested();
        }
        return result;
    }

    /** The socket dropped. */
    void drop()
    {
        connected = false;
        streamListener.onConnectionStateChanged(ConnectionState.DISCONNECTED, ConnectionState.CONNECTED, 0, "test drop");
    }

    /** The initial connect finished: authenticated and subscribed. */
    void fireInitialSessionReady()
    {
        streamListener.onSessionReady(generation, false);
    }

    /** Re-authenticated and re-subscribed on a new socket: the broker must recover. */
    void fireOnReconnect()
    {
        generation++;
        streamListener.onSessionReady(generation, true);
    }

    /** Answer the oldest unanswered call to {@code path}. */
    Call answer(final String path, final String body)
    {
        return answer(path, 200, body);
    }

    Call answer(final String path, final int status, final String body)
    {
        return answer(path, 1, status, body);
    }

    /** Answer as if {@code attempt - 1} connection-level retries had happened first. */
    Call answer(final String path, final int attempt, final int status, final String body)
    {
        final Call call = oldestOpen(path);
        call.answered = true;
        final byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        listeners.get((int)call.id - 1).onRestReply(call.id, attempt, status, new UnsafeBuffer(bytes), 0, bytes.length);
        return call;
    }

    Call fail(final String path, final RestFailure failure)
    {
        final Call call = oldestOpen(path);
        call.answered = true;
        listeners.get((int)call.id - 1).onRestFailure(call.id, failure, 3);
        return call;
    }

    Call oldestOpen(final String path)
    {
        for (final Call call : calls)
        {
            if (!call.answered && call.path.equals(path))
            {
                return call;
            }
        }
        throw new AssertionError("no open call to " + path + "; calls: " + calls);
    }

    int openCalls()
    {
        int open = 0;
        for (final Call call : calls)
        {
            open += call.answered ? 0 : 1;
        }
        return open;
    }

    void advanceMillis(final long millis)
    {
        final long end = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (clock.nanoTime() < end)
        {
            clock.advanceNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(1), end - clock.nanoTime()));
            timers.poll(clock.nanoTime());
        }
    }

    // ---------------------------------------------------------------- BybitTransport

    public boolean isConnected()
    {
        return connected;
    }

    public long generation()
    {
        return generation;
    }

    public void streamListener(final BybitStreamListener listener)
    {
        streamListener = listener;
        forwarder.target = listener;
    }

    public void onReconnect(final Runnable handler)
    {
        reconnectHandlers.add(handler);
    }

    public void recoveryCompleted(final long generation)
    {
        recoveryCompletedCalls++;
        if (generation == this.generation)
        {
            connected = true;
            for (final Runnable handler : reconnectHandlers)
            {
                reconnectHandlerRuns++;
                handler.run();
            }
        }
    }

    public long getSigned(final String path, final CharSequence query, final RestReplyListener listener)
    {
        return record("GET", path, query.toString(), listener);
    }

    public long postSigned(
        final String path, final DirectBuffer body, final int offset, final int length, final RestReplyListener listener)
    {
        return record("POST", path, body.getStringWithoutLengthAscii(offset, length), listener);
    }

    private long record(final String method, final String path, final String payload, final RestReplyListener listener)
    {
        final long id = nextCallId++;
        calls.add(new Call(id, method, path, payload));
        listeners.add(listener);
        return id;
    }

    public TimerService timers()
    {
        return timers;
    }

    public EpochClock epochClock()
    {
        return clock;
    }

    /** Server minus host time, as a real client would have estimated it. */
    long serverOffsetMillis;

    public EpochClock serverClock()
    {
        return () -> clock.time() + serverOffsetMillis;
    }

    public NanoClock nanoClock()
    {
        return clock;
    }
}
