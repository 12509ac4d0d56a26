package com.qkt.engine;

import com.qkt.common.error.CountingErrorHandler;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RingEventDispatcherTest
{
    private static final long MS = 1_000_000L;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final TimerService timers = new TimerService(clock.nanoTime(), 1L << 20, 256);
    private final EngineCounters counters = new EngineCounters();
    private final List<Throwable> errors = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final RingEvent event = new RingEvent(64);

    private final RingEventHandler handler = new RingEventHandler()
    {
        public void onEvent(final RingEvent event, final long nowNanos)
        {
            if (event.value() < 0)
            {
                throw new IllegalStateException("bad event " + event.value());
            }
            calls.add("event " + event.type() + "@" + nowNanos);
        }

        public void onTick(final long nowNanos)
        {
            calls.add("tick@" + nowNanos);
        }
    };

    private final RingEventDispatcher dispatcher =
        new RingEventDispatcher(clock, timers, handler, errors::add, counters);

    @Test
    void shouldDispatchTicksAndEventsWithTheClockTime()
    {
        final long t0 = clock.nanoTime();
        dispatcher.dispatch(event.set(EventTypes.TICK, 0, 0, 0));
        clock.advanceNanos(5);
        dispatcher.dispatch(event.set(EventTypes.FIRST_USER_TYPE, 0, 0, 0));
        dispatcher.dispatch(event.set(EventTypes.ABORTED, 0, 0, 0));

        assertEquals(List.of("tick@" + t0, "event 16@" + (t0 + 5)), calls);
        assertEquals(3, dispatcher.eventCount());
    }

    @Test
    void shouldFireDueTimersBeforeTheEvent()
    {
        timers.schedule(clock.nanoTime() + 10 * MS, (id, now) -> calls.add("timer@" + now));
        clock.advanceMillis(20);
        dispatcher.dispatch(event.set(EventTypes.FIRST_USER_TYPE, 0, 0, 0));

        final long now = clock.nanoTime();
        assertEquals(List.of("timer@" + now, "event 16@" + now), calls);
    }

    @Test
    void shouldCountHandlerAndTimerErrorsOnceAndCarryOn()
    {
        timers.schedule(clock.nanoTime(), (id, now) ->
        {
            throw new IllegalArgumentException("timer bug");
        });
        clock.advanceMillis(5);

        dispatcher.dispatch(event.set(EventTypes.FIRST_USER_TYPE, 0, 0, -1));
        dispatcher.dispatch(event.set(EventTypes.FIRST_USER_TYPE, 0, 0, 1));

        assertEquals(2, errors.size());
        assertEquals(2, counters.errors().get());
        assertEquals(1, calls.size());
    }

    @Test
    void shouldNotDoubleCountWithTheEnginesCountingErrorHandler()
    {
        final List<String> logged = new ArrayList<>();
        final CountingErrorHandler countingHandler =
            new CountingErrorHandler(counters.errors(), (summary, error) -> logged.add(summary));
        final RingEventDispatcher counted = new RingEventDispatcher(clock, timers, handler, countingHandler, counters);

        for (int i = 0; i < 3; i++)
        {
            counted.dispatch(event.set(EventTypes.FIRST_USER_TYPE, 0, 0, -1));
        }

        assertEquals(3, counters.errors().get());
        assertEquals(1, logged.size(), "first occurrence only");
        assertEquals(1, countingHandler.distinctErrorCount());
    }

    @Test
    void shouldSurviveAnErrorHandlerThatThrows()
    {
        final RingEventDispatcher dispatcher = new RingEventDispatcher(clock, timers, handler, (error) ->
        {
            throw new IllegalStateException("error handler bug");
        }, counters);

        dispatcher.dispatch(event.set(EventTypes.FIRST_USER_TYPE, 0, 0, -1));
        dispatcher.dispatch(event.set(EventTypes.FIRST_USER_TYPE, 0, 0, 1));

        assertEquals(1, counters.errors().get());
        assertEquals(1, calls.size());
    }
}
