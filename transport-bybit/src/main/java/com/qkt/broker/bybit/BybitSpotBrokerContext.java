package com.qkt.broker.bybit;

import com.qkt.common.config.ConfigKeys;
import com.qkt.common.config.ConfigurationException;
import com.qkt.common.config.PropertyValues;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * Configuration of a {@link BybitSpotBroker}. Each setting has a property name and a default side by side; a value
 * comes from, in order: the setter, a {@link #applyProperties(Properties) properties file}, a system property, the
 * default. {@link #conclude()} validates once.
 */
public final class BybitSpotBrokerContext
{
    /** Product category of the orders. */
    public static final String CATEGORY_PROP = "qkt.broker.category";
    /** Default category. */
    public static final String CATEGORY_DEFAULT = "spot";
    /** How far back recovery looks for executions at most. */
    public static final String RECOVERY_WINDOW_MS_PROP = "qkt.broker.recoveryWindowMs";
    /** Default recovery window: 5 minutes. */
    public static final long RECOVERY_WINDOW_MS_DEFAULT = 5 * 60_000;
    /** Margin subtracted from the last execution time seen (clock skew, in-flight fills). */
    public static final String RECOVERY_MARGIN_MS_PROP = "qkt.broker.recoveryMarginMs";
    /** Default margin. */
    public static final long RECOVERY_MARGIN_MS_DEFAULT = 10_000;
    /** Exec ids remembered for exactly-once delivery. */
    public static final String DEDUP_WINDOW_PROP = "qkt.broker.dedupWindow";
    /** Default dedup window. */
    public static final int DEDUP_WINDOW_DEFAULT = 65_536;
    /** Prefix of generated {@code orderLinkId}s (at most 16 chars of {@code [A-Za-z0-9_-]}). */
    public static final String ORDER_LINK_ID_PREFIX_PROP = "qkt.broker.orderLinkIdPrefix";
    /** How long fills the exchange already reported may be missing before the order is reconciled over REST. */
    public static final String FILL_WAIT_MS_PROP = "qkt.broker.fillWaitMs";
    /** Default fill wait. */
    public static final long FILL_WAIT_MS_DEFAULT = 5_000;
    /** Period of a background reconcile while connected; 0 = off. */
    public static final String RECONCILE_INTERVAL_MS_PROP = "qkt.broker.reconcileIntervalMs";
    /**
     * Default: a minute. Catches what no drop announced (a push lost on a live socket) within a minute, for one
     * open-orders query, one execution query when orders are working, and the account snapshots: a few calls a
     * minute against Bybit's 50/s query budget.
     */
    public static final long RECONCILE_INTERVAL_MS_DEFAULT = 60_000;
    /** Value of {@link #WALLET_ACCOUNT_TYPE_PROP} and {@link #POSITION_CATEGORIES_PROP} that turns the snapshot off. */
    public static final String NONE = "none";
    /** Account type of the wallet snapshot ({@code /v5/account/wallet-balance}); {@code none} = no wallet snapshot. */
    public static final String WALLET_ACCOUNT_TYPE_PROP = "qkt.broker.walletAccountType";
    /** Default account type. */
    public static final String WALLET_ACCOUNT_TYPE_DEFAULT = "UNIFIED";
    /**
     * Comma-separated categories whose positions are snapshotted ({@code /v5/position/list}); {@code none} = none. Default:
     * none for {@code spot} (a spot account has no positions), else the broker's category.
     */
    public static final String POSITION_CATEGORIES_PROP = "qkt.broker.positionCategories";
    /** Settle coin of the {@code linear} position snapshot (Bybit needs a symbol or a settle coin). */
    public static final String POSITION_SETTLE_COIN_PROP = "qkt.broker.positionSettleCoin";
    /** Default settle coin. */
    public static final String POSITION_SETTLE_COIN_DEFAULT = "USDT";
    /** Delay before a recovery step that failed is tried again. */
    public static final String RECOVERY_RETRY_MS_PROP = "qkt.broker.recoveryRetryMs";
    /** Default recovery retry delay. */
    public static final long RECOVERY_RETRY_MS_DEFAULT = 1_000;
    /** Failed recovery steps tolerated in one recovery before it finishes incomplete. */
    public static final String RECOVERY_MAX_FAILURES_PROP = "qkt.broker.recoveryMaxFailures";
    /** Default failure bound. */
    public static final int RECOVERY_MAX_FAILURES_DEFAULT = 10;
    /** Page size of {@code /v5/order/realtime} (1..50). */
    public static final String ORDER_PAGE_LIMIT_PROP = "qkt.broker.orderPageLimit";
    /** Page size of {@code /v5/execution/list} (1..100). */
    public static final String EXECUTION_PAGE_LIMIT_PROP = "qkt.broker.executionPageLimit";

    /** State directory (persisted identity, id reservations, open orders, watermark); unset = nothing persisted. */
    public static final String STATE_DIR_PROP = "qkt.broker.stateDir";
    /** Wire format of the state snapshot: {@code BINARY} or {@code YAML}. */
    public static final String STATE_FORMAT_PROP = "qkt.broker.stateFormat";
    /** Period of state snapshots while changes arrive (the journal covers the time between). */
    public static final String STATE_FLUSH_MS_PROP = "qkt.broker.stateFlushMs";
    /** Default snapshot period. */
    public static final long STATE_FLUSH_MS_DEFAULT = 100;
    /** How far back the startup reconcile reads executions when no watermark is known (no or unusable state). */
    public static final String STARTUP_LOOKBACK_MS_PROP = "qkt.broker.startupLookbackMs";
    /** Default look-back: one hour. */
    public static final long STARTUP_LOOKBACK_MS_DEFAULT = 3_600_000;
    /** What to do about open orders that are not the engine's: {@code IGNORE}, {@code REPORT}, {@code CANCEL}. */
    public static final String FOREIGN_ORDERS_PROP = "qkt.broker.foreignOrders";

    /** What the engine does about an open order that is not its own (another prefix, or placed by hand). */
    public enum ForeignOrderPolicy
    {
        /** Count it, nothing else. */
        IGNORE,
        /** One {@code ForeignOrder} event per order seen; never traded on. */
        REPORT,
        /** Ask Bybit to cancel it on sight, and report that. */
        CANCEL
    }

    private String category;
    private Path stateDir;
    private boolean stateDirSet;
    private StateFormat stateFormat;
    private long stateFlushMs = -1;
    private long startupLookbackMs = -1;
    private ForeignOrderPolicy foreignOrders;
    private String explicitPrefix;
    private long recoveryWindowMs = -1;
    private long recoveryMarginMs = -1;
    private int dedupWindow = -1;
    private String orderLinkIdPrefix;
    private long fillWaitMs = -1;
    private long reconcileIntervalMs = -1;
    private long recoveryRetryMs = -1;
    private int recoveryMaxFailures = -1;
    private int orderPageLimit = -1;
    private int executionPageLimit = -1;
    private String walletAccountType;
    private String[] positionCategories;
    private String positionSettleCoin;
    private Properties properties = new Properties();
    private boolean concluded;

    /**
     * @param props keys as the {@code *_PROP} constants.
     * @return this.
     */
    public BybitSpotBrokerContext applyProperties(final Properties props)
    {
        properties = new Properties();
        properties.putAll(props);
        return this;
    }

    /**
     * Validate and fill defaults; idempotent.
     *
     * @return this.
     * @throws IllegalArgumentException naming the bad key.
     */
    public BybitSpotBrokerContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        ConfigKeys.requireKnown(properties);
        ConfigKeys.requireKnown(null);
        category = null != category ? category : string(CATEGORY_PROP, CATEGORY_DEFAULT);
        recoveryWindowMs = recoveryWindowMs >= 0 ?
            recoveryWindowMs : longValue(RECOVERY_WINDOW_MS_PROP, RECOVERY_WINDOW_MS_DEFAULT);
        recoveryMarginMs = recoveryMarginMs >= 0 ?
            recoveryMarginMs : longValue(RECOVERY_MARGIN_MS_PROP, RECOVERY_MARGIN_MS_DEFAULT);
        dedupWindow = dedupWindow >= 0 ? dedupWindow : (int)longValue(DEDUP_WINDOW_PROP, DEDUP_WINDOW_DEFAULT);
        explicitPrefix = null != orderLinkIdPrefix ? orderLinkIdPrefix : string(ORDER_LINK_ID_PREFIX_PROP, null);
        orderLinkIdPrefix = null != explicitPrefix ?
            explicitPrefix : "q" + Long.toString(System.currentTimeMillis(), 36) + "-";
        if (!stateDirSet)
        {
            final String dir = string(STATE_DIR_PROP, null);
            stateDir = null == dir || dir.isBlank() ? null : Paths.get(dir);
        }
        stateFormat = null != stateFormat ?
            stateFormat : enumValue(STATE_FORMAT_PROP, StateFormat.class, StateFormat.BINARY);
        stateFlushMs = stateFlushMs >= 0 ? stateFlushMs : longValue(STATE_FLUSH_MS_PROP, STATE_FLUSH_MS_DEFAULT);
        startupLookbackMs = startupLookbackMs >= 0 ?
            startupLookbackMs : longValue(STARTUP_LOOKBACK_MS_PROP, STARTUP_LOOKBACK_MS_DEFAULT);
        foreignOrders = null != foreignOrders ?
            foreignOrders : enumValue(FOREIGN_ORDERS_PROP, ForeignOrderPolicy.class, ForeignOrderPolicy.REPORT);
        fillWaitMs = fillWaitMs >= 0 ? fillWaitMs : longValue(FILL_WAIT_MS_PROP, FILL_WAIT_MS_DEFAULT);
        reconcileIntervalMs = reconcileIntervalMs >= 0 ?
            reconcileIntervalMs : longValue(RECONCILE_INTERVAL_MS_PROP, RECONCILE_INTERVAL_MS_DEFAULT);
        recoveryRetryMs = recoveryRetryMs >= 0 ?
            recoveryRetryMs : longValue(RECOVERY_RETRY_MS_PROP, RECOVERY_RETRY_MS_DEFAULT);
        recoveryMaxFailures = recoveryMaxFailures >= 0 ?
            recoveryMaxFailures : (int)longValue(RECOVERY_MAX_FAILURES_PROP, RECOVERY_MAX_FAILURES_DEFAULT);
        orderPageLimit = orderPageLimit >= 0 ? orderPageLimit : (int)longValue(ORDER_PAGE_LIMIT_PROP, 50);
        executionPageLimit = executionPageLimit >= 0 ?
            executionPageLimit : (int)longValue(EXECUTION_PAGE_LIMIT_PROP, 100);

        // an empty property reads as absent, so "none" is how a file or -D switches a snapshot off
        walletAccountType = null != walletAccountType ?
            walletAccountType : string(WALLET_ACCOUNT_TYPE_PROP, WALLET_ACCOUNT_TYPE_DEFAULT).trim();
        if (NONE.equalsIgnoreCase(walletAccountType))
        {
            walletAccountType = "";
        }
        if (null == positionCategories)
        {
            final String list = string(POSITION_CATEGORIES_PROP, CATEGORY_DEFAULT.equals(category) ? NONE : category);
            positionCategories = list.isBlank() || NONE.equalsIgnoreCase(list.trim()) ?
                new String[0] : list.trim().split("\\s*,\\s*");
        }
        positionSettleCoin = null != positionSettleCoin ?
            positionSettleCoin : string(POSITION_SETTLE_COIN_PROP, POSITION_SETTLE_COIN_DEFAULT).trim();

        require(recoveryWindowMs > 0, RECOVERY_WINDOW_MS_PROP, "must be > 0");
        require(reconcileIntervalMs >= 0, RECONCILE_INTERVAL_MS_PROP, "must be >= 0 (0 = off)");
        require(walletAccountType.matches("[A-Z]*"), WALLET_ACCOUNT_TYPE_PROP, "an account type such as UNIFIED, or empty");
        for (final String c : positionCategories)
        {
            require(c.equals("linear") || c.equals("inverse") || c.equals("option"), POSITION_CATEGORIES_PROP,
                "categories with positions: linear, inverse, option (got '" + c + "')");
        }
        require(positionSettleCoin.matches("[A-Z0-9]+"), POSITION_SETTLE_COIN_PROP, "a coin such as USDT");
        require(dedupWindow > 0, DEDUP_WINDOW_PROP, "must be > 0");
        require(orderLinkIdPrefix.length() <= 16 && orderLinkIdPrefix.matches("[A-Za-z0-9_-]*"),
            ORDER_LINK_ID_PREFIX_PROP, "at most 16 chars of [A-Za-z0-9_-]");
        require(orderPageLimit >= 1 && orderPageLimit <= 50, ORDER_PAGE_LIMIT_PROP, "must be 1..50");
        require(executionPageLimit >= 1 && executionPageLimit <= 100, EXECUTION_PAGE_LIMIT_PROP, "must be 1..100");
        require(recoveryMaxFailures > 0, RECOVERY_MAX_FAILURES_PROP, "must be > 0");
        require(stateFlushMs > 0, STATE_FLUSH_MS_PROP, "must be > 0");
        require(startupLookbackMs > 0, STARTUP_LOOKBACK_MS_PROP, "must be > 0");
        concluded = true;
        return this;
    }

    private String string(final String key, final String defaultValue)
    {
        return PropertyValues.getString(source(key), key, defaultValue);
    }

    private <E extends Enum<E>> E enumValue(final String key, final Class<E> type, final E defaultValue)
    {
        return PropertyValues.getEnum(source(key), key, type, defaultValue);
    }

    private long longValue(final String key, final long defaultValue)
    {
        return PropertyValues.getLong(source(key), key, defaultValue);
    }

    /**
     * A key in the properties file wins over the same system property; null makes {@link PropertyValues} read the
     * system properties.
     */
    private Properties source(final String key)
    {
        return properties.containsKey(key) ? properties : null;
    }

    private static void require(final boolean condition, final String key, final String message)
    {
        if (!condition)
        {
            throw new ConfigurationException(key, message);
        }
    }

    /**
     * @param category {@code spot} (the broker's product).
     * @return this.
     */
    public BybitSpotBrokerContext category(final String category)
    {
        this.category = category;
        return this;
    }

    /**
     * @return the category.
     */
    public String category()
    {
        return category;
    }

    /**
     * @param ms how far back recovery looks for executions at most.
     * @return this.
     */
    public BybitSpotBrokerContext recoveryWindowMs(final long ms)
    {
        recoveryWindowMs = ms;
        return this;
    }

    /**
     * @return the recovery window in ms.
     */
    public long recoveryWindowMs()
    {
        return recoveryWindowMs;
    }

    /**
     * @param ms margin before the last execution seen.
     * @return this.
     */
    public BybitSpotBrokerContext recoveryMarginMs(final long ms)
    {
        recoveryMarginMs = ms;
        return this;
    }

    /**
     * @return the recovery margin in ms.
     */
    public long recoveryMarginMs()
    {
        return recoveryMarginMs;
    }

    /**
     * @param size exec ids remembered for dedup.
     * @return this.
     */
    public BybitSpotBrokerContext dedupWindow(final int size)
    {
        dedupWindow = size;
        return this;
    }

    /**
     * @return the dedup window.
     */
    public int dedupWindow()
    {
        return dedupWindow;
    }

    /**
     * @param prefix of generated {@code orderLinkId}s.
     * @return this.
     */
    public BybitSpotBrokerContext orderLinkIdPrefix(final String prefix)
    {
        orderLinkIdPrefix = prefix;
        return this;
    }

    /**
     * @return the {@code orderLinkId} prefix.
     */
    public String orderLinkIdPrefix()
    {
        return orderLinkIdPrefix;
    }

    /**
     * @param ms wait for reported-but-missing fills before reconciling the order.
     * @return this.
     */
    public BybitSpotBrokerContext fillWaitMs(final long ms)
    {
        fillWaitMs = ms;
        return this;
    }

    /**
     * @return the fill wait in ms.
     */
    public long fillWaitMs()
    {
        return fillWaitMs;
    }

    /**
     * @param ms period of a background reconcile; 0 = off.
     * @return this.
     */
    public BybitSpotBrokerContext reconcileIntervalMs(final long ms)
    {
        reconcileIntervalMs = ms;
        return this;
    }

    /**
     * @return the reconcile period in ms.
     */
    public long reconcileIntervalMs()
    {
        return reconcileIntervalMs;
    }

    /**
     * @param ms delay before a failed recovery step is tried again.
     * @return this.
     */
    public BybitSpotBrokerContext recoveryRetryMs(final long ms)
    {
        recoveryRetryMs = ms;
        return this;
    }

    /**
     * @return the recovery retry delay in ms.
     */
    public long recoveryRetryMs()
    {
        return recoveryRetryMs;
    }

    /**
     * @param failures failed steps tolerated in one recovery.
     * @return this.
     */
    public BybitSpotBrokerContext recoveryMaxFailures(final int failures)
    {
        recoveryMaxFailures = failures;
        return this;
    }

    /**
     * @return failed steps tolerated in one recovery.
     */
    public int recoveryMaxFailures()
    {
        return recoveryMaxFailures;
    }

    /**
     * @param limit page size of open-order queries, 1..50.
     * @return this.
     */
    public BybitSpotBrokerContext orderPageLimit(final int limit)
    {
        orderPageLimit = limit;
        return this;
    }

    /**
     * @return page size of open-order queries.
     */
    public int orderPageLimit()
    {
        return orderPageLimit;
    }

    /**
     * @param limit page size of execution queries, 1..100.
     * @return this.
     */
    public BybitSpotBrokerContext executionPageLimit(final int limit)
    {
        executionPageLimit = limit;
        return this;
    }

    /**
     * @return page size of execution queries.
     */
    public int executionPageLimit()
    {
        return executionPageLimit;
    }

    /**
     * @param accountType account type of the wallet snapshot, e.g. {@code UNIFIED}; empty or {@code none} for none.
     * @return this.
     */
    public BybitSpotBrokerContext walletAccountType(final String accountType)
    {
        walletAccountType = accountType;
        return this;
    }

    /**
     * @return account type of the wallet snapshot; empty for none.
     */
    public String walletAccountType()
    {
        return walletAccountType;
    }

    /**
     * @param categories categories whose positions are snapshotted (linear, inverse, option); none for spot.
     * @return this.
     */
    public BybitSpotBrokerContext positionCategories(final String... categories)
    {
        positionCategories = categories.clone();
        return this;
    }

    /**
     * @return categories whose positions are snapshotted.
     */
    public String[] positionCategories()
    {
        return positionCategories.clone();
    }

    /**
     * @param coin settle coin of the linear position snapshot, e.g. {@code USDT}.
     * @return this.
     */
    public BybitSpotBrokerContext positionSettleCoin(final String coin)
    {
        positionSettleCoin = coin;
        return this;
    }

    /**
     * @return settle coin of the linear position snapshot.
     */
    public String positionSettleCoin()
    {
        return positionSettleCoin;
    }

    /** Wire format of the state snapshot. */
    public enum StateFormat
    {
        /** Chronicle Wire binary: smaller and faster (the default). */
        BINARY,
        /** Chronicle Wire YAML: readable with {@code cat}. */
        YAML
    }

    /**
     * @param dir the state directory (created if missing), or null for no persistence.
     * @return this.
     */
    public BybitSpotBrokerContext stateDir(final Path dir)
    {
        stateDir = dir;
        stateDirSet = true;
        return this;
    }

    /**
     * @return the state directory, null when nothing is persisted.
     */
    public Path stateDir()
    {
        return stateDir;
    }

    /**
     * @param format wire format of the snapshot.
     * @return this.
     */
    public BybitSpotBrokerContext stateFormat(final StateFormat format)
    {
        stateFormat = format;
        return this;
    }

    /**
     * @return wire format of the snapshot.
     */
    public StateFormat stateFormat()
    {
        return stateFormat;
    }

    /**
     * @param ms snapshot period while changes arrive.
     * @return this.
     */
    public BybitSpotBrokerContext stateFlushMs(final long ms)
    {
        stateFlushMs = ms;
        return this;
    }

    /**
     * @return snapshot period in ms.
     */
    public long stateFlushMs()
    {
        return stateFlushMs;
    }

    /**
     * @param ms how far back the startup reconcile reads executions when no watermark is known.
     * @return this.
     */
    public BybitSpotBrokerContext startupLookbackMs(final long ms)
    {
        startupLookbackMs = ms;
        return this;
    }

    /**
     * @return the startup look-back in ms.
     */
    public long startupLookbackMs()
    {
        return startupLookbackMs;
    }

    /**
     * @param policy what to do about open orders that are not the engine's.
     * @return this.
     */
    public BybitSpotBrokerContext foreignOrders(final ForeignOrderPolicy policy)
    {
        foreignOrders = policy;
        return this;
    }

    /**
     * @return the foreign-order policy.
     */
    public ForeignOrderPolicy foreignOrders()
    {
        return foreignOrders;
    }

    /**
     * @return the prefix set by the setter or a property, null when it was generated (a persisted one is used then).
     */
    public String explicitOrderLinkIdPrefix()
    {
        return explicitPrefix;
    }
}
