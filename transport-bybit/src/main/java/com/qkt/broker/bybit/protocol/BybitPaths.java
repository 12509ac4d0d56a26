package com.qkt.broker.bybit.protocol;

/**
 * The Bybit V5 REST paths the transport calls. One place, so the broker, recovery and the tests name the same path.
 */
public final class BybitPaths
{
    /** Place an order. */
    public static final String ORDER_CREATE = "/v5/order/create";
    /** Cancel an order. */
    public static final String ORDER_CANCEL = "/v5/order/cancel";
    /** Open orders (and recently closed ones, by id). */
    public static final String ORDER_REALTIME = "/v5/order/realtime";
    /** Closed orders. */
    public static final String ORDER_HISTORY = "/v5/order/history";
    /** Executions (fills). */
    public static final String EXECUTION_LIST = "/v5/execution/list";
    /** Server time (public, unsigned). */
    public static final String MARKET_TIME = "/v5/market/time";
    /** Set the Disconnection Protection window. */
    public static final String DCP_SET_WINDOW = "/v5/order/disconnected-cancel-all";
    /** Wallet balances of an account type. */
    public static final String WALLET_BALANCE = "/v5/account/wallet-balance";
    /** Positions of a category. */
    public static final String POSITION_LIST = "/v5/position/list";

    private BybitPaths()
    {
    }
}
