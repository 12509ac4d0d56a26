package com.qkt.demo;

import com.qkt.sim.bybit.BybitSimulator;
import com.qkt.sim.bybit.Faults;
import com.qkt.sim.bybit.SimOrder;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The faults of a run, planned up front from a seeded {@link Random} and injected into the simulator when due:
 * {@code drops} socket drops spread over the trading time (plain closes and resets, fills landing on the drop or in
 * the gap, a half-open socket, reconnects refused or blackholed for a while), and once each: REST resets and
 * timeouts on submit, cancel and a recovery query, a 10006 storm, a truncated REST body, a malformed frame on the
 * execution topic, and the exchange's clock jumping 10 s ahead and 10 s behind the host (the skew stays until the next
 * jump); plus a few exchange-side cancels and rejects. Each injection is a timeline line.
 * <p>
 * The soak ({@code com.qkt.soak}) hands in its own, denser plan, which also uses the kinds the demo leaves out: drops
 * timed to land during auth, subscribe and recovery, 5xx answers, 403 and 429 bursts and clock skew.
 * <p>
 * A drop falls due only after the previous one has been reconnected, so each drop is detected and measured on its
 * own (a half-open socket takes the stale deadline to notice); a postponed drop, and what is planned after it, goes
 * at the first poll after that reconnect.
 */
public final class FaultScenario
{
    static final String ORDER_CREATE = "/v5/order/create";
    static final String ORDER_CANCEL = "/v5/order/cancel";
    static final String ORDER_REALTIME = "/v5/order/realtime";
    static final String EXECUTION_LIST = "/v5/execution/list";
    static final String MALFORMED_EXECUTION_FRAME =
        "{\"topic\":\"execution\",\"id\":\"demo-broken\",\"creationTime\":1,\"data\":[{\"category\":\"spot\"," +
        "\"symbol\":\"BTCUSDT\",\"execId\":\"0000-broken";

    /** What to inject. */
    public enum Kind
    {
        DROP_FILL_ON_DROP("drop", "socket reset with a fill landing on the drop (its pushes swallowed)"),
        DROP_HALF_OPEN("drop", "half-open socket: open but silent (caught by the ping deadline)"),
        DROP_FILL_IN_GAP("drop", "socket reset with a fill while the socket is down"),
        DROP_REFUSED("drop", "socket reset and new connections refused for 1.5 s"),
        DROP_RESET("drop", "socket reset (TCP RST, no close frame)"),
        DROP_CLOSE("drop", "socket closed by the exchange (close frame 1000)"),
        DROP_BLACKHOLED("drop", "socket reset and new connections blackholed for 2.5 s"),
        REST_RESET_SUBMIT("rest", "next 2 order/create calls reset (retried with the same orderLinkId)"),
        REST_TIMEOUT_SUBMIT("rest", "next order/create call times out"),
        REST_RESET_CANCEL("rest", "next order/cancel call reset"),
        REST_TIMEOUT_RECOVERY("rest", "next order/realtime query (recovery) times out"),
        REST_MALFORMED("rest", "next execution/list reply truncated"),
        RATE_LIMIT_STORM("rest", "10006 storm: order/create and order/cancel answered Too many visits for 1.5 s"),
        MALFORMED_FRAME("ws", "malformed frame on the execution topic"),
        CLOCK_AHEAD("clock", "exchange clock jumps 10 s ahead of the host"),
        CLOCK_BEHIND("clock", "exchange clock falls 10 s behind the host"),
        EXCHANGE_CANCEL("exchange", "exchange cancels a resting order (CancelByAdmin)"),
        EXCHANGE_REJECT("exchange", "exchange rejects the next order after acking it"),
        DROP_DURING_AUTH("drop", "socket reset, then the reconnect's auth request reset before its answer"),
        DROP_DURING_SUBSCRIBE("drop", "socket reset, then the reconnect dropped right after its auth ack"),
        DROP_DURING_RECOVERY("drop", "socket reset, then the reconnect dropped right after its subscribe ack"),
        REST_5XX_SUBMIT("rest", "next 2 order/create calls answered HTTP 503"),
        REST_5XX_RECOVERY("rest", "next execution/list query answered HTTP 502"),
        REST_RESET_RECOVERY("rest", "next order/realtime query (recovery) reset"),
        REST_403_BURST("rest", "IP ban: HTTP 403 to every REST call for 1.5 s"),
        REST_429_BURST("rest", "next 3 REST calls of any path answered HTTP 429"),
        CLOCK_SKEW_OFF("clock", "exchange clock back in step with the host");

        final String group;
        final String description;

        /**
         * @return what the fault is about: {@code drop}, {@code rest}, {@code ws}, {@code exchange} or {@code clock}.
         */
        public String group()
        {
            return group;
        }

        /**
         * @return true for the kinds that drop the private socket.
         */
        public boolean isDrop()
        {
            return "drop".equals(group);
        }

        Kind(final String group, final String description)
        {
            this.group = group;
            this.description = description;
        }
    }

    /**
     * A fault and when it is due.
     *
     * @param atSeconds seconds after trading started.
     * @param kind      what to inject.
     */
    public record Planned(double atSeconds, Kind kind)
    {
    }

    private static final Kind[] DROPS = {
        Kind.DROP_FILL_ON_DROP, Kind.DROP_HALF_OPEN, Kind.DROP_FILL_IN_GAP, Kind.DROP_REFUSED, Kind.DROP_RESET,
        Kind.DROP_CLOSE, Kind.DROP_BLACKHOLED };
    private static final Kind[] ONCE = {
        Kind.REST_RESET_SUBMIT, Kind.REST_TIMEOUT_SUBMIT, Kind.REST_RESET_CANCEL, Kind.REST_TIMEOUT_RECOVERY,
        Kind.REST_MALFORMED, Kind.RATE_LIMIT_STORM, Kind.MALFORMED_FRAME, Kind.CLOCK_AHEAD, Kind.CLOCK_BEHIND };

    private final BybitSimulator sim;
    private final String apiKey;
    private final MarketMoves market;
    private final Timeline timeline;
    private final LongSupplier reconnects;
    private final List<Planned> plan;
    private boolean clockSkewed;
    private boolean ipBanned;
    private int next;
    private long reconnectsAtLastDrop = -1;
    private long dropsInjected;
    private long faultsInjected;

    /**
     * @param sim             the simulator to break.
     * @param apiKey          the account whose sockets and calls are faulted.
     * @param market          picks the resting orders that fill on a drop.
     * @param timeline        where injections are shown.
     * @param reconnects      reconnects completed so far (a drop waits for the previous drop's reconnect).
     * @param random          seeded source of the plan.
     * @param drops           socket drops to plan.
     * @param durationSeconds trading time; faults stop a little before its end.
     */
    public FaultScenario(
        final BybitSimulator sim,
        final String apiKey,
        final MarketMoves market,
        final Timeline timeline,
        final LongSupplier reconnects,
        final Random random,
        final int drops,
        final double durationSeconds)
    {
        this(sim, apiKey, market, timeline, reconnects, plan(random, drops, durationSeconds));
    }

    /**
     * @param sim        the simulator to break.
     * @param apiKey     the account whose sockets and calls are faulted.
     * @param market     picks the resting orders that fill on a drop.
     * @param timeline   where injections are shown.
     * @param reconnects reconnects completed so far (a drop waits for the previous drop's reconnect).
     * @param plan       what to inject when, in time order.
     */
    public FaultScenario(
        final BybitSimulator sim,
        final String apiKey,
        final MarketMoves market,
        final Timeline timeline,
        final LongSupplier reconnects,
        final List<Planned> plan)
    {
        this.sim = sim;
        this.apiKey = apiKey;
        this.market = market;
        this.timeline = timeline;
        this.reconnects = reconnects;
        this.plan = List.copyOf(plan);
    }

    static List<Planned> plan(final Random random, final int drops, final double durationSeconds)
    {
        final double start = Math.min(1.5, durationSeconds * 0.2);
        final double end = Math.max(start, durationSeconds - Math.min(2.0, durationSeconds * 0.2));
        final double window = end - start;
        final List<Planned> plan = new ArrayList<>();

        final List<Kind> dropKinds = new ArrayList<>();
        for (int i = 0; i < drops; i++)
        {
            // every kind once before any repeats; the mid-fill and half-open ones come first
            dropKinds.add(i < DROPS.length ? DROPS[i] : DROPS[random.nextInt(DROPS.length)]);
        }
        java.util.Collections.shuffle(dropKinds, random);
        final double slot = drops == 0 ? 0 : window / drops;
        for (int i = 0; i < drops; i++)
        {
            plan.add(new Planned(start + slot * i + slot * (0.2 + 0.6 * random.nextDouble()), dropKinds.get(i)));
        }
        for (final Kind kind : ONCE)
        {
            plan.add(new Planned(start + window * random.nextDouble(), kind));
        }
        final int exchangeEvents = Math.max(1, (int)(durationSeconds / 15));
        for (int i = 0; i < exchangeEvents; i++)
        {
            plan.add(new Planned(start + window * random.nextDouble(), Kind.EXCHANGE_CANCEL));
            plan.add(new Planned(start + window * random.nextDouble(), Kind.EXCHANGE_REJECT));
        }
        plan.sort(Comparator.comparingDouble(Planned::atSeconds));
        return plan;
    }

    /**
     * Inject every fault due by now.
     *
     * @param elapsedSeconds time since trading started.
     */
    public void poll(final double elapsedSeconds)
    {
        while (next < plan.size() && plan.get(next).atSeconds() <= elapsedSeconds)
        {
            final Kind kind = plan.get(next).kind();
            if (kind.isDrop())
            {
                final long reconnected = reconnects.getAsLong();
                if (reconnectsAtLastDrop >= 0 && reconnected <= reconnectsAtLastDrop)
                {
                    return;
                }
                reconnectsAtLastDrop = reconnected;
            }
            next++;
            inject(kind);
        }
    }

    /**
     * Disarm what can be disarmed: REST fault rules still pending, an IP ban and a clock skew. Refused or blackholed
     * windows expire by themselves.
     */
    public void stop()
    {
        next = plan.size();
        sim.faults().clearRestFaults();
        if (ipBanned)
        {
            sim.faults().liftIpBan();
        }
        if (clockSkewed)
        {
            sim.faults().clockSkew(Duration.ZERO);
        }
    }

    /**
     * A new engine took over the account (a restart): its first connect is no reconnect, so the next drop must not
     * wait for one.
     */
    public void engineRestarted()
    {
        reconnectsAtLastDrop = -1;
    }

    /**
     * @return faults planned but not injected yet.
     */
    public int remaining()
    {
        return plan.size() - next;
    }

    /**
     * @return the plan, in time order.
     */
    public List<Planned> plan()
    {
        return List.copyOf(plan);
    }

    /**
     * @return socket drops injected.
     */
    public long dropsInjected()
    {
        return dropsInjected;
    }

    /**
     * @return faults of any kind injected.
     */
    public long faultsInjected()
    {
        return faultsInjected;
    }

    private void inject(final Kind kind)
    {
        final Faults faults = sim.faults();
        // the line goes out before the fault so the client's reaction prints after it
        final SimOrder victim = kind == Kind.DROP_FILL_ON_DROP || kind == Kind.DROP_FILL_IN_GAP ||
            kind == Kind.EXCHANGE_CANCEL ? market.randomOpenOrder() : null;
        final BigDecimal qty = null != victim && kind != Kind.EXCHANGE_CANCEL ? market.partOf(victim) : null;
        faultsInjected++;
        if (kind.isDrop())
        {
            dropsInjected++;
        }
        timeline.event("FAULT " + kind.group, kind.description + describe(kind, victim, qty));
        switch (kind)
        {
            case DROP_FILL_ON_DROP:
            case DROP_FILL_IN_GAP:
                fillThenReset(kind == Kind.DROP_FILL_ON_DROP, victim, qty);
                break;
            case DROP_HALF_OPEN:
                faults.halfOpen(apiKey);
                break;
            case DROP_REFUSED:
                faults.refuseConnections(Duration.ofMillis(1_500));
                faults.resetAll(apiKey);
                break;
            case DROP_BLACKHOLED:
                faults.blackholeConnections(Duration.ofMillis(2_500));
                faults.resetAll(apiKey);
                break;
            case DROP_RESET:
                faults.resetAll(apiKey);
                break;
            case DROP_CLOSE:
                faults.closeAll(apiKey);
                break;
            case REST_RESET_SUBMIT:
                faults.restReset(ORDER_CREATE, 2);
                break;
            case REST_TIMEOUT_SUBMIT:
                faults.restTimeout(ORDER_CREATE, 1);
                break;
            case REST_RESET_CANCEL:
                faults.restReset(ORDER_CANCEL, 1);
                break;
            case REST_TIMEOUT_RECOVERY:
                faults.restTimeout(ORDER_REALTIME, 1);
                break;
            case REST_MALFORMED:
                faults.restMalformed(EXECUTION_LIST, 1);
                break;
            case RATE_LIMIT_STORM:
                faults.restRateLimited(ORDER_CREATE, Duration.ofMillis(1_500));
                faults.restRateLimited(ORDER_CANCEL, Duration.ofMillis(1_500));
                break;
            case MALFORMED_FRAME:
                faults.sendRaw(apiKey, MALFORMED_EXECUTION_FRAME);
                break;
            case CLOCK_AHEAD:
                clockSkewed = true;
                faults.clockSkew(Duration.ofSeconds(10));
                break;
            case CLOCK_BEHIND:
                clockSkewed = true;
                faults.clockSkew(Duration.ofSeconds(-10));
                break;
            case EXCHANGE_CANCEL:
                exchangeCancel(victim);
                break;
            case EXCHANGE_REJECT:
                sim.engine().rejectNextOrder(apiKey);
                break;
            case DROP_DURING_AUTH:
                faults.resetAll(apiKey);
                faults.dropOnNextAuth(apiKey, 1);
                break;
            case DROP_DURING_SUBSCRIBE:
                // armed after the reset marked the old socket dropped, so its frames no longer count: frame 1 is the
                // next socket's auth ack, and the subscribe that follows it meets a closed socket
                faults.resetAll(apiKey);
                faults.dropAfterFrames(apiKey, 1);
                break;
            case DROP_DURING_RECOVERY:
                // frame 2 is the subscribe ack: the client turns to its recovery queries and loses the socket meanwhile
                faults.resetAll(apiKey);
                faults.dropAfterFrames(apiKey, 2);
                break;
            case REST_5XX_SUBMIT:
                faults.restHttpStatus(ORDER_CREATE, 503, 2);
                break;
            case REST_5XX_RECOVERY:
                faults.restHttpStatus(EXECUTION_LIST, 502, 1);
                break;
            case REST_RESET_RECOVERY:
                faults.restReset(ORDER_REALTIME, 1);
                break;
            case REST_403_BURST:
                ipBanned = true;
                faults.ipBan(Duration.ofMillis(1_500));
                break;
            case REST_429_BURST:
                faults.restHttp429("*", 3);
                break;
            case CLOCK_SKEW_OFF:
                faults.clockSkew(Duration.ZERO);
                break;
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private static String describe(final Kind kind, final SimOrder victim, final BigDecimal qty)
    {
        if (kind == Kind.DROP_FILL_ON_DROP || kind == Kind.DROP_FILL_IN_GAP)
        {
            return null == victim ? " (no resting order to fill: plain reset)" :
                String.format(Locale.ROOT, " (%s of %s)", qty.toPlainString(), victim.orderLinkId());
        }
        if (kind == Kind.EXCHANGE_CANCEL)
        {
            return null == victim ? " (no resting order: skipped)" : " (" + victim.orderLinkId() + ")";
        }
        return "";
    }

    private void fillThenReset(final boolean onDrop, final SimOrder victim, final BigDecimal qty)
    {
        if (null != victim)
        {
            try
            {
                if (onDrop)
                {
                    sim.faults().fillOnDrop(victim.orderId(), qty.toPlainString());
                    return;
                }
                sim.faults().fillDuringGap(victim.orderId(), qty.toPlainString());
            }
            catch (final IllegalStateException | IllegalArgumentException ex)
            {
                timeline.event("FAULT drop",
                    victim.orderLinkId() + " finished meanwhile: plain reset without the fill");
            }
        }
        sim.faults().resetAll(apiKey);
    }

    private void exchangeCancel(final SimOrder victim)
    {
        if (null == victim)
        {
            return;
        }
        try
        {
            sim.engine().cancelByExchange(victim.orderId());
        }
        catch (final IllegalStateException | IllegalArgumentException ex)
        {
            timeline.event("FAULT exchange", victim.orderLinkId() + " finished meanwhile: nothing to cancel");
        }
    }
}
