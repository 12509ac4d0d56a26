package com.qkt.broker.bybit;

/**
 * Bybit sent something we could not read (a malformed frame or REST body). Reported to the error handler and counted;
 * the pipeline keeps running. The message carries at most the start of the raw input, which never holds secrets.
 */
public class BybitProtocolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be read.
     */
    public BybitProtocolException(final String message)
    {
        super(message);
    }
}
