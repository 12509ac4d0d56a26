package com.qkt.broker.bybit.stream;

/**
 * Where the private-stream session is; {@link PrivateStreamSession} moves between these on ring events only.
 */
public enum SessionState
{
    /** Not connected and not trying to be. */
    IDLE,
    /** A socket is opening. */
    CONNECTING,
    /** The auth op was sent; waiting for its ack. */
    AUTHENTICATING,
    /** The subscribe op was sent; waiting for its ack. */
    SUBSCRIBING,
    /** Reconnected; the broker is recovering what the gap hid. */
    RECOVERING,
    /** Authenticated, subscribed and consistent. */
    LIVE,
    /** Between reconnect attempts. */
    BACKING_OFF,
    /** Gave up (auth failures past the bound). */
    FAILED,
    /** Closed by the user. */
    CLOSED
}
