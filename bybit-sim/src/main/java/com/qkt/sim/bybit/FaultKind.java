package com.qkt.sim.bybit;

/**
 * Every kind of fault the simulator can inject; {@link Faults#count(FaultKind)} counts occurrences (each socket,
 * frame or request a fault actually hit), not arming calls.
 */
public enum FaultKind
{
    /** Socket closed cleanly with a close frame. */
    WS_CLOSE,
    /** Socket closed abruptly: no close frame, TCP RST (SO_LINGER 0). */
    WS_RESET,
    /** Socket stopped sending and answering pings, left open. */
    WS_HALF_OPEN,
    /** Socket dropped (no close frame, FIN once the frames are flushed) after the armed number of frames. */
    WS_DROP_AFTER_FRAMES,
    /** New TCP connection reset before the WebSocket handshake. */
    WS_REFUSED,
    /** New TCP connection accepted and never answered. */
    WS_BLACKHOLED,
    /** Auth (WS or REST) refused because the key is revoked. */
    KEY_REVOKED,
    /** A push delivered late. */
    PUSH_DELAYED,
    /** A push delivered twice. */
    PUSH_DUPLICATED,
    /** An arbitrary text frame sent. */
    WS_RAW_FRAME,
    /** Idle connection cut by the server (not injected: the documented 10-minute rule, configurable). */
    WS_IDLE_CUT,
    /** REST request accepted and never answered. */
    REST_TIMEOUT,
    /** REST connection closed without an answer. */
    REST_RESET,
    /** REST answered with an injected HTTP status. */
    REST_HTTP_STATUS,
    /** REST answered 10006 (HTTP 200) or HTTP 429, with limit headers. */
    REST_RATE_LIMITED,
    /** REST answered with an injected retCode. */
    REST_RET_CODE,
    /** REST answered with a truncated, invalid JSON body. */
    REST_MALFORMED,
    /** REST answered retCode 0 with {@code "result":null}. */
    REST_NULL_RESULT,
    /** REST answered HTTP 403 "access too frequent": the IP is banned (fault or automatic IP limit). */
    REST_IP_BANNED,
    /** Disconnection Protection cancelled an account's open orders of one product (not injected: Bybit's rule). */
    DCP_CANCEL_ALL,
    /** A scheduled fill applied while the account had just lost a socket. */
    GAP_FILL,
    /** A fill applied with its pushes swallowed and the account's sockets reset. */
    FILL_THEN_DROP,
    /** A socket reset on receiving an auth request, before any answer (a drop landing during auth). */
    WS_DROP_ON_AUTH
}
