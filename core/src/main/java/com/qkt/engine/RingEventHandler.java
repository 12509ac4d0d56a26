package com.qkt.engine;

/**
 * Business logic run on the single handler thread: the one writer of all mutable state.
 * <p>
 * {@code nowNanos} is read once per event from the engine's clock, after due timers have fired; use it instead of
 * reading a clock. A thrown exception is counted and reported; the next event is still delivered.
 */
public interface RingEventHandler
{
    /**
     * Every event that is not a {@link EventTypes#TICK}. The event and its buffer are only valid during the call.
     *
     * @param event    the slot.
     * @param nowNanos the engine clock's time for this event.
     */
    void onEvent(RingEvent event, long nowNanos);

    /**
     * A {@link EventTypes#TICK}: periodic work that does not belong to a timer.
     *
     * @param nowNanos the engine clock's time.
     */
    default void onTick(final long nowNanos)
    {
    }

    /**
     * Called on the handler thread before the first event.
     */
    default void onStart()
    {
    }

    /**
     * Called on the handler thread after the last event when the engine closes.
     */
    default void onClose()
    {
    }
}
