package com.qkt.engine;

/**
 * Ring event types reserved by core. Brokers define their own types from {@link #FIRST_USER_TYPE} up.
 */
public final class EventTypes
{
    /**
     * Published by the engine's ticker every tick interval; dispatched to {@link RingEventHandler#onTick(long)}.
     */
    public static final int TICK = 1;

    /**
     * Published by {@link Engine#close()}: the last event the handler sees before {@link RingEventHandler#onClose()}.
     */
    public static final int SHUTDOWN = 2;

    /**
     * A slot whose producer failed while copying into it (e.g. a bad offset); the exception went to the producer.
     * The dispatcher polls timers for it but does not hand it to the handler.
     */
    public static final int ABORTED = 3;

    /**
     * The first type a broker may use for its own events.
     */
    public static final int FIRST_USER_TYPE = 16;

    private EventTypes()
    {
    }

    /**
     * @param type event type.
     * @return true if core reserves the type.
     */
    public static boolean isReserved(final int type)
    {
        return type < FIRST_USER_TYPE;
    }
}
