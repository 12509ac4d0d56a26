package com.qkt.sim.bybit;

/**
 * One REST request as it reached the simulator, in arrival order ({@link #seq()}), with how it was answered.
 * The request part is fixed at arrival; the outcome ({@link #httpStatus()}, {@link #retCode()}) is set once the
 * answer is written and reads 0 / {@link #NO_ANSWER} until then.
 *
 * <p>Identifiers come from the request as sent (query string for GET, JSON body for POST), "" when absent or when the
 * body was not JSON; nothing secret is kept (no signature, no secret).
 */
public final class RestCall
{
    /** {@link #httpStatus()} of a call that was not answered (yet, or ever: a timeout or reset fault). */
    public static final int NO_ANSWER = 0;

    private final long seq;
    private final long arrivalNanos;
    private final long serverTimeMillis;
    private final String method;
    private final String path;
    private final RestCallKind kind;
    private final String apiKey;
    private final String category;
    private final String symbol;
    private final String orderId;
    private final String orderLinkId;
    private volatile int httpStatus = NO_ANSWER;
    private volatile int retCode;
    private volatile long processedSeq;

    RestCall(
        final long seq, final long arrivalNanos, final long serverTimeMillis, final String method, final String path,
        final RestCallKind kind, final String apiKey, final String category, final String symbol, final String orderId,
        final String orderLinkId)
    {
        this.seq = seq;
        this.arrivalNanos = arrivalNanos;
        this.serverTimeMillis = serverTimeMillis;
        this.method = method;
        this.path = path;
        this.kind = kind;
        this.apiKey = apiKey;
        this.category = category;
        this.symbol = symbol;
        this.orderId = orderId;
        this.orderLinkId = orderLinkId;
    }

    void processed(final long processedSeq, final int code)
    {
        retCode = code;
        this.processedSeq = processedSeq;
    }

    void answered(final int status, final int code)
    {
        if (processedSeq == 0)
        {
            retCode = code;
        }
        httpStatus = status;
    }

    /** @return arrival sequence, 1 for the first request the simulator received, strictly increasing. */
    public long seq()
    {
        return seq;
    }

    /** @return {@link System#nanoTime()} at arrival. */
    public long arrivalNanos()
    {
        return arrivalNanos;
    }

    /** @return server time (skew included) at arrival, ms. */
    public long serverTimeMillis()
    {
        return serverTimeMillis;
    }

    /** @return GET or POST (as sent). */
    public String method()
    {
        return method;
    }

    /** @return the request path, e.g. {@code /v5/order/create}. */
    public String path()
    {
        return path;
    }

    /** @return the kind of call, from the path. */
    public RestCallKind kind()
    {
        return kind;
    }

    /** @return the {@code X-BAPI-API-KEY} header as sent, "" if none. */
    public String apiKey()
    {
        return apiKey;
    }

    /** @return the {@code category} parameter, "" if none. */
    public String category()
    {
        return category;
    }

    /** @return the {@code symbol} parameter, "" if none. */
    public String symbol()
    {
        return symbol;
    }

    /** @return the {@code orderId} parameter, "" if none. */
    public String orderId()
    {
        return orderId;
    }

    /** @return the {@code orderLinkId} parameter, "" if none. */
    public String orderLinkId()
    {
        return orderLinkId;
    }

    /** @return HTTP status of the answer, {@link #NO_ANSWER} if none was written. */
    public int httpStatus()
    {
        return httpStatus;
    }

    /**
     * @return the retCode the exchange decided on when it processed the call (also when an "after processing" fault
     *         then swallowed the answer); otherwise the retCode of the answer's envelope; 0 when neither exists (an
     *         HTML error page, no answer), -1 for a malformed body.
     */
    public int retCode()
    {
        return retCode;
    }

    /**
     * @return the order in which the exchange processed calls (the matching engine acted on it), 1-based and shared
     *         by all calls; 0 if the call never got that far (refused by the IP limit, auth, the rate limit, a fault).
     *         With several REST threads, this is the order that counts for "which call was served first".
     */
    public long processedSeq()
    {
        return processedSeq;
    }

    /** @return true if the exchange processed the call. */
    public boolean processed()
    {
        return processedSeq != 0;
    }

    /**
     * @return true if the exchange processed the call with retCode 0: it did what was asked (whether or not the
     *         answer then reached the client).
     */
    public boolean served()
    {
        return processedSeq != 0 && retCode == 0;
    }

    @Override
    public String toString()
    {
        return "#" + seq + " " + method + " " + path + " key=" + apiKey +
            (orderLinkId.isEmpty() ? "" : " orderLinkId=" + orderLinkId) +
            (orderId.isEmpty() ? "" : " orderId=" + orderId) + " -> " +
            (processedSeq == 0 ? "" : "processed #" + processedSeq + " ") +
            (httpStatus == NO_ANSWER ? "no answer" : "http " + httpStatus) + " retCode " + retCode;
    }
}
