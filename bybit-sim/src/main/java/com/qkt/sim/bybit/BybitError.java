package com.qkt.sim.bybit;

/**
 * A business or protocol error answered inside Bybit's envelope: {@code retCode}, {@code retMsg} and the HTTP status.
 */
final class BybitError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    final int retCode;
    final int httpStatus;

    BybitError(final int retCode, final String retMsg)
    {
        this(retCode, retMsg, 200);
    }

    BybitError(final int retCode, final String retMsg, final int httpStatus)
    {
        super(retMsg, null, false, false);
        this.retCode = retCode;
        this.httpStatus = httpStatus;
    }

    static BybitError params(final String detail)
    {
        return new BybitError(10001, "params error: " + detail);
    }
}
