package com.qkt.broker.bybit.order;

import com.qkt.broker.bybit.protocol.BybitOrderStatus;
import com.qkt.codec.AsciiField;
import com.qkt.codecs.CancelCause;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;

/**
 * What the engine knows about one of its working orders, pooled and reused. Removed from the broker's maps as soon
 * as the strategy has been told the order's terminal state, so memory stays flat over millions of orders.
 */
final class TrackedOrder
{
    long clientOrderId;
    final AsciiField orderLinkId = new AsciiField(40);
    final AsciiField orderId = new AsciiField(40);
    final AsciiField symbol = new AsciiField(24);
    Side side;
    OrderType orderType;
    final FixedDecimal price = new FixedDecimal();
    final FixedDecimal qty = new FixedDecimal();
    /** Sum of the fills delivered to the strategy: only ever grows. */
    final FixedDecimal cumQty = new FixedDecimal(0, 0);
    /**
     * Cumulative quantity the exchange reported for the order: the highest pushed, or what the last REST view of its
     * record said (which replaces the pushes'); never below {@link #cumQty}.
     */
    final FixedDecimal exchangeCumQty = new FixedDecimal(0, 0);
    boolean acceptedEmitted;
    /** True while the create call has no final answer. */
    boolean submitInFlight;
    /** Terminal status the exchange reported, held back until every fill up to it is delivered; null = working. */
    BybitOrderStatus terminalStatus;
    final AsciiField terminalReason = new AsciiField(64);
    /** Who cancelled it, from the exchange's cancelType (DCP = Disconnection Protection). */
    CancelCause cancelCause = CancelCause.OTHER;
    /** Code of the rejection to report if the exchange turns out never to have had the order. */
    int pendingRejectCode = -1;
    /** Wall-clock time of the submit: no fill of the order can be older. */
    long submitMillis;
    /** The recovery pass that last saw the order open on the exchange. */
    long seenOpenInPass;
    /** Timer that reconciles the order if fills the exchange reported do not arrive. */
    long fillWaitTimerId = -1;
    /** The fill-wait timer was armed because a push of the working order reported fills not yet delivered. */
    boolean workingFillWait;
    boolean resolving;
    /** Bybit has confirmed the order exists (ack, a push, a query, or 110072): never report it as never placed. */
    boolean existenceConfirmed;
    /** Lookups made because REST lagged (fills or the order's record missing), for the back-off of the next one. */
    int lateLookups;
    /** Restored from the persisted state at start; reported as adopted when the exchange shows it still open. */
    boolean adoptPending;
    /** The strategy asked to cancel the order; the intent stands until a terminal event or a CancelRejected. */
    boolean cancelIntent;
    /** A cancel call has no answer yet. */
    boolean cancelInFlight;
    /** Bybit did not know the order when the cancel arrived, while its create was unresolved: send again once it lands. */
    boolean cancelAwaitingCreate;
    /** The order's end is in the state journal: its terminal event is going out, or has. */
    boolean endRecorded;
    /**
     * Restored from the state as accepted by Bybit: its id was reserved by this engine, so an item under it is this
     * order even when its qty or price differ (amended on the exchange; the state keeps the submitted ones).
     */
    boolean restoredAccepted;
    /**
     * The create was refused after Bybit had confirmed the order, and no lookup has found it since: lookups that never
     * find it end it, in time ({@link #missesAfterRefusal} of them).
     */
    boolean refusedAfterConfirmation;
    /** Lookups that found nothing since that refusal. */
    int missesAfterRefusal;
    /** Cancel calls sent for the current intent. */
    int cancelAttempts;
    /** Exact per-order record of the exec ids delivered (64-bit hashes), so exactly-once never rests on the window. */
    long[] execHashes = new long[8];
    int execCount;

    void reset()
    {
        clientOrderId = 0;
        orderLinkId.clear();
        orderId.clear();
        symbol.clear();
        side = null;
        orderType = null;
        price.set(0, 0);
        qty.set(0, 0);
        cumQty.set(0, 0);
        exchangeCumQty.set(0, 0);
        acceptedEmitted = false;
        submitInFlight = false;
        terminalStatus = null;
        terminalReason.clear();
        cancelCause = CancelCause.OTHER;
        pendingRejectCode = -1;
        submitMillis = 0;
        seenOpenInPass = 0;
        fillWaitTimerId = -1;
        workingFillWait = false;
        resolving = false;
        existenceConfirmed = false;
        lateLookups = 0;
        adoptPending = false;
        cancelIntent = false;
        cancelInFlight = false;
        cancelAwaitingCreate = false;
        cancelAttempts = 0;
        endRecorded = false;
        restoredAccepted = false;
        refusedAfterConfirmation = false;
        missesAfterRefusal = 0;
        execCount = 0;
    }

    /**
     * @return true while fills the exchange reported for the order are not all delivered: its reported cumulative
     * quantity is above the delivered one, or it reported the order Filled before the delivered fills reach its qty
     * (a Filled push may carry a cumExecQty that lags, or none).
     */
    boolean missingFills()
    {
        return cumQty.compareTo(exchangeCumQty) < 0 ||
            (terminalStatus == BybitOrderStatus.FILLED && cumQty.compareTo(qty) < 0);
    }

    boolean hasExec(final long hash)
    {
        for (int i = 0; i < execCount; i++)
        {
            if (execHashes[i] == hash)
            {
                return true;
            }
        }
        return false;
    }

    void addExec(final long hash)
    {
        if (execCount == execHashes.length)
        {
            // grows once per pooled order to its largest fill count, then is reused
            execHashes = java.util.Arrays.copyOf(execHashes, execHashes.length * 2);
        }
        execHashes[execCount++] = hash;
    }
}
