package com.qkt.bench;

import com.qkt.broker.bybit.state.EngineState;
import com.qkt.broker.bybit.state.EngineStateStore;
import com.qkt.broker.bybit.state.StateFileCodec;
import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The state snapshot's wire format: encode and decode (with the CRC32 check) of a state of 100 open orders with 10
 * delivered fills each, in Chronicle Wire binary ({@code ours}, the default) and YAML ({@code yaml}). The persister
 * thread pays the encode at most every {@code qkt.broker.stateFlushMs}; a start pays the decode once. Sizes are
 * printed at setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StateSnapshotBenchmark
{
    private EngineState state;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Path dir = Files.createTempDirectory("qkt-bench-snapshot");
        final EngineStateStore store = EngineStateStore.open(dir, "bench-", "bench-", "qkt.broker.orderLinkIdPrefix",
            "spot", "qkt.broker.category", StateFileCodec.Format.BINARY, 3_600_000, 1 << 16, 1_700_000_000_000L,
            Throwable::printStackTrace);
        final AsciiField symbol = new AsciiField(24);
        symbol.set("BTCUSDT");
        final FixedDecimal cum = new FixedDecimal();
        for (int o = 1; o <= 100; o++)
        {
            store.journal().orderAdded(o, symbol, Side.BUY, OrderType.LIMIT, new FixedDecimal(1, 0),
                new FixedDecimal(5_000_012, -2), 1_700_000_000_000L + o);
            store.journal().orderAccepted(o);
            for (int f = 1; f <= 10; f++)
            {
                cum.set(f, -2);
                store.journal().fill(o, 0x9E3779B97F4A7C15L * (o * 100 + f), 1_700_000_001_000L + f, cum);
            }
        }
        store.close();
        state = StateFileCodec.read(dir.resolve(EngineStateStore.STATE_FILE));
        System.out.println("snapshot of " + state.orders().size() + " orders: binary " +
            StateFileCodec.encode(state, StateFileCodec.Format.BINARY).length + " bytes, YAML " +
            StateFileCodec.encode(state, StateFileCodec.Format.YAML).length + " bytes");
        try (java.util.stream.Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * @return the decoded state (consumed by JMH).
     */
    @Benchmark
    public EngineState ours()
    {
        return StateFileCodec.decode(StateFileCodec.encode(state, StateFileCodec.Format.BINARY));
    }

    /**
     * @return the decoded state (consumed by JMH).
     */
    @Benchmark
    public EngineState yaml()
    {
        return StateFileCodec.decode(StateFileCodec.encode(state, StateFileCodec.Format.YAML));
    }
}
