/**
 * The public API of the Bybit V5 transport: what an embedding strategy names.
 * <ul>
 *     <li>{@link com.qkt.broker.bybit.BybitClient} and its {@link com.qkt.broker.bybit.BybitClientContext}: one
 *     resilient private-stream + signed-REST connection on its own single-writer ring.</li>
 *     <li>{@link com.qkt.broker.bybit.BybitSpotBroker} and its {@link com.qkt.broker.bybit.BybitSpotBrokerContext}:
 *     spot order entry with exactly-once, in-order events to a {@link com.qkt.events.BrokerEventListener}.</li>
 *     <li>{@link com.qkt.broker.bybit.BybitTransport}: what a broker needs from a connection (a test double can
 *     implement it).</li>
 *     <li>{@link com.qkt.broker.bybit.BybitConnectException} and {@link com.qkt.broker.bybit.BybitProtocolException}.</li>
 * </ul>
 * The only non-public type here is {@code BybitClientConductor}, the ring's handler, which routes ring events to the
 * stream session and the REST client; it lives next to {@code BybitClient} because only the client builds it and it
 * reads the context's secret, which stays package-private.
 * <p>
 * Sub-packages, by concept: {@code stream} (the private-stream session), {@code rest} (signed REST I/O),
 * {@code order} (order state, order entry and recovery), {@code protocol} (Bybit's wire entities, enums and codes).
 * Their public types are public so these packages can use each other; a strategy needs none of them beyond the
 * callback types of {@link com.qkt.broker.bybit.BybitTransport}.
 */
package com.qkt.broker.bybit;
