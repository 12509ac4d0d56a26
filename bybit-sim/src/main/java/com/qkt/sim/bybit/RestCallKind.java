package com.qkt.sim.bybit;

/**
 * What a REST call asked for, by path: lets tests check the order in which kinds of calls reached the exchange
 * (e.g. that a client's cancels were served before its new orders).
 */
public enum RestCallKind
{
    /** {@code /v5/order/create}, {@code /v5/order/create-batch}. */
    CREATE,
    /** {@code /v5/order/amend}, {@code /v5/order/amend-batch}. */
    AMEND,
    /** {@code /v5/order/cancel}, {@code /v5/order/cancel-all}, {@code /v5/order/cancel-batch}. */
    CANCEL,
    /** Any other signed GET: open orders, history, executions, positions, wallet, DCP info. */
    QUERY,
    /** Everything else: public paths, settings such as {@code /v5/order/disconnected-cancel-all}, unknown paths. */
    OTHER;

    static RestCallKind of(final String method, final String path, final boolean signed)
    {
        return switch (path)
        {
            case "/v5/order/create", "/v5/order/create-batch" -> CREATE;
            case "/v5/order/amend", "/v5/order/amend-batch" -> AMEND;
            case "/v5/order/cancel", "/v5/order/cancel-all", "/v5/order/cancel-batch" -> CANCEL;
            default -> signed && "GET".equals(method) ? QUERY : OTHER;
        };
    }
}
