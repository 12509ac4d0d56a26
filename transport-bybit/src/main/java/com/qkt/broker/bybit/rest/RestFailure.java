package com.qkt.broker.bybit.rest;

/**
 * Connection-level outcomes of a REST call: the request may or may not have reached Bybit, and no answer came back.
 * Only these are retried ({@link #NOT_SENT} excepted: it never left); an answer from Bybit (any HTTP status with a
 * body, any {@code retCode}) never is, except the rate-limit answers the governor resends.
 */
public enum RestFailure
{
    /** The TCP connection was refused. */
    CONNECT_REFUSED,
    /** The connection was reset or closed before a complete answer arrived. */
    CONNECTION_RESET,
    /** No answer within the request timeout. */
    TIMEOUT,
    /** Any other I/O failure. */
    IO_ERROR,
    /**
     * Never sent: the rate-limit governor's lane for the call was full. Unlike the others this one is known not to
     * have reached Bybit, and it is not retried.
     */
    NOT_SENT;

    private static final RestFailure[] VALUES = values();

    /**
     * @param ordinal as carried in a ring event's value field.
     * @return the failure kind, or {@link #IO_ERROR} for an unknown ordinal.
     */
    public static RestFailure get(final long ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[(int)ordinal] : IO_ERROR;
    }
}
