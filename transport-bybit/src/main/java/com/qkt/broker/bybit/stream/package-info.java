/**
 * The private-stream session: {@link com.qkt.broker.bybit.stream.PrivateStreamSocket} (one WebSocket per
 * generation, its reader thread only copies frames into the ring), {@link com.qkt.broker.bybit.stream.PrivateStreamAdapter}
 * (decodes a frame into {@link com.qkt.broker.bybit.stream.PrivateStreamHandler} calls without allocating),
 * {@link com.qkt.broker.bybit.stream.PrivateStreamSession} (the {@link com.qkt.broker.bybit.stream.SessionState}
 * machine, liveness and reconnect supervision on the handler thread) and
 * {@link com.qkt.broker.bybit.stream.BybitStreamListener} (what the session tells a broker), plus
 * {@link com.qkt.broker.bybit.stream.DisconnectProtection}, which sets Bybit's DCP window on every new session (the
 * exchange's own guard on the stream's liveness).
 * <p>
 * One package because these four change together: a new topic or op touches the adapter, the handler and the
 * session, and nothing outside needs the socket.
 */
package com.qkt.broker.bybit.stream;
