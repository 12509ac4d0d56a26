package com.qkt.soak;

import com.qkt.demo.FaultScenario.Kind;
import com.qkt.demo.FaultScenario.Planned;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak's plan and options: seeded, complete, inside the trading time; the command line fails fast.
 */
class SoakPlanTest
{
    @Test
    void shouldPlanTheSameFaultsForTheSameSeedAndOthersForAnother()
    {
        assertEquals(SoakPlan.of(new Random(5), 100, 0, 720).faults(),
            SoakPlan.of(new Random(5), 100, 0, 720).faults());
        assertNotEquals(SoakPlan.of(new Random(5), 100, 0, 720).faults(),
            SoakPlan.of(new Random(6), 100, 0, 720).faults());
    }

    @Test
    void shouldPlanEveryDropKindWithTheTimedOnesAndEveryOtherFaultInAQuickRun()
    {
        final SoakPlan plan = SoakPlan.of(new Random(42), 12, 0, SoakOptions.QUICK_SECONDS);
        final List<Planned> faults = plan.faults();

        assertEquals(12, faults.stream().filter(p -> p.kind().isDrop()).count());
        final Set<Kind> kinds = faults.stream().map(Planned::kind).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(EnumSet.of(Kind.DROP_DURING_AUTH, Kind.DROP_DURING_SUBSCRIBE,
            Kind.DROP_DURING_RECOVERY, Kind.DROP_HALF_OPEN, Kind.DROP_FILL_ON_DROP, Kind.DROP_FILL_IN_GAP)),
            kinds.toString());
        assertTrue(kinds.containsAll(EnumSet.of(Kind.REST_5XX_SUBMIT, Kind.REST_403_BURST, Kind.REST_429_BURST,
            Kind.RATE_LIMIT_STORM, Kind.REST_TIMEOUT_SUBMIT, Kind.REST_RESET_SUBMIT, Kind.MALFORMED_FRAME,
            Kind.REST_MALFORMED, Kind.CLOCK_AHEAD, Kind.CLOCK_BEHIND)), kinds.toString());
        assertEquals(2, plan.count(Kind.CLOCK_SKEW_OFF), "every skew episode ends");
        for (int i = 1; i < faults.size(); i++)
        {
            assertTrue(faults.get(i - 1).atSeconds() <= faults.get(i).atSeconds(), "in time order");
        }
        assertTrue(faults.stream().allMatch(p -> p.atSeconds() > 0 && p.atSeconds() < SoakOptions.QUICK_SECONDS));
    }

    @Test
    void shouldSpreadTheDefaultRunsDropsOverTheTradingTimeWithEveryKindBeforeAnyRepeats()
    {
        final List<Planned> drops = SoakPlan.of(new Random(1), 100, 0, 720).faults().stream()
            .filter(p -> p.kind().isDrop()).toList();

        assertEquals(100, drops.size());
        assertEquals(10, drops.subList(0, 10).stream().map(Planned::kind).distinct().count());
        assertTrue(drops.get(0).atSeconds() < 12 && drops.get(99).atSeconds() > 700, drops.toString());
    }

    @Test
    void shouldPlanRestartsInsideTheTradingTime()
    {
        final List<Double> restarts = SoakPlan.of(new Random(1), 0, 3, 600).restartsAt();
        assertEquals(3, restarts.size());
        assertTrue(restarts.get(0) > 0 && restarts.get(0) < restarts.get(1) && restarts.get(2) < 600,
            restarts.toString());
    }

    @Test
    void shouldParseTheDefaultsAndTheQuickRun()
    {
        final SoakOptions defaults = SoakOptions.parse();
        assertEquals(720, defaults.tradingSeconds());
        assertEquals(200, defaults.drops());
        assertEquals(10_000, defaults.orders());
        assertEquals(42, defaults.seed());
        assertEquals(2, defaults.accounts(), "7 orders/s per account: two reach 10,000 in 12 minutes");

        final SoakOptions quick = SoakOptions.parse("--quick", "--seed", "9");
        assertEquals(SoakOptions.QUICK_SECONDS, quick.tradingSeconds());
        assertEquals(24, quick.drops());
        assertEquals(600, quick.orders());
        assertEquals(9, quick.seed());

        final SoakOptions tuned = SoakOptions.parse("--quick", "--drops", "4", "--accounts", "1", "--minutes", "2");
        assertEquals(4, tuned.drops());
        assertEquals(1, tuned.accounts());
        assertEquals(120, tuned.tradingSeconds());
    }

    @Test
    void shouldRefuseUnknownOptionsAndBadValuesWithExitCodeTwo()
    {
        final java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        assertEquals(2, Soak.run(new String[] {"--bogus"}, sink, sink));
        assertEquals(2, Soak.run(new String[] {"--minutes", "soon"}, sink, sink));
        assertEquals(2, Soak.run(new String[] {"--orders", "0"}, sink, sink));
        assertEquals(2, Soak.run(new String[] {"--drops"}, sink, sink));
        assertEquals(0, Soak.run(new String[] {"--help"}, sink, sink));
        assertEquals(5, SoakOptions.parse().restarts());
        assertEquals(2, SoakOptions.parse("--quick").restarts());
        assertEquals(0, SoakOptions.parse("--quick", "--restarts", "0").restarts());
    }
}
