package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.broker.bybit.rest.BybitSigner;
import com.qkt.broker.bybit.rest.RateLimitCounters;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.broker.bybit.rest.RestSender;
import com.qkt.broker.bybit.state.ChronicleThreadLocals;
import com.qkt.broker.bybit.stream.BybitStreamListener;
import com.qkt.broker.bybit.time.ServerClock;
import com.qkt.codecs.RestAccess;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.timer.TimerService;
import com.qkt.engine.Engine;
import com.qkt.engine.EngineContext;
import com.qkt.engine.RingEvent;
import com.qkt.engine.RingEventHandler;
import com.qkt.engine.RingPublisher;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A resilient connection to Bybit V5's private stream and signed REST API, running on its own single-writer ring.
 * <p>
 * {@link #connect()} opens the private stream, authenticates and subscribes, or throws {@link BybitConnectException}
 * within the configured bound; it never retries at start. Afterwards a dropped or stale socket is reconnected with
 * back-off, re-authenticated, re-subscribed and handed to the broker for recovery before {@link #isConnected()} is
 * true again and the {@link #onReconnect(Runnable)} handlers run.
 * <p>
 * Threads: the WebSocket reader and the HTTP completion threads only copy bytes into the ring; one handler thread
 * owns all state and runs every callback. Methods of {@link BybitTransport} must be called on that thread (from a
 * callback, or through {@link #execute(Runnable)}); {@link #connect()}, {@link #close()}, {@link #isConnected()} and
 * {@link #execute(Runnable)} may be called from any thread.
 */
public final class BybitClient implements BybitTransport, AutoCloseable
{
    private final BybitClientContext ctx;
    private final Engine engine;
    private final RestSender restSender;
    private final ManyToOneConcurrentArrayQueue<Runnable> commands = new ManyToOneConcurrentArrayQueue<>(4096);
    private final BybitClientConductor conductor;
    private final ServerClock serverClock;
    private volatile boolean closed;
    /** Set by {@link #connect()}: from then on the handler thread owns all state. */
    private volatile boolean started;

    /**
     * Start the ring and its threads; nothing connects until {@link #connect()}.
     *
     * @param ctx configuration, concluded here.
     */
    public BybitClient(final BybitClientContext ctx)
    {
        this.ctx = ctx.conclude();
        // an earlier client closed from its own handler thread could not let go of that thread when it closed
        ChronicleThreadLocals.releaseEndedThreads();
        final EngineContext engineContext = ctx.engineContext();
        final DeferredHandler handler = new DeferredHandler();
        this.engine = Engine.launch(engineContext, handler);
        this.serverClock = new ServerClock(engineContext.epochClock());
        this.restSender = new RestSender(
            ctx.restUrl(),
            ctx.recvWindowMs(),
            Duration.ofMillis(ctx.restTimeoutMs()),
            new BybitSigner(ctx.apiKey(), ctx.apiSecret()),
            serverClock,
            engine.publisher(),
            engineContext.errorHandler(),
            1024,
            engineContext.threadNamePrefix() + "-rest");
        this.conductor = new BybitClientConductor(
            ctx,
            engine.publisher(),
            engine.timers(),
            engineContext.epochClock(),
            engineContext.nanoClock(),
            engineContext.errorHandler(),
            engineContext.counters(),
            restSender,
            commands,
            serverClock);
        handler.delegate = conductor;
    }

    /**
     * Connect, authenticate and subscribe, waiting at most the configured connect timeout (plus 5 s). When the
     * stream listener reconciles on start (a {@link BybitSpotBroker} does), this also waits for that reconcile, so
     * {@link #isConnected()} is true when it returns.
     *
     * @throws BybitConnectException on bad credentials, an unreachable host, a refused subscription or a timeout.
     */
    public void connect()
    {
        final CompletableFuture<Void> future = new CompletableFuture<>();
        started = true;
        execute(() -> conductor.startInitialConnect(future));
        try
        {
            // the handler enforces the bound with its own timer; this wait only guards against a stuck handler
            future.get(ctx.connectTimeoutMs() + 5_000, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof BybitConnectException)
            {
                throw (BybitConnectException)ex.getCause();
            }
            throw new BybitConnectException(BybitConnectException.Reason.UNREACHABLE, String.valueOf(ex.getCause()));
        }
        catch (final TimeoutException ex)
        {
            throw new BybitConnectException(
                BybitConnectException.Reason.TIMEOUT, "handler did not answer within " + ctx.connectTimeoutMs() + " ms");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new BybitConnectException(BybitConnectException.Reason.CLOSED, "interrupted while connecting");
        }
    }

    /**
     * The ring's producer side, as the socket and HTTP threads use it. For benchmarks and replay tools that feed
     * recorded frames through the whole pipeline (e.g. {@code BybitEventTypes.WS_FRAME} with {@link #generation()});
     * an application never needs it, and events published here are trusted like the socket's.
     *
     * @return the publisher of the client's ring.
     */
    public RingPublisher publisher()
    {
        return engine.publisher();
    }

    /**
     * Run a task on the handler thread, after the events already in the ring. Allocation is the caller's: a reused
     * {@code Runnable} costs nothing.
     *
     * @param task to run; its exceptions go to the error handler.
     * @throws IllegalStateException when the command queue is full or the client is closed.
     */
    public void execute(final Runnable task)
    {
        if (closed)
        {
            throw new IllegalStateException("client closed");
        }
        if (!commands.offer(task))
        {
            throw new IllegalStateException("command queue full");
        }
        engine.publisher().publish(BybitEventTypes.COMMAND, 0, 0, BybitClientConductor.COMMAND_RUN);
    }

    /**
     * @return true when called on the handler thread.
     */
    public boolean isHandlerThread()
    {
        return engine.isHandlerThread();
    }

    /**
     * Close the socket, stop reconnecting and stop the threads. Idempotent.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        final CompletableFuture<Void> done = new CompletableFuture<>();
        try
        {
            if (engine.isHandlerThread())
            {
                conductor.shutdown(); // from a callback: waiting for the handler would wait on ourselves
            }
            else
            {
                execute(() ->
                {
                    conductor.shutdown();
                    done.complete(null);
                });
                done.get(5, TimeUnit.SECONDS);
            }
        }
        catch (final Exception ex)
        {
            ctx.engineContext().errorHandler().onError(ex);
        }
        closed = true;
        try
        {
            engine.close();
        }
        finally
        {
            closeRestAndLetGoOfEndedThreads();
        }
    }

    // Whatever engine.close() did, the REST side stops and Chronicle lets go of the ended handler thread (unless this
    // is it).
    private void closeRestAndLetGoOfEndedThreads()
    {
        try
        {
            restSender.close();
        }
        finally
        {
            ChronicleThreadLocals.releaseEndedThreads();
        }
    }

    /**
     * Stop as a killed process would, for restart tests and {@code scripts/demo --restarts}: the handler finishes the
     * events already in the ring and stops; the socket is dropped without a close frame; no state change, cancel or
     * other event reaches the strategy; REST calls in flight are abandoned. Unlike {@link #close()}, nothing is
     * tidied up (the exchange keeps the orders, DCP may fire). Pair it with {@link BybitSpotBroker#halt()}.
     */
    public void terminate()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        conductor.terminateOnClose();
        try
        {
            engine.close();
        }
        finally
        {
            closeRestAndLetGoOfEndedThreads();
        }
    }

    /**
     * @return the counters of this client's ring (errors, reconnect attempts, retries, frames, drops ...).
     */
    public EngineCounters counters()
    {
        return ctx.engineContext().counters();
    }

    /**
     * @return the configuration in force.
     */
    public BybitClientContext context()
    {
        return ctx;
    }

    /**
     * @return a volatile snapshot of the session state, for monitoring from any thread.
     */
    public String sessionState()
    {
        return conductor.observedState().name();
    }

    /**
     * @return REST attempts made so far (first attempts and retries). Read on the handler thread for an exact value.
     */
    public long restAttempts()
    {
        return conductor.restClient().attempts();
    }

    /**
     * @return connection-level REST retries so far.
     */
    public long restRetries()
    {
        return conductor.restClient().retries();
    }

    /**
     * @return server time minus host time in ms as last estimated (0 before the first estimate or with
     * {@code qkt.bybit.time.sync=false}); safe from any thread.
     */
    public long serverTimeOffsetMillis()
    {
        return serverClock.offsetMillis();
    }

    /**
     * @return signed calls Bybit refused for their timestamp (10002), each resent after a clock estimate (up to
     * twice). Read on the handler thread for an exact value.
     */
    public long timestampRejects()
    {
        return conductor.restClient().timestampRejects();
    }

    /**
     * @return server time estimates completed (0 with {@code qkt.bybit.time.sync=false}). Read on the handler thread
     * for an exact value.
     */
    public long serverTimeSyncs()
    {
        return null == conductor.timeSync() ? 0 : conductor.timeSync().syncs();
    }

    /**
     * @return what the rate-limit governor did: throttled calls, the longest wait, 10006/429 answers resent, IP bans,
     * calls waiting now. Thread safe.
     */
    public RateLimitCounters rateLimits()
    {
        return conductor.governor().counters();
    }

    /**
     * @return whether signed REST is open or held by an IP ban (HTTP 403). Read on the handler thread for an exact
     * value; the change also arrives as a {@code RestAccessChanged} event.
     */
    public RestAccess restAccess()
    {
        return conductor.governor().access();
    }

    public boolean isConnected()
    {
        return conductor.isConnected();
    }

    public long generation()
    {
        return conductor.generation();
    }

    public void checkHandlerThread(final String method)
    {
        if (started && ctx.threadChecks() && !engine.isHandlerThread())
        {
            throw new IllegalStateException(method + " called on thread '" + Thread.currentThread().getName() +
                "': after connect() it must run on the handler thread; wrap the call in client.execute(() -> ...)" +
                " or make it from a broker callback or timer (" + BybitClientContext.THREAD_CHECKS_PROP + ")");
        }
    }

    public void streamListener(final BybitStreamListener listener)
    {
        checkHandlerThread("BybitClient.streamListener");
        conductor.streamListener(listener);
    }

    public void onReconnect(final Runnable handler)
    {
        checkHandlerThread("BybitClient.onReconnect");
        conductor.onReconnect(handler);
    }

    public void recoveryCompleted(final long generation)
    {
        checkHandlerThread("BybitClient.recoveryCompleted");
        conductor.recoveryCompleted(generation);
    }

    public long getSigned(final String path, final CharSequence query, final RestReplyListener listener)
    {
        checkHandlerThread("BybitClient.getSigned");
        return conductor.getSigned(path, query, listener);
    }

    public long postSigned(
        final String path, final DirectBuffer body, final int offset, final int length, final RestReplyListener listener)
    {
        checkHandlerThread("BybitClient.postSigned");
        return conductor.postSigned(path, body, offset, length, listener);
    }

    public TimerService timers()
    {
        return conductor.timers();
    }

    public EpochClock epochClock()
    {
        return conductor.epochClock();
    }

    public EpochClock serverClock()
    {
        return serverClock;
    }

    public NanoClock nanoClock()
    {
        return conductor.nanoClock();
    }

    /**
     * The ring starts before the conductor exists (the conductor needs the ring's publisher and timers); events
     * before then are ticks only and are dropped.
     */
    private static final class DeferredHandler implements RingEventHandler
    {
        volatile BybitClientConductor delegate;

        public void onEvent(final RingEvent event, final long nowNanos)
        {
            final BybitClientConductor conductor = delegate;
            if (null != conductor)
            {
                conductor.onEvent(event, nowNanos);
            }
        }

        public void onClose()
        {
            final BybitClientConductor conductor = delegate;
            if (null != conductor)
            {
                conductor.onClose();
            }
        }
    }
}
