package com.qkt.soak;

import com.qkt.demo.FaultScenario.Kind;
import com.qkt.demo.FaultScenario.Planned;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The faults of one account's soak, planned up front from a seeded {@link Random}: its share of the socket drops,
 * spread evenly over the trading time (every drop kind before any repeats, the timed ones included); a REST or
 * malformed-frame fault every few seconds (every kind before any repeats); exchange-side cancels and rejects; and two
 * clock-skew episodes (ahead, then behind, each ended). Restarts are planned here too, as times, because the account's
 * engine is what they replace.
 */
public final class SoakPlan
{
    /** Seconds between two REST / frame faults of one account. */
    static final double OTHER_FAULT_EVERY_SECONDS = 4.0;
    /** Seconds between two exchange-side events of each kind of one account. */
    static final double EXCHANGE_EVENT_EVERY_SECONDS = 10.0;

    private static final Kind[] DROPS = {
        Kind.DROP_DURING_AUTH, Kind.DROP_DURING_SUBSCRIBE, Kind.DROP_DURING_RECOVERY, Kind.DROP_FILL_ON_DROP,
        Kind.DROP_HALF_OPEN, Kind.DROP_FILL_IN_GAP, Kind.DROP_REFUSED, Kind.DROP_RESET, Kind.DROP_CLOSE,
        Kind.DROP_BLACKHOLED };
    private static final Kind[] OTHERS = {
        Kind.REST_RESET_SUBMIT, Kind.REST_TIMEOUT_SUBMIT, Kind.REST_RESET_CANCEL, Kind.REST_TIMEOUT_RECOVERY,
        Kind.REST_MALFORMED, Kind.MALFORMED_FRAME, Kind.REST_5XX_SUBMIT, Kind.REST_5XX_RECOVERY,
        Kind.REST_RESET_RECOVERY, Kind.REST_403_BURST, Kind.REST_429_BURST, Kind.RATE_LIMIT_STORM };

    private final List<Planned> faults;
    private final List<Double> restartsAt;

    private SoakPlan(final List<Planned> faults, final List<Double> restartsAt)
    {
        this.faults = faults;
        this.restartsAt = restartsAt;
    }

    /**
     * @param random          seeded source of the plan.
     * @param drops           socket drops of this account.
     * @param restarts        engine restarts of this account.
     * @param durationSeconds trading time; faults stop a little before its end.
     * @return the plan.
     */
    public static SoakPlan of(final Random random, final int drops, final int restarts, final double durationSeconds)
    {
        final double start = Math.min(2.0, durationSeconds * 0.05);
        final double end = Math.max(start, durationSeconds - Math.min(5.0, durationSeconds * 0.1));
        final double window = end - start;
        final List<Planned> plan = new ArrayList<>();

        final List<Kind> dropKinds = cycle(DROPS, drops, random);
        final double slot = drops == 0 ? 0 : window / drops;
        for (int i = 0; i < drops; i++)
        {
            plan.add(new Planned(start + slot * i + slot * (0.2 + 0.6 * random.nextDouble()), dropKinds.get(i)));
        }

        final int others = Math.max(OTHERS.length, (int)(window / OTHER_FAULT_EVERY_SECONDS));
        final List<Kind> otherKinds = cycle(OTHERS, others, random);
        for (int i = 0; i < others; i++)
        {
            plan.add(new Planned(start + window * random.nextDouble(), otherKinds.get(i)));
        }

        final int exchangeEvents = Math.max(1, (int)(window / EXCHANGE_EVENT_EVERY_SECONDS));
        for (int i = 0; i < exchangeEvents; i++)
        {
            plan.add(new Planned(start + window * random.nextDouble(), Kind.EXCHANGE_CANCEL));
            plan.add(new Planned(start + window * random.nextDouble(), Kind.EXCHANGE_REJECT));
        }

        // two episodes of skew, each a tenth of the run, in the second and fourth fifths
        plan.add(new Planned(start + window * 0.25, Kind.CLOCK_AHEAD));
        plan.add(new Planned(start + window * 0.35, Kind.CLOCK_SKEW_OFF));
        plan.add(new Planned(start + window * 0.65, Kind.CLOCK_BEHIND));
        plan.add(new Planned(start + window * 0.75, Kind.CLOCK_SKEW_OFF));
        plan.sort(Comparator.comparingDouble(Planned::atSeconds));

        final List<Double> restartsAt = new ArrayList<>();
        for (int i = 0; i < restarts; i++)
        {
            final double restartSlot = window / restarts;
            restartsAt.add(start + restartSlot * i + restartSlot * (0.3 + 0.4 * random.nextDouble()));
        }
        return new SoakPlan(List.copyOf(plan), List.copyOf(restartsAt));
    }

    /**
     * @return the faults, in time order.
     */
    public List<Planned> faults()
    {
        return faults;
    }

    /**
     * @return when the engine is restarted without a clean close, seconds after trading started, in order.
     */
    public List<Double> restartsAt()
    {
        return restartsAt;
    }

    /**
     * @param kind a kind.
     * @return how often it is planned.
     */
    public long count(final Kind kind)
    {
        return faults.stream().filter(p -> p.kind() == kind).count();
    }

    private static List<Kind> cycle(final Kind[] kinds, final int n, final Random random)
    {
        final List<Kind> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            out.add(i < kinds.length ? kinds[i] : kinds[random.nextInt(kinds.length)]);
        }
        // every kind once before any repeats when n allows it; their order is random
        final int head = Math.min(n, kinds.length);
        Collections.shuffle(out.subList(0, head), random);
        Collections.shuffle(out.subList(head, n), random);
        return out;
    }
}
