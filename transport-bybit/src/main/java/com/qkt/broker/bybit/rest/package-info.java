/**
 * Signed REST I/O: {@link com.qkt.broker.bybit.rest.BybitSigner} (HMAC signatures for REST and the WS auth op),
 * {@link com.qkt.broker.bybit.rest.RestSender} (the JDK HTTP client; its threads only copy replies into the ring),
 * {@link com.qkt.broker.bybit.rest.BybitRestClient} (calls in flight, timeouts and connection-level retries on the
 * handler thread, {@link com.qkt.broker.bybit.rest.PendingRestCall}s from a pool; a 10002 is held for a clock estimate
 * and resent, up to twice), the outcome callbacks
 * {@link com.qkt.broker.bybit.rest.RestReplyListener} / {@link com.qkt.broker.bybit.rest.RestFailure}, and
 * {@link com.qkt.broker.bybit.rest.RestReplyDecoder} with {@link com.qkt.broker.bybit.rest.RestReplyHandler} for
 * Bybit's reply envelope and list pages.
 * <p>
 * Knows how to call Bybit, not why: what a reply means for an order is {@code com.qkt.broker.bybit.order}'s business.
 */
package com.qkt.broker.bybit.rest;
