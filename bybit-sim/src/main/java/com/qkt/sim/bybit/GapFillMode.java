package com.qkt.sim.bybit;

/**
 * When a scheduled fill ({@link Faults#scheduleFill}) is applied relative to the account's socket drops.
 */
public enum GapFillMode
{
    /**
     * Wait for the account's next socket drop (any cause: client close, injected fault, idle cut) and apply the fill
     * after that socket is gone and before any new socket of the account authenticates. Never pushed to the dropped
     * socket; pushed only to other sockets of the account that are still authenticated.
     */
    AFTER_NEXT_DROP,
    /**
     * Apply the fill now, swallow its pushes on every socket of the account and reset those sockets at once: the
     * client sees the connection die "just as" the fill happened and must find it through REST.
     */
    NOW_THEN_RESET
}
