package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitPaths;

import java.util.concurrent.TimeUnit;

/**
 * The governor's settings: Bybit's documented default budgets (used for an endpoint until its first reply brings the
 * real ones in {@code X-Bapi-Limit}), the window, the lane capacity and the IP-ban hold. Immutable; built by
 * {@link com.qkt.broker.bybit.BybitClientContext} from its {@code qkt.bybit.rateLimit.*} keys.
 * <p>
 * Bybit's defaults (non-VIP, unified account): create, amend and cancel 20/s spot and 10/s for linear, inverse and
 * option (spot amend 10/s; option cancel-all 1/s); order, execution, position and wallet queries 50/s; all per UID,
 * per endpoint, rolling 1 s.
 * <p>
 * How Bybit shares them ({@link #budgetGroup}): an order-writing endpoint has one budget per product group (spot,
 * option, and linear with inverse together: Bybit's "futures"); every other endpoint has one budget for all
 * categories. The simulator's {@code RateLimitBudgets} keeps them the same way.
 */
public final class RateLimitPolicy
{
    /** No category in the call (or one we do not know). */
    static final int CATEGORY_NONE = 0;
    static final int CATEGORY_SPOT = 1;
    static final int CATEGORY_LINEAR = 2;
    static final int CATEGORY_INVERSE = 3;
    static final int CATEGORY_OPTION = 4;
    static final int CATEGORIES = 5;
    /**
     * The most calls per window an {@code X-Bapi-Limit} may say and be believed. Bybit's tiers stay far below it; a
     * larger value (a proxy, a bug, a hostile peer) is taken as no header at all, since the budget sizes its send log
     * from the limit on the handler thread.
     */
    public static final int MAX_LIMIT = 1000;

    private final int spotOrdersPerWindow;
    private final int derivativeOrdersPerWindow;
    private final int queriesPerWindow;
    private final int otherPerWindow;
    private final long windowNanos;
    private final int laneCapacity;
    private final long ipBanHoldNanos;
    private final long ipBanMaxHoldNanos;

    /**
     * @param spotOrdersPerWindow       default budget of spot create/cancel.
     * @param derivativeOrdersPerWindow default budget of linear, inverse and option create/amend/cancel.
     * @param queriesPerWindow          default budget of order, execution, position and wallet queries.
     * @param otherPerWindow            default budget of any other endpoint.
     * @param windowMillis              Bybit's window; also the wait after a 10006 or 429 without a reset time.
     * @param laneCapacity              calls one lane may hold (waiting or in flight); more are refused, never dropped.
     * @param ipBanHoldMillis           how long all REST is held after an HTTP 403.
     * @param ipBanMaxHoldMillis        the hold doubles per consecutive ban up to this.
     */
    public RateLimitPolicy(
        final int spotOrdersPerWindow,
        final int derivativeOrdersPerWindow,
        final int queriesPerWindow,
        final int otherPerWindow,
        final long windowMillis,
        final int laneCapacity,
        final long ipBanHoldMillis,
        final long ipBanMaxHoldMillis)
    {
        this.spotOrdersPerWindow = spotOrdersPerWindow;
        this.derivativeOrdersPerWindow = derivativeOrdersPerWindow;
        this.queriesPerWindow = queriesPerWindow;
        this.otherPerWindow = otherPerWindow;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        this.laneCapacity = laneCapacity;
        this.ipBanHoldNanos = TimeUnit.MILLISECONDS.toNanos(ipBanHoldMillis);
        this.ipBanMaxHoldNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(ipBanHoldMillis, ipBanMaxHoldMillis));
    }

    /**
     * @return Bybit's documented defaults, a 1 s window, 4096 calls per lane and a 10 minute IP-ban hold doubling to
     * 1 h.
     */
    public static RateLimitPolicy bybitDefaults()
    {
        return new RateLimitPolicy(
            20, 10, 50, 10, 1000, 4096, TimeUnit.MINUTES.toMillis(10), TimeUnit.HOURS.toMillis(1));
    }

    /**
     * @param path     a Bybit V5 path.
     * @param category one of the {@code CATEGORY_*} constants.
     * @return the budget per window before Bybit's headers say otherwise.
     */
    int defaultLimit(final String path, final int category)
    {
        final boolean spot = category == CATEGORY_SPOT || category == CATEGORY_NONE;
        switch (path)
        {
            case BybitPaths.ORDER_CREATE:
            case BybitPaths.ORDER_CANCEL:
            case "/v5/order/create-batch":
            case "/v5/order/cancel-batch":
            case "/v5/order/amend-batch":
                return spot ? spotOrdersPerWindow : derivativeOrdersPerWindow;
            case "/v5/order/amend":
                return spot ? Math.min(spotOrdersPerWindow, derivativeOrdersPerWindow) : derivativeOrdersPerWindow;
            case "/v5/order/cancel-all":
                if (category == CATEGORY_OPTION)
                {
                    return 1;
                }
                return spot ? spotOrdersPerWindow : derivativeOrdersPerWindow;
            case BybitPaths.ORDER_REALTIME:
            case BybitPaths.ORDER_HISTORY:
            case BybitPaths.EXECUTION_LIST:
            case "/v5/position/list":
            case "/v5/account/wallet-balance":
                return queriesPerWindow;
            default:
                return otherPerWindow;
        }
    }

    /**
     * The budget a call spends, as Bybit shares them: for an order-writing endpoint its product group (linear and
     * inverse are one group, kept as {@link #CATEGORY_LINEAR}); for any other endpoint one budget for all categories
     * ({@link #CATEGORY_NONE}), so a query's category is not even looked for.
     *
     * @param path    a Bybit V5 path.
     * @param payload the query string or body.
     * @param length  its length.
     * @return one of the {@code CATEGORY_*} constants: the group within the path's budgets.
     */
    static int budgetGroup(final String path, final byte[] payload, final int length)
    {
        if (!isOrderWriting(path))
        {
            return CATEGORY_NONE;
        }
        final int category = categoryOf(payload, length);
        return category == CATEGORY_INVERSE ? CATEGORY_LINEAR : category;
    }

    /**
     * @param path a Bybit V5 path.
     * @return true for the endpoints Bybit budgets per product group (create, amend, cancel, cancel-all, batches).
     */
    static boolean isOrderWriting(final String path)
    {
        switch (path)
        {
            case BybitPaths.ORDER_CREATE:
            case BybitPaths.ORDER_CANCEL:
            case "/v5/order/amend":
            case "/v5/order/cancel-all":
            case "/v5/order/create-batch":
            case "/v5/order/cancel-batch":
            case "/v5/order/amend-batch":
                return true;
            default:
                return false;
        }
    }

    /**
     * Find the category of a call in its payload ({@code category=...} in a query, {@code "category":"..."} in a JSON
     * body) without allocating: Bybit keeps an order-writing budget per product group.
     *
     * @param payload the query string or body.
     * @param length  its length.
     * @return one of the {@code CATEGORY_*} constants.
     */
    static int categoryOf(final byte[] payload, final int length)
    {
        final int end = length - 8;
        for (int i = 0; i <= end; i++)
        {
            if (payload[i] == 'c' && payload[i + 1] == 'a' && payload[i + 2] == 't' && payload[i + 3] == 'e' &&
                payload[i + 4] == 'g' && payload[i + 5] == 'o' && payload[i + 6] == 'r' && payload[i + 7] == 'y')
            {
                int v = i + 8;
                while (v < length && (payload[v] == '"' || payload[v] == ':' || payload[v] == '=' || payload[v] == ' '))
                {
                    v++;
                }
                if (v < length)
                {
                    switch (payload[v])
                    {
                        case 's': return CATEGORY_SPOT;
                        case 'l': return CATEGORY_LINEAR;
                        case 'i': return CATEGORY_INVERSE;
                        case 'o': return CATEGORY_OPTION;
                        default: return CATEGORY_NONE;
                    }
                }
            }
        }
        return CATEGORY_NONE;
    }

    static String groupName(final int category)
    {
        switch (category)
        {
            case CATEGORY_SPOT: return "spot";
            case CATEGORY_LINEAR: return "linear+inverse";
            case CATEGORY_INVERSE: return "inverse";
            case CATEGORY_OPTION: return "option";
            default: return "-";
        }
    }

    /** @return default budget of spot create/cancel per window. */
    public int spotOrdersPerWindow()
    {
        return spotOrdersPerWindow;
    }

    /** @return default budget of derivative create/amend/cancel per window. */
    public int derivativeOrdersPerWindow()
    {
        return derivativeOrdersPerWindow;
    }

    /** @return default budget of queries per window. */
    public int queriesPerWindow()
    {
        return queriesPerWindow;
    }

    /** @return default budget of other endpoints per window. */
    public int otherPerWindow()
    {
        return otherPerWindow;
    }

    /** @return the window in ns. */
    public long windowNanos()
    {
        return windowNanos;
    }

    /** @return calls one lane may hold. */
    public int laneCapacity()
    {
        return laneCapacity;
    }

    /** @return the first IP-ban hold in ns. */
    public long ipBanHoldNanos()
    {
        return ipBanHoldNanos;
    }

    /** @return the longest IP-ban hold in ns. */
    public long ipBanMaxHoldNanos()
    {
        return ipBanMaxHoldNanos;
    }

    public String toString()
    {
        return "RateLimitPolicy{spotOrders=" + spotOrdersPerWindow + ", derivativeOrders=" + derivativeOrdersPerWindow +
            ", queries=" + queriesPerWindow + ", other=" + otherPerWindow +
            ", windowMs=" + TimeUnit.NANOSECONDS.toMillis(windowNanos) + ", laneCapacity=" + laneCapacity +
            ", ipBanHoldMs=" + TimeUnit.NANOSECONDS.toMillis(ipBanHoldNanos) +
            ", ipBanMaxHoldMs=" + TimeUnit.NANOSECONDS.toMillis(ipBanMaxHoldNanos) + '}';
    }
}
