package com.qkt.sim.bybit;

/**
 * One armed REST fault: which path ("*" = all), for how many further calls or until when.
 */
final class RestFaultRule
{
    final FaultKind kind;
    final String path;
    final long deadlineNanos; // valid when remaining < 0
    final int httpStatus;
    final int retCode;
    final String retMsg;
    final boolean afterProcessing;
    int remaining;

    RestFaultRule(
        final FaultKind kind, final String path, final int remaining, final long deadlineNanos, final int httpStatus,
        final int retCode, final String retMsg, final boolean afterProcessing)
    {
        this.kind = kind;
        this.path = path;
        this.remaining = remaining;
        this.deadlineNanos = deadlineNanos;
        this.httpStatus = httpStatus;
        this.retCode = retCode;
        this.retMsg = retMsg;
        this.afterProcessing = afterProcessing;
    }

    boolean matches(final String requestPath)
    {
        return "*".equals(path) || path.equals(requestPath);
    }

    boolean expired(final long nowNanos)
    {
        return remaining == 0 || (remaining < 0 && nowNanos - deadlineNanos >= 0);
    }

    @Override
    public String toString()
    {
        return kind + " path=" + path + (remaining >= 0 ? " calls=" + remaining : " timed") +
            (httpStatus != 0 ? " status=" + httpStatus : "") + (retCode != 0 ? " retCode=" + retCode : "") +
            (afterProcessing ? " afterProcessing" : "");
    }
}
