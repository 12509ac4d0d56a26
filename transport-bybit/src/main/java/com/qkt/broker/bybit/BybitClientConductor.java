package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.broker.bybit.rest.BybitRestClient;
import com.qkt.broker.bybit.rest.BybitSigner;
import com.qkt.broker.bybit.rest.RateLimitCounters;
import com.qkt.broker.bybit.rest.RateLimitGovernor;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.broker.bybit.rest.RestSender;
import com.qkt.broker.bybit.stream.BybitStreamListener;
import com.qkt.broker.bybit.stream.DisconnectProtection;
import com.qkt.broker.bybit.stream.PrivateStreamSession;
import com.qkt.broker.bybit.time.ServerClock;
import com.qkt.broker.bybit.time.ServerTimeSync;
import com.qkt.codecs.ServerTimeOffsetKind;
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
 * client. Decides nothing itself. It also wires the exchange-rule helpers to the session and the REST client: the
 * {@link ServerTimeSync} (a 10002 held by the REST client starts an estimate; its end releases the held calls and a
 * held WS auth) and {@link DisconnectProtection} (armed by the session on every new session), and passes their events
 * on to the stream listener.
 */
final class BybitClientConductor
    implements RingEventHandler, BybitTransport, ServerTimeSync.Listener, DisconnectProtection.Listener
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
    private final ServerClock serverClock;
    private final ServerTimeSync timeSync;
    private final DisconnectProtection disconnectProtection;
    private BybitStreamListener streamListener;

    BybitClientConductor(
        final BybitClientContext ctx,
        final RingPublisher publisher,
        final TimerService timers,
        final EpochClock epochClock,
        final NanoClock nanoClock,
        final ErrorHandler errorHandler,
        final EngineCounters counters,
        final RestSender restSender,
        final ManyToOneConcurrentArrayQueue<Runnable> commands,
        final ServerClock serverClock)
    {
        this.serverClock = serverClock;
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
            ctx, publisher, timers, serverClock, nanoClock, errorHandler, counters,
            new BybitSigner(ctx.apiKey(), ctx.apiSecret())); // the secret getter stays package-private
        if (ctx.timeSync())
        {
            this.timeSync = new ServerTimeSync(
                serverClock, restClient::getPublic, timers, nanoClock, errorHandler, counters, this,
                ctx.timeSyncSamples(), ctx.timeSyncIntervalMs(), ctx.timeMaxOffsetMs(), ctx.timeMaxDriftMs());
            restClient.timestampRejectListener(timeSync::sync);
            session.serverTimeSync(timeSync);
        }
        else
        {
            this.timeSync = null;
        }
        this.disconnectProtection = ctx.dcpWindowSec() > 0 ? new DisconnectProtection(
            ctx.dcpWindowSec(), ctx.dcpProduct(), restClient::post, errorHandler, counters, this) : null;
        session.disconnectProtection(disconnectProtection);
        counters.newGauge("bybit.connectionState (1 CONNECTING 2 CONNECTED 3 DISCONNECTED 4 RECONNECTING " +
            "5 RECOVERING 6 FAILED 7 CLOSED)", () -> session.publicState().value());
        counters.newGauge("bybit.rest.calls", restClient::attempts);
        counters.newGauge("bybit.time.offsetMs (server minus host, as estimated)", serverClock::offsetMillis);
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
        if (null != timeSync)
        {
            timeSync.sync(); // in parallel with the TCP and TLS handshake; the auth waits for it
        }
        session.startInitialConnect(future);
    }

    void shutdown()
    {
        if (session.shutdown())
        {
            if (null != timeSync)
            {
                timeSync.close();
            }
            restClient.failAll();
        }
    }

    // ---------------------------------------------------------------- server time and DCP

    public void onOffsetAvailable()
    {
        // the governor turns Bybit's reset timestamps (server time) into local waits with it
        governor.serverTimeOffsetMillis(serverClock.offsetMillis());
        restClient.releaseClockHold();
        session.onClockSynced();
    }

    public void onSyncDone(final boolean estimated)
    {
        // usually released already at the first good sample; this covers an estimate whose samples all failed
        governor.serverTimeOffsetMillis(serverClock.offsetMillis());
        restClient.releaseClockHold();
        session.onClockSynced();
    }

    public void onOffsetEvent(
        final ServerTimeOffsetKind kind,
        final long offsetMillis,
        final long previousOffsetMillis,
        final long roundTripMicros,
        final long boundMillis)
    {
        if (null != streamListener)
        {
            streamListener.onServerTimeOffset(kind, offsetMillis, previousOffsetMillis, roundTripMicros, boundMillis);
        }
    }

    public void onDisconnectProtection(
        final boolean armed,
        final int windowSeconds,
        final String product,
        final int retCode,
        final CharSequence reason,
        final long generation)
    {
        if (null != streamListener)
        {
            streamListener.onDisconnectProtection(armed, windowSeconds, product, retCode, reason, generation);
        }
    }

    ServerTimeSync timeSync()
    {
        return timeSync;
    }

    DisconnectProtection disconnectProtection()
    {
        return disconnectProtection;
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
        this.streamListener = listener;
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

    public EpochClock serverClock()
    {
        return serverClock;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }
}
