package com.qkt.broker.bybit.order;

import com.qkt.broker.bybit.BybitProtocolException;
import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.broker.bybit.BybitTransport;
import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyDecoder;
import com.qkt.broker.bybit.rest.RestReplyHandler;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.codec.AsciiField;
import com.qkt.common.timer.TimerListener;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.LongArrayQueue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * Finds out over REST what the private stream did not deliver, and feeds it to the broker through the same paths as
 * the live stream (marked synthetic), so dedup by exec id and per-order ordering hold for both.
 * <p>
 * A full pass, run after every reconnect (and on demand):
 * <ol>
 *     <li>{@code GET /v5/order/realtime}, all pages: which of our orders are still open, and their cumulative
 *     quantities;</li>
 *     <li>{@code GET /v5/execution/list} from the last execution seen (or the oldest working order) minus a margin,
 *     at most the recovery window back, split into windows of at most 7 days, all pages, applied oldest first;</li>
 *     <li>for each working order that was not open, or still misses fills the exchange reported: its own state
 *     ({@code /v5/order/realtime} by {@code orderLinkId}, then {@code /v5/order/history}) and, if needed, its own
 *     executions; an order Bybit has no trace of was never placed and is reported rejected.</li>
 * </ol>
 * Step 3 on its own also resolves single orders whose submit or cancel had an unknown outcome. Every step is one REST
 * call in flight at a time; a failed step is retried after a delay, and a pass that keeps failing finishes as
 * incomplete (reported to the error handler) rather than holding the connection in RECOVERING for ever.
 * <p>
 * Longer than the ~500 lines we aim for: one job, the recovery pass as one explicit step machine ({@code Step}),
 * with its paging and retries next to the steps they belong to.
 */
final class BybitStateRecovery implements RestReplyListener, RestReplyHandler, TimerListener
{
    private static final long SEVEN_DAYS_MS = TimeUnit.DAYS.toMillis(7);

    /** What the one call in flight is for. */
    enum Step
    {
        IDLE,
        OPEN_ORDERS,
        EXECUTIONS,
        ORDER_STATUS,
        ORDER_HISTORY,
        ORDER_EXECUTIONS
    }

    private static final Comparator<BybitExecution> OLDEST_FIRST = (a, b) ->
    {
        final int byTime = Long.compare(a.execTime(), b.execTime());
        return byTime != 0 ? byTime : Long.compare(a.seq(), b.seq());
    };

    private final BybitTransport transport;
    private final OrderManager broker;
    private final OrderBook book;
    private final BybitSpotBrokerContext ctx;
    private final ErrorHandler errorHandler;
    private final RestReplyDecoder decoder = new RestReplyDecoder();
    private final StringBuilder query = new StringBuilder(256);
    private final AsciiField cursor = new AsciiField(512);
    private final ArrayList<BybitExecution> pending = new ArrayList<>();
    private final ArrayDeque<BybitExecution> executionPool = new ArrayDeque<>();
    /** Client order ids, not objects: a pooled order may be recycled for another order while it waits here. */
    private final LongArrayQueue resolveQueue = new LongArrayQueue();
    private final ArrayList<TrackedOrder> scratchOrders = new ArrayList<>();
    private final String category;
    private final long retryDelayNs;

    private Step step = Step.IDLE;
    private String path;
    private long expectedCallId = -1;
    private long retryTimerId = -1;
    private long retryPassTimerId = -1;
    private int failures;
    private boolean incomplete;

    private boolean fullPass;
    /** This pass is the startup reconcile: it adopts the engine's open orders and reports how the start went. */
    private boolean startup;
    private long lookbackFrom;
    private boolean afterReconnect;
    private long generation;
    private long pass;
    private long passStartNs;
    private int fills;
    private int cancels;
    private int rejects;
    private int openOrders;
    private int executions;
    private long duplicatesAtStart;
    private long windowStart;
    private long windowEnd;
    private long finalEnd;
    private TrackedOrder current;
    private long currentClientOrderId;
    private boolean currentFound;
    private long completed;

    BybitStateRecovery(
        final BybitTransport transport,
        final OrderManager broker,
        final OrderBook book,
        final BybitSpotBrokerContext ctx,
        final ErrorHandler errorHandler)
    {
        this.transport = transport;
        this.broker = broker;
        this.book = book;
        this.ctx = ctx;
        this.errorHandler = errorHandler;
        this.category = ctx.category();
        this.retryDelayNs = TimeUnit.MILLISECONDS.toNanos(ctx.recoveryRetryMs());
    }

    /**
     * Start a full pass, abandoning any pass or resolution in progress (its late replies are ignored).
     *
     * @param generation     the session it runs for.
     * @param afterReconnect true to tell the transport when done, so it reports connected again.
     */
    void start(final long generation, final boolean afterReconnect)
    {
        cancelRetry();
        expectedCallId = -1;
        while (!resolveQueue.isEmpty())
        {
            final TrackedOrder order = book.get(resolveQueue.pollLong());
            if (null != order)
            {
                order.resolving = false;
            }
        }
        releaseCurrent();
        releasePending();

        this.generation = generation;
        this.afterReconnect = afterReconnect || (fullPass && this.afterReconnect);
        if (broker.startupInProgress() && !startup)
        {
            startup = true;
            broker.startupBegins();
        }
        lookbackFrom = 0;
        fullPass = true;
        pass++;
        passStartNs = transport.nanoClock().nanoTime();
        fills = 0;
        cancels = 0;
        rejects = 0;
        openOrders = 0;
        executions = 0;
        failures = 0;
        incomplete = false;
        duplicatesAtStart = broker.duplicateFillsCount();
        cursor.clear();
        step = Step.OPEN_ORDERS;
        issue();
    }

    /**
     * Find out the exchange's view of one order (unknown submit or cancel outcome, missing fills). Queued behind any
     * step in progress.
     *
     * @param order a working order.
     */
    void resolve(final TrackedOrder order)
    {
        if (order.resolving)
        {
            return;
        }
        order.resolving = true;
        resolveQueue.addLong(order.clientOrderId);
        if (step == Step.IDLE)
        {
            nextResolve();
        }
    }

    boolean isRunningFull()
    {
        return fullPass;
    }

    long completed()
    {
        return completed;
    }

    void countSyntheticFill()
    {
        fills++;
    }

    void countSyntheticCancel()
    {
        cancels++;
    }

    void countSyntheticReject()
    {
        rejects++;
    }

    // ---------------------------------------------------------------- requests

    private void issue()
    {
        if ((step == Step.ORDER_STATUS || step == Step.ORDER_HISTORY || step == Step.ORDER_EXECUTIONS) &&
            !book.isKnown(current, currentClientOrderId))
        {
            nextResolve(); // it reached a terminal state meanwhile (and its object may already serve another order)
            return;
        }
        query.setLength(0);
        query.append("category=").append(category);
        switch (step)
        {
            case OPEN_ORDERS:
                path = BybitPaths.ORDER_REALTIME;
                if ("linear".equals(category))
                {
                    // Bybit lists linear open orders only by symbol, base coin or settle coin
                    query.append("&settleCoin=").append(ctx.positionSettleCoin());
                }
                query.append("&limit=").append(ctx.orderPageLimit());
                break;

            case EXECUTIONS:
                path = BybitPaths.EXECUTION_LIST;
                query.append("&limit=").append(ctx.executionPageLimit())
                    .append("&startTime=").append(windowStart)
                    .append("&endTime=").append(windowEnd);
                break;

            case ORDER_STATUS:
                path = BybitPaths.ORDER_REALTIME;
                query.append("&orderLinkId=").append(current.orderLinkId);
                break;

            case ORDER_HISTORY:
                path = BybitPaths.ORDER_HISTORY;
                query.append("&orderLinkId=").append(current.orderLinkId);
                break;

            case ORDER_EXECUTIONS:
                path = BybitPaths.EXECUTION_LIST;
                query.append("&orderLinkId=").append(current.orderLinkId)
                    .append("&limit=").append(ctx.executionPageLimit());
                break;

            default:
                return;
        }
        if (!cursor.isEmpty())
        {
            query.append("&cursor=").append(cursor);
        }
        expectedCallId = transport.getSigned(path, query, this);
    }

    public void onRestReply(
        final long callId,
        final int attempt,
        final int httpStatus,
        final DirectBuffer body,
        final int offset,
        final int length)
    {
        if (callId != expectedCallId)
        {
            return;
        }
        expectedCallId = -1;
        if (!decoder.decodeEnvelope(body, offset, length))
        {
            onStepFailed("unreadable reply (HTTP " + httpStatus + ")");
            return;
        }
        if (decoder.retCode() != 0 || decoder.resultIsNull())
        {
            onStepFailed("retCode " + decoder.retCode() + " " + decoder.retMsg() + " (HTTP " + httpStatus + ")");
            return;
        }

        final int items;
        if (path == BybitPaths.EXECUTION_LIST)
        {
            items = decoder.decodeExecutionList(body, offset, length, this);
        }
        else
        {
            currentFound = false;
            items = decoder.decodeOrderList(body, offset, length, this);
        }
        if (items < 0)
        {
            onStepFailed("malformed list");
            return;
        }
        failures = 0;
        cursor.set(decoder.nextPageCursor());
        onStepDone();
    }

    public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
    {
        if (callId == expectedCallId)
        {
            expectedCallId = -1;
            onStepFailed(failure + " after " + attempts + " attempts");
        }
    }

    public void onOrder(final BybitOrder order)
    {
        if (step == Step.OPEN_ORDERS)
        {
            TrackedOrder tracked = book.find(order.orderLinkId());
            if (null == tracked)
            {
                tracked = broker.adoptOrReport(order, startup);
            }
            if (null != tracked && OrderIdentity.matches(tracked, order))
            {
                tracked.seenOpenInPass = pass;
                openOrders++;
                broker.applyOrder(order, true);
            }
        }
        else if (null != current && order.orderLinkId().contentEquals(current.orderLinkId))
        {
            if (!book.isKnown(current, currentClientOrderId))
            {
                currentFound = true;
            }
            else if (OrderIdentity.matches(current, order))
            {
                currentFound = true;
                broker.applyOrder(order, true);
            }
            else if (current.orderId.isEmpty() && !current.submitInFlight)
            {
                // another order holds our orderLinkId and Bybit never gave ours an id: ours was never placed
                currentFound = true;
                broker.rejectCollision(current, order);
            }
            // else: ours is confirmed (or its create unanswered) and this is someone else's order: not an answer
        }
    }

    public void onExecution(final BybitExecution execution)
    {
        executions++;
        if (null == book.find(execution.orderLinkId()))
        {
            return; // not about a working order of ours
        }
        BybitExecution copy = executionPool.pollFirst();
        if (null == copy)
        {
            copy = new BybitExecution();
        }
        copy.copyFrom(execution);
        pending.add(copy);
    }

    private void onStepDone()
    {
        final boolean morePages = !cursor.isEmpty();
        switch (step)
        {
            case OPEN_ORDERS:
                if (morePages)
                {
                    issue();
                }
                else
                {
                    beginExecutions();
                }
                break;

            case EXECUTIONS:
                if (morePages)
                {
                    issue();
                }
                else if (windowEnd < finalEnd)
                {
                    windowStart = windowEnd;
                    windowEnd = Math.min(finalEnd, windowStart + SEVEN_DAYS_MS);
                    issue();
                }
                else
                {
                    applyPending();
                    beginOrderChecks();
                }
                break;

            case ORDER_STATUS:
                if (!currentFound)
                {
                    step = Step.ORDER_HISTORY;
                    issue();
                }
                else
                {
                    afterOrderFound();
                }
                break;

            case ORDER_HISTORY:
                if (!currentFound)
                {
                    if (book.isKnown(current, currentClientOrderId) && !current.submitInFlight)
                    {
                        broker.applyNotFound(current);
                    }
                    nextResolve();
                }
                else
                {
                    afterOrderFound();
                }
                break;

            case ORDER_EXECUTIONS:
                if (morePages)
                {
                    issue();
                }
                else
                {
                    applyPending();
                    if (book.isKnown(current, currentClientOrderId) &&
                        current.missingFills())
                    {
                        broker.resolveLater(current); // Bybit's execution list lags its order record: ask again later
                    }
                    nextResolve();
                }
                break;

            default:
                break;
        }
    }

    private void afterOrderFound()
    {
        cursor.clear();
        if (book.isKnown(current, currentClientOrderId) && current.missingFills())
        {
            step = Step.ORDER_EXECUTIONS;
            issue();
        }
        else
        {
            nextResolve();
        }
    }

    private void beginExecutions()
    {
        final long oldestOrder = book.oldestSubmitMillis();
        if (oldestOrder == Long.MAX_VALUE)
        {
            beginOrderChecks();
            return;
        }
        // exchange times (execTime, startTime/endTime): the server clock, so a skewed host cannot shift the window
        final long now = transport.serverClock().time();
        final long from = Math.max(broker.lastExecTimeBeforeGap(), oldestOrder) - ctx.recoveryMarginMs();
        // at start the engine may have been down for longer than the usual window: the look-back bounds it instead
        windowStart = Math.max(now - (startup ? ctx.startupLookbackMs() : ctx.recoveryWindowMs()), from);
        lookbackFrom = windowStart;
        finalEnd = now + ctx.recoveryMarginMs();
        windowEnd = Math.min(finalEnd, windowStart + SEVEN_DAYS_MS);
        cursor.clear();
        step = Step.EXECUTIONS;
        issue();
    }

    private void beginOrderChecks()
    {
        book.collect(scratchOrders);
        for (int i = 0, size = scratchOrders.size(); i < size; i++)
        {
            final TrackedOrder order = scratchOrders.get(i);
            final boolean gone = order.seenOpenInPass != pass && !order.submitInFlight;
            final boolean missingFills = order.missingFills();
            if ((gone || missingFills) && !order.resolving)
            {
                order.resolving = true;
                resolveQueue.addLong(order.clientOrderId);
            }
        }
        scratchOrders.clear();
        nextResolve();
    }

    private void nextResolve()
    {
        releaseCurrent();
        TrackedOrder next = null;
        while (null == next && !resolveQueue.isEmpty())
        {
            next = book.get(resolveQueue.pollLong());
            if (null != next && !next.resolving)
            {
                next = null;
            }
        }
        cursor.clear();
        if (null == next)
        {
            step = Step.IDLE;
            if (fullPass)
            {
                finish(!incomplete);
            }
            return;
        }
        current = next;
        currentClientOrderId = next.clientOrderId;
        step = Step.ORDER_STATUS;
        issue();
    }

    private void releaseCurrent()
    {
        if (null != current && book.isKnown(current, currentClientOrderId))
        {
            current.resolving = false;
        }
        current = null;
    }

    private void applyPending()
    {
        pending.sort(OLDEST_FIRST);
        for (int i = 0, size = pending.size(); i < size; i++)
        {
            broker.applyExecution(pending.get(i), true);
        }
        releasePending();
    }

    private void releasePending()
    {
        for (int i = 0, size = pending.size(); i < size; i++)
        {
            executionPool.addFirst(pending.get(i));
        }
        pending.clear();
    }

    private void finish(final boolean complete)
    {
        fullPass = false;
        completed++;
        final long duration = transport.nanoClock().nanoTime() - passStartNs;
        if (!complete)
        {
            errorHandler.onError(new BybitProtocolException(
                "recovery finished incomplete; another pass follows in " + 10 * ctx.recoveryRetryMs() + " ms"));
            if (retryPassTimerId == -1)
            {
                retryPassTimerId = transport.timers().schedule(
                    transport.nanoClock().nanoTime() + 10 * retryDelayNs, this);
            }
        }
        else if (afterReconnect)
        {
            broker.gapRecovered();
        }
        broker.emitRecoveryCompleted(
            fills, cancels, rejects, (int)(broker.duplicateFillsCount() - duplicatesAtStart), openOrders, executions,
            duration, generation);
        if (startup)
        {
            startup = false;
            broker.startupReconciled(fills, cancels, rejects, lookbackFrom, duration);
        }
        if (afterReconnect)
        {
            afterReconnect = false;
            transport.recoveryCompleted(generation);
        }
    }

    private void onStepFailed(final String why)
    {
        failures++;
        errorHandler.onError(new BybitProtocolException("recovery step " + step + " on " + path + " failed: " + why));
        if (failures > ctx.recoveryMaxFailures())
        {
            failures = 0;
            incomplete = true;
            releasePending();
            // give up on this step; queued orders are still looked at, an order given up on is asked about again
            // later, and an incomplete pass is followed by another
            if (null != current && book.isKnown(current, currentClientOrderId))
            {
                broker.resolveLater(current);
            }
            nextResolve();
            return;
        }
        retryTimerId = transport.timers().schedule(transport.nanoClock().nanoTime() + retryDelayNs, this);
    }

    public void onTimer(final long timerId, final long nowNanos)
    {
        if (timerId == retryPassTimerId)
        {
            retryPassTimerId = -1;
            if (!fullPass)
            {
                start(generation, false);
            }
            return;
        }
        if (timerId == retryTimerId)
        {
            retryTimerId = -1;
            issue();
        }
    }

    private void cancelRetry()
    {
        if (retryTimerId != -1)
        {
            transport.timers().cancel(retryTimerId);
            retryTimerId = -1;
        }
    }
}
