package com.qkt.sim.bybit;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Bybit V5 exchange simulator on loopback: REST endpoints on one port, the private WebSocket stream
 * ({@code /v5/private}) on another, a {@link MatchingEngine} and {@link Faults} injection. Binds 127.0.0.1 only.
 *
 * <pre>{@code
 * try (BybitSimulator sim = BybitSimulator.builder().account("key", "secret").build().start())
 * {
 *     String rest = sim.restUrl();        // http://127.0.0.1:PORT
 *     String ws = sim.wsPrivateUrl();     // ws://127.0.0.1:PORT/v5/private
 *     sim.engine().setPrice("BTCUSDT", "49000");
 *     sim.faults().resetAll("key");
 * }
 * }</pre>
 */
public final class BybitSimulator implements AutoCloseable
{
    /** System property for the default idle cut in ms (Bybit: 10 minutes). */
    public static final String IDLE_TIMEOUT_PROP = "qkt.sim.bybit.idle.timeout.ms";
    /** Default idle cut: 600 000 ms. */
    public static final long IDLE_TIMEOUT_DEFAULT = 600_000L;

    private final Builder config;
    private final ServerClock clock;
    private final MatchingEngine engine;
    private final Faults faults;
    private final ExchangeRules rules;
    private RestServer rest;
    private PrivateStreamServer stream;
    private boolean started;

    private BybitSimulator(final Builder config)
    {
        this.config = config;
        this.clock = new ServerClock(System::currentTimeMillis);
        this.engine = new MatchingEngine(config.seed, clock);
        this.faults = new Faults(engine, System::nanoTime);
        final IpLimit ipLimit = new IpLimit(config.ipLimitRequests, config.ipLimitWindow, config.ipLimitBan, System::nanoTime);
        this.rules = new ExchangeRules(
            clock,
            new RateLimitBudgets(config.rateLimits, config.rateLimitsEnabled, System::nanoTime, clock),
            ipLimit,
            new RestCallLog(config.callLogCapacity),
            new DisconnectProtection(
                engine, faults, System::nanoTime, clock, config.dcpDefaultWindow, config.dcpEffectiveWindow));
        faults.attach(clock, ipLimit);
        config.instruments.forEach(i -> engine.configureInstrument(i.category, i.symbol, i.tickSize, i.qtyStep,
            i.minOrderQty, i.minNotional));
        config.symbols.forEach(engine::setPrice);
        config.accounts.forEach((key, secret) -> engine.addAccount(key, secret, config.balances));
    }

    /**
     * @return a builder with the defaults (random ports, BTCUSDT 50000 and ETHUSDT 3000, 1 000 000 USDT + 100 BTC
     *         per account, seed 42, idle cut 10 min, rate limits on).
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Bind both ports and start serving.
     *
     * @return this.
     */
    public synchronized BybitSimulator start()
    {
        if (started)
        {
            return this;
        }
        try
        {
            rest = new RestServer(
                config.port, config.restThreads, engine, faults, rules);
            stream = new PrivateStreamServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), config.wsPort), engine, faults,
                config.idleTimeoutMillis, System::nanoTime);
            engine.sink(stream);
            faults.attach(stream);
            stream.protection(rules.dcp());
            rules.dcp().liveness(stream::liveDcpSubscriber);
            rest.start();
            stream.startAndWait();
            rules.dcp().start();
            started = true;
            faults.line("started rest=" + restUrl() + " ws=" + wsPrivateUrl());
            return this;
        }
        catch (final Exception ex)
        {
            close();
            throw new IllegalStateException("bybit-sim failed to start", ex);
        }
    }

    /**
     * @return {@code http://127.0.0.1:PORT}.
     */
    public String restUrl()
    {
        return "http://127.0.0.1:" + rest.port();
    }

    /**
     * @return {@code ws://127.0.0.1:PORT/v5/private}.
     */
    public String wsPrivateUrl()
    {
        return "ws://127.0.0.1:" + stream.getPort() + "/v5/private";
    }

    /**
     * @return the REST port.
     */
    public int restPort()
    {
        return rest.port();
    }

    /**
     * @return the WebSocket port.
     */
    public int wsPort()
    {
        return stream.getPort();
    }

    /**
     * @return the matching engine (prices, fills, order and execution snapshots).
     */
    public MatchingEngine engine()
    {
        return engine;
    }

    /**
     * @return fault injection, counts and the fault log.
     */
    public Faults faults()
    {
        return faults;
    }

    /**
     * @return every REST request received, in arrival order, with its outcome (read it to assert call order).
     */
    public RestCallLog callLog()
    {
        return rules.callLog();
    }

    /**
     * @return Disconnection Protection: its windows and the cancellations it made, with their reasons.
     */
    public DisconnectProtection dcp()
    {
        return rules.dcp();
    }

    /**
     * @return the exchange clock (host clock + the skew set by {@link Faults#clockSkew(Duration)}).
     */
    public ServerClock serverClock()
    {
        return clock;
    }

    /**
     * @return open private-stream sockets that have presented this key in an auth request (whatever the answer).
     */
    public int connectedSockets(final String apiKey)
    {
        return stream.connectedSockets(apiKey);
    }

    /**
     * @return open private-stream sockets authenticated with this key.
     */
    public int authenticatedSockets(final String apiKey)
    {
        return stream.authenticatedSockets(apiKey);
    }

    /**
     * @return every open private-stream socket, authenticated or not.
     */
    public int openSockets()
    {
        return stream.openSockets();
    }

    /**
     * Stop both servers; held (timed-out) REST exchanges and blackholed sockets are closed.
     */
    @Override
    public synchronized void close()
    {
        rules.dcp().stop();
        if (stream != null)
        {
            stream.shutdown();
        }
        if (rest != null)
        {
            rest.stop();
        }
        started = false;
    }

    /** Instrument rules given to the {@link Builder}. */
    private record InstrumentRules(
        String category, String symbol, BigDecimal tickSize, BigDecimal qtyStep, BigDecimal minOrderQty,
        BigDecimal minNotional)
    {
        void validate()
        {
            if (!"spot".equals(category) && !"linear".equals(category))
            {
                throw new IllegalStateException("instrument " + symbol + ": category must be spot or linear, got " +
                    category);
            }
            for (final BigDecimal value : new BigDecimal[] {tickSize, qtyStep, minOrderQty, minNotional})
            {
                if (value != null && value.signum() <= 0)
                {
                    throw new IllegalStateException("instrument " + category + ":" + symbol + ": rules must be > 0");
                }
            }
        }
    }

    /**
     * Configuration of a {@link BybitSimulator}; fluent, validated in {@link #build()}.
     */
    public static final class Builder
    {
        private int port;
        private int wsPort;
        private final Map<String, String> accounts = new LinkedHashMap<>();
        private final Map<String, BigDecimal> balances = new LinkedHashMap<>();
        private final Map<String, String> symbols = new LinkedHashMap<>();
        private final Map<String, Integer> rateLimits = new LinkedHashMap<>();
        private final List<InstrumentRules> instruments = new ArrayList<>();
        private boolean rateLimitsEnabled = true;
        private long seed = 42L;
        private long idleTimeoutMillis = Long.getLong(IDLE_TIMEOUT_PROP, IDLE_TIMEOUT_DEFAULT);
        private int restThreads = 4;
        private int ipLimitRequests;
        private Duration ipLimitWindow = Duration.ofSeconds(5);
        private Duration ipLimitBan = Duration.ofMinutes(10);
        private Duration dcpDefaultWindow = Duration.ofSeconds(10);
        private Duration dcpEffectiveWindow = Duration.ZERO;
        private int callLogCapacity = 100_000;

        private Builder()
        {
            balances.put("USDT", new BigDecimal("1000000"));
            balances.put("BTC", new BigDecimal("100"));
        }

        /** REST port; 0 (default) picks a free one. */
        public Builder port(final int port)
        {
            this.port = port;
            return this;
        }

        /** WebSocket port; 0 (default) picks a free one. */
        public Builder wsPort(final int wsPort)
        {
            this.wsPort = wsPort;
            return this;
        }

        /** Add an account (UID); repeatable. Its balances are the default balances at build time. */
        public Builder account(final String apiKey, final String apiSecret)
        {
            accounts.put(apiKey, apiSecret);
            return this;
        }

        /** Set the starting wallet balance of a coin for every account (defaults: USDT 1000000, BTC 100). */
        public Builder defaultBalance(final String coin, final String amount)
        {
            balances.put(coin, new BigDecimal(amount));
            return this;
        }

        /**
         * Add a symbol with its starting price; if none is given, BTCUSDT 50000 and ETHUSDT 3000. Each symbol is a
         * spot pair, and a linear perpetual too when quoted in USDT or USDC.
         */
        public Builder symbol(final String symbol, final String price)
        {
            symbols.put(symbol, new BigDecimal(price).toPlainString());
            return this;
        }

        /**
         * Trading rules of one instrument, replacing the defaults scaled from its first price (see
         * {@code /v5/market/instruments-info}); null keeps a default. The matching engine enforces them.
         *
         * @param category    spot or linear.
         * @param symbol      e.g. BTCUSDT.
         * @param tickSize    price step, e.g. "0.1".
         * @param qtyStep     quantity step (spot basePrecision, linear qtyStep).
         * @param minOrderQty smallest quantity.
         * @param minNotional smallest order value in the quote coin (spot minOrderAmt, linear minNotionalValue).
         */
        public Builder instrument(
            final String category, final String symbol, final String tickSize, final String qtyStep,
            final String minOrderQty, final String minNotional)
        {
            instruments.add(new InstrumentRules(category, symbol, positive(tickSize), positive(qtyStep),
                positive(minOrderQty), positive(minNotional)));
            return this;
        }

        private static BigDecimal positive(final String value)
        {
            return value == null ? null : new BigDecimal(value);
        }

        /** Seed of the random source for orderIds, execIds and conn_ids. */
        public Builder seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /** Idle cut of private sockets without ping or pushes (default 600000 ms, Bybit's 10 minutes). */
        public Builder idleTimeoutMillis(final long idleTimeoutMillis)
        {
            this.idleTimeoutMillis = idleTimeoutMillis;
            return this;
        }

        /**
         * Per-UID per-second budget of a REST path for every category (defaults: Bybit's, see
         * {@link RateLimitBudgets}: create/cancel 20 spot and 10 linear, queries 50).
         */
        public Builder rateLimit(final String path, final int perSecond)
        {
            rateLimits.put(path, perSecond);
            return this;
        }

        /** Per-UID per-second budget of an order-writing REST path for one category (spot, linear, option). */
        public Builder rateLimit(final String path, final String category, final int perSecond)
        {
            rateLimits.put(path + " " + category, perSecond);
            return this;
        }

        /**
         * Turn on Bybit's automatic IP limit: more than {@code requests} REST calls within {@code window} bans every
         * REST call (HTTP 403) for {@code ban}. Bybit: 600 per 5 s, ban of at least 10 min. Off by default.
         */
        public Builder ipLimit(final int requests, final Duration window, final Duration ban)
        {
            this.ipLimitRequests = requests;
            this.ipLimitWindow = window;
            this.ipLimitBan = ban;
            return this;
        }

        /**
         * DCP time window until an account sets one with {@code POST /v5/order/disconnected-cancel-all} (Bybit: 10 s;
         * the endpoint only takes 3..300 s, this may be shorter so that tests run fast).
         */
        public Builder dcpDefaultWindow(final Duration window)
        {
            this.dcpDefaultWindow = window;
            return this;
        }

        /**
         * Tests only: DCP fires after this window whatever the account set over REST (which still validates 3..300 s
         * and reports the set value). {@link Duration#ZERO} (default) = use the account's window.
         */
        public Builder dcpEffectiveWindow(final Duration window)
        {
            this.dcpEffectiveWindow = window;
            return this;
        }

        /** How many REST calls the call log keeps (default 100 000; the oldest are dropped beyond). */
        public Builder callLogCapacity(final int capacity)
        {
            this.callLogCapacity = capacity;
            return this;
        }

        /** Turn 10006 answers from the rate limiter on or off (headers are sent either way). */
        public Builder rateLimitsEnabled(final boolean enabled)
        {
            this.rateLimitsEnabled = enabled;
            return this;
        }

        /** Threads serving REST (default 4). */
        public Builder restThreads(final int restThreads)
        {
            this.restThreads = restThreads;
            return this;
        }

        /**
         * @return a simulator, not yet started.
         */
        public BybitSimulator build()
        {
            if (accounts.isEmpty())
            {
                throw new IllegalStateException("at least one account is required");
            }
            if (ipLimitRequests < 0 || ipLimitWindow.isNegative() || ipLimitWindow.isZero() || ipLimitBan.isNegative())
            {
                throw new IllegalStateException("ipLimit: requests >= 0, window > 0, ban >= 0");
            }
            if (dcpDefaultWindow.isNegative() || dcpDefaultWindow.isZero() || dcpEffectiveWindow.isNegative() ||
                callLogCapacity <= 0)
            {
                throw new IllegalStateException("dcpDefaultWindow and callLogCapacity must be > 0");
            }
            if (idleTimeoutMillis <= 0 || restThreads <= 0 || port < 0 || wsPort < 0)
            {
                throw new IllegalStateException("idleTimeoutMillis, restThreads must be > 0; ports >= 0");
            }
            for (final InstrumentRules i : instruments)
            {
                i.validate();
            }
            for (final Integer limit : rateLimits.values())
            {
                if (limit <= 0)
                {
                    throw new IllegalStateException("rate limits must be > 0");
                }
            }
            if (symbols.isEmpty())
            {
                symbols.put("BTCUSDT", "50000");
                symbols.put("ETHUSDT", "3000");
            }
            return new BybitSimulator(this);
        }
    }
}
