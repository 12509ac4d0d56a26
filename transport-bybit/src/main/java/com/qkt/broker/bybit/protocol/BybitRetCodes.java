package com.qkt.broker.bybit.protocol;

/**
 * Bybit {@code retCode}s the broker treats specially (protocol reference section 4). Everything not named here is a
 * plain answer and is surfaced as it is.
 */
public final class BybitRetCodes
{
    static final int SERVER_TIMEOUT = 10000;
    static final int SERVICE_RESTARTING = 10016;
    static final int ORDER_NOT_EXISTS = 110001;
    static final int ORDER_COMPLETED = 110008;
    static final int ORDER_CANCELLED = 110010;
    public static final int DUPLICATE_ORDER_LINK_ID = 110072;
    /** Timestamp outside {@code [server - recvWindow, server + 1000)}: not processed; re-estimate the clock, resend. */
    public static final int TIMESTAMP_OUT_OF_WINDOW = 10002;
    /** Bybit's "Too many visits!": the per-UID budget of the endpoint is spent; the call was not processed. */
    public static final int RATE_LIMITED = 10006;
    /**
     * Not Bybit's: the code of an {@code OrderRejected} for an order that was never sent because the governor's order
     * lane was full ({@code qkt.bybit.rateLimit.laneCapacity}).
     */
    public static final int LANE_FULL_NOT_SENT = -10006;

    private BybitRetCodes()
    {
    }

    /**
     * @param retCode from an order create or cancel reply.
     * @return true when the answer does not tell whether the request took effect: the order must be looked up by its
     * {@code orderLinkId} before anything is reported.
     */
    public static boolean isOutcomeUnknown(final int retCode)
    {
        switch (retCode)
        {
            case DUPLICATE_ORDER_LINK_ID: // an earlier attempt of the same request got through
            case SERVER_TIMEOUT:
            case SERVICE_RESTARTING:
            case 10019: // trade service restarting
            case 429: // trading service under high load
            case 110079: // order is being processed
            case 170001: // spot internal error
            case 170007: // spot backend timeout
            case 170032: // spot network error
            case 170146: // spot create timeout
            case 170147: // spot cancel timeout
            case 170191: // spot cannot cancel now, retry later
                return true;
            default:
                return false;
        }
    }

    /**
     * @param reasonCode of an {@code OrderRejected}.
     * @return true when the order was refused because of a rate limit (Bybit's or the governor's lane capacity); the
     * governor resends Bybit's rate-limit answers, so only a full lane can produce one.
     */
    public static boolean isRateLimit(final int reasonCode)
    {
        return reasonCode == RATE_LIMITED || reasonCode == LANE_FULL_NOT_SENT || reasonCode == 429 ||
            reasonCode == 403 || reasonCode == -429 || reasonCode == -403;
    }

    /**
     * @param retCode from a cancel reply.
     * @return true when the order is already terminal (or unknown) on the exchange.
     */
    public static boolean isOrderGone(final int retCode)
    {
        switch (retCode)
        {
            case ORDER_NOT_EXISTS:
            case ORDER_COMPLETED:
            case ORDER_CANCELLED:
            case 170139: // spot order filled
            case 170142: // spot order cancelled
            case 170190: // spot cancel finished
            case 170213: // spot order does not exist
                return true;
            default:
                return false;
        }
    }
}
