package com.qkt.bench;

import java.util.concurrent.ArrayBlockingQueue;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.qkt.engine.Engine;
import com.qkt.engine.EngineContext;
import com.qkt.engine.EventTypes;
import com.qkt.engine.RingEvent;
import com.qkt.engine.RingEventHandler;
import com.qkt.engine.WaitStrategyKind;

/**
 * One hop from a producer thread to the single handler thread: {@code ours} is our pipeline ({@link Engine} ring,
 * published with {@link com.qkt.engine.RingPublisher#publish(int, long, long, long)}), {@code arrayBlockingQueue}
 * an {@link ArrayBlockingQueue} hand-off between the same two kinds of thread, consumer blocked in {@code take()}.
 * <p>
 * Scheme: <b>ping-pong with a shared-memory ack</b>. Each operation publishes sequence {@code n} and spins until the
 * consumer has stored {@code n} into a volatile ack ({@link HopAck}). So one sampled operation is one hop (publish,
 * wake-up, dispatch) plus the ack's way back, which is the same single cache-line transfer (~100 ns) for both
 * variants; the difference between the variants is the difference between the hops. Only one event is ever in
 * flight, so this is latency, not throughput. The ring runs its full dispatch (clock read, timer poll) as in
 * production.
 * <p>
 * Operations run back to back, so a blocking consumer is sometimes still on its way to sleep when the next event
 * comes and skips the park/unpark: with {@code BLOCKING} (lock and condition, like the ABQ) the p50 of either variant
 * flips between a wake-up (~4 us) and no wake-up (~1 us) with small timing changes; compare those two at the p99.
 * <p>
 * 2 cores: the benchmark thread spins (then yields) for the ack, so with {@code BLOCKING} two threads share the two
 * cores as intended. {@code YIELDING} and {@code BUSY_SPIN} add a spinning handler; {@code BUSY_SPIN} also makes the
 * engine's ticker spin (it spins between ticks in that mode, whatever the tick interval), so three busy threads
 * compete for two cores and the tail (p99; with any other load on the box, even p50) shows the OS scheduler's time
 * slices rather than the ring. Read {@code BUSY_SPIN} numbers from a machine with spare, pinned cores.
 * <p>
 * The baseline has no parameter, so it runs once per run and the ratio table compares every wait strategy with it.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingHopBenchmark
{
    static final int HOP = EventTypes.FIRST_USER_TYPE;
    private static final long FIRST_HOP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Our pipeline: a launched {@link Engine} whose handler acknowledges each hop. Only the {@code ours} benchmark
     * uses it, so a spinning engine never runs during the baseline's trial.
     */
    @State(Scope.Thread)
    public static class Ring
    {
        /**
         * How the ring's handler waits.
         */
        @Param({ "BLOCKING", "LITE_BLOCKING", "PARKING", "YIELDING", "BUSY_SPIN" })
        public WaitStrategyKind waitStrategy;

        final HopAck ack = new HopAck();
        Engine engine;
        long sequence;

        @Setup(Level.Trial)
        public void setUp()
        {
            engine = Engine.launch(new EngineContext()
                .waitStrategy(waitStrategy)
                .ringSize(1024)
                .slotPayloadBytes(64)
                .threadNamePrefix("hop"), new AckingHandler(ack));
            // a hop that never arrives must fail the trial, not hang it
            sequence = 1;
            engine.publisher().publish(HOP, sequence, 0, 0);
            ack.awaitOrFail(sequence, FIRST_HOP_TIMEOUT_NS, "ring");
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            engine.close();
            final long errors = engine.context().counters().errors().get();
            if (errors != 0)
            {
                throw new IllegalStateException("ring handler reported " + errors + " errors");
            }
        }
    }

    /**
     * The baseline: an {@link ArrayBlockingQueue} and a consumer thread blocked in {@code take()}.
     */
    @State(Scope.Thread)
    public static class Queue
    {
        final HopAck ack = new HopAck();
        QueueConsumer consumer;
        long sequence;

        @Setup(Level.Trial)
        public void setUp()
        {
            consumer = new QueueConsumer(ack);
            consumer.start();
            sequence = 1;
            consumer.send(sequence);
            ack.awaitOrFail(sequence, FIRST_HOP_TIMEOUT_NS, "queue");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException
        {
            consumer.close();
        }
    }

    /** The business handler of the ring: acknowledges each hop. */
    static final class AckingHandler implements RingEventHandler
    {
        private final HopAck ack;

        AckingHandler(final HopAck ack)
        {
            this.ack = ack;
        }

        public void onEvent(final RingEvent event, final long nowNanos)
        {
            if (HOP == event.type())
            {
                ack.ack(event.correlationId());
            }
        }
    }

    @Benchmark
    public long ours(final Ring ring)
    {
        final long n = ++ring.sequence;
        ring.engine.publisher().publish(HOP, n, 0, 0);
        ring.ack.await(n);
        return n;
    }

    @Benchmark
    public long arrayBlockingQueue(final Queue queue)
    {
        final long n = ++queue.sequence;
        queue.consumer.send(n);
        queue.ack.await(n);
        return n;
    }

    /**
     * The baseline consumer: one thread blocked in {@link ArrayBlockingQueue#take()}, acknowledging through the same
     * {@link HopAck} as the ring's handler. Messages are pre-allocated mutable slots, cycled, so the queue moves no
     * boxed values and allocates nothing per hop, like the ring.
     */
    static final class QueueConsumer extends Thread
    {
        private static final int SLOTS = 1024;

        private final ArrayBlockingQueue<Slot> queue = new ArrayBlockingQueue<>(SLOTS);
        private final Slot[] slots = new Slot[SLOTS];
        private final HopAck ack;
        private volatile boolean running = true;

        static final class Slot
        {
            long sequence;
        }

        QueueConsumer(final HopAck ack)
        {
            super("hop-abq-consumer");
            setDaemon(true);
            this.ack = ack;
            for (int i = 0; i < SLOTS; i++)
            {
                slots[i] = new Slot();
            }
        }

        void send(final long sequence)
        {
            final Slot slot = slots[(int)sequence & (SLOTS - 1)];
            slot.sequence = sequence;
            try
            {
                queue.put(slot);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while handing off", ex);
            }
        }

        public void run()
        {
            try
            {
                while (running)
                {
                    ack.ack(queue.take().sequence);
                }
            }
            catch (final InterruptedException ex)
            {
                // close() interrupts take(): the normal way out
            }
        }

        void close() throws InterruptedException
        {
            running = false;
            interrupt();
            join(5_000);
        }
    }
}
