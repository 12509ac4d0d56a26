package com.qkt.bench.floor;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floor decoders under JMH, to run in one JMH run with {@code ParseBenchmark} (same frames, same parameter):
 * <p>
 * {@code java -jar bench/target/benchmarks.jar 'ParseBenchmark.(ours|fastjson2)|FloorBenchmark'}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FloorBenchmark
{
    @Param({ "execution-1-fill", "execution-3-fills", "order" })
    public String frame;

    private FloorCpuTime.Checked floors;

    /**
     * @throws IOException when the frame cannot be read.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        floors = FloorCpuTime.checked(frame);
    }

    /**
     * @param bh consumes the values ParseBenchmark's variants consume.
     * @return items decoded.
     */
    @Benchmark
    public int template(final Blackhole bh)
    {
        return FloorCpuTime.consume(floors.template, bh, floors.buffer, floors.length);
    }

    /**
     * @param bh consumes the values ParseBenchmark's variants consume.
     * @return items decoded.
     */
    @Benchmark
    public int straight(final Blackhole bh)
    {
        return FloorCpuTime.consume(floors.straight, bh, floors.buffer, floors.length);
    }
}
