package com.qkt.broker.bybit;

/**
 * Thrown by {@link BybitClient#connect()} when the initial connection cannot be made within the configured bound:
 * bad credentials, nothing listening, or no auth/subscribe acknowledgement in time. The initial connect never
 * retries: a wrong setup fails loud and fast. The message never contains the API secret.
 */
public class BybitConnectException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Why the connect failed. */
    public enum Reason
    {
        /** Bybit refused the credentials (auth op answered {@code success:false}, or REST 10003/10004). */
        AUTH_REJECTED,
        /** The socket could not be opened or closed before the session was ready. */
        UNREACHABLE,
        /** No auth or subscribe acknowledgement arrived within the connect timeout. */
        TIMEOUT,
        /** Bybit refused the subscription. */
        SUBSCRIBE_REJECTED,
        /** The client was closed while connecting. */
        CLOSED
    }

    private final Reason reason;

    /**
     * @param reason  the kind of failure.
     * @param message what happened, for humans.
     */
    public BybitConnectException(final Reason reason, final String message)
    {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /**
     * @return the kind of failure.
     */
    public Reason reason()
    {
        return reason;
    }
}
