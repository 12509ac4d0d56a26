package com.qkt.broker.bybit.rest;

import org.agrona.DirectBuffer;

/**
 * Receives the outcome of one signed REST call on the handler thread. Exactly one of the two methods is called once
 * per call, after any connection-level retries have been used up.
 */
public interface RestReplyListener
{
    /**
     * Bybit (or something in front of it) answered. The body is valid only during the call.
     *
     * @param callId     the id returned when the call was made.
     * @param attempt    which attempt was answered (1 = the first; more after connection-level retries).
     * @param httpStatus the HTTP status.
     * @param body       the buffer holding the body.
     * @param offset     where the body starts.
     * @param length     the body's length in bytes.
     */
    void onRestReply(long callId, int attempt, int httpStatus, DirectBuffer body, int offset, int length);

    /**
     * Every attempt failed at connection level; the request may or may not have reached Bybit.
     *
     * @param callId   the id returned when the call was made.
     * @param failure  the last attempt's failure.
     * @param attempts how many attempts were made.
     */
    void onRestFailure(long callId, RestFailure failure, int attempts);
}
