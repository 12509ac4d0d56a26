package com.qkt.broker.bybit.state;

import java.nio.file.Path;

/**
 * Run in a child JVM: tries to open a state directory as a second process would. Prints OPENED or REFUSED.
 */
public final class LockProbe
{
    public static void main(final String[] args)
    {
        try
        {
            final EngineStateStore store = EngineStateStore.open(Path.of(args[0]), null, "gen-",
                "qkt.broker.orderLinkIdPrefix", "spot", "qkt.broker.category", StateFileCodec.Format.BINARY,
                3_600_000, 1024, System.currentTimeMillis(), t -> { });
            System.out.println("OPENED " + store.outcome());
            store.halt();
        }
        catch (final IllegalStateException ex)
        {
            System.out.println("REFUSED " + ex.getMessage());
        }
    }
}
