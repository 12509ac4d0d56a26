package com.qkt.broker.bybit.rest;

import com.qkt.codec.JsonCursor;
import com.qkt.codec.JsonFieldNames;
import com.qkt.codecs.RestAccess;
import com.qkt.common.timer.TimerListener;
import com.qkt.common.timer.TimerService;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * Plays by Bybit's REST limits on the handler thread, so the exchange's rules never reach the strategy as rejects.
 * <ul>
 *     <li><b>Budgets.</b> One {@link EndpointBudget} per endpoint, and per product group for the order-writing ones
 *     ({@link RateLimitPolicy#budgetGroup}: spot, option, linear with inverse), from Bybit's documented defaults until
 *     the first reply, then from its {@code X-Bapi-Limit*} headers ({@link RestReplyFrame}). A call whose budget is
 *     spent waits on the timer wheel until a slot frees or the reset time passes. When Bybit says only N calls are
 *     left ({@code X-Bapi-Limit-Status}: another process of the UID spent the rest), at most N more go, less those
 *     already on their way, until the window has moved on or a later answer says more.</li>
 *     <li><b>Lanes.</b> Waiting calls queue in {@link RestLane}s: cancels, then queries (recovery, reconcile), then new
 *     orders. A lane is served only when every higher lane is empty and has no call in flight that had waited: so a
 *     cancel that waited is answered before a new order that waited is sent. A new call never overtakes a waiting
 *     call of a higher lane, nor one of its own lane waiting for the same budget. Each lane holds at most
 *     {@link RateLimitPolicy#laneCapacity()} calls (waiting or in flight); one more is refused and reported to its
 *     caller as {@link RestFailure#NOT_SENT}, never dropped.</li>
 *     <li><b>10006 and HTTP 429</b> mean the call was not processed: it goes back to the front of its lane and is
 *     sent again after the reset (a create carries its {@code orderLinkId}, so a resend can never make a second
 *     order). The caller never sees these answers.</li>
 *     <li><b>HTTP 403</b> (Bybit's IP limit) holds ALL REST for {@link RateLimitPolicy#ipBanHoldNanos()}, doubling per
 *     consecutive ban up to the maximum; then one probe call goes out, and only when Bybit answers it with anything
 *     but a 403 do the lanes drain. A probe with no answer (timeout, reset) proves nothing: REST stays held for
 *     another hold. A 403 on any call, a public one that went around the lanes included, starts the hold: the limit
 *     is per IP. Each change is reported to a {@link RestAccessListener}.</li>
 * </ul>
 * Handler thread only. Nothing is allocated per call once each endpoint has been called once.
 */
public final class RateLimitGovernor implements TimerListener
{
    /** Bybit's "Too many visits!". */
    public static final int RET_CODE_RATE_LIMITED = 10006;
    /** Rate limited at the gateway. */
    public static final int HTTP_TOO_MANY_REQUESTS = 429;
    /** Bybit's IP limit: "access too frequent". */
    public static final int HTTP_FORBIDDEN = 403;

    private static final JsonFieldNames RET_CODE_FIELD = new JsonFieldNames("retCode");
    private static final byte[] RET_CODE_PREFIX = "{\"retCode\":".getBytes(StandardCharsets.US_ASCII);

    private final RateLimitPolicy policy;
    private final TimerService timers;
    private final NanoClock nanoClock;
    private final EpochClock epochClock;
    private final RateLimitCounters counters;
    private final LaneQueue[] lanes;
    private final int[] admitted;
    /** Calls that waited, were let go and are not answered yet: until they are, lower lanes keep waiting. */
    private final int[] releasedInFlight;
    private final HashMap<String, EndpointBudget[]> budgets = new HashMap<>();
    private final JsonCursor cursor = new JsonCursor();
    private final long minWaitNanos;
    private CallDispatcher dispatcher;
    private RestAccessListener accessListener;
    private ErrorHandler errorHandler;
    private boolean badLimitReported;

    private RestAccess access = RestAccess.OPEN;
    /** After a hold: one call may go to find out whether the ban is over. */
    private boolean probing;
    private PendingRestCall probe;
    private int bans;
    private long holdUntilNanos;
    private long serverTimeOffsetMillis;
    private long wakeTimerId = TimerService.NULL_TIMER_ID;
    private long wakeDeadlineNanos = Long.MAX_VALUE;
    private long drainPass;
    private int waiting;

    /**
     * @param policy     budgets, window, lane capacity and IP-ban hold.
     * @param timers     the handler's timer wheel (wake-ups).
     * @param nanoClock  the handler's monotonic clock.
     * @param epochClock the local wall clock, to turn Bybit's reset timestamps into waits.
     * @param counters   what the governor did.
     */
    public RateLimitGovernor(
        final RateLimitPolicy policy,
        final TimerService timers,
        final NanoClock nanoClock,
        final EpochClock epochClock,
        final RateLimitCounters counters)
    {
        this.policy = policy;
        this.timers = timers;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.counters = counters;
        final RestLane[] values = RestLane.lanes();
        this.lanes = new LaneQueue[values.length];
        this.admitted = new int[values.length];
        this.releasedInFlight = new int[values.length];
        for (int i = 0; i < values.length; i++)
        {
            lanes[i] = new LaneQueue(policy.laneCapacity());
        }
        this.minWaitNanos = Math.max(1, policy.windowNanos() / 20);
    }

    void dispatcher(final CallDispatcher dispatcher)
    {
        this.dispatcher = dispatcher;
    }

    void errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
    }

    /**
     * @param listener told when an IP ban holds REST and when access opens again.
     */
    public void accessListener(final RestAccessListener listener)
    {
        this.accessListener = listener;
    }

    /**
     * Bybit's reset timestamps are server times; with a known offset (server minus local, ms) they are converted
     * exactly. Without one a wait is still bounded by the window, so a skewed clock costs at most a few extra 10006s.
     *
     * @param offsetMillis server time minus local time.
     */
    public void serverTimeOffsetMillis(final long offsetMillis)
    {
        this.serverTimeOffsetMillis = offsetMillis;
    }

    // ---------------------------------------------------------------- calls in

    /**
     * A new call: send it now if its lane and budget allow, else queue it.
     *
     * @param call filled, with its path and payload.
     * @return false when its lane is full: the call was neither sent nor queued.
     */
    boolean submit(final PendingRestCall call)
    {
        final RestLane lane = RestLane.of(call.path);
        final int laneIndex = lane.ordinal();
        if (admitted[laneIndex] >= policy.laneCapacity())
        {
            counters.onLaneFull();
            return false;
        }
        admitted[laneIndex]++;
        call.admitted = true;
        call.lane = lane;
        call.budget = budget(call.path, RateLimitPolicy.budgetGroup(call.path, call.payload, call.payloadLength));

        final long nowNanos = nanoClock.nanoTime();
        if (access == RestAccess.OPEN && !probing && noneWaitingAbove(laneIndex) && call.budget.waiting == 0 &&
            call.budget.nextSendNanos(nowNanos) <= nowNanos)
        {
            send(call, nowNanos);
        }
        else
        {
            wait(call, nowNanos, false);
            drain(nowNanos);
        }
        return true;
    }

    /**
     * An admitted call to be sent again after a connection-level failure: ahead of the calls behind it.
     *
     * @param call the call, its attempt already advanced.
     */
    void resubmit(final PendingRestCall call)
    {
        final long nowNanos = nanoClock.nanoTime();
        settle(call);
        if (probe == call)
        {
            probeUnanswered(nowNanos);
        }
        wait(call, nowNanos, true);
        drain(nowNanos);
    }

    /**
     * A reply came for a call the governor let through: learn from its headers, and keep it when it must be sent
     * again.
     *
     * @param call       the call answered.
     * @param httpStatus the status.
     * @param frame      the REST_REPLY payload ({@link RestReplyFrame}).
     * @param length     the payload's length.
     * @return true when the governor kept the call (rate limited or banned): the caller must not deliver the reply.
     */
    boolean onReply(final PendingRestCall call, final int httpStatus, final DirectBuffer frame, final int length)
    {
        final long nowNanos = nanoClock.nanoTime();
        settle(call);
        final EndpointBudget budget = call.budget;
        final int limit = RestReplyFrame.limit(frame);
        final int remaining = RestReplyFrame.remaining(frame);
        final long resetMillis = RestReplyFrame.resetMillis(frame);
        if (limit > 0 && limit <= RateLimitPolicy.MAX_LIMIT)
        {
            budget.limit(limit);
        }
        else if (limit != RestReplyFrame.ABSENT)
        {
            onBadLimit(limit, budget);
        }

        if (httpStatus == HTTP_FORBIDDEN)
        {
            final boolean wasProbe = probe == call;
            if (wasProbe)
            {
                probe = null;
            }
            ban(nowNanos, wasProbe);
            wait(call, nowNanos, true);
            drain(nowNanos);
            return true;
        }
        if (probe == call)
        {
            probe = null;
            openAccess();
        }

        final boolean rateLimited = httpStatus == HTTP_TOO_MANY_REQUESTS ||
            retCode(frame, RestReplyFrame.BODY_OFFSET, length - RestReplyFrame.BODY_OFFSET) == RET_CODE_RATE_LIMITED;
        if (rateLimited)
        {
            counters.onRateLimitedReply();
            budget.blockUntil(resetMillis > 0 ?
                resetNanos(resetMillis, nowNanos, minWaitNanos) : nowNanos + policy.windowNanos());
            wait(call, nowNanos, true);
            drain(nowNanos);
            return true;
        }
        if (remaining >= 0 && remaining <= budget.limit())
        {
            // what is left may be less than this process's own log says (another process of the UID spent some)
            final long uncounted = call.inFlightAtSend + (budget.sends() - call.budgetSend);
            if (remaining == 0 && resetMillis > 0)
            {
                // one call leaves Bybit's window at the reset; how many more only an answer can tell
                budget.blockUntil(resetNanos(resetMillis, nowNanos, 0));
                budget.remaining(1, call.budgetSend, uncounted, nowNanos, nowNanos + policy.windowNanos());
            }
            else
            {
                budget.remaining(remaining, call.budgetSend, uncounted, nowNanos, nowNanos + policy.windowNanos());
            }
        }
        if (waiting > 0 || probing)
        {
            drain(nowNanos);
        }
        return false;
    }

    /**
     * A call completed (delivered or failed for good): it frees its place in the lane.
     *
     * @param call the call.
     */
    void onCompleted(final PendingRestCall call)
    {
        settle(call);
        if (call.admitted)
        {
            call.admitted = false;
            admitted[call.lane.ordinal()]--;
        }
        if (probe == call)
        {
            probeUnanswered(nanoClock.nanoTime()); // failed for good or dropped at close: still no answer
        }
        else if (waiting > 0)
        {
            // a lane held behind this call (it had waited, so lower lanes waited for its answer) is free now: a call
            // that failed for good brings no reply to drain them, and queued calls have no watchdog of their own
            drain(nanoClock.nanoTime());
        }
    }

    /**
     * An HTTP 403 on a call that went around the lanes (a public call while access was open): Bybit's IP limit is
     * per IP, not per endpoint, so it holds all REST like any other 403. The call itself is the caller's to handle.
     */
    void onForbiddenOutsideLanes()
    {
        ban(nanoClock.nanoTime(), false);
    }

    /**
     * Forget every waiting call (the client is closing and fails them itself).
     */
    void clear()
    {
        for (final LaneQueue lane : lanes)
        {
            for (int i = 0, size = lane.size(); i < size; i++)
            {
                lane.get(i).budget.waiting--;
                lane.get(i).queued = false;
            }
            lane.clear();
        }
        waiting = 0;
        counters.queueDepth(0);
        cancelWake();
    }

    public void onTimer(final long timerId, final long nowNanos)
    {
        if (timerId == wakeTimerId)
        {
            wakeTimerId = TimerService.NULL_TIMER_ID;
            wakeDeadlineNanos = Long.MAX_VALUE;
            drain(nowNanos);
        }
    }

    // ---------------------------------------------------------------- state for the strategy

    /**
     * @return whether REST is open or held by an IP ban (a probe in flight still counts as banned).
     */
    public RestAccess access()
    {
        return access;
    }

    /**
     * @return calls waiting in the lanes.
     */
    public int queueDepth()
    {
        return waiting;
    }

    /**
     * @param lane a lane.
     * @return calls waiting in it.
     */
    public int queueDepth(final RestLane lane)
    {
        return lanes[lane.ordinal()].size();
    }

    /**
     * @return the counters (thread safe).
     */
    public RateLimitCounters counters()
    {
        return counters;
    }

    /**
     * @return the settings.
     */
    public RateLimitPolicy policy()
    {
        return policy;
    }

    // ---------------------------------------------------------------- internals

    private boolean noneWaitingAbove(final int laneIndex)
    {
        for (int i = 0; i < laneIndex; i++)
        {
            if (!lanes[i].isEmpty() || releasedInFlight[i] > 0)
            {
                return false;
            }
        }
        return true;
    }

    private void wait(final PendingRestCall call, final long nowNanos, final boolean atFront)
    {
        if (!call.throttled)
        {
            call.throttled = true;
            counters.onThrottled();
        }
        if (call.waitStartNanos == 0)
        {
            call.waitStartNanos = nowNanos;
        }
        call.queued = true;
        final LaneQueue lane = lanes[call.lane.ordinal()];
        if (atFront)
        {
            lane.addFirst(call);
        }
        else
        {
            lane.addLast(call);
        }
        waiting++;
        call.budget.waiting++;
        counters.queueDepth(waiting);
    }

    private void send(final PendingRestCall call, final long nowNanos)
    {
        call.budget.onSent(nowNanos);
        call.budgetSend = call.budget.sends();
        call.inFlightAtSend = call.budget.inFlight;
        call.onBudget = true;
        call.budget.inFlight++;
        if (call.waitStartNanos != 0)
        {
            counters.onWaited(nowNanos - call.waitStartNanos);
            call.waitStartNanos = 0;
            call.released = true;
            releasedInFlight[call.lane.ordinal()]++;
        }
        dispatcher.dispatch(call);
    }

    /**
     * Send what may go, highest lane first, and arm one wake-up for the earliest time anything else could.
     */
    private void drain(final long nowNanos)
    {
        if (access == RestAccess.IP_BANNED && !probing)
        {
            if (nowNanos < holdUntilNanos)
            {
                armWake(holdUntilNanos);
                return;
            }
            probing = true;
        }
        if (probing && null != probe)
        {
            return; // one probe at a time; its outcome decides
        }

        final long pass = ++drainPass;
        long wakeNanos = Long.MAX_VALUE;
        for (int laneIndex = 0; laneIndex < lanes.length; laneIndex++)
        {
            final LaneQueue lane = lanes[laneIndex];
            int kept = 0;
            for (int i = 0, size = lane.size(); i < size; i++)
            {
                final PendingRestCall call = lane.get(i);
                final EndpointBudget budget = call.budget;
                boolean sent = false;
                if (budget.spentInPass != pass && (!probing || null == probe))
                {
                    final long nextNanos = budget.nextSendNanos(nowNanos);
                    if (nextNanos <= nowNanos)
                    {
                        waiting--;
                        budget.waiting--;
                        call.queued = false;
                        if (probing)
                        {
                            probe = call;
                        }
                        send(call, nowNanos);
                        sent = true;
                    }
                    else
                    {
                        budget.spentInPass = pass; // calls behind it for the same budget wait too, in order
                        wakeNanos = Math.min(wakeNanos, nextNanos);
                    }
                }
                if (!sent)
                {
                    lane.set(kept++, call);
                }
            }
            lane.truncate(kept);
            if (kept > 0 || releasedInFlight[laneIndex] > 0)
            {
                // strict priority: a lower lane waits while this one has calls waiting, or let go and unanswered
                // (calls on separate connections may overtake each other on the way: only an answer proves order)
                break;
            }
        }
        counters.queueDepth(waiting);
        if (wakeNanos != Long.MAX_VALUE && null == probe)
        {
            armWake(wakeNanos);
        }
    }

    /**
     * An {@code X-Bapi-Limit} out of range is taken as not sent: counted each time, reported once (a proxy or a peer
     * that sends it does so on every reply).
     */
    private void onBadLimit(final int limit, final EndpointBudget budget)
    {
        counters.onBadLimitHeader();
        if (!badLimitReported && null != errorHandler)
        {
            badLimitReported = true;
            errorHandler.onError(new IllegalStateException("X-Bapi-Limit " + limit + " on " + budget.path() +
                " is outside 1.." + RateLimitPolicy.MAX_LIMIT + ": ignored, here and in every later reply (counted)"));
        }
    }

    private void settle(final PendingRestCall call)
    {
        if (call.onBudget)
        {
            call.onBudget = false;
            call.budget.inFlight--;
        }
        if (call.released)
        {
            call.released = false;
            releasedInFlight[call.lane.ordinal()]--;
        }
    }

    private void ban(final long nowNanos, final boolean probeBanned)
    {
        final RestAccess previous = access;
        if (previous == RestAccess.IP_BANNED && !probeBanned)
        {
            return; // a call that was already in flight when the ban began: the hold stands
        }
        counters.onIpBan();
        bans++;
        final long hold = holdNanos();
        access = RestAccess.IP_BANNED;
        probing = false;
        holdUntilNanos = nowNanos + hold;
        cancelWake();
        armWake(holdUntilNanos);
        if (null != accessListener)
        {
            accessListener.onRestAccessChanged(
                RestAccess.IP_BANNED, previous, HTTP_FORBIDDEN, bans, hold,
                epochClock.time() + TimeUnit.NANOSECONDS.toMillis(hold), waiting + 1);
        }
    }

    /**
     * The probe got no answer (a timeout, a reset, or it failed for good): no proof the ban is over, since a banned
     * gateway may just drop the connection. Access stays held for another hold of the current length, and the ban
     * count stands, so the next 403 doubles the hold rather than starting again at the first.
     */
    private void probeUnanswered(final long nowNanos)
    {
        probe = null;
        probing = false;
        counters.onBanProbeUnanswered();
        final long hold = holdNanos();
        holdUntilNanos = nowNanos + hold;
        cancelWake();
        armWake(holdUntilNanos);
        if (null != accessListener)
        {
            accessListener.onRestAccessChanged(
                RestAccess.IP_BANNED, RestAccess.IP_BANNED, 0, bans, hold,
                epochClock.time() + TimeUnit.NANOSECONDS.toMillis(hold), waiting + 1);
        }
    }

    private long holdNanos()
    {
        long hold = policy.ipBanHoldNanos();
        for (int i = 1; i < bans && hold < policy.ipBanMaxHoldNanos(); i++)
        {
            hold *= 2;
        }
        return Math.min(hold, policy.ipBanMaxHoldNanos());
    }

    /**
     * Only a real answer that is not a 403 opens access (and ends the run of consecutive bans).
     */
    private void openAccess()
    {
        if (access == RestAccess.OPEN)
        {
            return;
        }
        access = RestAccess.OPEN;
        probing = false;
        bans = 0;
        if (null != accessListener)
        {
            accessListener.onRestAccessChanged(RestAccess.OPEN, RestAccess.IP_BANNED, 0, 0, 0, 0, waiting);
        }
    }

    private long resetNanos(final long resetMillis, final long nowNanos, final long minNanos)
    {
        final long deltaMillis = resetMillis - (epochClock.time() + serverTimeOffsetMillis);
        final long deltaNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, deltaMillis));
        // Bybit's window is 1 s: a reset further away is a skewed clock, and the window bounds the wait
        return nowNanos + Math.max(minNanos, Math.min(deltaNanos, policy.windowNanos()));
    }

    private int retCode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0)
        {
            return 0;
        }
        // Bybit writes {"retCode":N first: read it straight off the bytes, and only walk the members when not
        final int digitsAt = offset + RET_CODE_PREFIX.length;
        if (length > RET_CODE_PREFIX.length && buffer.getByte(offset) == '{')
        {
            boolean prefix = true;
            for (int i = 1; i < RET_CODE_PREFIX.length && prefix; i++)
            {
                prefix = buffer.getByte(offset + i) == RET_CODE_PREFIX[i];
            }
            if (prefix)
            {
                int value = 0;
                int i = digitsAt;
                final int end = offset + length;
                while (i < end && i - digitsAt < 9)
                {
                    final byte b = buffer.getByte(i);
                    if (b < '0' || b > '9')
                    {
                        break;
                    }
                    value = value * 10 + (b - '0');
                    i++;
                }
                if (i > digitsAt && i < end && (buffer.getByte(i) == ',' || buffer.getByte(i) == '}'))
                {
                    return value;
                }
            }
        }
        final JsonCursor cursor = this.cursor.wrap(buffer, offset, length);
        if (!cursor.enterObject())
        {
            return 0;
        }
        while (cursor.nextMember() == JsonCursor.NEXT)
        {
            if (cursor.lookupName(RET_CODE_FIELD) == 0)
            {
                return cursor.readLong(0) ? (int)cursor.longValue() : 0;
            }
            if (!cursor.skipValue())
            {
                return 0;
            }
        }
        return 0;
    }

    private EndpointBudget budget(final String path, final int group)
    {
        EndpointBudget[] byGroup = budgets.get(path);
        if (null == byGroup)
        {
            byGroup = new EndpointBudget[RateLimitPolicy.CATEGORIES];
            budgets.put(path, byGroup);
        }
        EndpointBudget budget = byGroup[group];
        if (null == budget)
        {
            budget = new EndpointBudget(path, group, policy.defaultLimit(path, group), policy.windowNanos());
            byGroup[group] = budget;
        }
        return budget;
    }

    /**
     * @return the budget a call of an endpoint and category spends, as the governor sees it (tests).
     */
    EndpointBudget budgetOf(final String path, final String category)
    {
        final byte[] probeBytes = ("category=" + category).getBytes(StandardCharsets.US_ASCII);
        return budget(path, RateLimitPolicy.budgetGroup(path, probeBytes, probeBytes.length));
    }

    private void armWake(final long deadlineNanos)
    {
        if (wakeTimerId != TimerService.NULL_TIMER_ID)
        {
            if (wakeDeadlineNanos <= deadlineNanos)
            {
                return;
            }
            timers.cancel(wakeTimerId);
        }
        wakeDeadlineNanos = deadlineNanos;
        wakeTimerId = timers.schedule(deadlineNanos, this);
    }

    private void cancelWake()
    {
        if (wakeTimerId != TimerService.NULL_TIMER_ID)
        {
            timers.cancel(wakeTimerId);
            wakeTimerId = TimerService.NULL_TIMER_ID;
            wakeDeadlineNanos = Long.MAX_VALUE;
        }
    }
}
