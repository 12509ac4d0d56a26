/**
 * A Bybit V5 exchange simulator on loopback for client tests: REST ({@code /v5/market/time}, {@code /v5/order/create},
 * {@code /v5/order/cancel}, {@code /v5/order/realtime}, {@code /v5/order/history}, {@code /v5/execution/list},
 * {@code /v5/account/wallet-balance}, {@code /v5/position/list}, {@code /v5/order/disconnected-cancel-all},
 * {@code /v5/account/query-dcp-info}) and the private stream ({@code /v5/private}), with a spot and linear
 * {@link com.qkt.sim.bybit.MatchingEngine}, {@link com.qkt.sim.bybit.Faults} injection and the exchange's rules:
 * per-UID budgets ({@link com.qkt.sim.bybit.RateLimitBudgets}), the IP limit, a skewable
 * {@link com.qkt.sim.bybit.ServerClock}, Disconnection Protection ({@link com.qkt.sim.bybit.DisconnectProtection})
 * and a {@link com.qkt.sim.bybit.RestCallLog} of every call.
 *
 * <p>Choices where Bybit's documentation leaves room (clients must not rely on more than Bybit promises):
 * <ul>
 *   <li>REST auth: missing auth header → HTTP 401 (10003 key / 10004 sign / 10002 timestamp); unknown or revoked key
 *       → HTTP 200 10003; bad signature → HTTP 200 10004 {@code error sign! origin_string[...]}; timestamp outside
 *       {@code [server - recvWindow, server + 1000)} → HTTP 200 10002.</li>
 *   <li>Cancel of an unknown or already terminal order → 110001 "Order does not exist". Duplicate orderLinkId →
 *       110072. Spot insufficient balance → 170131 "Insufficient balance.".</li>
 *   <li>Private stream auth failure: {@code success:false} with ret_msg "Params Error" (malformed args),
 *       "Invalid apikey" (unknown/revoked key), "error:request expired" (expires in the past), "Request not
 *       authorized" (bad signature; also subscribe before auth). The socket stays open after a failed auth.
 *       Re-subscribing a topic already subscribed on the socket fails with "error:already subscribed,topic:X".</li>
 *   <li>Pushes go only to authenticated sockets of the account subscribed to the topic at that moment; nothing is
 *       replayed on (re)subscribe: events while an account has no live socket are only visible over REST.</li>
 *   <li>Idle cut: a socket with no ping (JSON or protocol) and no push for the idle timeout is closed with 1000;
 *       {@code ?max_active_time=30s|10m} on the URL overrides it per socket. Half-open sockets are never cut.</li>
 * </ul>
 */
package com.qkt.sim.bybit;
