/**
 * Bybit V5's vocabulary, shared by the stream, REST and order packages: the reused wire entities
 * ({@link com.qkt.broker.bybit.protocol.BybitOrder}, {@link com.qkt.broker.bybit.protocol.BybitExecution},
 * {@link com.qkt.broker.bybit.protocol.BybitPosition}, {@link com.qkt.broker.bybit.protocol.BybitWallet}), their enums
 * ({@link com.qkt.broker.bybit.protocol.BybitOrderStatus}, {@link com.qkt.broker.bybit.protocol.BybitExecType}),
 * {@link com.qkt.broker.bybit.protocol.BybitOrderTranslator} (one JSON item into an entity, for both the stream and
 * REST pages), {@link com.qkt.broker.bybit.protocol.BybitRetCodes}, {@link com.qkt.broker.bybit.protocol.BybitPaths}
 * and the transport's ring event types ({@link com.qkt.broker.bybit.protocol.BybitEventTypes}).
 * <p>
 * The translator lives here and not with orders because the stream adapter and the REST decoder both use it; the
 * ring event types because the socket, the REST sender and the conductor all publish or route them.
 */
package com.qkt.broker.bybit.protocol;
