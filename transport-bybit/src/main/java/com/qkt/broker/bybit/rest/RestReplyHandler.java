package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;

/**
 * Receives the items of a REST list reply from {@link RestReplyDecoder}; arguments are reused views valid only
 * during the call.
 */
public interface RestReplyHandler
{
    /**
     * One item of {@code /v5/order/realtime} or {@code /v5/order/history}.
     *
     * @param order the item.
     */
    void onOrder(BybitOrder order);

    /**
     * One item of {@code /v5/execution/list}.
     *
     * @param execution the item.
     */
    void onExecution(BybitExecution execution);

    /**
     * One item of {@code /v5/position/list}.
     *
     * @param position the item.
     */
    default void onPosition(final BybitPosition position)
    {
    }

    /**
     * One account item of {@code /v5/account/wallet-balance}.
     *
     * @param wallet the item.
     */
    default void onWallet(final BybitWallet wallet)
    {
    }
}
