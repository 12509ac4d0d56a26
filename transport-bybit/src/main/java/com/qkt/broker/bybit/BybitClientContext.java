package com.qkt.broker.bybit;

import com.qkt.broker.bybit.rest.RateLimitPolicy;
import com.qkt.common.config.ConfigKeys;
import com.qkt.common.config.ConfigurationException;
import com.qkt.common.config.PropertyValues;
import com.qkt.common.net.BackoffPolicy;
import com.qkt.common.net.ExponentialBackoff;
import com.qkt.common.net.FixedDelayBackoff;
import com.qkt.engine.EngineContext;

import java.net.URI;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Configuration of a {@link BybitClient}: endpoints, credentials, liveness, reconnect back-off, REST retry and the
 * ring. Each setting has a property name and a default side by side; a value comes from, in order: the setter, a
 * {@link #applyProperties(Properties) properties file}, a system property, the default. Credentials also come from
 * the environment ({@code BYBIT_API_KEY}, {@code BYBIT_API_SECRET}). {@link #conclude()} validates once, before
 * anything starts. The API secret never appears in {@link #toString()} or in any message.
 * <p>
 * Longer than the ~500 lines we aim for: one job, and most of it is one documented property, default, setter and
 * getter per setting.
 */
public final class BybitClientContext
{
    /** REST base URL. Default: Bybit testnet, so a forgotten setting never trades on mainnet. */
    public static final String REST_URL_PROP = "qkt.bybit.restUrl";
    /** Default REST base URL. */
    public static final String REST_URL_DEFAULT = "https://api-testnet.bybit.com";
    /** Private stream URL. */
    public static final String WS_URL_PROP = "qkt.bybit.wsUrl";
    /** Default private stream URL. */
    public static final String WS_URL_DEFAULT = "wss://stream-testnet.bybit.com/v5/private";
    /** API key property (the environment variable {@code BYBIT_API_KEY} is the other source). */
    public static final String API_KEY_PROP = "qkt.bybit.apiKey";
    /** API secret property (the environment variable {@code BYBIT_API_SECRET} is the other source). */
    public static final String API_SECRET_PROP = "qkt.bybit.apiSecret";
    /** Environment variable holding the API key. */
    public static final String API_KEY_ENV = "BYBIT_API_KEY";
    /** Environment variable holding the API secret. */
    public static final String API_SECRET_ENV = "BYBIT_API_SECRET";
    /** {@code X-BAPI-RECV-WINDOW} in ms. */
    public static final String RECV_WINDOW_MS_PROP = "qkt.bybit.recvWindowMs";
    /** Default recv window. */
    public static final long RECV_WINDOW_MS_DEFAULT = 5000;
    /** Bound on the initial connect: socket, auth ack and subscribe ack. */
    public static final String CONNECT_TIMEOUT_MS_PROP = "qkt.bybit.connectTimeoutMs";
    /** Default connect bound. */
    public static final long CONNECT_TIMEOUT_MS_DEFAULT = 10_000;
    /** Interval between application pings. */
    public static final String PING_INTERVAL_MS_PROP = "qkt.bybit.pingIntervalMs";
    /** Default ping interval (Bybit recommends 20 s). */
    public static final long PING_INTERVAL_MS_DEFAULT = 20_000;
    /** A socket with no inbound frame (pong or push) for this long is stale and treated as dropped. */
    public static final String STALE_TIMEOUT_MS_PROP = "qkt.bybit.staleTimeoutMs";
    /** Default stale deadline. */
    public static final long STALE_TIMEOUT_MS_DEFAULT = 30_000;
    /** How far in the future the WS auth signature expires. */
    public static final String AUTH_EXPIRY_MS_PROP = "qkt.bybit.authExpiryMs";
    /** Default auth expiry. */
    public static final long AUTH_EXPIRY_MS_DEFAULT = 10_000;
    /**
     * Check that state-changing client and broker methods run on the handler thread once the client is connecting
     * (one thread comparison per call); off only for code that has proven its confinement and wants the last ns.
     */
    public static final String THREAD_CHECKS_PROP = "qkt.bybit.threadChecks";
    /** Default: checks on. */
    public static final boolean THREAD_CHECKS_DEFAULT = true;
    /** Bound on one reconnect attempt (socket + auth + subscribe); 0 = none. */
    public static final String ATTEMPT_TIMEOUT_MS_PROP = "qkt.bybit.reconnect.attemptTimeoutMs";
    /** Default attempt bound. */
    public static final long ATTEMPT_TIMEOUT_MS_DEFAULT = 15_000;
    /** Consecutive auth failures on reconnect before giving up (FAILED). */
    public static final String MAX_AUTH_FAILURES_PROP = "qkt.bybit.reconnect.maxAuthFailures";
    /** Default auth failure bound. */
    public static final int MAX_AUTH_FAILURES_DEFAULT = 10;
    /** Reconnect back-off kind: {@code exponential} or {@code fixed}. */
    public static final String BACKOFF_PROP = "qkt.bybit.reconnect.backoff";
    /** Default back-off kind. */
    public static final String BACKOFF_DEFAULT = "exponential";
    /** First (exponential) or every (fixed) reconnect delay. */
    public static final String BACKOFF_INITIAL_MS_PROP = "qkt.bybit.reconnect.initialMs";
    /** Default first delay. */
    public static final long BACKOFF_INITIAL_MS_DEFAULT = 500;
    /** Growth factor of the exponential back-off. */
    public static final String BACKOFF_MULTIPLIER_PROP = "qkt.bybit.reconnect.multiplier";
    /** Default growth factor. */
    public static final double BACKOFF_MULTIPLIER_DEFAULT = 2.0;
    /** Cap of the exponential back-off. */
    public static final String BACKOFF_MAX_MS_PROP = "qkt.bybit.reconnect.maxMs";
    /** Default cap. */
    public static final long BACKOFF_MAX_MS_DEFAULT = 10_000;
    /** Jitter fraction of the exponential back-off, [0, 1). */
    public static final String BACKOFF_JITTER_PROP = "qkt.bybit.reconnect.jitter";
    /** Default jitter. */
    public static final double BACKOFF_JITTER_DEFAULT = 0.2;
    /** Seed of the back-off jitter. */
    public static final String BACKOFF_SEED_PROP = "qkt.bybit.reconnect.seed";
    /** Default seed. */
    public static final long BACKOFF_SEED_DEFAULT = 42;
    /** REST request timeout. */
    public static final String REST_TIMEOUT_MS_PROP = "qkt.bybit.rest.timeoutMs";
    /** Default REST timeout. */
    public static final long REST_TIMEOUT_MS_DEFAULT = 5000;
    /** Attempts per REST call, first included; only connection-level failures are retried. */
    public static final String REST_MAX_ATTEMPTS_PROP = "qkt.bybit.rest.maxAttempts";
    /** Default attempts. */
    public static final int REST_MAX_ATTEMPTS_DEFAULT = 3;
    /** First REST retry delay; doubles per retry (0.5 s, 1 s, 2 s ...). */
    public static final String REST_RETRY_INITIAL_MS_PROP = "qkt.bybit.rest.retryInitialMs";
    /** Default first retry delay. */
    public static final long REST_RETRY_INITIAL_MS_DEFAULT = 500;
    /** Budget of spot create/cancel per window before Bybit's {@code X-Bapi-Limit} says otherwise. */
    public static final String RATE_LIMIT_SPOT_ORDERS_PROP = "qkt.bybit.rateLimit.spotOrdersPerWindow";
    /** Bybit's default: 20/s. */
    public static final int RATE_LIMIT_SPOT_ORDERS_DEFAULT = 20;
    /** Budget of linear, inverse and option create/amend/cancel per window before the headers say otherwise. */
    public static final String RATE_LIMIT_DERIVATIVE_ORDERS_PROP = "qkt.bybit.rateLimit.derivativeOrdersPerWindow";
    /** Bybit's default: 10/s. */
    public static final int RATE_LIMIT_DERIVATIVE_ORDERS_DEFAULT = 10;
    /** Budget of order, execution, position and wallet queries per window before the headers say otherwise. */
    public static final String RATE_LIMIT_QUERIES_PROP = "qkt.bybit.rateLimit.queriesPerWindow";
    /** Bybit's default: 50/s. */
    public static final int RATE_LIMIT_QUERIES_DEFAULT = 50;
    /** Budget of any other endpoint per window before the headers say otherwise. */
    public static final String RATE_LIMIT_OTHER_PROP = "qkt.bybit.rateLimit.otherPerWindow";
    /** Default for other endpoints (Bybit's lowest documented order budget). */
    public static final int RATE_LIMIT_OTHER_DEFAULT = 10;
    /** Bybit's rate-limit window; also the wait after a 10006 or 429 that carries no reset time. */
    public static final String RATE_LIMIT_WINDOW_MS_PROP = "qkt.bybit.rateLimit.windowMs";
    /** Bybit's window: 1 s. */
    public static final long RATE_LIMIT_WINDOW_MS_DEFAULT = 1000;
    /** Calls one priority lane may hold (waiting or in flight); one more is refused as not sent. */
    public static final String RATE_LIMIT_LANE_CAPACITY_PROP = "qkt.bybit.rateLimit.laneCapacity";
    /** Default lane capacity. */
    public static final int RATE_LIMIT_LANE_CAPACITY_DEFAULT = 4096;
    /** How long all REST is held after an HTTP 403 (IP ban) before one probe call. */
    public static final String RATE_LIMIT_IP_BAN_HOLD_MS_PROP = "qkt.bybit.rateLimit.ipBanHoldMs";
    /** Bybit: wait at least 10 minutes. */
    public static final long RATE_LIMIT_IP_BAN_HOLD_MS_DEFAULT = 600_000;
    /** The hold doubles per consecutive ban up to this. */
    public static final String RATE_LIMIT_IP_BAN_MAX_HOLD_MS_PROP = "qkt.bybit.rateLimit.ipBanMaxHoldMs";
    /** Default longest hold: 1 h. */
    public static final long RATE_LIMIT_IP_BAN_MAX_HOLD_MS_DEFAULT = 3_600_000;

    private String restUrl;
    private String wsUrl;
    private String apiKey;
    private char[] apiSecret;
    private long recvWindowMs = -1;
    private long connectTimeoutMs = -1;
    private long pingIntervalMs = -1;
    private long staleTimeoutMs = -1;
    private long authExpiryMs = -1;
    private Boolean threadChecks;
    private long attemptTimeoutMs = -1;
    private int maxAuthFailures = -1;
    private BackoffPolicy reconnectBackoff;
    private long restTimeoutMs = -1;
    private int restMaxAttempts = -1;
    private BackoffPolicy restRetryBackoff;
    private RateLimitPolicy rateLimitPolicy;
    private String[] topics = { "order", "execution", "wallet", "position" };
    private EngineContext engineContext;
    private Properties properties = new Properties();
    private boolean concluded;

    /**
     * Take settings from a properties file's content; setters called before or after still win.
     *
     * @param props keys as the {@code *_PROP} constants.
     * @return this.
     */
    public BybitClientContext applyProperties(final Properties props)
    {
        properties = new Properties();
        properties.putAll(props);
        return this;
    }

    /**
     * Validate and fill defaults. Called by the client; idempotent.
     *
     * @return this.
     * @throws IllegalArgumentException naming the bad key.
     */
    public BybitClientContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        ConfigKeys.requireKnown(properties);
        ConfigKeys.requireKnown(null);
        restUrl = null != restUrl ? restUrl : string(REST_URL_PROP, REST_URL_DEFAULT);
        wsUrl = null != wsUrl ? wsUrl : string(WS_URL_PROP, WS_URL_DEFAULT);
        if (null == apiKey)
        {
            apiKey = string(API_KEY_PROP, System.getenv(API_KEY_ENV));
        }
        if (null == apiSecret)
        {
            final String secret = string(API_SECRET_PROP, System.getenv(API_SECRET_ENV));
            apiSecret = null == secret ? null : secret.toCharArray();
        }
        recvWindowMs = recvWindowMs >= 0 ? recvWindowMs : longValue(RECV_WINDOW_MS_PROP, RECV_WINDOW_MS_DEFAULT);
        connectTimeoutMs = connectTimeoutMs >= 0 ?
            connectTimeoutMs : longValue(CONNECT_TIMEOUT_MS_PROP, CONNECT_TIMEOUT_MS_DEFAULT);
        pingIntervalMs = pingIntervalMs >= 0 ? pingIntervalMs : longValue(PING_INTERVAL_MS_PROP, PING_INTERVAL_MS_DEFAULT);
        staleTimeoutMs = staleTimeoutMs >= 0 ? staleTimeoutMs : longValue(STALE_TIMEOUT_MS_PROP, STALE_TIMEOUT_MS_DEFAULT);
        authExpiryMs = authExpiryMs >= 0 ? authExpiryMs : longValue(AUTH_EXPIRY_MS_PROP, AUTH_EXPIRY_MS_DEFAULT);
        threadChecks = null != threadChecks ?
            threadChecks : PropertyValues.getBoolean(source(THREAD_CHECKS_PROP), THREAD_CHECKS_PROP, THREAD_CHECKS_DEFAULT);
        attemptTimeoutMs = attemptTimeoutMs >= 0 ?
            attemptTimeoutMs : longValue(ATTEMPT_TIMEOUT_MS_PROP, ATTEMPT_TIMEOUT_MS_DEFAULT);
        maxAuthFailures = maxAuthFailures >= 0 ?
            maxAuthFailures : (int)longValue(MAX_AUTH_FAILURES_PROP, MAX_AUTH_FAILURES_DEFAULT);
        restTimeoutMs = restTimeoutMs >= 0 ? restTimeoutMs : longValue(REST_TIMEOUT_MS_PROP, REST_TIMEOUT_MS_DEFAULT);
        restMaxAttempts = restMaxAttempts >= 0 ?
            restMaxAttempts : (int)longValue(REST_MAX_ATTEMPTS_PROP, REST_MAX_ATTEMPTS_DEFAULT);
        if (null == reconnectBackoff)
        {
            reconnectBackoff = backoffFromProperties();
        }
        if (null == restRetryBackoff)
        {
            final long initial = longValue(REST_RETRY_INITIAL_MS_PROP, REST_RETRY_INITIAL_MS_DEFAULT);
            restRetryBackoff = new ExponentialBackoff(
                TimeUnit.MILLISECONDS.toNanos(initial), 2.0, TimeUnit.MILLISECONDS.toNanos(initial * 8));
        }
        if (null == rateLimitPolicy)
        {
            rateLimitPolicy = rateLimitPolicyFromProperties();
        }
        if (null == engineContext)
        {
            engineContext = new EngineContext().applyProperties(properties);
        }

        require(null != apiKey && !apiKey.isEmpty(), API_KEY_PROP, "no API key (set it or " + API_KEY_ENV + ")");
        require(null != apiSecret && apiSecret.length > 0, API_SECRET_PROP,
            "no API secret (set it or " + API_SECRET_ENV + ")");
        require(isUri(restUrl, "http"), REST_URL_PROP, "not an http(s) URL: " + restUrl);
        require(isUri(wsUrl, "ws"), WS_URL_PROP, "not a ws(s) URL: " + wsUrl);
        require(connectTimeoutMs > 0, CONNECT_TIMEOUT_MS_PROP, "must be > 0");
        require(pingIntervalMs > 0, PING_INTERVAL_MS_PROP, "must be > 0");
        require(staleTimeoutMs > 0, STALE_TIMEOUT_MS_PROP, "must be > 0");
        require(authExpiryMs > 0, AUTH_EXPIRY_MS_PROP, "must be > 0");
        require(maxAuthFailures > 0, MAX_AUTH_FAILURES_PROP, "must be > 0");
        require(restTimeoutMs > 0, REST_TIMEOUT_MS_PROP, "must be > 0");
        require(restMaxAttempts > 0, REST_MAX_ATTEMPTS_PROP, "must be > 0");
        require(topics.length > 0, "topics", "at least one topic");
        require(rateLimitPolicy.spotOrdersPerWindow() > 0, RATE_LIMIT_SPOT_ORDERS_PROP, "must be > 0");
        require(rateLimitPolicy.derivativeOrdersPerWindow() > 0, RATE_LIMIT_DERIVATIVE_ORDERS_PROP, "must be > 0");
        require(rateLimitPolicy.queriesPerWindow() > 0, RATE_LIMIT_QUERIES_PROP, "must be > 0");
        require(rateLimitPolicy.otherPerWindow() > 0, RATE_LIMIT_OTHER_PROP, "must be > 0");
        require(rateLimitPolicy.windowNanos() > 0, RATE_LIMIT_WINDOW_MS_PROP, "must be > 0");
        require(rateLimitPolicy.laneCapacity() > 0 && rateLimitPolicy.laneCapacity() <= 1 << 20,
            RATE_LIMIT_LANE_CAPACITY_PROP, "must be in 1.." + (1 << 20));
        require(rateLimitPolicy.ipBanHoldNanos() > 0, RATE_LIMIT_IP_BAN_HOLD_MS_PROP, "must be > 0");
        engineContext.conclude();
        concluded = true;
        return this;
    }

    private BackoffPolicy backoffFromProperties()
    {
        final String kind = string(BACKOFF_PROP, BACKOFF_DEFAULT);
        final long initialNs = TimeUnit.MILLISECONDS.toNanos(longValue(BACKOFF_INITIAL_MS_PROP, BACKOFF_INITIAL_MS_DEFAULT));
        switch (kind)
        {
            case "fixed":
                return new FixedDelayBackoff(initialNs);
            case "exponential":
                return new ExponentialBackoff(
                    initialNs,
                    doubleValue(BACKOFF_MULTIPLIER_PROP, BACKOFF_MULTIPLIER_DEFAULT),
                    TimeUnit.MILLISECONDS.toNanos(longValue(BACKOFF_MAX_MS_PROP, BACKOFF_MAX_MS_DEFAULT)),
                    doubleValue(BACKOFF_JITTER_PROP, BACKOFF_JITTER_DEFAULT),
                    longValue(BACKOFF_SEED_PROP, BACKOFF_SEED_DEFAULT));
            default:
                throw new ConfigurationException(BACKOFF_PROP, "expected exponential or fixed, got " + kind);
        }
    }

    private RateLimitPolicy rateLimitPolicyFromProperties()
    {
        final long hold = longValue(RATE_LIMIT_IP_BAN_HOLD_MS_PROP, RATE_LIMIT_IP_BAN_HOLD_MS_DEFAULT);
        final long maxHold = longValue(RATE_LIMIT_IP_BAN_MAX_HOLD_MS_PROP, RATE_LIMIT_IP_BAN_MAX_HOLD_MS_DEFAULT);
        require(maxHold >= hold, RATE_LIMIT_IP_BAN_MAX_HOLD_MS_PROP, "must be >= " + RATE_LIMIT_IP_BAN_HOLD_MS_PROP);
        return new RateLimitPolicy(
            intValue(RATE_LIMIT_SPOT_ORDERS_PROP, RATE_LIMIT_SPOT_ORDERS_DEFAULT),
            intValue(RATE_LIMIT_DERIVATIVE_ORDERS_PROP, RATE_LIMIT_DERIVATIVE_ORDERS_DEFAULT),
            intValue(RATE_LIMIT_QUERIES_PROP, RATE_LIMIT_QUERIES_DEFAULT),
            intValue(RATE_LIMIT_OTHER_PROP, RATE_LIMIT_OTHER_DEFAULT),
            longValue(RATE_LIMIT_WINDOW_MS_PROP, RATE_LIMIT_WINDOW_MS_DEFAULT),
            intValue(RATE_LIMIT_LANE_CAPACITY_PROP, RATE_LIMIT_LANE_CAPACITY_DEFAULT),
            hold,
            maxHold);
    }

    private int intValue(final String key, final int defaultValue)
    {
        final long value = longValue(key, defaultValue);
        require(value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE, key, "out of int range: " + value);
        return (int)value;
    }

    private String string(final String key, final String defaultValue)
    {
        return PropertyValues.getString(source(key), key, defaultValue);
    }

    private long longValue(final String key, final long defaultValue)
    {
        return PropertyValues.getLong(source(key), key, defaultValue);
    }

    private double doubleValue(final String key, final double defaultValue)
    {
        return PropertyValues.getDouble(source(key), key, defaultValue);
    }

    /**
     * A key in the properties file wins over the same system property; null makes {@link PropertyValues} read the
     * system properties.
     */
    private Properties source(final String key)
    {
        return properties.containsKey(key) ? properties : null;
    }

    private static boolean isUri(final String value, final String schemePrefix)
    {
        try
        {
            final URI uri = new URI(value);
            return null != uri.getScheme() && uri.getScheme().startsWith(schemePrefix) && null != uri.getHost();
        }
        catch (final Exception ex)
        {
            return false;
        }
    }

    private static void require(final boolean condition, final String key, final String message)
    {
        if (!condition)
        {
            throw new ConfigurationException(key, message);
        }
    }

    /**
     * @param restUrl REST base URL, e.g. {@code http://127.0.0.1:9000}.
     * @return this.
     */
    public BybitClientContext restUrl(final String restUrl)
    {
        this.restUrl = restUrl;
        return this;
    }

    /**
     * @return REST base URL.
     */
    public String restUrl()
    {
        return restUrl;
    }

    /**
     * @param wsUrl private stream URL, e.g. {@code ws://127.0.0.1:9001/v5/private}.
     * @return this.
     */
    public BybitClientContext wsUrl(final String wsUrl)
    {
        this.wsUrl = wsUrl;
        return this;
    }

    /**
     * @return private stream URL.
     */
    public String wsUrl()
    {
        return wsUrl;
    }

    /**
     * @param apiKey API key.
     * @return this.
     */
    public BybitClientContext apiKey(final String apiKey)
    {
        this.apiKey = apiKey;
        return this;
    }

    /**
     * @return API key.
     */
    public String apiKey()
    {
        return apiKey;
    }

    /**
     * @param apiSecret API secret; the array is copied.
     * @return this.
     */
    public BybitClientContext apiSecret(final char[] apiSecret)
    {
        this.apiSecret = null == apiSecret ? null : apiSecret.clone();
        return this;
    }

    /**
     * @param apiSecret API secret.
     * @return this.
     */
    public BybitClientContext apiSecret(final String apiSecret)
    {
        this.apiSecret = null == apiSecret ? null : apiSecret.toCharArray();
        return this;
    }

    char[] apiSecret()
    {
        return apiSecret;
    }

    /**
     * @param ms recv window sent with REST calls.
     * @return this.
     */
    public BybitClientContext recvWindowMs(final long ms)
    {
        recvWindowMs = ms;
        return this;
    }

    /**
     * @return recv window in ms.
     */
    public long recvWindowMs()
    {
        return recvWindowMs;
    }

    /**
     * @param ms bound on the initial connect.
     * @return this.
     */
    public BybitClientContext connectTimeoutMs(final long ms)
    {
        connectTimeoutMs = ms;
        return this;
    }

    /**
     * @return bound on the initial connect in ms.
     */
    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    /**
     * @param ms interval between pings.
     * @return this.
     */
    public BybitClientContext pingIntervalMs(final long ms)
    {
        pingIntervalMs = ms;
        return this;
    }

    /**
     * @return ping interval in ms.
     */
    public long pingIntervalMs()
    {
        return pingIntervalMs;
    }

    /**
     * @param ms silence after which a socket is stale.
     * @return this.
     */
    public BybitClientContext staleTimeoutMs(final long ms)
    {
        staleTimeoutMs = ms;
        return this;
    }

    /**
     * @return stale deadline in ms.
     */
    public long staleTimeoutMs()
    {
        return staleTimeoutMs;
    }

    /**
     * @param ms validity of the WS auth signature.
     * @return this.
     */
    public BybitClientContext authExpiryMs(final long ms)
    {
        authExpiryMs = ms;
        return this;
    }

    /**
     * @return auth expiry in ms.
     */
    public long authExpiryMs()
    {
        return authExpiryMs;
    }

    /**
     * @param on whether client and broker methods check that they run on the handler thread.
     * @return this.
     */
    public BybitClientContext threadChecks(final boolean on)
    {
        threadChecks = on;
        return this;
    }

    /**
     * @return whether handler-thread checks are on (after {@link #conclude()}).
     */
    public boolean threadChecks()
    {
        return null == threadChecks || threadChecks;
    }

    /**
     * @param ms bound on one reconnect attempt; 0 = none.
     * @return this.
     */
    public BybitClientContext attemptTimeoutMs(final long ms)
    {
        attemptTimeoutMs = ms;
        return this;
    }

    /**
     * @return bound on one reconnect attempt in ms.
     */
    public long attemptTimeoutMs()
    {
        return attemptTimeoutMs;
    }

    /**
     * @param count consecutive auth failures on reconnect before FAILED.
     * @return this.
     */
    public BybitClientContext maxAuthFailures(final int count)
    {
        maxAuthFailures = count;
        return this;
    }

    /**
     * @return consecutive auth failure bound.
     */
    public int maxAuthFailures()
    {
        return maxAuthFailures;
    }

    /**
     * @param policy reconnect back-off.
     * @return this.
     */
    public BybitClientContext reconnectBackoff(final BackoffPolicy policy)
    {
        reconnectBackoff = policy;
        return this;
    }

    /**
     * @return reconnect back-off.
     */
    public BackoffPolicy reconnectBackoff()
    {
        return reconnectBackoff;
    }

    /**
     * @param ms REST request timeout.
     * @return this.
     */
    public BybitClientContext restTimeoutMs(final long ms)
    {
        restTimeoutMs = ms;
        return this;
    }

    /**
     * @return REST request timeout in ms.
     */
    public long restTimeoutMs()
    {
        return restTimeoutMs;
    }

    /**
     * @param attempts attempts per REST call, first included.
     * @return this.
     */
    public BybitClientContext restMaxAttempts(final int attempts)
    {
        restMaxAttempts = attempts;
        return this;
    }

    /**
     * @return attempts per REST call.
     */
    public int restMaxAttempts()
    {
        return restMaxAttempts;
    }

    /**
     * @param policy delay before each REST retry (attempt 1 = delay before the second attempt).
     * @return this.
     */
    public BybitClientContext restRetryBackoff(final BackoffPolicy policy)
    {
        restRetryBackoff = policy;
        return this;
    }

    /**
     * @return REST retry back-off.
     */
    public BackoffPolicy restRetryBackoff()
    {
        return restRetryBackoff;
    }

    /**
     * @param policy the rate-limit governor's budgets, window, lane capacity and IP-ban hold (instead of the
     *               {@code qkt.bybit.rateLimit.*} keys).
     * @return this.
     */
    public BybitClientContext rateLimitPolicy(final RateLimitPolicy policy)
    {
        rateLimitPolicy = policy;
        return this;
    }

    /**
     * @return the rate-limit governor's settings.
     */
    public RateLimitPolicy rateLimitPolicy()
    {
        return rateLimitPolicy;
    }

    /**
     * @param topics private topics to subscribe to.
     * @return this.
     */
    public BybitClientContext topics(final String... topics)
    {
        this.topics = topics.clone();
        return this;
    }

    /**
     * @return private topics.
     */
    public String[] topics()
    {
        return topics.clone();
    }

    /**
     * @param engineContext ring, wait strategy, clocks and pinning.
     * @return this.
     */
    public BybitClientContext engineContext(final EngineContext engineContext)
    {
        this.engineContext = engineContext;
        return this;
    }

    /**
     * @return the ring's context.
     */
    public EngineContext engineContext()
    {
        return engineContext;
    }

    public String toString()
    {
        return "BybitClientContext{restUrl=" + restUrl + ", wsUrl=" + wsUrl +
            ", apiKey=" + (null == apiKey ? "null" : apiKey.substring(0, Math.min(4, apiKey.length())) + "...") +
            ", apiSecret=" + (null == apiSecret ? "null" : "***") +
            ", connectTimeoutMs=" + connectTimeoutMs + ", pingIntervalMs=" + pingIntervalMs +
            ", staleTimeoutMs=" + staleTimeoutMs + ", maxAuthFailures=" + maxAuthFailures +
            ", restTimeoutMs=" + restTimeoutMs + ", restMaxAttempts=" + restMaxAttempts +
            ", rateLimitPolicy=" + rateLimitPolicy +
            ", topics=" + Arrays.toString(topics) + '}';
    }
}
