package com.qkt.broker.bybit;

import com.qkt.codecs.CancelCause;
import com.qkt.codecs.CancelRejectedDecoder;
import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.DisconnectProtectionChangedDecoder;
import com.qkt.codecs.PositionUpdateDecoder;
import com.qkt.codecs.ServerTimeOffsetDecoder;
import com.qkt.codecs.WalletUpdateDecoder;
import com.qkt.codecs.ExecutionDecoder;
import com.qkt.codecs.ForeignOrderDecoder;
import com.qkt.codecs.OrderAdoptedDecoder;
import com.qkt.codecs.StartupReconciledDecoder;
import com.qkt.codecs.OrderAcceptedDecoder;
import com.qkt.codecs.OrderCancelledDecoder;
import com.qkt.codecs.OrderRejectedDecoder;
import com.qkt.codecs.RecoveryCompletedDecoder;
import com.qkt.codecs.RestAccessChangedDecoder;
import com.qkt.events.BrokerEventDecoder;
import com.qkt.events.BrokerEventHandler;
import com.qkt.events.BrokerEventListener;
import com.qkt.events.Decimals;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records strategy-facing events as readable lines and checks the event contract as they arrive: each exec id once,
 * nothing after an order's terminal event, cumulative quantity never going back.
 */
final class StrategyEventRecorder implements BrokerEventListener, BrokerEventHandler
{
    final List<String> events = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    final Set<String> execIds = new HashSet<>();
    final Set<String> terminal = new HashSet<>();
    final Set<String> accepted = new HashSet<>();
    final Map<String, java.math.BigDecimal> cumByOrder = new HashMap<>();
    final Map<String, Integer> fillsByOrder = new HashMap<>();
    /** Latest WalletUpdate line per coin and PositionUpdate line per symbol. */
    final Map<String, String> wallet = new HashMap<>();
    final Map<String, String> positions = new HashMap<>();
    int fills;
    int syntheticFills;
    private final BrokerEventDecoder decoder = new BrokerEventDecoder(this);

    public synchronized void onBrokerEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        decoder.onBrokerEvent(buffer, offset, length);
    }

    public void onOrderAccepted(final OrderAcceptedDecoder d)
    {
        final String id = trim(d.clientOrderId());
        check(!terminal.contains(id), "accepted after terminal: " + id);
        check(accepted.add(id), "accepted twice: " + id);
        events.add("ACCEPTED " + id + syn(d.synthetic()));
    }

    public void onExecution(final ExecutionDecoder d)
    {
        final String id = trim(d.clientOrderId());
        final String execId = trim(d.execId());
        check(execIds.add(execId), "duplicate fill " + execId);
        check(!terminal.contains(id), "fill after terminal: " + id);
        final java.math.BigDecimal cum = new java.math.BigDecimal(Decimals.toString(d.cumQty()));
        final java.math.BigDecimal before = cumByOrder.getOrDefault(id, java.math.BigDecimal.ZERO);
        check(cum.compareTo(before) > 0, "cum qty did not grow for " + id + ": " + before + " -> " + cum);
        cumByOrder.put(id, cum);
        fillsByOrder.merge(id, 1, Integer::sum);
        fills++;
        if (d.synthetic() == com.qkt.codecs.BooleanType.TRUE)
        {
            syntheticFills++;
        }
        final String leaves = Decimals.toString(d.leavesQty());
        if (new java.math.BigDecimal(leaves).signum() == 0)
        {
            terminal.add(id);
        }
        events.add("FILL " + id + " " + execId + " qty=" + Decimals.toString(d.qty()) + " cum=" +
            cum.stripTrailingZeros().toPlainString() + " leaves=" + new java.math.BigDecimal(leaves).stripTrailingZeros()
            .toPlainString() + syn(d.synthetic()));
    }

    public void onOrderCancelled(final OrderCancelledDecoder d)
    {
        final String id = trim(d.clientOrderId());
        check(terminal.add(id), "second terminal event for " + id);
        events.add("CANCELLED " + id + syn(d.synthetic()) + (d.cause() == CancelCause.DCP ? " byDCP" : ""));
    }

    public void onOrderRejected(final OrderRejectedDecoder d)
    {
        final String id = trim(d.clientOrderId());
        check(terminal.add(id), "second terminal event for " + id);
        final int code = d.reasonCode();
        events.add("REJECTED " + id + " " + code + syn(d.synthetic()) + " " + d.reasonText());
    }

    public void onCancelRejected(final CancelRejectedDecoder d)
    {
        final String id = trim(d.clientOrderId());
        check(!terminal.contains(id), "cancel rejected after terminal: " + id);
        events.add("CANCEL_REJECTED " + id + " " + d.reasonCode() + " " + d.reasonText());
    }

    public void onWalletUpdate(final WalletUpdateDecoder d)
    {
        final String coin = trim(d.coin());
        final String line = "WALLET " + coin + " balance=" + plain(d.walletBalance()) + " equity=" +
            plain(d.equity()) + " available=" + plain(d.available()) + (d.snapshot() ==
            com.qkt.codecs.BooleanType.TRUE ? " snapshot" : "");
        wallet.put(coin, line);
        events.add(line);
    }

    public void onPositionUpdate(final PositionUpdateDecoder d)
    {
        final String symbol = trim(d.symbol());
        final String line = "POSITION " + trim(d.category()) + " " + symbol + " " + d.side() + " size=" +
            plain(d.size()) + " avg=" + plain(d.avgPrice()) + " upl=" + plain(d.unrealisedPnl()) + " seq=" + d.seq() +
            (d.snapshot() == com.qkt.codecs.BooleanType.TRUE ? " snapshot" : "");
        positions.put(symbol, line);
        events.add(line);
    }

    static String plain(final com.qkt.codecs.DecimalDecoder d)
    {
        if (d.mantissa() == com.qkt.codecs.DecimalDecoder.mantissaNullValue())
        {
            return "none";
        }
        return new java.math.BigDecimal(Decimals.toString(d)).stripTrailingZeros().toPlainString();
    }

    synchronized Map<String, String> walletSnapshot()
    {
        return new HashMap<>(wallet);
    }

    synchronized Map<String, String> positionsSnapshot()
    {
        return new HashMap<>(positions);
    }

    public void onConnectionStateChanged(final ConnectionStateChangedDecoder d)
    {
        events.add("STATE " + d.state() + " " + d.reason());
    }

    public void onRestAccessChanged(final RestAccessChangedDecoder d)
    {
        events.add("REST " + d.state() + " previous=" + d.previousState() + " status=" + d.httpStatus() +
            " bans=" + d.bans());
    }

    public void onRecoveryCompleted(final RecoveryCompletedDecoder d)
    {
        events.add("RECOVERED fills=" + d.synthesizedFills() + " cancels=" + d.synthesizedCancels() + " rejects=" +
            d.synthesizedRejects() + " dups=" + d.duplicateFillsSuppressed());
    }

    public void onOrderAdopted(final OrderAdoptedDecoder d)
    {
        final String id = trim(d.clientOrderId());
        check(!terminal.contains(id), "adopted after terminal: " + id);
        events.add("ADOPTED " + id + " fromState=" + d.fromState() + " cum=" + Decimals.toString(d.cumQty()) +
            " exchangeCum=" + Decimals.toString(d.exchangeCumQty()));
    }

    public void onForeignOrder(final ForeignOrderDecoder d)
    {
        events.add("FOREIGN " + trim(d.orderLinkId()) + " " + trim(d.orderId()) + " " + d.action());
    }

    public void onStartupReconciled(final StartupReconciledDecoder d)
    {
        events.add("STARTUP " + d.stateOutcome() + " adoptedFromState=" + d.adoptedFromState() +
            " adoptedFromExchange=" + d.adoptedFromExchange() + " fills=" + d.synthesizedFills() + " terminal=" +
            d.terminalEvents() + " foreign=" + d.foreignOrders() + " reservedUpTo=" + d.reservedUpTo() + " detail=" +
            d.detail());
    }

    public void onServerTimeOffset(final ServerTimeOffsetDecoder d)
    {
        events.add("CLOCK " + d.kind() + " offset=" + d.offsetMillis() + " previous=" + d.previousOffsetMillis() +
            " bound=" + d.boundMillis());
    }

    public void onDisconnectProtectionChanged(final DisconnectProtectionChangedDecoder d)
    {
        final int window = d.windowSeconds();
        final int retCode = d.retCode();
        events.add("DCP armed=" + d.armed() + " window=" + window + " retCode=" + retCode + " product=" + d.product() +
            " " + d.reason());
    }

    synchronized List<String> snapshot()
    {
        return new ArrayList<>(events);
    }

    synchronized int fillCount()
    {
        return fills;
    }

    synchronized int syntheticFillCount()
    {
        return syntheticFills;
    }

    synchronized List<String> violationsSnapshot()
    {
        return new ArrayList<>(violations);
    }

    synchronized boolean isTerminal(final String orderLinkId)
    {
        return terminal.contains(orderLinkId);
    }

    synchronized boolean contains(final String prefix)
    {
        for (final String e : events)
        {
            if (e.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }

    synchronized List<String> without(final String prefix)
    {
        final List<String> out = new ArrayList<>();
        for (final String e : events)
        {
            if (!e.startsWith(prefix))
            {
                out.add(e);
            }
        }
        return out;
    }

    private void check(final boolean condition, final String violation)
    {
        if (!condition)
        {
            violations.add(violation);
        }
    }

    private static String syn(final com.qkt.codecs.BooleanType synthetic)
    {
        return synthetic == com.qkt.codecs.BooleanType.TRUE ? " synthetic" : "";
    }

    static String trim(final String fixed)
    {
        final int nul = fixed.indexOf('\0');
        return nul < 0 ? fixed : fixed.substring(0, nul);
    }
}
