package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;

/**
 * Bybit's Disconnection Protection (DCP): once a private connection of an account has subscribed to a DCP topic
 * ({@code dcp.spot}, {@code dcp.future}, {@code dcp.option}; the bare {@code dcp} counts for all three), the account
 * is protected for that product. When none of its private connections subscribed to that topic is alive for the
 * product's time window, every open order of the product is cancelled with {@code cancelType=CancelByDCP}, pushed on
 * the order topic to whatever sockets still listen, and recorded as a {@link Trigger} with the reason. Protection is
 * then disarmed until a connection subscribes again (Bybit: "the timing will be reset and restarted at the next
 * disconnection").
 *
 * <p>"Alive" means open, authenticated, not dropped by a fault and not half-open (a half-open socket stands for a
 * network path that died: the exchange no longer gets its pings). Liveness is sampled every
 * {@link #TICK_MILLIS} ms, so the window is kept to within a tick.
 *
 * <p>Lock order: the engine's monitor may be held when this one is taken (REST handlers), never the reverse.
 *
 * <p>REST: {@code POST /v5/order/disconnected-cancel-all} ({@code product} OPTIONS (default) | DERIVATIVES | SPOT,
 * {@code timeWindow} integer seconds in [3, 300], else 10001) and {@code GET /v5/account/query-dcp-info}. The window
 * is 10 s until set; {@link BybitSimulator.Builder#dcpDefaultWindow(Duration)} changes that default (tests use a
 * short one), and {@link BybitSimulator.Builder#dcpEffectiveWindow(Duration)} makes the rule use one window whatever
 * the account set (so a client that sets Bybit's minimum of 3 s can still be tested in a fraction of that; the set
 * value is still validated and reported). The DCP topic itself pushes nothing.
 */
public final class DisconnectProtection
{
    /** How often liveness is sampled, ms. */
    public static final long TICK_MILLIS = 20;

    /** Bybit's DCP products and the topic and categories of each. */
    public enum Product
    {
        /** Options: topic {@code dcp.option}. */
        OPTIONS("dcp.option", Set.of("option")),
        /** Futures and perpetuals: topic {@code dcp.future}, categories linear and inverse. */
        DERIVATIVES("dcp.future", Set.of("linear", "inverse")),
        /** Spot: topic {@code dcp.spot}. */
        SPOT("dcp.spot", Set.of("spot"));

        final String topic;
        final Set<String> categories;

        Product(final String topic, final Set<String> categories)
        {
            this.topic = topic;
            this.categories = categories;
        }

        /** @return the private-stream topic that arms protection for this product. */
        public String topic()
        {
            return topic;
        }
    }

    /**
     * One DCP cancellation.
     *
     * @param apiKey             the account.
     * @param product            the product whose orders were cancelled.
     * @param windowMillis       the time window in force.
     * @param lostAtServerMillis server time at which no live subscribed connection was first seen.
     * @param firedAtServerMillis server time of the cancellation.
     * @param cancelledOrderIds  orders cancelled (may be empty: protection fired with nothing open).
     * @param reason             human-readable why.
     */
    public record Trigger(
        String apiKey, Product product, long windowMillis, long lostAtServerMillis, long firedAtServerMillis,
        List<String> cancelledOrderIds, String reason)
    {
    }

    /** A product whose window ran out, to cancel once this monitor is released. */
    private record Due(Account account, Product product, long windowNanos, long lostAtServerMillis)
    {
    }

    /** Per account: window, armed flag and loss time per product. */
    private static final class State
    {
        final Map<Product, Long> windowNanos = new EnumMap<>(Product.class);
        final Map<Product, Boolean> armed = new EnumMap<>(Product.class);
        final Map<Product, Long> lostSinceNanos = new EnumMap<>(Product.class);
        final Map<Product, Long> lostSinceServer = new EnumMap<>(Product.class);
    }

    private final MatchingEngine engine;
    private final Faults faults;
    private final LongSupplier nanoClock;
    private final ServerClock clock;
    private final long defaultWindowNanos;
    private final long effectiveWindowNanos;
    private final Map<Account, State> states = new LinkedHashMap<>();
    private final List<Trigger> triggers = new ArrayList<>();
    private BiPredicate<Account, String> alive = (a, topic) -> false;
    private ScheduledExecutorService ticker;

    DisconnectProtection(
        final MatchingEngine engine, final Faults faults, final LongSupplier nanoClock, final ServerClock clock,
        final Duration defaultWindow, final Duration effectiveWindow)
    {
        if (defaultWindow.isNegative() || defaultWindow.isZero() || effectiveWindow.isNegative())
        {
            throw new IllegalArgumentException("DCP default window must be > 0, effective window >= 0");
        }
        this.effectiveWindowNanos = effectiveWindow.toNanos();
        this.engine = engine;
        this.faults = faults;
        this.nanoClock = nanoClock;
        this.clock = clock;
        this.defaultWindowNanos = defaultWindow.toNanos();
    }

    /** Liveness source: is there a live connection of the account subscribed to this DCP topic (or "dcp")? */
    synchronized void liveness(final BiPredicate<Account, String> alive)
    {
        this.alive = alive;
    }

    synchronized void start()
    {
        if (ticker == null)
        {
            ticker = Executors.newSingleThreadScheduledExecutor(r ->
            {
                final Thread t = new Thread(r, "bybit-sim-dcp");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tickGuarded, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop()
    {
        if (ticker != null)
        {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    // ------------------------------------------------------------------ test API

    /**
     * @return every DCP cancellation so far, oldest first.
     */
    public synchronized List<Trigger> triggers()
    {
        return new ArrayList<>(triggers);
    }

    /**
     * @return the DCP cancellations of one account, oldest first.
     */
    public synchronized List<Trigger> triggers(final String apiKey)
    {
        final List<Trigger> out = new ArrayList<>();
        for (final Trigger t : triggers)
        {
            if (t.apiKey().equals(apiKey))
            {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * @return the time window of the account's product in ms as set over REST (the default until set); the rule
     *         uses the effective window instead when the builder configured one.
     */
    public long windowMillis(final String apiKey, final Product product)
    {
        final Account account = requireAccount(apiKey); // engine lock first, never inside this monitor
        synchronized (this)
        {
            return TimeUnit.NANOSECONDS.toMillis(window(state(account), product));
        }
    }

    /**
     * @return true while the account is protected for the product (a connection subscribed since the last trigger).
     */
    public boolean armed(final String apiKey, final Product product)
    {
        final Account account = requireAccount(apiKey);
        synchronized (this)
        {
            return state(account).armed.getOrDefault(product, false);
        }
    }

    // ------------------------------------------------------------------ stream and REST hooks

    /** A socket of the account subscribed to these topics: arm the products among them. */
    synchronized void subscribed(final Account account, final Collection<String> topics)
    {
        for (final String topic : topics)
        {
            for (final Product p : Product.values())
            {
                if (topic.equals(p.topic) || topic.equals("dcp"))
                {
                    final State s = state(account);
                    if (!s.armed.getOrDefault(p, false))
                    {
                        faults.line("DCP armed " + account.apiKey + " " + p + " window=" +
                            TimeUnit.NANOSECONDS.toMillis(window(s, p)) + "ms");
                    }
                    s.armed.put(p, true);
                    s.lostSinceNanos.remove(p);
                }
            }
        }
    }

    /** {@code POST /v5/order/disconnected-cancel-all}. */
    ObjectNode setWindow(final Account account, final JsonNode req)
    {
        final String productText = RequestParams.optionalText(req, "product");
        final Product product;
        try
        {
            product = productText == null || productText.isEmpty() ? Product.OPTIONS : Product.valueOf(productText);
        }
        catch (final IllegalArgumentException ex)
        {
            throw BybitError.params("product must be OPTIONS, DERIVATIVES or SPOT");
        }
        final JsonNode tw = req.get("timeWindow");
        if (tw == null || tw.isNull() || !(tw.isIntegralNumber() || tw.isTextual() && tw.asText().matches("\\d{1,9}")))
        {
            throw BybitError.params("timeWindow is required and must be an integer");
        }
        final long seconds = tw.asLong();
        if (seconds < 3 || seconds > 300)
        {
            throw BybitError.params("timeWindow must be in [3, 300]");
        }
        synchronized (this)
        {
            state(account).windowNanos.put(product, TimeUnit.SECONDS.toNanos(seconds));
        }
        faults.line("DCP window " + account.apiKey + " " + product + " " + seconds + "s");
        return SimJson.object();
    }

    /** {@code GET /v5/account/query-dcp-info}. */
    synchronized ObjectNode info(final Account account, final JsonNode q)
    {
        final State s = state(account);
        final ObjectNode r = SimJson.object();
        final ArrayNode list = r.putArray("dcpInfos");
        for (final Product p : Product.values())
        {
            final ObjectNode n = list.addObject();
            n.put("product", p.name());
            n.put("dcpStatus", "ON");
            n.put("timeWindow", Long.toString(TimeUnit.NANOSECONDS.toSeconds(window(s, p))));
        }
        return r;
    }

    // ------------------------------------------------------------------ the rule

    private void tickGuarded()
    {
        try
        {
            tick();
        }
        catch (final RuntimeException ex)
        {
            faults.line("DCP tick failed: " + ex);
        }
    }

    /** Sample liveness of every armed product and fire the ones whose window has run out. */
    void tick()
    {
        final List<Due> due = new ArrayList<>();
        synchronized (this)
        {
            final long now = nanoClock.getAsLong();
            for (final Map.Entry<Account, State> e : states.entrySet())
            {
                final Account account = e.getKey();
                final State s = e.getValue();
                for (final Product p : Product.values())
                {
                    if (!s.armed.getOrDefault(p, false))
                    {
                        continue;
                    }
                    if (alive.test(account, p.topic))
                    {
                        s.lostSinceNanos.remove(p);
                        continue;
                    }
                    final Long lost = s.lostSinceNanos.get(p);
                    if (lost == null)
                    {
                        s.lostSinceNanos.put(p, now);
                        s.lostSinceServer.put(p, clock.nowMillis());
                        faults.line("DCP " + account.apiKey + " " + p + ": no live connection subscribed to " +
                            p.topic + ", window " + TimeUnit.NANOSECONDS.toMillis(effective(s, p)) + "ms starts");
                    }
                    else if (now - lost >= effective(s, p))
                    {
                        s.armed.put(p, false);
                        s.lostSinceNanos.remove(p);
                        due.add(new Due(account, p, effective(s, p), s.lostSinceServer.get(p)));
                    }
                }
            }
        }
        // cancel outside this monitor: the engine lock is taken by the stream while it calls subscribed()
        for (final Due d : due)
        {
            fire(d.account(), d.product(), d.windowNanos(), d.lostAtServerMillis());
        }
    }

    private void fire(final Account account, final Product product, final long windowNanos, final long lostAt)
    {
        final long windowMillis = TimeUnit.NANOSECONDS.toMillis(windowNanos);
        engine.cancelAllByDcp(account, product.categories, cancelled ->
        {
            final String reason = "DCP: no live private connection of " + account.apiKey + " subscribed to " +
                product.topic + " for " + windowMillis + " ms (since server time " + lostAt + "); cancelled " +
                cancelled.size() + " open " + product + " order(s) with cancelType=CancelByDCP";
            final Trigger trigger =
                new Trigger(account.apiKey, product, windowMillis, lostAt, clock.nowMillis(), cancelled, reason);
            synchronized (this) // engine lock held: the allowed order
            {
                triggers.add(trigger);
            }
            faults.fired(FaultKind.DCP_CANCEL_ALL, reason + " " + cancelled);
        });
    }

    /** The window the account set (or the default): what the REST info reports. */
    private long window(final State s, final Product p)
    {
        return s.windowNanos.getOrDefault(p, defaultWindowNanos);
    }

    /** The window the rule uses: the test override if one is configured, else the account's. */
    private long effective(final State s, final Product p)
    {
        return effectiveWindowNanos > 0 ? effectiveWindowNanos : window(s, p);
    }

    private State state(final Account account)
    {
        return states.computeIfAbsent(account, a -> new State());
    }

    private Account requireAccount(final String apiKey)
    {
        final Account a = engine.account(apiKey);
        if (a == null)
        {
            throw new IllegalArgumentException("unknown apiKey " + apiKey);
        }
        return a;
    }
}
