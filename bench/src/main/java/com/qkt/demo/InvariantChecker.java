package com.qkt.demo;

import com.qkt.sim.bybit.SimExecution;
import com.qkt.sim.bybit.SimOrder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The strategy's view of its orders, checked as events arrive (each exec id once, nothing after an order's terminal
 * event, cumulative quantity only growing) and, at the end, against the exchange's own records: every executed fill
 * delivered, no fill the exchange never made, and each order in the same state on both sides.
 * <p>
 * Events arrive on the client's handler thread; checks run on the main thread, hence the monitor.
 */
public final class InvariantChecker
{
    /** How an order ended, as the strategy saw it. */
    enum Terminal
    {
        FILLED, CANCELLED, REJECTED
    }

    /** One order as the strategy sees it. */
    static final class OrderView
    {
        BigDecimal cumQty = BigDecimal.ZERO;
        Terminal terminal;
        boolean accepted;
        int fills;
    }

    private final String prefix;
    private final Map<String, OrderView> orders = new LinkedHashMap<>();
    private final Set<String> execIds = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private long fills;
    private long syntheticFills;
    private long duplicates;
    private long fillsAfterTerminal;
    private long cumWentBack;
    private long cancels;
    private long rejects;
    private long rateLimitRejects;

    /**
     * @param orderLinkIdPrefix the broker's orderLinkId prefix: exchange orders without it are not ours.
     */
    public InvariantChecker(final String orderLinkIdPrefix)
    {
        this.prefix = orderLinkIdPrefix;
    }

    /**
     * @param linkId the order's orderLinkId, just submitted.
     */
    public synchronized void onSubmitted(final String linkId)
    {
        orders.putIfAbsent(linkId, new OrderView());
    }

    /**
     * @param linkId the order's orderLinkId.
     */
    public synchronized void onAccepted(final String linkId)
    {
        final OrderView view = view(linkId);
        if (null != view.terminal)
        {
            violation("OrderAccepted after the terminal event of " + linkId);
        }
        view.accepted = true;
    }

    /**
     * @param linkId    the order's orderLinkId.
     * @param execId    the fill's exec id.
     * @param cumQty    cumulative filled quantity after this fill.
     * @param leavesQty quantity still open after this fill.
     * @param synthetic true when recovery produced it.
     */
    public synchronized void onFill(
        final String linkId, final String execId, final BigDecimal cumQty, final BigDecimal leavesQty,
        final boolean synthetic)
    {
        final OrderView view = view(linkId);
        fills++;
        if (synthetic)
        {
            syntheticFills++;
        }
        if (!execIds.add(execId))
        {
            duplicates++;
            violation("duplicate fill " + execId + " of " + linkId);
        }
        if (null != view.terminal)
        {
            fillsAfterTerminal++;
            violation("fill " + execId + " after the terminal event (" + view.terminal + ") of " + linkId);
        }
        if (cumQty.compareTo(view.cumQty) <= 0)
        {
            cumWentBack++;
            violation("cum qty of " + linkId + " did not grow: " + view.cumQty.toPlainString() + " -> " +
                cumQty.toPlainString());
        }
        view.cumQty = view.cumQty.max(cumQty);
        view.fills++;
        if (leavesQty.signum() == 0 && null == view.terminal)
        {
            view.terminal = Terminal.FILLED;
        }
    }

    /**
     * @param linkId the order's orderLinkId.
     */
    public synchronized void onCancelled(final String linkId)
    {
        cancels++;
        terminal(linkId, Terminal.CANCELLED);
    }

    /**
     * @param linkId    the order's orderLinkId.
     * @param rateLimit true when its reason code is a rate limit (Bybit's 10006, 429, 403 or a full governor lane).
     */
    public synchronized void onRejected(final String linkId, final boolean rateLimit)
    {
        rejects++;
        if (rateLimit)
        {
            rateLimitRejects++;
        }
        terminal(linkId, Terminal.REJECTED);
    }

    /**
     * @return orders rejected with a rate-limit reason code.
     */
    public synchronized long rateLimitRejects()
    {
        return rateLimitRejects;
    }

    /**
     * Compare with the exchange.
     *
     * @param simOrders     the account's orders on the exchange.
     * @param simExecutions the account's fills on the exchange.
     * @param finalCheck    true once trading has stopped and every order was cancelled: then every order must be
     *                      terminal on both sides.
     * @return one line per difference; empty when both sides agree.
     */
    public synchronized List<String> differences(
        final List<SimOrder> simOrders, final List<SimExecution> simExecutions, final boolean finalCheck)
    {
        final List<String> out = new ArrayList<>();
        final Set<String> executed = new HashSet<>();
        for (final SimExecution e : simExecutions)
        {
            if (e.orderLinkId().startsWith(prefix))
            {
                executed.add(e.execId());
                if (!execIds.contains(e.execId()))
                {
                    out.add("lost fill " + e.execId() + " of " + e.orderLinkId() + " (qty " + e.execQty() + ")");
                }
            }
        }
        for (final String execId : execIds)
        {
            if (!executed.contains(execId))
            {
                out.add("fill " + execId + " delivered but never executed by the exchange");
            }
        }

        final Map<String, SimOrder> byLinkId = new HashMap<>();
        for (final SimOrder o : simOrders)
        {
            if (o.orderLinkId().startsWith(prefix))
            {
                byLinkId.put(o.orderLinkId(), o);
                if (!orders.containsKey(o.orderLinkId()))
                {
                    out.add("exchange order " + o.orderLinkId() + " unknown to the strategy");
                }
            }
        }
        for (final Map.Entry<String, OrderView> entry : orders.entrySet())
        {
            final String linkId = entry.getKey();
            final OrderView view = entry.getValue();
            final SimOrder sim = byLinkId.get(linkId);
            if (null == sim)
            {
                // a submit whose outcome is still pending is not converged either: it must end as a reject
                if (view.terminal != Terminal.REJECTED)
                {
                    out.add(linkId + ": unknown to the exchange, strategy says " + describe(view));
                }
                continue;
            }
            final Terminal expected = expectedTerminal(sim.status());
            if (view.terminal != expected && (finalCheck || null != view.terminal || null != expected))
            {
                out.add(linkId + ": exchange " + sim.status() + " cum " + sim.cumExecQty() + ", strategy " +
                    describe(view));
            }
            else if (new BigDecimal(sim.cumExecQty()).compareTo(view.cumQty) != 0)
            {
                out.add(linkId + ": exchange cum " + sim.cumExecQty() + ", strategy cum " + view.cumQty.toPlainString());
            }
            if (finalCheck && sim.isOpen())
            {
                out.add(linkId + ": still open on the exchange after cancelling everything");
            }
        }
        return out;
    }

    /**
     * @return contract violations seen as events arrived.
     */
    public synchronized List<String> violations()
    {
        return new ArrayList<>(violations);
    }

    /**
     * @return orders whose terminal event has not arrived yet.
     */
    public synchronized int workingCount()
    {
        int working = 0;
        for (final OrderView view : orders.values())
        {
            working += null == view.terminal ? 1 : 0;
        }
        return working;
    }

    /**
     * @return orders the strategy submitted.
     */
    public synchronized int orderCount()
    {
        return orders.size();
    }

    /**
     * @return fills delivered to the strategy (live and synthetic).
     */
    public synchronized long fills()
    {
        return fills;
    }

    /**
     * @return fills recovery synthesised.
     */
    public synchronized long syntheticFills()
    {
        return syntheticFills;
    }

    /**
     * @return exec ids the strategy saw more than once.
     */
    public synchronized long duplicates()
    {
        return duplicates;
    }

    /**
     * @return fills that arrived after their order's terminal event.
     */
    public synchronized long fillsAfterTerminal()
    {
        return fillsAfterTerminal;
    }

    /**
     * @return fills whose cumulative quantity did not grow.
     */
    public synchronized long cumWentBack()
    {
        return cumWentBack;
    }

    /**
     * @return OrderCancelled events.
     */
    public synchronized long cancels()
    {
        return cancels;
    }

    /**
     * @return OrderRejected events.
     */
    public synchronized long rejects()
    {
        return rejects;
    }

    private void terminal(final String linkId, final Terminal terminal)
    {
        final OrderView view = view(linkId);
        if (null != view.terminal)
        {
            violation("second terminal event (" + terminal + " after " + view.terminal + ") for " + linkId);
            return;
        }
        view.terminal = terminal;
    }

    private OrderView view(final String linkId)
    {
        OrderView view = orders.get(linkId);
        if (null == view)
        {
            violation("event for an order the strategy never submitted: " + linkId);
            view = new OrderView();
            orders.put(linkId, view);
        }
        return view;
    }

    private void violation(final String text)
    {
        if (violations.size() < 1_000)
        {
            violations.add(text);
        }
    }

    private static Terminal expectedTerminal(final String simStatus)
    {
        switch (simStatus)
        {
            case "Filled":
                return Terminal.FILLED;
            case "Cancelled":
            case "PartiallyFilledCanceled":
            case "Deactivated":
                return Terminal.CANCELLED;
            case "Rejected":
                return Terminal.REJECTED;
            default:
                return null;
        }
    }

    private static String describe(final OrderView view)
    {
        return (null == view.terminal ? "working" : view.terminal.name()) + " cum " + view.cumQty.toPlainString() +
            " after " + view.fills + " fills";
    }
}
