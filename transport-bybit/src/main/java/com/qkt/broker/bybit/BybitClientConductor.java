package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.broker.bybit.rest.BybitRestClient;
import com.qkt.broker.bybit.rest.BybitSigner;
import com.qkt.broker.bybit.rest.RateLimitCounters;
import com.qkt.broker.bybit.rest.RateLimitGovernor;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.broker.bybit.rest.RestSender;
import com.qkt.broker.bybit.stream.BybitStreamListener;
import com.qkt.broker.bybit.stream.PrivateStreamSession;
import com.qkt.broker.bybit.stream.SessionState;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.timer.TimerService;
import com.qkt.engine.RingEvent;
import com.qkt.engine.RingEventHandler;
import com.qkt.engine.RingPublisher;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The handler of {@link BybitClient}'s ring: routes each ring event to its owner (socket events to the
 * {@link PrivateStreamSession}, REST outcomes to the {@link BybitRestClient}, commands to their runnables) and is the
 * {@link BybitTransport} a broker talks to, delegating the stream side to the session and the REST side to the REST
 * client. Decides nothing itself.
 */
final class BybitClientConductor implements RingEventHandler, BybitTransport
{
    static final long COMMAND_RUN = 1;

    private final TimerService timers;
    private final EpochClock epochClock;
    private final NanoClock nanoClock;
    private final ErrorHandler errorHandler;
    private final BybitRestClient restClient;
    private final RateLimitGovernor governor;
    private final PrivateStreamSession session;
    private volatile boolean terminating;
    private final ManyToOneConcurrentArrayQueue<Runnable> commands;

    BybitClientConductor(
        final BybitClientContext ctx,
        final RingPublisher publisher,
        final TimerService timers,
        final EpochClock epochClock,
        final NanoClock nanoClock,
        final ErrorHandler errorHandler,
        final EngineCounters counters,
        final RestSender restSender,
        final ManyToOneConcurrentArrayQueue<Runnable> commands)
    {
        this.timers = timers;
        this.epochClock = epochClock;
        this.nanoClock = nanoClock;
        this.errorHandler = errorHandler;
        this.commands = commands;
        this.governor = new RateLimitGovernor(
            ctx.rateLimitPolicy(), timers, nanoClock, epochClock, new RateLimitCounters(counters));
        this.restClient = new BybitRestClient(
            restSender, governor, timers, nanoClock, ctx.restRetryBackoff(), ctx.restMaxAttempts(), errorHandler,
            counters,
            TimeUnit.MILLISECONDS.toNanos(ctx.restTimeoutMs()), 64);
        this.session = new PrivateStreamSession(
            ctx, publisher, timers, epochClock, nanoClock, errorHandler, counters,
            new BybitSigner(ctx.apiKey(), ctx.apiSecret())); // the secret getter stays package-private
        counters.newGauge("bybit.connectionState (1 CONNECTING 2 CONNECTED 3 DISCONNECTED 4 RECONNECTING " +
            "5 RECOVERING 6 FAILED 7 CLOSED)", () -> session.publicState().value());
        counters.newGauge("bybit.rest.calls", restClient::attempts);
    }

    // ---------------------------------------------------------------- ring events

    public void onEvent(final RingEvent event, final long nowNanos)
    {
        switch (event.type())
        {
            case BybitEventTypes.WS_OPEN:
            case BybitEventTypes.WS_FRAME:
            case BybitEventTypes.WS_CLOSED:
            case BybitEventTypes.WS_ERROR:
                session.onSocketEvent(event, nowNanos);
                break;

            case BybitEventTypes.REST_REPLY:
            case BybitEventTypes.REST_FAILURE:
                restClient.onEvent(event);
                break;

            case BybitEventTypes.COMMAND:
                runCommands();
                break;

            default:
                break;
        }
    }

    public void onClose()
    {
        if (terminating)
        {
            session.terminate();
        }
        else
        {
            shutdown();
        }
    }

    /**
     * Make the coming close a crash: drop the socket, tell nobody.
     */
    void terminateOnClose()
    {
        terminating = true;
    }

    private void runCommands()
    {
        Runnable command;
        while (null != (command = commands.poll()))
        {
            try
            {
                command.run();
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    void startInitialConnect(final CompletableFuture<Void> future)
    {
        session.startInitialConnect(future);
    }

    void shutdown()
    {
        if (session.shutdown())
        {
            restClient.failAll();
        }
    }

    SessionState observedState()
    {
        return session.observedState();
    }

    BybitRestClient restClient()
    {
        return restClient;
    }

    RateLimitGovernor governor()
    {
        return governor;
    }

    // ---------------------------------------------------------------- BybitTransport

    /**
     * The conductor is only ever called on the handler thread (by the client after its own check); nothing to do.
     */
    @Override
    public void checkHandlerThread(final String method)
    {
    }

    public boolean isConnected()
    {
        return session.isConnected();
    }

    public long generation()
    {
        return session.generation();
    }

    public void streamListener(final BybitStreamListener listener)
    {
        session.streamListener(listener);
        governor.accessListener(listener);
    }

    public void onReconnect(final Runnable handler)
    {
        session.onReconnect(handler);
    }

    public void recoveryCompleted(final long generation)
    {
        session.recoveryCompleted(generation);
    }

    public long getSigned(final String path, final CharSequence query, final RestReplyListener listener)
    {
        return restClient.get(path, query, listener);
    }

    public long postSigned(
        final String path, final DirectBuffer body, final int offset, final int length, final RestReplyListener listener)
    {
        return restClient.post(path, body, offset, length, listener);
    }

    public TimerService timers()
    {
        return timers;
    }

    public EpochClock epochClock()
    {
        return epochClock;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }
}
