package com.qkt.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link ParseBenchmark}'s and {@link VariedParseBenchmark}'s ours, fastjson2 and DSL-JSON variants timed by the
 * thread's CPU time rather than the wall clock, interleaved round by round, best round kept: on a shared,
 * overloaded machine (where JMH's wall-clock errors exceed the scores) this still compares the variants, because
 * time the thread spends descheduled is not counted. Not a replacement for JMH (no forks, no blackhole guarantees
 * beyond the benchmarks' own); a cross-check.
 * <p>
 * {@code java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * com.qkt.bench.ParseCpuTime}
 */
public final class ParseCpuTime
{
    private static final int ROUNDS = 12;
    private static final int WARM_UP_ROUNDS = 4;
    private static final int CALLS = 200_000;

    private ParseCpuTime()
    {
    }

    /**
     * One benchmark method.
     */
    @FunctionalInterface
    public interface Variant
    {
        /**
         * @return something for the blackhole.
         * @throws Exception if the variant fails.
         */
        int run() throws Exception;
    }

    /**
     * @param args ignored.
     * @throws Exception if a variant fails its setup check.
     */
    public static void main(final String[] args) throws Exception
    {
        final Blackhole bh = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        System.out.println("CPU ns per frame (best of 8 rounds of 200,000 after 4 warm-up rounds)");
        for (final String frame : new String[] { "execution-1-fill", "execution-3-fills", "order" })
        {
            final ParseBenchmark b = new ParseBenchmark();
            b.frame = frame;
            b.setUp(bh);
            row(frame, bh, b::ours, () -> b.fastjson2(bh), () -> b.dslJson(bh));
        }
        for (final String frame : new String[] { "execution", "order" })
        {
            final VariedParseBenchmark b = new VariedParseBenchmark();
            b.frame = frame;
            b.setUp(bh);
            row("varied " + frame, bh, b::ours, () -> b.fastjson2(bh), () -> b.dslJson(bh));
        }
    }

    private static void row(
        final String label, final Blackhole bh, final Variant ours, final Variant fastjson2, final Variant dslJson)
        throws Exception
    {
        final double[] best = bestCpuNanos(bh, ours, fastjson2, dslJson);
        System.out.printf("%-18s ours %7.1f  fastjson2 %7.1f (%.2fx)  DSL-JSON %7.1f (%.2fx)%n",
            label, best[0], best[1], best[1] / best[0], best[2], best[2] / best[0]);
    }

    /**
     * @param bh       consumes each call's result.
     * @param variants timed round by round, interleaved.
     * @return each variant's CPU nanoseconds per call in its best round.
     * @throws Exception if a variant fails.
     */
    public static double[] bestCpuNanos(final Blackhole bh, final Variant... variants) throws Exception
    {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final double[] best = new double[variants.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int round = 0; round < ROUNDS; round++)
        {
            for (int v = 0; v < variants.length; v++)
            {
                final Variant variant = variants[v];
                final long start = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < CALLS; i++)
                {
                    bh.consume(variant.run());
                }
                if (round >= WARM_UP_ROUNDS)
                {
                    best[v] = Math.min(best[v], (mx.getCurrentThreadCpuTime() - start) / (double)CALLS);
                }
            }
        }
        return best;
    }
}
