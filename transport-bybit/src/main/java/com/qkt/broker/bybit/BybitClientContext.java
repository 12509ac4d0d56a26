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
import java.util.Locale;
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
    /**
     * Default ping interval: a quarter of Bybit's recommended 20 s, so a silent socket is noticed well before the
     * stale deadline (see the README's liveness rationale); one small frame every 5 s.
     */
    public static final long PING_INTERVAL_MS_DEFAULT = 5_000;
    /** A socket with no inbound frame (pong or push) for this long is stale and treated as dropped. */
    public static final String STALE_TIMEOUT_MS_PROP = "qkt.bybit.staleTimeoutMs";
    /**
     * Default stale deadline: a half-open socket costs at most this long; above two ping intervals, so one late pong
     * is not a drop.
     */
    public static final long STALE_TIMEOUT_MS_DEFAULT = 12_000;
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
    /**
     * Seed of the back-off jitter. Unset (the default): drawn per process from {@code System.nanoTime()} and the pid,
     * so processes restarted together do not back off in lockstep. Set it to reproduce a run.
     */
    public static final String BACKOFF_SEED_PROP = "qkt.bybit.reconnect.seed";
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

    /** Estimate the server-time offset from {@code GET /v5/market/time} (at connect, periodically, on 10002). */
    public static final String TIME_SYNC_PROP = "qkt.bybit.time.sync";
    /** Default: on. */
    public static final boolean TIME_SYNC_DEFAULT = true;
    /** Period of the server-time re-estimate; 0 = only at connect, on 10002 and on a pong that disagrees. */
    public static final String TIME_SYNC_INTERVAL_MS_PROP = "qkt.bybit.time.syncIntervalMs";
    /** Default re-estimate period. */
    public static final long TIME_SYNC_INTERVAL_MS_DEFAULT = 60_000;
    /** Round trips per estimate; the one with the smallest round trip wins. */
    public static final String TIME_SYNC_SAMPLES_PROP = "qkt.bybit.time.samples";
    /** Default round trips per estimate. */
    public static final int TIME_SYNC_SAMPLES_DEFAULT = 3;
    /** An offset larger than this (either way) is reported: an event and a counter. */
    public static final String TIME_MAX_OFFSET_MS_PROP = "qkt.bybit.time.maxOffsetMs";
    /** Default offset bound. */
    public static final long TIME_MAX_OFFSET_MS_DEFAULT = 1_000;
    /** An estimate that moved by more than this since the last one (or a pong that disagrees by more) is a drift. */
    public static final String TIME_MAX_DRIFT_MS_PROP = "qkt.bybit.time.maxDriftMs";
    /** Default drift bound. */
    public static final long TIME_MAX_DRIFT_MS_DEFAULT = 500;
    /** Disconnection Protection window in seconds; 0 = off. Bybit accepts 3..300. */
    public static final String DCP_WINDOW_SEC_PROP = "qkt.bybit.dcpWindowSec";
    /** Default: DCP off. */
    public static final int DCP_WINDOW_SEC_DEFAULT = 0;
    /** DCP product: {@code SPOT}, {@code DERIVATIVES} or {@code OPTIONS}. */
    public static final String DCP_PRODUCT_PROP = "qkt.bybit.dcpProduct";
    /** Default DCP product. */
    public static final String DCP_PRODUCT_DEFAULT = "SPOT";

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
    private int timeSync = -1;
    private long timeSyncIntervalMs = -1;
    private int timeSyncSamples = -1;
    private long timeMaxOffsetMs = -1;
    private long timeMaxDriftMs = -1;
    private int dcpWindowSec = -1;
    private String dcpProduct;
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
        timeSync = timeSync >= 0 ? timeSync : (PropertyValues.getBoolean(
            source(TIME_SYNC_PROP), TIME_SYNC_PROP, TIME_SYNC_DEFAULT) ? 1 : 0);
        timeSyncIntervalMs = timeSyncIntervalMs >= 0 ?
            timeSyncIntervalMs : longValue(TIME_SYNC_INTERVAL_MS_PROP, TIME_SYNC_INTERVAL_MS_DEFAULT);
        timeSyncSamples = timeSyncSamples >= 0 ?
            timeSyncSamples : (int)longValue(TIME_SYNC_SAMPLES_PROP, TIME_SYNC_SAMPLES_DEFAULT);
        timeMaxOffsetMs = timeMaxOffsetMs >= 0 ? timeMaxOffsetMs : longValue(TIME_MAX_OFFSET_MS_PROP, TIME_MAX_OFFSET_MS_DEFAULT);
        timeMaxDriftMs = timeMaxDriftMs >= 0 ? timeMaxDriftMs : longValue(TIME_MAX_DRIFT_MS_PROP, TIME_MAX_DRIFT_MS_DEFAULT);
        dcpWindowSec = dcpWindowSec >= 0 ? dcpWindowSec : (int)longValue(DCP_WINDOW_SEC_PROP, DCP_WINDOW_SEC_DEFAULT);
        dcpProduct = null != dcpProduct ? dcpProduct : string(DCP_PRODUCT_PROP, DCP_PRODUCT_DEFAULT);
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
        requireSecureUrl(restUrl, "https", "http", REST_URL_PROP);
        requireSecureUrl(wsUrl, "wss", "ws", WS_URL_PROP);
        require(connectTimeoutMs > 0, CONNECT_TIMEOUT_MS_PROP, "must be > 0");
        require(pingIntervalMs > 0, PING_INTERVAL_MS_PROP, "must be > 0");
        require(staleTimeoutMs > 0, STALE_TIMEOUT_MS_PROP, "must be > 0");
        require(staleTimeoutMs > pingIntervalMs, STALE_TIMEOUT_MS_PROP, "must be greater than " +
            PING_INTERVAL_MS_PROP + " (" + staleTimeoutMs + " <= " + pingIntervalMs + "): a quiet but healthy " +
            "socket would be dropped between two pongs");
        require(timeSyncIntervalMs >= 0, TIME_SYNC_INTERVAL_MS_PROP, "must be >= 0 (0 = no periodic re-estimate)");
        require(timeSyncSamples >= 1 && timeSyncSamples <= 16, TIME_SYNC_SAMPLES_PROP, "must be in [1, 16]");
        require(timeMaxOffsetMs > 0, TIME_MAX_OFFSET_MS_PROP, "must be > 0");
        require(timeMaxDriftMs > 0, TIME_MAX_DRIFT_MS_PROP, "must be > 0");
        require(0 == dcpWindowSec || (dcpWindowSec >= 3 && dcpWindowSec <= 300), DCP_WINDOW_SEC_PROP,
            "must be 0 (off) or in [3, 300] (Bybit's range), got " + dcpWindowSec);
        require(dcpTopic(dcpProduct) != null, DCP_PRODUCT_PROP,
            "expected SPOT, DERIVATIVES or OPTIONS, got " + dcpProduct);
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
                    longValue(BACKOFF_SEED_PROP, randomSeed()));
            default:
                throw new ConfigurationException(BACKOFF_PROP, "expected exponential or fixed, got " + kind);
        }
    }

    /**
     * A seed that differs between processes started at the same moment on the same host (pid) and between hosts
     * (the nano clock's origin), mixed so close inputs give unrelated seeds.
     */
    static long randomSeed()
    {
        long z = System.nanoTime() ^ (ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
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

    /**
     * TLS only: the key and every signature would cross the network in clear over {@code http://} or {@code ws://},
     * so those are accepted for a loopback host only (the simulator, a local proxy that does TLS itself).
     */
    private static void requireSecureUrl(
        final String value, final String secureScheme, final String plainScheme, final String key)
    {
        final URI uri;
        try
        {
            uri = new URI(value);
        }
        catch (final Exception ex)
        {
            throw new ConfigurationException(key, "not a " + secureScheme + ":// URL: " + value);
        }
        final String scheme = null == uri.getScheme() ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (null == uri.getHost() || !(scheme.equals(secureScheme) || scheme.equals(plainScheme)))
        {
            throw new ConfigurationException(key, "not a " + secureScheme + ":// URL: " + value);
        }
        if (scheme.equals(plainScheme) && !isLoopbackHost(uri.getHost()))
        {
            throw new ConfigurationException(key, plainScheme + ":// is refused for a non-loopback host (" +
                uri.getHost() + "): the API key and signatures would travel in clear; use " + secureScheme + "://");
        }
    }

    /**
     * Loopback by name or literal only (127.0.0.0/8, {@code localhost}, {@code ::1}); never resolves a name, so a
     * DNS answer cannot turn a remote host into a "loopback" one.
     */
    static boolean isLoopbackHost(final String host)
    {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]"))
        {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1"))
        {
            return true;
        }
        final String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127"))
        {
            return false;
        }
        for (final String part : parts)
        {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) ||
                Integer.parseInt(part) > 255)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param product a DCP product name.
     * @return its private topic, or null for an unknown product.
     */
    static String dcpTopic(final String product)
    {
        if (null == product)
        {
            return null;
        }
        switch (product)
        {
            case "SPOT": return "dcp.spot";
            case "DERIVATIVES": return "dcp.future";
            case "OPTIONS": return "dcp.option";
            default: return null;
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

    /**
     * @param enabled estimate the server-time offset from {@code /v5/market/time}; off = local clock only.
     * @return this.
     */
    public BybitClientContext timeSync(final boolean enabled)
    {
        timeSync = enabled ? 1 : 0;
        return this;
    }

    /**
     * @return true when the server-time offset is estimated.
     */
    public boolean timeSync()
    {
        return timeSync == 1;
    }

    /**
     * @param ms period of the server-time re-estimate; 0 = none besides connect, 10002 and pong disagreement.
     * @return this.
     */
    public BybitClientContext timeSyncIntervalMs(final long ms)
    {
        timeSyncIntervalMs = ms;
        return this;
    }

    /**
     * @return period of the server-time re-estimate in ms.
     */
    public long timeSyncIntervalMs()
    {
        return timeSyncIntervalMs;
    }

    /**
     * @param samples round trips per estimate, [1, 16].
     * @return this.
     */
    public BybitClientContext timeSyncSamples(final int samples)
    {
        timeSyncSamples = samples;
        return this;
    }

    /**
     * @return round trips per estimate.
     */
    public int timeSyncSamples()
    {
        return timeSyncSamples;
    }

    /**
     * @param ms offset bound beyond which an event and a counter report the host clock.
     * @return this.
     */
    public BybitClientContext timeMaxOffsetMs(final long ms)
    {
        timeMaxOffsetMs = ms;
        return this;
    }

    /**
     * @return offset bound in ms.
     */
    public long timeMaxOffsetMs()
    {
        return timeMaxOffsetMs;
    }

    /**
     * @param ms change of the offset between estimates (or pong disagreement) reported as drift.
     * @return this.
     */
    public BybitClientContext timeMaxDriftMs(final long ms)
    {
        timeMaxDriftMs = ms;
        return this;
    }

    /**
     * @return drift bound in ms.
     */
    public long timeMaxDriftMs()
    {
        return timeMaxDriftMs;
    }

    /**
     * @param seconds Disconnection Protection window, 0 = off, else [3, 300].
     * @return this.
     */
    public BybitClientContext dcpWindowSec(final int seconds)
    {
        dcpWindowSec = seconds;
        return this;
    }

    /**
     * @return DCP window in seconds, 0 when off.
     */
    public int dcpWindowSec()
    {
        return dcpWindowSec;
    }

    /**
     * @param product DCP product: {@code SPOT}, {@code DERIVATIVES} or {@code OPTIONS}.
     * @return this.
     */
    public BybitClientContext dcpProduct(final String product)
    {
        dcpProduct = product;
        return this;
    }

    /**
     * @return DCP product.
     */
    public String dcpProduct()
    {
        return dcpProduct;
    }

    /**
     * @return the private topic of the DCP product ({@code dcp.spot}, {@code dcp.future}, {@code dcp.option}).
     */
    public String dcpTopic()
    {
        return dcpTopic(dcpProduct);
    }

    /**
     * @return the topics subscribed on every session: {@link #topics()} plus the DCP topic when DCP is on.
     */
    public String[] sessionTopics()
    {
        if (dcpWindowSec <= 0)
        {
            return topics();
        }
        final String dcp = dcpTopic();
        for (final String topic : topics)
        {
            if (topic.equals(dcp) || topic.equals("dcp"))
            {
                return topics();
            }
        }
        final String[] all = Arrays.copyOf(topics, topics.length + 1);
        all[topics.length] = dcp;
        return all;
    }

    public String toString()
    {
        return "BybitClientContext{restUrl=" + restUrl + ", wsUrl=" + wsUrl +
            ", apiKey=" + (null == apiKey ? "null" : apiKey.substring(0, Math.min(4, apiKey.length())) + "...") +
            ", apiSecret=" + (null == apiSecret ? "null" : "***") +
            ", connectTimeoutMs=" + connectTimeoutMs + ", pingIntervalMs=" + pingIntervalMs +
            ", staleTimeoutMs=" + staleTimeoutMs + ", maxAuthFailures=" + maxAuthFailures +
            ", restTimeoutMs=" + restTimeoutMs + ", restMaxAttempts=" + restMaxAttempts +
            ", timeSync=" + (timeSync == 1) + ", timeSyncIntervalMs=" + timeSyncIntervalMs +
            ", dcpWindowSec=" + dcpWindowSec + ", dcpProduct=" + dcpProduct +
            ", rateLimitPolicy=" + rateLimitPolicy +
            ", topics=" + Arrays.toString(topics) + '}';
    }
}
