/**
 * The exchange's clock as the client sees it: {@link com.qkt.broker.bybit.time.ServerClock} (host time plus the
 * estimated offset, read by the REST sender thread and the session) and
 * {@link com.qkt.broker.bybit.time.ServerTimeSync} (the handler-thread estimator over {@code GET /v5/market/time},
 * with the pong's server time as a drift detector).
 */
package com.qkt.broker.bybit.time;
