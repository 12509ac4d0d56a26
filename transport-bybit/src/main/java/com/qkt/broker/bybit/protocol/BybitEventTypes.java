package com.qkt.broker.bybit.protocol;

import com.qkt.engine.EventTypes;

/**
 * Ring event types the Bybit transport publishes. The {@code generation} field of a WS event names the socket it
 * came from, so events of a socket that was already given up are recognised and dropped on the handler thread.
 */
public final class BybitEventTypes
{
    /** The socket of {@code generation} completed its WebSocket handshake. */
    public static final int WS_OPEN = EventTypes.FIRST_USER_TYPE;
    /** One text frame of the socket of {@code generation}; payload = the frame's bytes. */
    public static final int WS_FRAME = EventTypes.FIRST_USER_TYPE + 1;
    /** The socket of {@code generation} closed; value = close code; payload = reason text. */
    public static final int WS_CLOSED = EventTypes.FIRST_USER_TYPE + 2;
    /** The socket of {@code generation} failed; payload = the error text. A close normally follows. */
    public static final int WS_ERROR = EventTypes.FIRST_USER_TYPE + 3;
    /** A REST call answered; correlationId = call id, generation = attempt, value = HTTP status; payload = body. */
    public static final int REST_REPLY = EventTypes.FIRST_USER_TYPE + 4;
    /** A REST call failed at connection level; correlationId = call id, generation = attempt, value = a {@link RestFailure} ordinal. */
    public static final int REST_FAILURE = EventTypes.FIRST_USER_TYPE + 5;
    /** A command from a thread other than the handler; value = command kind; payload = the encoded command. */
    public static final int COMMAND = EventTypes.FIRST_USER_TYPE + 6;

    private BybitEventTypes()
    {
    }
}
