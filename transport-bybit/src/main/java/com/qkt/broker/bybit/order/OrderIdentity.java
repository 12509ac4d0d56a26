package com.qkt.broker.bybit.order;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;

/**
 * Decides whether an item Bybit filed under one of our {@code orderLinkId}s is really the order we placed. An
 * {@code orderLinkId} is only unique while nobody reuses it: a fixed prefix after a restart, or an order placed by
 * hand, can put another order under the same id. Adopting that order's state or fills as ours would report a
 * different qty and price than the strategy asked for, so every item is checked before it is applied.
 * <p>
 * Once Bybit has given the order an {@code orderId} (ack, push or lookup), the ids decide. Before that the request
 * decides: symbol, side, quantity and (for a limit order) price must equal what was submitted; for an order restored
 * from the state as accepted, symbol and side (the state reserved its id for this engine, and the exchange may have
 * amended its qty or price since). Allocation-free.
 */
final class OrderIdentity
{
    private OrderIdentity()
    {
    }

    /**
     * @param tracked the order we placed.
     * @param order   an order item filed under its {@code orderLinkId}.
     * @return true when the item can be this order.
     */
    static boolean matches(final TrackedOrder tracked, final BybitOrder order)
    {
        if (!tracked.orderId.isEmpty() && !order.orderId().isEmpty())
        {
            return tracked.orderId.contentEquals(order.orderId());
        }
        return matchesRequest(tracked, order.symbol(), order.side(), order.qty(), order.price());
    }

    /**
     * @param tracked   the order we placed.
     * @param execution a fill filed under its {@code orderLinkId}.
     * @return true when the fill can be of this order.
     */
    static boolean matches(final TrackedOrder tracked, final BybitExecution execution)
    {
        if (!tracked.orderId.isEmpty())
        {
            return tracked.orderId.contentEquals(execution.orderId());
        }
        // an execution always names symbol and side; orderQty and orderPrice are checked when Bybit sends them
        return tracked.symbol.contentEquals(execution.symbol()) && tracked.side == execution.side() &&
            (tracked.restoredAccepted || !execution.orderQty().isPresent() ||
                execution.orderQty().compareTo(tracked.qty) == 0) &&
            (tracked.restoredAccepted || tracked.orderType != OrderType.LIMIT || !execution.orderPrice().isPresent() ||
                execution.orderPrice().compareTo(tracked.price) == 0);
    }

    private static boolean matchesRequest(
        final TrackedOrder tracked,
        final AsciiField symbol,
        final Side side,
        final FixedDecimal qty,
        final FixedDecimal price)
    {
        if (tracked.restoredAccepted)
        {
            // restored from the state, which reserved the id for this engine: it is ours, and its qty or price may
            // have been amended on the exchange since the state recorded the submitted ones
            return tracked.symbol.contentEquals(symbol) && tracked.side == side;
        }
        return tracked.symbol.contentEquals(symbol) && tracked.side == side &&
            qty.compareTo(tracked.qty) == 0 &&
            (tracked.orderType != OrderType.LIMIT || price.compareTo(tracked.price) == 0);
    }
}
