package com.qkt.sim.bybit;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Bybit's per-UID, per-endpoint rolling one-second request limit. Produces the values of the
 * {@code X-Bapi-Limit}, {@code X-Bapi-Limit-Status} and {@code X-Bapi-Limit-Reset-Timestamp} headers.
 *
 * <p>Defaults (Bybit non-VIP UTA, spot): {@code /v5/order/create} and {@code /v5/order/cancel} 20/s; queries
 * ({@code /v5/order/realtime}, {@code /v5/order/history}, {@code /v5/execution/list}, {@code /v5/position/list},
 * {@code /v5/account/wallet-balance}) 50/s; any other signed path 50/s.
 */
final class RateLimiter
{
    static final int DEFAULT_ORDER_LIMIT = 20;
    static final int DEFAULT_QUERY_LIMIT = 50;

    /** Outcome of one request against the limit. */
    record Decision(boolean allowed, int limit, int remaining, long resetTimestampMillis)
    {
    }

    private final Map<String, Integer> limits;
    private final boolean enabled;
    private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();

    RateLimiter(final Map<String, Integer> overrides, final boolean enabled)
    {
        this.limits = new HashMap<>();
        limits.put("/v5/order/create", DEFAULT_ORDER_LIMIT);
        limits.put("/v5/order/cancel", DEFAULT_ORDER_LIMIT);
        limits.putAll(overrides);
        this.enabled = enabled;
    }

    int limitOf(final String path)
    {
        return limits.getOrDefault(path, DEFAULT_QUERY_LIMIT);
    }

    synchronized Decision acquire(final String apiKey, final String path, final long nowMillis)
    {
        final int limit = limitOf(path);
        final ArrayDeque<Long> window = windows.computeIfAbsent(apiKey + " " + path, k -> new ArrayDeque<>());
        while (!window.isEmpty() && nowMillis - window.peekFirst() >= 1000)
        {
            window.pollFirst();
        }
        if (enabled && window.size() >= limit)
        {
            return new Decision(false, limit, 0, window.peekFirst() + 1000);
        }
        window.addLast(nowMillis);
        return new Decision(true, limit, Math.max(0, limit - window.size()), nowMillis);
    }
}
