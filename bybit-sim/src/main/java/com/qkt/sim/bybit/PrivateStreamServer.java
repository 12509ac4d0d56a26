package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

/**
 * Bybit V5 private stream ({@code /v5/private}) on loopback: auth, subscribe/unsubscribe, ping/pong, the idle cut,
 * pushes of account events, and the WS fault behaviours.
 *
 * <p>Locking rule: the engine lock may be taken while a WebSocket's own monitor is held (onClose), so nothing
 * holding the engine lock ever closes a socket directly: such closes go through {@link #closer}.
 */
final class PrivateStreamServer extends WebSocketServer implements MatchingEngine.PushSink
{
    private static final Set<String> ALL_IN_ONE = Set.of("order", "execution", "execution.fast", "position", "wallet");
    private static final Set<String> CATEGORISED = Set.of(
        "order.spot", "order.linear", "order.inverse", "order.option",
        "execution.spot", "execution.linear", "execution.inverse", "execution.option",
        "execution.fast.spot", "execution.fast.linear", "execution.fast.inverse", "execution.fast.option",
        "position.linear", "position.inverse", "position.option");
    /** Disconnection Protection topics: arm DCP, push nothing, mix with either topic form. */
    private static final Set<String> DCP = Set.of("dcp", "dcp.future", "dcp.spot", "dcp.option");
    private static final Pattern MAX_ACTIVE = Pattern.compile("max_a(?:ctive|live)_time=(\\d+)([sm])");

    private final MatchingEngine engine;
    private final Faults faults;
    private final LongSupplier nanoClock;
    private final long idleTimeoutNanos;
    private final Map<WebSocket, StreamSession> sessions = new ConcurrentHashMap<>();
    private final Set<SocketChannel> blackholed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> dropAfter = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> duplicates = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> dropOnAuth = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService closer;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<Exception> startError = new AtomicReference<>();
    private volatile long refuseUntilNanos;
    private volatile boolean refusing;
    private volatile long blackholeUntilNanos;
    private volatile boolean blackholing;
    private volatile long pushDelayNanos;
    private volatile DisconnectProtection protection;

    PrivateStreamServer(
        final InetSocketAddress address, final MatchingEngine engine, final Faults faults, final long idleTimeoutMillis,
        final LongSupplier nanoClock)
    {
        super(address);
        this.engine = engine;
        this.faults = faults;
        this.nanoClock = nanoClock;
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bybit-sim-ws-timer"));
        this.closer = Executors.newSingleThreadExecutor(r -> daemon(r, "bybit-sim-ws-closer"));
        setConnectionLostTimeout(0); // the Bybit idle rule below replaces the library's own ping timer
        setReuseAddr(true);
        setDaemon(true);
        setWebSocketFactory(new GateFactory());
    }

    private static Thread daemon(final Runnable r, final String name)
    {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void startAndWait() throws Exception
    {
        start();
        if (!started.await(10, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("WS server did not start");
        }
        if (startError.get() != null)
        {
            throw startError.get();
        }
        final long periodMillis = Math.max(10, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos) / 10));
        scheduler.scheduleAtFixedRate(this::checkIdle, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void shutdown()
    {
        scheduler.shutdownNow();
        for (final SocketChannel channel : blackholed)
        {
            closeQuietly(channel);
        }
        try
        {
            stop(1000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        closer.shutdownNow();
    }

    void protection(final DisconnectProtection protection)
    {
        this.protection = protection;
    }

    /** DCP liveness: an open, authenticated, not dropped, not half-open socket of the account on that DCP topic. */
    boolean liveDcpSubscriber(final Account account, final String topic)
    {
        for (final StreamSession s : sessions.values())
        {
            if (s.account == account && s.authenticated && !s.dropped && !s.halfOpen && s.conn.isOpen() &&
                (s.topics.contains(topic) || s.topics.contains("dcp")))
            {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ counts for tests

    int connectedSockets(final String apiKey)
    {
        int n = 0;
        for (final StreamSession s : sessions.values())
        {
            if (s.belongsTo(apiKey) && !s.dropped && s.conn.isOpen())
            {
                n++;
            }
        }
        return n;
    }

    int authenticatedSockets(final String apiKey)
    {
        int n = 0;
        for (final StreamSession s : sessions.values())
        {
            if (s.belongsTo(apiKey) && s.authenticated && !s.dropped && s.conn.isOpen())
            {
                n++;
            }
        }
        return n;
    }

    int openSockets()
    {
        int n = 0;
        for (final StreamSession s : sessions.values())
        {
            if (!s.dropped && s.conn.isOpen())
            {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ WebSocketServer callbacks

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
        final WebSocket conn, final Draft draft, final ClientHandshake request) throws InvalidDataException
    {
        final ServerHandshakeBuilder builder = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        final String path = URI.create(request.getResourceDescriptor()).getPath();
        if (!"/v5/private".equals(path))
        {
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "unknown path " + path);
        }
        return builder;
    }

    @Override
    public void onOpen(final WebSocket conn, final ClientHandshake handshake)
    {
        long idle = idleTimeoutNanos;
        final Matcher m = MAX_ACTIVE.matcher(handshake.getResourceDescriptor());
        if (m.find())
        {
            final long value = Long.parseLong(m.group(1));
            idle = TimeUnit.SECONDS.toNanos("m".equals(m.group(2)) ? value * 60 : value);
        }
        final String connId = engine.randomAlnum(20) + "-" + engine.randomAlnum(4);
        final StreamSession session = new StreamSession(conn, connId, idle, nanoClock.getAsLong());
        conn.setAttachment(session);
        sessions.put(conn, session);
    }

    @Override
    public void onClose(final WebSocket conn, final int code, final String reason, final boolean remote)
    {
        final StreamSession session = sessions.remove(conn);
        if (session != null)
        {
            markDropped(session);
        }
    }

    @Override
    public void onError(final WebSocket conn, final Exception ex)
    {
        if (conn == null)
        {
            startError.compareAndSet(null, ex);
            started.countDown();
        }
    }

    @Override
    public void onStart()
    {
        started.countDown();
    }

    @Override
    public void onWebsocketPing(final WebSocket conn, final Framedata frame)
    {
        final StreamSession session = conn.getAttachment();
        if (session != null)
        {
            if (session.halfOpen || session.dropped)
            {
                return;
            }
            session.lastActivityNanos = nanoClock.getAsLong();
        }
        super.onWebsocketPing(conn, frame);
    }

    @Override
    public void onMessage(final WebSocket conn, final String message)
    {
        final StreamSession session = conn.getAttachment();
        if (session == null || session.halfOpen || session.dropped)
        {
            return;
        }
        final JsonNode req;
        try
        {
            req = SimJson.parse(message);
        }
        catch (final IOException ex)
        {
            reply(session, failure(session, null, "", "Params Error"));
            return;
        }
        if (!req.isObject())
        {
            reply(session, failure(session, null, "", "Params Error"));
            return;
        }
        final JsonNode reqIdNode = req.get("req_id");
        final String reqId = reqIdNode == null || reqIdNode.isNull() ? null : reqIdNode.asText();
        final String op = req.path("op").asText("");
        switch (op)
        {
            case "auth" -> onAuth(session, reqId, req.get("args"));
            case "subscribe" -> onSubscribe(session, reqId, req.get("args"), true);
            case "unsubscribe" -> onSubscribe(session, reqId, req.get("args"), false);
            case "ping" -> onPing(session, reqId);
            default -> reply(session, failure(session, reqId, op, "Invalid op: " + op));
        }
    }

    // ------------------------------------------------------------------ ops

    private void onAuth(final StreamSession session, final String reqId, final JsonNode args)
    {
        if (session.authenticated)
        {
            reply(session, failure(session, reqId, "auth", "You have already authorized"));
            return;
        }
        if (args == null || !args.isArray() || args.size() != 3 || !args.get(0).isTextual() ||
            !(args.get(1).isIntegralNumber() || args.get(1).isTextual()) || !args.get(2).isTextual())
        {
            reply(session, failure(session, reqId, "auth", "Params Error"));
            return;
        }
        final String apiKey = args.get(0).asText();
        final String expiresText = args.get(1).asText();
        final long expires;
        try
        {
            expires = Long.parseLong(expiresText);
        }
        catch (final NumberFormatException ex)
        {
            reply(session, failure(session, reqId, "auth", "Params Error"));
            return;
        }
        final Account account = engine.account(apiKey);
        if (account == null)
        {
            reply(session, failure(session, reqId, "auth", "Invalid apikey"));
            return;
        }
        session.account = account;
        if (takeDropOnAuth(apiKey))
        {
            faults.fired(FaultKind.WS_DROP_ON_AUTH, apiKey + " conn=" + session.connId);
            markDropped(session);
            closeOutsideEngineLock(() -> abort(session.conn));
            return;
        }
        if (account.revoked)
        {
            faults.fired(FaultKind.KEY_REVOKED, "ws auth " + apiKey + " conn=" + session.connId);
            reply(session, failure(session, reqId, "auth", "Invalid apikey"));
            return;
        }
        if (expires <= engine.now())
        {
            reply(session, failure(session, reqId, "auth", "error:request expired"));
            return;
        }
        final String expected = BybitSignature.wsAuth(account.secret, expiresText);
        if (!expected.equals(args.get(2).asText()))
        {
            reply(session, failure(session, reqId, "auth", "Request not authorized"));
            return;
        }
        synchronized (engine)
        {
            // a client-initiated close may not have been processed yet: treat closing sockets as dropped now, so
            // a pending gap fill lands before this socket is live
            for (final StreamSession other : sessions.values())
            {
                if (other != session && other.account == account && !other.conn.isOpen())
                {
                    markDropped(other);
                }
            }
            session.authenticated = true;
        }
        final ObjectNode ok = SimJson.object();
        ok.put("success", true);
        ok.put("ret_msg", "");
        ok.put("op", "auth");
        ok.put("conn_id", session.connId);
        if (reqId != null)
        {
            ok.put("req_id", reqId);
        }
        reply(session, ok);
    }

    private void onSubscribe(final StreamSession session, final String reqId, final JsonNode args, final boolean sub)
    {
        final String op = sub ? "subscribe" : "unsubscribe";
        if (!session.authenticated)
        {
            reply(session, failure(session, reqId, op, "Request not authorized"));
            return;
        }
        if (args == null || !args.isArray() || args.isEmpty())
        {
            reply(session, failure(session, reqId, op, "Params Error"));
            return;
        }
        final List<String> names = new ArrayList<>();
        boolean allInOne = false;
        boolean categorised = false;
        for (final JsonNode arg : args)
        {
            final String name = arg.asText("");
            if (!arg.isTextual() || !(ALL_IN_ONE.contains(name) || CATEGORISED.contains(name) || DCP.contains(name)))
            {
                reply(session, failure(session, reqId, op, "error:topic:" + name + " not found"));
                return;
            }
            allInOne |= ALL_IN_ONE.contains(name) && !"wallet".equals(name);
            categorised |= CATEGORISED.contains(name);
            names.add(name);
        }
        if (allInOne && categorised)
        {
            reply(session, failure(session, reqId, op, "error:all-in-one and categorised topics cannot be mixed"));
            return;
        }
        for (final String name : names)
        {
            if (sub && session.topics.contains(name))
            {
                reply(session, failure(session, reqId, op, "error:already subscribed,topic:" + name));
                return;
            }
            if (!sub && !session.topics.contains(name))
            {
                reply(session, failure(session, reqId, op, "error:not subscribed,topic:" + name));
                return;
            }
        }
        if (sub)
        {
            session.topics.addAll(names);
            final DisconnectProtection dcp = protection;
            if (dcp != null && session.account != null)
            {
                dcp.subscribed(session.account, names);
            }
        }
        else
        {
            names.forEach(session.topics::remove);
        }
        final ObjectNode ok = SimJson.object();
        ok.put("success", true);
        ok.put("ret_msg", "");
        ok.put("op", op);
        ok.put("conn_id", session.connId);
        if (reqId != null)
        {
            ok.put("req_id", reqId);
        }
        reply(session, ok);
    }

    private void onPing(final StreamSession session, final String reqId)
    {
        session.lastActivityNanos = nanoClock.getAsLong();
        final ObjectNode pong = SimJson.object();
        if (reqId != null)
        {
            pong.put("req_id", reqId);
        }
        pong.put("op", "pong");
        pong.putArray("args").add(Long.toString(engine.now()));
        pong.put("conn_id", session.connId);
        reply(session, pong);
    }

    private static ObjectNode failure(final StreamSession session, final String reqId, final String op, final String msg)
    {
        final ObjectNode n = SimJson.object();
        n.put("success", false);
        n.put("ret_msg", msg);
        n.put("op", op);
        n.put("conn_id", session.connId);
        if (reqId != null)
        {
            n.put("req_id", reqId);
        }
        return n;
    }

    private void reply(final StreamSession session, final ObjectNode message)
    {
        send(session, SimJson.write(message), false);
    }

    // ------------------------------------------------------------------ pushes

    @Override
    public void push(
        final Account account, final PushTopic topic, final String category, final String symbol, final long seq,
        final ArrayNode data)
    {
        final AtomicInteger dup = duplicates.get(account.apiKey);
        final boolean duplicate = dup != null && dup.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
        boolean sent = false;
        for (final StreamSession s : sessions.values())
        {
            if (s.account != account || !s.authenticated || s.dropped)
            {
                continue;
            }
            final String name = s.subscribedName(topic, category);
            if (name == null)
            {
                continue;
            }
            final ObjectNode envelope = SimJson.object();
            envelope.put("id", account.uid + "_" + (symbol.isEmpty() ? topic.base : symbol) + "_" + seq);
            envelope.put("topic", name);
            envelope.put("creationTime", engine.now());
            envelope.set("data", data);
            final String text = SimJson.write(envelope);
            send(s, text, true);
            if (duplicate)
            {
                send(s, text, true);
            }
            sent = true;
        }
        if (duplicate)
        {
            if (sent)
            {
                faults.fired(FaultKind.PUSH_DUPLICATED, account.apiKey + " topic=" + topic.base);
            }
            else
            {
                dup.incrementAndGet(); // nothing went out: keep it armed for the next push that does
            }
        }
    }

    private void send(final StreamSession s, final String text, final boolean push)
    {
        if (s.dropped || s.halfOpen)
        {
            return;
        }
        final long delay = pushDelayNanos;
        if (push && delay > 0)
        {
            faults.fired(FaultKind.PUSH_DELAYED, s.connId + " by " + TimeUnit.NANOSECONDS.toMillis(delay) + "ms");
            scheduler.schedule(() -> deliver(s, text, true), delay, TimeUnit.NANOSECONDS);
        }
        else
        {
            deliver(s, text, push);
        }
    }

    private void deliver(final StreamSession s, final String text, final boolean push)
    {
        if (s.dropped || s.halfOpen || !s.conn.isOpen())
        {
            return;
        }
        // count the frame before it can reach the client, so a fault armed after the client saw it never counts it
        final Account a = s.account;
        final AtomicInteger left = a == null ? null : dropAfter.get(a.apiKey);
        final boolean last = left != null && left.decrementAndGet() == 0;
        try
        {
            s.conn.send(text);
        }
        catch (final WebsocketNotConnectedException ex)
        {
            return;
        }
        finally
        {
            if (last)
            {
                dropAfter.remove(a.apiKey, left);
                dropAfterFlush(a.apiKey);
            }
        }
        if (push)
        {
            s.lastActivityNanos = nanoClock.getAsLong();
        }
    }

    // ------------------------------------------------------------------ faults

    int closeAll(final String apiKey, final int code, final String reason)
    {
        final List<StreamSession> victims = victims(apiKey);
        for (final StreamSession s : victims)
        {
            faults.fired(FaultKind.WS_CLOSE, apiKey + " conn=" + s.connId + " code=" + code);
            markDropped(s);
            closeOutsideEngineLock(() -> s.conn.close(code, reason));
        }
        return victims.size();
    }

    int resetAll(final String apiKey, final FaultKind kind)
    {
        final List<StreamSession> victims = victims(apiKey);
        for (final StreamSession s : victims)
        {
            faults.fired(kind, apiKey + " conn=" + s.connId);
            markDropped(s);
            closeOutsideEngineLock(() -> abort(s.conn));
        }
        return victims.size();
    }

    /** Drop without a close frame, after the frames already queued reached the wire (plain FIN, no RST). */
    private void dropAfterFlush(final String apiKey)
    {
        for (final StreamSession s : victims(apiKey))
        {
            faults.fired(FaultKind.WS_DROP_AFTER_FRAMES, apiKey + " conn=" + s.connId);
            markDropped(s);
            closer.execute(() ->
            {
                final long deadline = nanoClock.getAsLong() + TimeUnit.SECONDS.toNanos(2);
                while (s.conn instanceof WebSocketImpl impl && impl.hasBufferedData() &&
                    nanoClock.getAsLong() - deadline < 0)
                {
                    Thread.onSpinWait();
                }
                if (s.conn instanceof WebSocketImpl impl)
                {
                    if (impl.getChannel() instanceof SocketChannel channel)
                    {
                        try
                        {
                            // FIN right behind the flushed frames, before close() could turn into an RST
                            channel.shutdownOutput();
                        }
                        catch (final IOException ignore)
                        {
                            // already gone: closing below is all that is left
                        }
                    }
                    closeGuarded(impl, () -> impl.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by fault injection"));
                }
            });
        }
    }

    int halfOpen(final String apiKey)
    {
        final List<StreamSession> victims = victims(apiKey);
        for (final StreamSession s : victims)
        {
            s.halfOpen = true;
            faults.fired(FaultKind.WS_HALF_OPEN, apiKey + " conn=" + s.connId);
        }
        return victims.size();
    }

    void dropAfterFrames(final String apiKey, final int n)
    {
        if (n <= 0)
        {
            throw new IllegalArgumentException("n must be > 0");
        }
        dropAfter.put(apiKey, new AtomicInteger(n));
    }

    void dropOnNextAuth(final String apiKey, final int n)
    {
        if (n <= 0)
        {
            throw new IllegalArgumentException("n must be > 0");
        }
        dropOnAuth.put(apiKey, new AtomicInteger(n));
    }

    private boolean takeDropOnAuth(final String apiKey)
    {
        final AtomicInteger left = dropOnAuth.get(apiKey);
        if (left == null)
        {
            return false;
        }
        final int after = left.decrementAndGet();
        if (after <= 0)
        {
            dropOnAuth.remove(apiKey, left);
        }
        return after >= 0;
    }

    void refuseFor(final Duration d)
    {
        refuseUntilNanos = nanoClock.getAsLong() + d.toNanos();
        refusing = !d.isZero();
    }

    void blackholeFor(final Duration d)
    {
        blackholeUntilNanos = nanoClock.getAsLong() + d.toNanos();
        blackholing = !d.isZero();
    }

    void delayPushes(final Duration d)
    {
        pushDelayNanos = d.toNanos();
    }

    void duplicateNextPush(final String apiKey)
    {
        duplicates.computeIfAbsent(apiKey, k -> new AtomicInteger()).incrementAndGet();
    }

    int sendRaw(final String apiKey, final String frame)
    {
        final List<StreamSession> victims = victims(apiKey);
        for (final StreamSession s : victims)
        {
            faults.fired(FaultKind.WS_RAW_FRAME, apiKey + " conn=" + s.connId + " len=" + frame.length());
            deliver(s, frame, false);
        }
        return victims.size();
    }

    void fillThenReset(final String apiKey, final String orderId, final String qty)
    {
        synchronized (engine)
        {
            final List<StreamSession> victims = victims(apiKey);
            for (final StreamSession s : victims)
            {
                s.dropped = true; // swallow the fill's pushes
            }
            engine.fill(orderId, qty);
            faults.fired(FaultKind.FILL_THEN_DROP, apiKey + " order=" + orderId + " qty=" + qty);
            for (final StreamSession s : victims)
            {
                faults.fired(FaultKind.WS_RESET, apiKey + " conn=" + s.connId);
                dropCleanup(s);
                closeOutsideEngineLock(() -> abort(s.conn));
            }
        }
    }

    private List<StreamSession> victims(final String apiKey)
    {
        final List<StreamSession> out = new ArrayList<>();
        for (final StreamSession s : sessions.values())
        {
            if (s.belongsTo(apiKey) && !s.dropped && s.conn.isOpen())
            {
                out.add(s);
            }
        }
        return out;
    }

    private void markDropped(final StreamSession s)
    {
        synchronized (engine)
        {
            if (s.dropped)
            {
                return;
            }
            s.dropped = true;
            dropCleanup(s);
        }
    }

    private void dropCleanup(final StreamSession s)
    {
        final Account a = s.account;
        if (a != null && engine.hasGapFills(a))
        {
            final int applied = engine.applyGapFills(a);
            for (int i = 0; i < applied; i++)
            {
                faults.fired(FaultKind.GAP_FILL, a.apiKey + " after drop of conn=" + s.connId);
            }
        }
    }

    private void closeOutsideEngineLock(final Runnable close)
    {
        if (Thread.holdsLock(engine))
        {
            closer.execute(close);
        }
        else
        {
            close.run();
        }
    }

    /** Run a close; whatever happens, make sure the TCP channel ends up closed (a half-closed fault is a bug). */
    private void closeGuarded(final WebSocketImpl impl, final Runnable close)
    {
        try
        {
            close.run();
        }
        catch (final RuntimeException ex)
        {
            faults.line("WS close failed, closing the channel directly: " + ex);
        }
        finally
        {
            if (impl.getChannel() != null && impl.getChannel().isOpen())
            {
                try
                {
                    impl.getChannel().close();
                }
                catch (final IOException ignore)
                {
                    // nothing more to do
                }
            }
        }
    }

    private static void abort(final WebSocket conn)
    {
        if (conn instanceof WebSocketImpl impl && impl.getChannel() instanceof SocketChannel channel)
        {
            try
            {
                channel.socket().setSoLinger(true, 0);
            }
            catch (final IOException ignore)
            {
                // the socket is going anyway; closing without linger still ends it
            }
        }
        if (conn instanceof WebSocketImpl impl)
        {
            impl.closeConnection(CloseFrame.ABNORMAL_CLOSE, "reset by fault injection");
        }
    }

    private void checkIdle()
    {
        final long now = nanoClock.getAsLong();
        for (final StreamSession s : sessions.values())
        {
            if (!s.halfOpen && !s.dropped && now - s.lastActivityNanos - s.idleTimeoutNanos > 0)
            {
                faults.fired(FaultKind.WS_IDLE_CUT, "conn=" + s.connId);
                markDropped(s);
                s.conn.close(CloseFrame.NORMAL, "idle timeout");
            }
        }
    }

    private static void closeQuietly(final SocketChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // shutting down
        }
    }

    /** Decides per accepted TCP connection: normal, refused (reset at once) or blackholed (read and ignored). */
    private final class GateFactory implements WebSocketServerFactory
    {
        private final DefaultWebSocketServerFactory delegate = new DefaultWebSocketServerFactory();

        @Override
        public WebSocketImpl createWebSocket(final WebSocketAdapter a, final Draft d)
        {
            return delegate.createWebSocket(a, d);
        }

        @Override
        public WebSocketImpl createWebSocket(final WebSocketAdapter a, final List<Draft> drafts)
        {
            return delegate.createWebSocket(a, drafts);
        }

        @Override
        public ByteChannel wrapChannel(final SocketChannel channel, final SelectionKey key) throws IOException
        {
            final long now = nanoClock.getAsLong();
            if (refusing && now - refuseUntilNanos < 0)
            {
                faults.fired(FaultKind.WS_REFUSED, "from " + channel.getRemoteAddress());
                channel.socket().setSoLinger(true, 0);
                channel.close();
                throw new IOException("refused by fault injection");
            }
            if (blackholing && now - blackholeUntilNanos < 0)
            {
                faults.fired(FaultKind.WS_BLACKHOLED, "from " + channel.getRemoteAddress());
                blackholed.add(channel);
                return new Blackhole(channel);
            }
            return channel;
        }

        @Override
        public void close()
        {
            delegate.close();
        }
    }

    /** Reads and discards whatever the client sends; never writes: the handshake never completes. */
    private static final class Blackhole implements ByteChannel
    {
        private final SocketChannel channel;
        private final ByteBuffer scratch = ByteBuffer.allocate(4096);

        Blackhole(final SocketChannel channel)
        {
            this.channel = channel;
        }

        @Override
        public int read(final ByteBuffer dst) throws IOException
        {
            scratch.clear();
            final int n = channel.read(scratch);
            return n < 0 ? -1 : 0;
        }

        @Override
        public int write(final ByteBuffer src)
        {
            final int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen()
        {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }
}
