package com.qkt.engine;

import com.qkt.common.timer.TimerListener;
import com.qkt.common.timer.TimerService;
import com.qkt.test.Allocations;
import com.qkt.test.Await;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineAllocationTest
{
    private static final int WARM_UP_EVENTS = 300_000;
    private static final int WINDOW_EVENTS = 1_000_000;
    private static final int MAX_WINDOWS = 3;
    private static final long TIMEOUT_MS = 120_000;

    /**
     * Samples its own thread's allocation every {@link #SAMPLE_EVENTS} events from inside the handler, from the very
     * first event, so that the sampling code itself is warm (no first-time deoptimisation inside a window).
     */
    private static final class MeasuringHandler implements RingEventHandler
    {
        static final int SAMPLE_EVENTS = 100_000;
        static final int SAMPLES_PER_WINDOW = WINDOW_EVENTS / SAMPLE_EVENTS;
        static final int WARM_UP_SAMPLES = WARM_UP_EVENTS / SAMPLE_EVENTS;

        final long[] samples = new long[WARM_UP_SAMPLES + MAX_WINDOWS * SAMPLES_PER_WINDOW + 1];
        long fired;
        final TimerListener listener = (timerId, nowNanos) -> fired++;
        TimerService timers;
        long events;
        long payloadSum;
        int sampleCount;
        volatile int windowsDone;
        volatile boolean done;

        public void onEvent(final RingEvent event, final long nowNanos)
        {
            payloadSum += event.buffer().getLong(0) + event.length();

            // a timer scheduled and cancelled on every event, plus one that fires every 64 events
            final long id = timers.schedule(nowNanos + 1_000_000_000L, listener);
            timers.cancel(id);
            if ((events & 63) == 0)
            {
                timers.schedule(nowNanos, listener);
            }

            if (events % SAMPLE_EVENTS == 0 && !done)
            {
                samples[sampleCount] = Allocations.currentThreadAllocatedBytes();
                final int sinceWarmUp = sampleCount - WARM_UP_SAMPLES;
                sampleCount++;
                if (sinceWarmUp > 0 && sinceWarmUp % SAMPLES_PER_WINDOW == 0)
                {
                    final int window = sinceWarmUp / SAMPLES_PER_WINDOW;
                    windowsDone = window;
                    final int end = WARM_UP_SAMPLES + window * SAMPLES_PER_WINDOW;
                    if (samples[end] == samples[end - SAMPLES_PER_WINDOW] || window == MAX_WINDOWS)
                    {
                        done = true;
                    }
                }
            }
            events++;
        }

        long window(final int window)
        {
            final int start = WARM_UP_SAMPLES + window * SAMPLES_PER_WINDOW;
            return samples[start + SAMPLES_PER_WINDOW] - samples[start];
        }
    }

    @Test
    void shouldNotAllocateOnTheHandlerThreadInSteadyState()
    {
        final MeasuringHandler handler = new MeasuringHandler();
        final Engine engine = Engine.launch(
            new EngineContext()
                .ringSize(1024)
                .slotPayloadBytes(128)
                .waitStrategy(WaitStrategyKind.BLOCKING)
                .threadNamePrefix("alloc-test"),
            handler);
        handler.timers = engine.timers();

        final RingPublisher publisher = engine.publisher();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[48]);
        final long[] producerAllocated = new long[2];
        final Thread producer = new Thread(() ->
        {
            final long total = WARM_UP_EVENTS + (long)MAX_WINDOWS * WINDOW_EVENTS + 1;
            for (long i = 0; i < total && !handler.done; i++)
            {
                if (i == WARM_UP_EVENTS)
                {
                    producerAllocated[0] = Allocations.currentThreadAllocatedBytes();
                }
                if (i == WARM_UP_EVENTS + WINDOW_EVENTS)
                {
                    producerAllocated[1] = Allocations.currentThreadAllocatedBytes();
                }
                payload.putLong(0, i);
                publisher.publish(EventTypes.FIRST_USER_TYPE, i, 1, i, payload, 0, payload.capacity());
            }
        }, "alloc-producer");
        producer.start();

        try
        {
            Await.until(TIMEOUT_MS, () -> handler.done, () -> "windows measured: " + handler.windowsDone);
        }
        finally
        {
            engine.close();
        }

        final long[] perWindow = new long[handler.windowsDone];
        for (int i = 0; i < perWindow.length; i++)
        {
            perWindow[i] = handler.window(i);
        }
        System.out.println("EngineAllocationTest: handler thread bytes allocated per 1,000,000 events (after " +
            WARM_UP_EVENTS + " warm-up events, timer schedule+cancel per event, a timer fired every 64) = " +
            Arrays.toString(perWindow) + "; producer thread over the first window = " +
            (producerAllocated[1] - producerAllocated[0]) + "; timers fired = " + handler.fired +
            "; counters " + engine.context().counters());

        assertEquals(0, perWindow[perWindow.length - 1]);
        assertTrue(handler.fired > WINDOW_EVENTS / 64);
        assertEquals(0, engine.context().counters().errors().get());
    }
}
