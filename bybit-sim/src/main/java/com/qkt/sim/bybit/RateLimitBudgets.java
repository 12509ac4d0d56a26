package com.qkt.sim.bybit;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Bybit's per-UID, per-endpoint request budgets over a rolling one-second window, with the values of the
 * {@code X-Bapi-Limit}, {@code X-Bapi-Limit-Status} and {@code X-Bapi-Limit-Reset-Timestamp} headers.
 *
 * <p>Defaults are Bybit's documented non-VIP UTA values. Order-writing endpoints have one budget per product group,
 * because Bybit documents a separate limit per category:
 * <table>
 *   <caption>default budgets per UID per second</caption>
 *   <tr><th>path</th><th>spot</th><th>linear / inverse</th><th>option</th></tr>
 *   <tr><td>{@code /v5/order/create}, {@code /v5/order/cancel}</td><td>20</td><td>10</td><td>10</td></tr>
 *   <tr><td>{@code /v5/order/amend}</td><td>10</td><td>10</td><td>10</td></tr>
 *   <tr><td>{@code /v5/order/cancel-all}</td><td>20</td><td>10</td><td>1</td></tr>
 *   <tr><td>{@code /v5/order/create-batch}, {@code amend-batch}, {@code cancel-batch}</td><td>20</td><td>10</td>
 *       <td>10</td></tr>
 *   <tr><td>any other signed path ({@code /v5/order/realtime}, {@code /v5/order/history},
 *       {@code /v5/execution/list}, {@code /v5/position/list}, {@code /v5/account/wallet-balance}, ...)</td>
 *       <td colspan="3">50, one budget for all categories</td></tr>
 * </table>
 * A call refused by the budget (10006) does not consume it; calls refused before the budget (auth errors, injected
 * faults) neither. The window is measured on the monotonic clock; the reset timestamp is reported in server time
 * (skew included), as the exchange would.
 *
 * <p>Header values: {@code X-Bapi-Limit} = the budget, {@code X-Bapi-Limit-Status} = calls left in the window after
 * this one, {@code X-Bapi-Limit-Reset-Timestamp} = the current server time while calls are left (Bybit: "≈ now"
 * when not exceeded) and, once the budget is spent, the server ms at which the oldest call in the window leaves it
 * (a slot frees up): waiting until then is enough.
 */
final class RateLimitBudgets
{
    /** Outcome of one request against its budget. */
    record Decision(boolean allowed, int limit, int remaining, long resetTimestampMillis)
    {
    }

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int QUERY_DEFAULT = 50;
    private static final Set<String> PER_CATEGORY = Set.of(
        "/v5/order/create", "/v5/order/cancel", "/v5/order/amend", "/v5/order/cancel-all",
        "/v5/order/create-batch", "/v5/order/amend-batch", "/v5/order/cancel-batch");

    private final Map<String, Integer> overrides;
    private final boolean enabled;
    private final LongSupplier nanoClock;
    private final LongSupplier serverMillis;
    private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();

    /**
     * @param overrides    budget per path ({@code /v5/order/create}, all categories) or per path and category
     *                     ({@code /v5/order/create linear}).
     * @param enabled      false: never refuse (headers still sent).
     * @param nanoClock    monotonic clock of the windows.
     * @param serverMillis server wall clock for the reset timestamp.
     */
    RateLimitBudgets(
        final Map<String, Integer> overrides, final boolean enabled, final LongSupplier nanoClock,
        final LongSupplier serverMillis)
    {
        this.overrides = new LinkedHashMap<>(overrides);
        this.enabled = enabled;
        this.nanoClock = nanoClock;
        this.serverMillis = serverMillis;
    }

    /**
     * @return Bybit's default budget of a path for a category ({@code spot}, {@code linear}, {@code inverse},
     *         {@code option}; anything else counts as linear).
     */
    static int defaultLimit(final String path, final String category)
    {
        if (!PER_CATEGORY.contains(path))
        {
            return QUERY_DEFAULT;
        }
        final boolean spot = "spot".equals(category);
        final boolean option = "option".equals(category);
        return switch (path)
        {
            case "/v5/order/amend" -> 10;
            case "/v5/order/cancel-all" -> spot ? 20 : option ? 1 : 10;
            default -> spot ? 20 : 10;
        };
    }

    int limitOf(final String path, final String category)
    {
        final String group = group(path, category);
        Integer limit = group.isEmpty() ? null : overrides.get(path + " " + group);
        if (limit == null)
        {
            limit = overrides.get(path);
        }
        return limit != null ? limit : defaultLimit(path, group);
    }

    /**
     * Take one call from the budget if there is room.
     */
    synchronized Decision acquire(final String apiKey, final String path, final String category)
    {
        return decide(apiKey, path, category, true);
    }

    /**
     * The header values the budget has now, without taking a call (for answers that did not reach the budget).
     */
    synchronized Decision peek(final String apiKey, final String path, final String category)
    {
        return decide(apiKey, path, category, false);
    }

    private Decision decide(final String apiKey, final String path, final String category, final boolean take)
    {
        final int limit = limitOf(path, category);
        final String group = group(path, category);
        final long now = nanoClock.getAsLong();
        final long server = serverMillis.getAsLong();
        final ArrayDeque<Long> window = windows.computeIfAbsent(apiKey + ' ' + path + ' ' + group, k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS)
        {
            window.pollFirst();
        }
        if (take && (!enabled || window.size() < limit))
        {
            window.addLast(now);
        }
        else if (take)
        {
            return new Decision(false, limit, 0, resetAt(window, now, server));
        }
        final int remaining = Math.max(0, limit - window.size());
        return new Decision(true, limit, remaining, remaining > 0 ? server : resetAt(window, now, server));
    }

    private static long resetAt(final ArrayDeque<Long> window, final long nowNanos, final long serverMillis)
    {
        if (window.isEmpty())
        {
            return serverMillis;
        }
        final long leftNanos = window.peekFirst() + WINDOW_NANOS - nowNanos;
        return serverMillis + TimeUnit.NANOSECONDS.toMillis(leftNanos + 999_999L);
    }

    /** Budget key part for the category: the product group for order-writing paths, "" for one shared budget. */
    private static String group(final String path, final String category)
    {
        if (!PER_CATEGORY.contains(path))
        {
            return "";
        }
        if ("spot".equals(category) || "option".equals(category))
        {
            return category;
        }
        return "linear"; // linear and inverse share Bybit's "futures" limit; unknown categories are refused later
    }
}
