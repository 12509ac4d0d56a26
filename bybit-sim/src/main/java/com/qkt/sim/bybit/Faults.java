package com.qkt.sim.bybit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Fault injection for the simulator's private stream and REST endpoints. Every fault that takes effect is counted
 * ({@link #count(FaultKind)}) and logged ({@link #log()}); arming calls are logged too. Nothing here is random, so a
 * run is deterministic given the calls made (and the simulator seed for ids).
 *
 * <p>REST faults match a request path exactly (e.g. {@code /v5/order/create}) or {@code "*"} for every path, for the
 * next {@code n} matching calls or for a {@link Duration}; the first armed rule that matches wins. A faulted request
 * is still counted by {@link #restCalls(String)}. Faults other than the "after processing" variants and
 * {@code restRateLimited} fire before authentication, like a gateway failing in front of the exchange.
 *
 * <p>Exchange-rule faults: {@link #clockSkew(Duration)} moves the server clock at run time; {@link #ipBan(Duration)}
 * answers HTTP 403 to every REST call (before anything else, the REST faults included); {@code restRateLimited} and
 * {@code restHttp429} with a {@link Duration} make a 10006 / 429 storm. The per-UID budgets themselves are not faults:
 * they always apply ({@link BybitSimulator.Builder#rateLimit(String, int)}).
 */
public final class Faults
{
    private final MatchingEngine engine;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Map<FaultKind, AtomicLong> counts = new EnumMap<>(FaultKind.class);
    private final List<String> log = new ArrayList<>();
    private final List<RestFaultRule> restRules = new ArrayList<>();
    private final Map<String, AtomicLong> restCalls = new ConcurrentHashMap<>();
    private PrivateStreamServer stream;
    private ServerClock clock;
    private IpLimit ipLimit;

    Faults(final MatchingEngine engine, final LongSupplier nanoClock)
    {
        this.engine = engine;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        for (final FaultKind kind : FaultKind.values())
        {
            counts.put(kind, new AtomicLong());
        }
    }

    void attach(final PrivateStreamServer stream)
    {
        this.stream = stream;
    }

    void attach(final ServerClock clock, final IpLimit ipLimit)
    {
        this.clock = clock;
        this.ipLimit = ipLimit;
    }

    // ------------------------------------------------------------------ exchange rules: clock, IP limit

    /**
     * Skew the server clock: from now on the exchange's time is the host's plus {@code skew} (negative: behind).
     * Replaces the previous skew (not cumulative); {@link Duration#ZERO} ends it. It moves {@code /v5/market/time},
     * the envelope {@code time}, the REST timestamp check (10002 outside {@code [server - recvWindow, server + 1000)}),
     * the WS auth {@code expires} check, the pong's time, push {@code creationTime}, order and exec times and the
     * rate-limit reset timestamps. Takes effect for the next request; safe to call at any time from any thread.
     */
    public void clockSkew(final Duration skew)
    {
        clock.skewMillis(skew.toMillis());
        line("clockSkew " + skew.toMillis() + "ms");
    }

    /**
     * @return the server clock's current skew from the host clock, in ms.
     */
    public long clockSkewMillis()
    {
        return clock.skewMillis();
    }

    /**
     * @return the server's current time in ms (host time + skew).
     */
    public long serverTimeMillis()
    {
        return clock.nowMillis();
    }

    /**
     * Ban the IP for the duration: every REST call (any path, signed or not) is answered HTTP 403 with the body
     * {@code access too frequent} and is not processed; counted as {@link FaultKind#REST_IP_BANNED}. Replaces a ban in
     * force; the private stream is not affected.
     */
    public void ipBan(final Duration duration)
    {
        line("arm ipBan " + duration.toMillis() + "ms");
        ipLimit.banFor(duration);
    }

    /**
     * End an IP ban now (whether from {@link #ipBan(Duration)} or the automatic IP limit).
     */
    public void liftIpBan()
    {
        line("liftIpBan");
        ipLimit.lift();
    }

    /**
     * @return true while REST calls are answered 403.
     */
    public boolean ipBanned()
    {
        return ipLimit.banned();
    }

    // ------------------------------------------------------------------ accounting

    /**
     * @return how many times the fault kind took effect.
     */
    public long count(final FaultKind kind)
    {
        return counts.get(kind).get();
    }

    /**
     * @return a copy of the fault log, one line per armed or fired fault, prefixed by ms since the simulator started.
     */
    public List<String> log()
    {
        synchronized (log)
        {
            return new ArrayList<>(log);
        }
    }

    /**
     * @return how many requests reached that REST path (including faulted, unauthenticated and rate-limited ones).
     */
    public long restCalls(final String path)
    {
        final AtomicLong n = restCalls.get(path);
        return n == null ? 0 : n.get();
    }

    void fired(final FaultKind kind, final String detail)
    {
        counts.get(kind).incrementAndGet();
        line(kind + " " + detail);
    }

    void line(final String text)
    {
        synchronized (log)
        {
            log.add((nanoClock.getAsLong() - startNanos) / 1_000_000 + "ms " + text);
        }
    }

    void countRestCall(final String path)
    {
        restCalls.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
    }

    // ------------------------------------------------------------------ private stream

    /**
     * Close every socket of the account now with a close frame (1000).
     *
     * @return sockets closed.
     */
    public int closeAll(final String apiKey)
    {
        return closeAll(apiKey, 1000, "");
    }

    /**
     * Close every socket of the account now with a close frame carrying {@code code} and {@code reason}.
     *
     * @return sockets closed.
     */
    public int closeAll(final String apiKey, final int code, final String reason)
    {
        line("arm closeAll " + apiKey + " code=" + code);
        return stream.closeAll(apiKey, code, reason);
    }

    /**
     * Abrupt TCP reset of every socket of the account: no close frame, SO_LINGER 0.
     *
     * @return sockets reset.
     */
    public int resetAll(final String apiKey)
    {
        line("arm resetAll " + apiKey);
        return stream.resetAll(apiKey, FaultKind.WS_RESET);
    }

    /**
     * Every current socket of the account stops sending anything (responses, pushes, pongs, protocol pongs) and
     * stops reading requests, but stays open. New sockets are not affected.
     *
     * @return sockets made half-open.
     */
    public int halfOpen(final String apiKey)
    {
        line("arm halfOpen " + apiKey);
        return stream.halfOpen(apiKey);
    }

    /**
     * After {@code n} more text frames have been sent to the account's sockets (responses and pushes), drop them:
     * the n frames are flushed, then the TCP connection is closed without a WebSocket close frame.
     */
    public void dropAfterFrames(final String apiKey, final int n)
    {
        line("arm dropAfterFrames " + apiKey + " n=" + n);
        stream.dropAfterFrames(apiKey, n);
    }

    /**
     * The account's next {@code n} WebSocket auth requests are answered by a TCP reset instead of the auth reply: a
     * drop landing while the client waits for its auth ack (arm it, then drop the current socket).
     */
    public void dropOnNextAuth(final String apiKey, final int n)
    {
        line("arm dropOnNextAuth " + apiKey + " n=" + n);
        stream.dropOnNextAuth(apiKey, n);
    }

    /**
     * For the duration, new TCP connections to the WS port are reset before the handshake.
     */
    public void refuseConnections(final Duration duration)
    {
        line("arm refuseConnections " + duration.toMillis() + "ms");
        stream.refuseFor(duration);
    }

    /**
     * For the duration, new TCP connections to the WS port are accepted but never answered (no handshake reply);
     * they stay open until the client gives up or the simulator closes.
     */
    public void blackholeConnections(final Duration duration)
    {
        line("arm blackholeConnections " + duration.toMillis() + "ms");
        stream.blackholeFor(duration);
    }

    /**
     * Auth fails for the key from now on: WS auth answers {@code success:false}, REST answers 10003. Existing
     * authenticated sockets stay as they are.
     */
    public void revokeKey(final String apiKey)
    {
        line("arm revokeKey " + apiKey);
        engineAccount(apiKey).revoked = true;
    }

    /**
     * Undo {@link #revokeKey(String)}.
     */
    public void restoreKey(final String apiKey)
    {
        line("restoreKey " + apiKey);
        engineAccount(apiKey).revoked = false;
    }

    /**
     * Deliver every push this much later than it happened (order preserved). {@link Duration#ZERO} turns it off.
     */
    public void delayPushes(final Duration delay)
    {
        line("arm delayPushes " + delay.toMillis() + "ms");
        stream.delayPushes(delay);
    }

    /**
     * The account's next push is delivered twice (identical frames) to each socket it goes to.
     */
    public void duplicateNextPush(final String apiKey)
    {
        line("arm duplicateNextPush " + apiKey);
        stream.duplicateNextPush(apiKey);
    }

    /**
     * Send an arbitrary text frame (e.g. malformed JSON) to every open socket that presented this key.
     *
     * @return sockets it was sent to.
     */
    public int sendRaw(final String apiKey, final String frame)
    {
        return stream.sendRaw(apiKey, frame);
    }

    // ------------------------------------------------------------------ REST

    /** Next {@code n} calls to {@code path} are accepted and never answered (not processed). */
    public void restTimeout(final String path, final int n)
    {
        arm(FaultKind.REST_TIMEOUT, path, n, null, 0, 0, null, false);
    }

    /** Calls to {@code path} during {@code d} are accepted and never answered (not processed). */
    public void restTimeout(final String path, final Duration d)
    {
        arm(FaultKind.REST_TIMEOUT, path, -1, d, 0, 0, null, false);
    }

    /** Next {@code n} calls are processed (e.g. the order IS created) but never answered: outcome unknown. */
    public void restTimeoutAfterProcessing(final String path, final int n)
    {
        arm(FaultKind.REST_TIMEOUT, path, n, null, 0, 0, null, true);
    }

    /** Next {@code n} calls have their connection closed without an answer (not processed). */
    public void restReset(final String path, final int n)
    {
        arm(FaultKind.REST_RESET, path, n, null, 0, 0, null, false);
    }

    /** Calls during {@code d} have their connection closed without an answer (not processed). */
    public void restReset(final String path, final Duration d)
    {
        arm(FaultKind.REST_RESET, path, -1, d, 0, 0, null, false);
    }

    /** Next {@code n} calls are processed, then their connection is closed without an answer. */
    public void restResetAfterProcessing(final String path, final int n)
    {
        arm(FaultKind.REST_RESET, path, n, null, 0, 0, null, true);
    }

    /** Next {@code n} calls are answered with that HTTP status (e.g. 500/502/503) and a small HTML body. */
    public void restHttpStatus(final String path, final int status, final int n)
    {
        arm(FaultKind.REST_HTTP_STATUS, path, n, null, status, 0, null, false);
    }

    /** Calls during {@code d} are answered with that HTTP status. */
    public void restHttpStatus(final String path, final int status, final Duration d)
    {
        arm(FaultKind.REST_HTTP_STATUS, path, -1, d, status, 0, null, false);
    }

    /**
     * Next {@code n} calls are answered HTTP 200 {@code retCode 10006 "Too many visits!"} with X-Bapi-Limit headers
     * (status 0, reset timestamp 1 s ahead).
     */
    public void restRateLimited(final String path, final int n)
    {
        arm(FaultKind.REST_RATE_LIMITED, path, n, null, 200, 10006, "Too many visits!", false);
    }

    /** As {@link #restRateLimited(String, int)} for a duration. */
    public void restRateLimited(final String path, final Duration d)
    {
        arm(FaultKind.REST_RATE_LIMITED, path, -1, d, 200, 10006, "Too many visits!", false);
    }

    /** Next {@code n} calls are answered HTTP 429 (system-level protection) with the limit headers. */
    public void restHttp429(final String path, final int n)
    {
        arm(FaultKind.REST_RATE_LIMITED, path, n, null, 429, 10006, "Too many visits!", false);
    }

    /** Calls during {@code d} are answered HTTP 429 with the limit headers (a 429 storm). */
    public void restHttp429(final String path, final Duration d)
    {
        arm(FaultKind.REST_RATE_LIMITED, path, -1, d, 429, 10006, "Too many visits!", false);
    }

    /** Next {@code n} calls are answered HTTP 200 with that retCode/retMsg and {@code "result":{}} (not processed). */
    public void restRetCode(final String path, final int retCode, final String retMsg, final int n)
    {
        arm(FaultKind.REST_RET_CODE, path, n, null, 200, retCode, retMsg, false);
    }

    /** As {@link #restRetCode(String, int, String, int)} for a duration. */
    public void restRetCode(final String path, final int retCode, final String retMsg, final Duration d)
    {
        arm(FaultKind.REST_RET_CODE, path, -1, d, 200, retCode, retMsg, false);
    }

    /** Next {@code n} calls are answered HTTP 200 with a truncated, invalid JSON body (not processed). */
    public void restMalformed(final String path, final int n)
    {
        arm(FaultKind.REST_MALFORMED, path, n, null, 200, 0, null, false);
    }

    /** As {@link #restMalformed(String, int)} for a duration. */
    public void restMalformed(final String path, final Duration d)
    {
        arm(FaultKind.REST_MALFORMED, path, -1, d, 200, 0, null, false);
    }

    /** Next {@code n} calls are answered retCode 0 with {@code "result":null} (not processed). */
    public void restNullResult(final String path, final int n)
    {
        arm(FaultKind.REST_NULL_RESULT, path, n, null, 200, 0, null, false);
    }

    /** As {@link #restNullResult(String, int)} for a duration. */
    public void restNullResult(final String path, final Duration d)
    {
        arm(FaultKind.REST_NULL_RESULT, path, -1, d, 200, 0, null, false);
    }

    /** Disarm every REST fault. */
    public void clearRestFaults()
    {
        synchronized (restRules)
        {
            restRules.clear();
        }
        line("clearRestFaults");
    }

    private void arm(
        final FaultKind kind, final String path, final int n, final Duration d, final int status, final int retCode,
        final String retMsg, final boolean afterProcessing)
    {
        if (n < 0 && d == null || n == 0)
        {
            throw new IllegalArgumentException("n must be > 0");
        }
        final long deadline = d == null ? 0 : nanoClock.getAsLong() + d.toNanos();
        final RestFaultRule rule = new RestFaultRule(kind, path, n, deadline, status, retCode, retMsg, afterProcessing);
        synchronized (restRules)
        {
            restRules.add(rule);
        }
        line("arm " + rule + (d != null ? " for " + d.toMillis() + "ms" : ""));
    }

    /** Take the first armed rule matching the path (consuming one call of it), or null. */
    RestFaultRule takeRestFault(final String path)
    {
        final long now = nanoClock.getAsLong();
        synchronized (restRules)
        {
            for (final Iterator<RestFaultRule> it = restRules.iterator(); it.hasNext(); )
            {
                final RestFaultRule rule = it.next();
                if (rule.expired(now))
                {
                    it.remove();
                    continue;
                }
                if (rule.matches(path))
                {
                    if (rule.remaining > 0)
                    {
                        rule.remaining--;
                    }
                    return rule;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ scheduled fills

    /**
     * Fill {@code qty} of the resting order at the moment the account's next socket drop has happened and before any
     * new socket of it authenticates ({@link GapFillMode#AFTER_NEXT_DROP}).
     */
    public void fillDuringGap(final String orderId, final String qty)
    {
        scheduleFill(orderId, qty, GapFillMode.AFTER_NEXT_DROP);
    }

    /**
     * Fill now with the pushes swallowed and reset the account's sockets ({@link GapFillMode#NOW_THEN_RESET}).
     */
    public void fillOnDrop(final String orderId, final String qty)
    {
        scheduleFill(orderId, qty, GapFillMode.NOW_THEN_RESET);
    }

    /**
     * Schedule a fill of a resting order relative to the account's socket drops.
     */
    public void scheduleFill(final String orderId, final String qty, final GapFillMode mode)
    {
        final String apiKey = engine.accountKeyOf(orderId);
        line("arm scheduleFill " + mode + " order=" + orderId + " qty=" + qty + " key=" + apiKey);
        if (mode == GapFillMode.AFTER_NEXT_DROP)
        {
            engine.scheduleGapFill(orderId, qty);
        }
        else
        {
            stream.fillThenReset(apiKey, orderId, qty);
        }
    }

    private Account engineAccount(final String apiKey)
    {
        final Account a = engine.account(apiKey);
        if (a == null)
        {
            throw new IllegalArgumentException("unknown apiKey " + apiKey);
        }
        return a;
    }
}
