package com.qkt.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link ParseBenchmark}'s ours, fastjson2 and DSL-JSON variants timed by the thread's CPU time rather than the wall
 * clock, interleaved round by round, best round kept: on a shared, overloaded machine (where JMH's wall-clock
 * errors exceed the scores) this still compares the variants, because time the thread spends descheduled is not
 * counted. Not a replacement for JMH (no forks, no blackhole guarantees beyond ParseBenchmark's own); a cross-check.
 * <p>
 * {@code java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * com.qkt.bench.ParseCpuTime}
 */
public final class ParseCpuTime
{
    private ParseCpuTime()
    {
    }

    /**
     * @param args ignored.
     * @throws Exception if a variant fails its setup check.
     */
    public static void main(final String[] args) throws Exception
    {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final Blackhole bh = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        System.out.println("CPU ns per frame (best of 8 rounds of 200,000 after 4 warm-up rounds)");
        for (final String frame : new String[] { "execution-1-fill", "execution-3-fills", "order" })
        {
            final ParseBenchmark b = new ParseBenchmark();
            b.frame = frame;
            b.setUp(bh);
            double ours = Double.MAX_VALUE;
            double fastjson2 = Double.MAX_VALUE;
            double dslJson = Double.MAX_VALUE;
            for (int round = 0; round < 12; round++)
            {
                final int n = 200_000;
                final long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++)
                {
                    bh.consume(b.ours());
                }
                final long t1 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++)
                {
                    bh.consume(b.fastjson2(bh));
                }
                final long t2 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++)
                {
                    bh.consume(b.dslJson(bh));
                }
                final long t3 = mx.getCurrentThreadCpuTime();
                if (round >= 4)
                {
                    ours = Math.min(ours, (t1 - t0) / (double)n);
                    fastjson2 = Math.min(fastjson2, (t2 - t1) / (double)n);
                    dslJson = Math.min(dslJson, (t3 - t2) / (double)n);
                }
            }
            System.out.printf("%-18s ours %7.1f  fastjson2 %7.1f (%.2fx)  DSL-JSON %7.1f (%.2fx)%n",
                frame, ours, fastjson2, fastjson2 / ours, dslJson, dslJson / ours);
        }
    }
}
