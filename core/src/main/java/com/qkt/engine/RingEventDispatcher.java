package com.qkt.engine;

import com.lmax.disruptor.Cursored;
import com.lmax.disruptor.EventHandler;
import com.qkt.common.error.CountingErrorHandler;
import com.qkt.common.error.EngineCounters;
import com.qkt.common.timer.TimerService;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The one consumer of the ring: for every event it reads the clock once, fires due timers, then dispatches
 * ({@link EventTypes#TICK} to {@link RingEventHandler#onTick(long)}, everything else to
 * {@link RingEventHandler#onEvent(RingEvent, long)}; {@link EventTypes#ABORTED} slots are skipped).
 * <p>
 * Any Throwable from the handler or a timer is counted in {@link EngineCounters#errors()} (exactly once) and handed
 * to the error handler; the dispatcher carries on with the next event. Tests drive it without a Disruptor through
 * {@link #dispatch(RingEvent)}.
 */
public final class RingEventDispatcher implements EventHandler<RingEvent>
{
    private final NanoClock clock;
    private final TimerService timers;
    private final RingEventHandler handler;
    private final ErrorHandler errorHandler;
    private final EngineCounters counters;
    private final AtomicCounter occupancyHighWater;
    private Cursored ringCursor;
    private long occupancyHighWaterMark;
    private long eventCount;

    /**
     * @param clock        read once per event.
     * @param timers       polled before each event is dispatched.
     * @param handler      the business logic.
     * @param errorHandler receives every Throwable from handler and timers.
     * @param counters     whose {@link EngineCounters#errors()} counts those Throwables.
     */
    public RingEventDispatcher(
        final NanoClock clock,
        final TimerService timers,
        final RingEventHandler handler,
        final ErrorHandler errorHandler,
        final EngineCounters counters)
    {
        this.clock = clock;
        this.timers = timers;
        this.handler = handler;
        this.errorHandler = CountingErrorHandler.countedBy(errorHandler, counters.errors());
        this.counters = counters;
        this.occupancyHighWater = counters.ringOccupancyHighWater();
    }

    /**
     * @param ringCursor the ring's publish cursor, read per event for the occupancy high-water mark; set before the
     *                   handler thread starts.
     */
    public void ringCursor(final Cursored ringCursor)
    {
        this.ringCursor = ringCursor;
    }

    /**
     * Handle one event: clock, timers, handler.
     *
     * @param event the slot.
     */
    public void dispatch(final RingEvent event)
    {
        final long nowNanos = clock.nanoTime();
        eventCount++;

        try
        {
            timers.poll(nowNanos);
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
        }

        try
        {
            final int type = event.type();
            if (EventTypes.TICK == type)
            {
                counters.sampleGauges();
                handler.onTick(nowNanos);
            }
            else if (EventTypes.ABORTED != type)
            {
                handler.onEvent(event, nowNanos);
            }
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onEvent(final RingEvent event, final long sequence, final boolean endOfBatch)
    {
        if (null != ringCursor)
        {
            // published but not yet handled, this slot included: how close producers came to a full ring
            final long occupancy = ringCursor.getCursor() - sequence + 1;
            if (occupancy > occupancyHighWaterMark)
            {
                occupancyHighWaterMark = occupancy;
                occupancyHighWater.setRelease(occupancy);
            }
        }
        dispatch(event);
    }

    /**
     * {@inheritDoc}
     */
    public void onStart()
    {
        try
        {
            handler.onStart();
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onShutdown()
    {
        try
        {
            handler.onClose();
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
        }
    }

    /**
     * @return events dispatched so far (read on the handler thread).
     */
    public long eventCount()
    {
        return eventCount;
    }

    /**
     * @return the counting error handler used for handler and timer failures.
     */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }
}
