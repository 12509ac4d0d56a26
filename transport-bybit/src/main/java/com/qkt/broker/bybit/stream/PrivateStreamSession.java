package com.qkt.broker.bybit.stream;

import com.qkt.broker.bybit.BybitClientContext;
import com.qkt.broker.bybit.BybitConnectException;
import com.qkt.broker.bybit.BybitProtocolException;
import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.broker.bybit.rest.BybitSigner;
import com.qkt.broker.bybit.time.ServerTimeSync;
import com.qkt.codec.AsciiField;
import com.qkt.codecs.ConnectionState;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.net.ReconnectSupervisor;
import com.qkt.common.timer.TimerListener;
import com.qkt.common.timer.TimerService;
import com.qkt.engine.RingEvent;
import com.qkt.engine.RingPublisher;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The private-stream session on the handler thread: the {@link SessionState} machine (connect, auth, subscribe, live,
 * recovering, backing off), liveness (application ping and stale deadline), and the {@link ReconnectSupervisor} that
 * paces reconnects. Frames are decoded by {@link PrivateStreamAdapter} into this handler; order and execution items go
 * on to the {@link BybitStreamListener}. Every decision is made here, on ring events; the sockets only copy bytes in.
 * <p>
 * Public only for {@code com.qkt.broker.bybit}'s conductor, which routes the ring's socket events here.
 * <p>
 * Longer than the ~500 lines we aim for: one job, the session state machine. Its transitions are driven by socket
 * events, supervisor callbacks and the liveness and connect timers alike; keeping them in one class keeps every
 * transition of {@link SessionState} readable in one place.
 */
public final class PrivateStreamSession
    implements PrivateStreamHandler, ReconnectSupervisor.Listener, TimerListener
{
    private static final String PING = "{\"op\":\"ping\"}";

    private final BybitClientContext ctx;
    private final URI wsUri;
    private final RingPublisher publisher;
    private final TimerService timers;
    private final EpochClock epochClock;
    private final NanoClock nanoClock;
    private final ErrorHandler errorHandler;
    private final ReconnectSupervisor supervisor;
    private final PrivateStreamAdapter adapter = new PrivateStreamAdapter(this);
    private final BybitSigner wsSigner;
    private final byte[] authSignature = new byte[64];
    private final ArrayList<Runnable> reconnectHandlers = new ArrayList<>();
    private final long pingIntervalNs;
    private final long staleTimeoutNs;
    private final long livenessCheckNs;
    private final AtomicCounter framesCounter;
    private final AtomicCounter malformedCounter;
    private final AtomicCounter dropsCounter;
    private final AtomicCounter staleCounter;

    private final long clockWaitNs;

    private BybitStreamListener streamListener;
    private ServerTimeSync timeSync;
    private DisconnectProtection disconnectProtection;
    private boolean authWaitsForClock;
    private long clockWaitTimerId = -1;
    private long pingSentNs;
    private boolean pingOutstanding;
    private SessionState state = SessionState.IDLE;
    private ConnectionState publicState = ConnectionState.DISCONNECTED;
    private volatile boolean connected;
    private volatile SessionState observedState = SessionState.IDLE;
    private PrivateStreamSocket socket;
    private long generation;
    private long activeGeneration = -1;
    private boolean initialConnectPending;
    private CompletableFuture<Void> connectFuture;
    /** The initial connect is waiting for the listener's startup reconcile. */
    private boolean startupRecovering;
    private long connectTimerId = -1;
    private long livenessTimerId = -1;
    private long lastInboundNs;
    private long lastPingNs;
    private int attempt;
    private long framesOnSocket;

    public PrivateStreamSession(
        final BybitClientContext ctx,
        final RingPublisher publisher,
        final TimerService timers,
        final EpochClock epochClock,
        final NanoClock nanoClock,
        final ErrorHandler errorHandler,
        final EngineCounters counters,
        final BybitSigner wsSigner)
    {
        this.ctx = ctx;
        this.wsUri = URI.create(ctx.wsUrl());
        this.publisher = publisher;
        this.timers = timers;
        this.epochClock = epochClock;
        this.nanoClock = nanoClock;
        this.errorHandler = errorHandler;
        this.wsSigner = wsSigner;
        this.pingIntervalNs = TimeUnit.MILLISECONDS.toNanos(ctx.pingIntervalMs());
        this.staleTimeoutNs = TimeUnit.MILLISECONDS.toNanos(ctx.staleTimeoutMs());
        // an auth held for a running clock estimate goes out after this at the latest, with the offset we have
        this.clockWaitNs = TimeUnit.MILLISECONDS.toNanos(Math.max(1, ctx.connectTimeoutMs() / 3));
        this.livenessCheckNs = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(pingIntervalNs, staleTimeoutNs) / 4);
        this.supervisor = new ReconnectSupervisor(new ReconnectSupervisor.Context()
            .backoffPolicy(ctx.reconnectBackoff())
            .maxConsecutiveAuthFailures(ctx.maxAuthFailures())
            .attemptTimeoutNanos(TimeUnit.MILLISECONDS.toNanos(ctx.attemptTimeoutMs()))
            .timerService(timers)
            .nanoClock(nanoClock)
            .counters(counters)
            .listener(this));
        this.framesCounter = counters.counter(counters.newCounter("bybit.ws.frames"));
        this.malformedCounter = counters.counter(counters.newCounter("bybit.ws.malformedFrames"));
        this.dropsCounter = counters.counter(counters.newCounter("bybit.ws.drops"));
        this.staleCounter = counters.counter(counters.newCounter("bybit.ws.staleSockets"));
    }

    // ---------------------------------------------------------------- socket events

    /**
     * A socket event from the ring (open, frame, closed, error); events of sockets other than the current one are
     * ignored.
     *
     * @param event    the ring event.
     * @param nowNanos the handler's time.
     */
    public void onSocketEvent(final RingEvent event, final long nowNanos)
    {
        if (event.generation() != activeGeneration)
        {
            return; // an abandoned socket's late event
        }
        switch (event.type())
        {
            case BybitEventTypes.WS_OPEN:
                if (state == SessionState.CONNECTING)
                {
                    lastInboundNs = nowNanos;
                    if (null != timeSync && timeSync.awaitingOffset())
                    {
                        // the auth's expires is in server time: sign it with the estimate being taken, not a stale one
                        authWaitsForClock = true;
                        clockWaitTimerId = timers.schedule(nowNanos + clockWaitNs, this);
                    }
                    else
                    {
                        sendAuth();
                    }
                }
                break;

            case BybitEventTypes.WS_FRAME:
                lastInboundNs = nowNanos;
                framesOnSocket++;
                framesCounter.increment();
                onFrame(event.buffer(), event.length());
                break;

            default:
                onSocketLost(event.type() == BybitEventTypes.WS_CLOSED ? "socket closed" : "socket error", event);
                break;
        }
    }

    private void onFrame(final DirectBuffer buffer, final int length)
    {
        final int result = adapter.decode(buffer, 0, length);
        if (result == PrivateStreamAdapter.MALFORMED)
        {
            malformedCounter.increment();
            errorHandler.onError(new BybitProtocolException(
                "malformed private-stream frame: " + buffer.getStringWithoutLengthAscii(0, Math.min(length, 512))));
            if (adapter.lastFrameMayHaveCarriedFills() && null != streamListener)
            {
                streamListener.onReconcileRequested();
            }
            if (adapter.lastFrameMayHaveCarriedAccount() && null != streamListener)
            {
                streamListener.onAccountRefreshRequested();
            }
        }
    }

    // ---------------------------------------------------------------- private stream

    public void onAuthResponse(final boolean success, final AsciiField retMsg)
    {
        if (state != SessionState.AUTHENTICATING)
        {
            return;
        }
        if (success)
        {
            sendSubscribe();
        }
        else if (initialConnectPending)
        {
            failInitialConnect(BybitConnectException.Reason.AUTH_REJECTED, "auth op rejected: " + retMsg);
        }
        else
        {
            abandonSocket();
            enter(SessionState.BACKING_OFF);
            if (null != timeSync && !timeSync.isSyncing())
            {
                timeSync.sync(); // an expired signature is one way to be refused; the next attempt's auth waits for it
            }
            supervisor.onAttemptFailed(true);
        }
    }

    public void onSubscribeResponse(final boolean success, final AsciiField reqId, final AsciiField retMsg)
    {
        if (state != SessionState.SUBSCRIBING)
        {
            return;
        }
        if (success)
        {
            onSessionReady();
        }
        else if (initialConnectPending)
        {
            failInitialConnect(BybitConnectException.Reason.SUBSCRIBE_REJECTED, "subscribe rejected: " + retMsg);
        }
        else
        {
            abandonSocket();
            enter(SessionState.BACKING_OFF);
            supervisor.onAttemptFailed(false);
        }
    }

    public void onPong(final long serverTimeMillis)
    {
        // any inbound frame already refreshed the stale deadline; the pong's time checks the clock estimate
        if (pingOutstanding && serverTimeMillis != PrivateStreamAdapter.NO_SERVER_TIME && null != timeSync)
        {
            timeSync.onPong(serverTimeMillis, pingSentNs, nanoClock.nanoTime());
        }
        pingOutstanding = false;
    }

    /**
     * The server clock estimate has a usable offset (or finished without one): an auth held for it goes out now.
     */
    public void onClockSynced()
    {
        if (authWaitsForClock)
        {
            releaseAuth();
        }
    }

    private void releaseAuth()
    {
        authWaitsForClock = false;
        cancelClockWait();
        if (state == SessionState.CONNECTING && null != socket && socket.isOpen())
        {
            sendAuth();
        }
    }

    private void cancelClockWait()
    {
        if (clockWaitTimerId != -1)
        {
            timers.cancel(clockWaitTimerId);
            clockWaitTimerId = -1;
        }
    }

    /**
     * @param timeSync the server clock estimator: the auth waits for a running estimate, pongs are checked against
     *                 it, and a refused auth on reconnect starts one. Null = host clock only.
     */
    public void serverTimeSync(final ServerTimeSync timeSync)
    {
        this.timeSync = timeSync;
    }

    /**
     * @param protection armed on every new session; null = DCP off.
     */
    public void disconnectProtection(final DisconnectProtection protection)
    {
        this.disconnectProtection = protection;
    }

    public void onOrder(final BybitOrder order)
    {
        if (null != streamListener)
        {
            streamListener.onOrder(order);
        }
    }

    public void onExecution(final BybitExecution execution)
    {
        if (null != streamListener)
        {
            streamListener.onExecution(execution);
        }
    }

    public void onWallet(final BybitWallet wallet)
    {
        if (null != streamListener)
        {
            streamListener.onWallet(wallet, adapter.lastCreationTime());
        }
    }

    public void onPosition(final BybitPosition position)
    {
        if (null != streamListener)
        {
            streamListener.onPosition(position);
        }
    }

    public void onFrameEnd(final AsciiField topic)
    {
    }

    public void onUnknownFrame(final DirectBuffer buffer, final int offset, final int length)
    {
    }

    // ---------------------------------------------------------------- session state machine

    private void enter(final SessionState newState)
    {
        state = newState;
        observedState = newState;
    }

    /**
     * Start the initial connect; {@code future} completes when the session is live or fails with
     * {@link BybitConnectException}.
     *
     * @param future completed on the handler thread.
     */
    public void startInitialConnect(final CompletableFuture<Void> future)
    {
        if (state != SessionState.IDLE)
        {
            future.completeExceptionally(new IllegalStateException("connect() in state " + state));
            return;
        }
        connectFuture = future;
        initialConnectPending = true;
        connectTimerId = timers.schedule(
            nanoClock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.connectTimeoutMs()), this);
        changeState(ConnectionState.CONNECTING, 0, "connecting to " + wsUri);
        openSocket();
    }

    private void openSocket()
    {
        generation++;
        activeGeneration = generation;
        framesOnSocket = 0;
        enter(SessionState.CONNECTING);
        // TCP connect bound: the initial connect's, or a reconnect attempt's (0 = none: the connect bound then)
        final long tcpConnectTimeoutMs = initialConnectPending || 0 == ctx.attemptTimeoutMs() ?
            ctx.connectTimeoutMs() : ctx.attemptTimeoutMs();
        socket = new PrivateStreamSocket(
            wsUri, generation, publisher, (int)Math.min(Integer.MAX_VALUE, tcpConnectTimeoutMs));
        socket.connect();
    }

    private void sendAuth()
    {
        final long expires = epochClock.time() + ctx.authExpiryMs();
        wsSigner.signWsAuth(expires, authSignature);
        enter(SessionState.AUTHENTICATING);
        lastPingNs = nanoClock.nanoTime();
        scheduleLiveness();
        send("{\"req_id\":\"auth-" + generation + "\",\"op\":\"auth\",\"args\":[\"" + wsSigner.apiKey() + "\"," +
            expires + ",\"" + new String(authSignature, StandardCharsets.US_ASCII) + "\"]}");
    }

    private void sendSubscribe()
    {
        enter(SessionState.SUBSCRIBING);
        final StringBuilder sb = new StringBuilder(128).append("{\"req_id\":\"sub-").append(generation)
            .append("\",\"op\":\"subscribe\",\"args\":[");
        final String[] topics = ctx.sessionTopics();
        for (int i = 0; i < topics.length; i++)
        {
            sb.append(i > 0 ? ",\"" : "\"").append(topics[i]).append('"');
        }
        send(sb.append("]}").toString());
    }

    private void send(final String text)
    {
        final PrivateStreamSocket socket = this.socket;
        if (null == socket || !socket.isOpen())
        {
            return; // not open yet or closing: the socket's own open or close event decides what happens next
        }
        try
        {
            socket.send(text);
        }
        catch (final RuntimeException ex)
        {
            // the close event will follow; the session decides then
            errorHandler.onError(ex);
        }
    }

    private void onSessionReady()
    {
        lastInboundNs = nanoClock.nanoTime();
        lastPingNs = lastInboundNs;
        scheduleLiveness();
        if (null != disconnectProtection)
        {
            disconnectProtection.arm(generation);
        }
        if (initialConnectPending && null != streamListener && streamListener.reconcilesOnStart())
        {
            // the listener reconciles first; connected (and the connect call's return) wait for recoveryCompleted
            initialConnectPending = false;
            startupRecovering = true;
            cancelConnectTimer();
            supervisor.onConnected();
            enter(SessionState.RECOVERING);
            changeState(ConnectionState.RECOVERING, 0, "authenticated and subscribed; startup reconcile");
            streamListener.onStartupSessionReady(generation);
        }
        else if (initialConnectPending)
        {
            initialConnectPending = false;
            cancelConnectTimer();
            enter(SessionState.LIVE);
            connected = true;
            supervisor.onConnected();
            changeState(ConnectionState.CONNECTED, 0, "authenticated and subscribed");
            if (null != streamListener)
            {
                streamListener.onSessionReady(generation, false);
            }
            connectFuture.complete(null);
            connectFuture = null;
        }
        else
        {
            supervisor.onAttemptSucceeded();
        }
    }

    /**
     * See {@link com.qkt.broker.bybit.BybitTransport#recoveryCompleted(long)}.
     *
     * @param generation the session the recovery ran for.
     */
    public void recoveryCompleted(final long generation)
    {
        if (generation != activeGeneration || state != SessionState.RECOVERING)
        {
            return;
        }
        enter(SessionState.LIVE);
        connected = true;
        if (startupRecovering)
        {
            startupRecovering = false;
            changeState(ConnectionState.CONNECTED, attempt, "authenticated, subscribed and reconciled");
            attempt = 0;
            if (null != connectFuture)
            {
                connectFuture.complete(null);
                connectFuture = null;
            }
            return;
        }
        changeState(ConnectionState.CONNECTED, attempt, "reconnected and recovered");
        attempt = 0;
        for (int i = 0, size = reconnectHandlers.size(); i < size; i++)
        {
            try
            {
                reconnectHandlers.get(i).run();
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
        }
    }

    private void onSocketLost(final String what, final RingEvent event)
    {
        final String reason = what + (event.length() > 0 ?
            ": " + event.buffer().getStringWithoutLengthAscii(0, Math.min(event.length(), 256)) : "") +
            (event.type() == BybitEventTypes.WS_CLOSED ? " (code " + event.value() + ")" : "");
        onSocketLost(reason);
    }

    private void onSocketLost(final String reason)
    {
        abandonSocket();
        switch (state)
        {
            case CONNECTING:
            case AUTHENTICATING:
            case SUBSCRIBING:
                if (initialConnectPending)
                {
                    failInitialConnect(BybitConnectException.Reason.UNREACHABLE, reason);
                }
                else
                {
                    enter(SessionState.BACKING_OFF);
                    supervisor.onAttemptFailed(false);
                }
                break;

            case LIVE:
            case RECOVERING:
                connected = false;
                dropsCounter.increment();
                enter(SessionState.BACKING_OFF);
                changeState(ConnectionState.DISCONNECTED, 0, reason);
                supervisor.onConnectionLost();
                break;

            default:
                break;
        }
    }

    private void failInitialConnect(final BybitConnectException.Reason reason, final String message)
    {
        initialConnectPending = false;
        cancelConnectTimer();
        abandonSocket();
        enter(SessionState.IDLE);
        changeState(ConnectionState.DISCONNECTED, 0, "initial connect failed: " + message);
        final CompletableFuture<Void> future = connectFuture;
        connectFuture = null;
        if (null != future)
        {
            future.completeExceptionally(new BybitConnectException(reason, message));
        }
    }

    private void failStartupWait(final BybitConnectException.Reason reason, final String message)
    {
        startupRecovering = false;
        final CompletableFuture<Void> future = connectFuture;
        connectFuture = null;
        if (null != future)
        {
            future.completeExceptionally(new BybitConnectException(reason, message));
        }
    }

    /**
     * Forget the current socket: its late events carry an old generation and are ignored from now on.
     */
    private void abandonSocket()
    {
        cancelLiveness();
        cancelClockWait();
        authWaitsForClock = false;
        pingOutstanding = false;
        activeGeneration = -1;
        final PrivateStreamSocket socket = this.socket;
        this.socket = null;
        if (null != socket)
        {
            socket.abandon();
            try
            {
                socket.closeConnection(1000, "client abandoned socket");
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }
    }

    /**
     * Close for good: fail a pending connect, stop reconnecting, drop the socket.
     *
     * @return true if this call closed the session, false if it was already closed.
     */
    public boolean shutdown()
    {
        if (state == SessionState.CLOSED)
        {
            return false;
        }
        if (initialConnectPending)
        {
            failInitialConnect(BybitConnectException.Reason.CLOSED, "client closed");
        }
        failStartupWait(BybitConnectException.Reason.CLOSED, "client closed during the startup reconcile");
        supervisor.close();
        cancelConnectTimer();
        abandonSocket();
        connected = false;
        enter(SessionState.CLOSED);
        changeState(ConnectionState.CLOSED, 0, "closed by user");
        return true;
    }

    /**
     * Stop as a killed process would: drop the socket without a close frame, stop reconnecting, emit nothing.
     */
    public void terminate()
    {
        if (state == SessionState.CLOSED)
        {
            return;
        }
        supervisor.close();
        cancelConnectTimer();
        abandonSocket();
        connected = false;
        enter(SessionState.CLOSED);
    }

    // ---------------------------------------------------------------- supervisor

    public void onReconnectAttempt(final int attempt)
    {
        this.attempt = attempt;
        changeState(ConnectionState.RECONNECTING, attempt, "attempt " + attempt);
        openSocket();
    }

    public void onBackoff(final int attempt, final long delayNanos)
    {
        changeState(ConnectionState.RECONNECTING, attempt,
            "back-off " + TimeUnit.NANOSECONDS.toMillis(delayNanos) + " ms before attempt " + attempt);
    }

    public void onAttemptTimedOut(final int attempt)
    {
        errorHandler.onError(new BybitProtocolException(
            "reconnect attempt " + attempt + " timed out in state " + state + " (generation " + generation + ", " +
            framesOnSocket + " frames received on it)"));
        abandonSocket();
        enter(SessionState.BACKING_OFF);
    }

    public void onReconnected(final int attempts)
    {
        enter(SessionState.RECOVERING);
        changeState(ConnectionState.RECOVERING, attempts, "re-authenticated and re-subscribed; recovering");
        if (null != streamListener)
        {
            streamListener.onSessionReady(generation, true);
        }
        else
        {
            recoveryCompleted(generation);
        }
    }

    public void onFailed(final int consecutiveAuthFailures)
    {
        failStartupWait(BybitConnectException.Reason.AUTH_REJECTED,
            "reconnecting during the startup reconcile failed after " + consecutiveAuthFailures + " auth failures");
        abandonSocket();
        connected = false;
        enter(SessionState.FAILED);
        changeState(ConnectionState.FAILED, attempt, consecutiveAuthFailures + " consecutive auth failures: giving up");
    }

    // ---------------------------------------------------------------- timers

    public void onTimer(final long timerId, final long nowNanos)
    {
        if (timerId == connectTimerId)
        {
            connectTimerId = -1;
            if (initialConnectPending)
            {
                failInitialConnect(BybitConnectException.Reason.TIMEOUT,
                    "no session within " + ctx.connectTimeoutMs() + " ms (state " + state + ")");
            }
        }
        else if (timerId == livenessTimerId)
        {
            livenessTimerId = -1;
            checkLiveness(nowNanos);
        }
        else if (timerId == clockWaitTimerId)
        {
            clockWaitTimerId = -1;
            if (authWaitsForClock)
            {
                errorHandler.onError(new BybitProtocolException(
                    "server time estimate still running after " + TimeUnit.NANOSECONDS.toMillis(clockWaitNs) +
                    " ms: authenticating with the offset we have"));
                releaseAuth();
            }
        }
    }

    private void checkLiveness(final long nowNanos)
    {
        if (state == SessionState.AUTHENTICATING || state == SessionState.SUBSCRIBING)
        {
            // waiting for an ack: ping so a peer that sits on its answer is nudged; the attempt bound still applies
            if (nowNanos - lastPingNs >= pingIntervalNs)
            {
                lastPingNs = nowNanos;
                sendPing(nowNanos);
            }
            scheduleLiveness();
            return;
        }
        if (state != SessionState.LIVE && state != SessionState.RECOVERING)
        {
            return;
        }
        if (nowNanos - lastInboundNs > staleTimeoutNs)
        {
            staleCounter.increment();
            onSocketLost("stale socket: no frame for " + TimeUnit.NANOSECONDS.toMillis(nowNanos - lastInboundNs) + " ms");
            return;
        }
        if (nowNanos - lastPingNs >= pingIntervalNs)
        {
            lastPingNs = nowNanos;
            sendPing(nowNanos);
        }
        scheduleLiveness();
    }

    private void sendPing(final long nowNanos)
    {
        pingSentNs = nanoClock.nanoTime(); // the timer's now can lag by a wheel tick; the round trip wants the send time
        pingOutstanding = true;
        send(PING);
    }

    private void scheduleLiveness()
    {
        cancelLiveness();
        livenessTimerId = timers.schedule(nanoClock.nanoTime() + livenessCheckNs, this);
    }

    private void cancelLiveness()
    {
        if (livenessTimerId != -1)
        {
            timers.cancel(livenessTimerId);
            livenessTimerId = -1;
        }
    }

    private void cancelConnectTimer()
    {
        if (connectTimerId != -1)
        {
            timers.cancel(connectTimerId);
            connectTimerId = -1;
        }
    }

    private void changeState(final ConnectionState newState, final int attempt, final String reason)
    {
        final ConnectionState previous = publicState;
        publicState = newState;
        if (null != streamListener)
        {
            streamListener.onConnectionStateChanged(newState, previous, attempt, reason);
        }
    }

    // ---------------------------------------------------------------- state for the transport

    /**
     * @return true while authenticated, subscribed and, after a reconnect, recovered.
     */
    public boolean isConnected()
    {
        return connected;
    }

    /**
     * @return a volatile snapshot of the state, for monitoring from any thread.
     */
    public SessionState observedState()
    {
        return observedState;
    }

    /**
     * @return the supervisor of reconnect attempts.
     */
    public ReconnectSupervisor supervisor()
    {
        return supervisor;
    }

    /**
     * @return the current socket generation (+1 per socket opened).
     */
    public long generation()
    {
        return generation;
    }

    /**
     * @param listener receives stream items and session changes.
     */
    public void streamListener(final BybitStreamListener listener)
    {
        this.streamListener = listener;
    }

    /**
     * @param handler run after each reconnect has recovered.
     */
    public void onReconnect(final Runnable handler)
    {
        reconnectHandlers.add(handler);
    }

    /**
     * @return the connection state the strategy was last told.
     */
    public ConnectionState publicState()
    {
        return publicState;
    }
}
