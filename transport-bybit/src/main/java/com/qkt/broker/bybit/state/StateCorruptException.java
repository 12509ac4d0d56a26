package com.qkt.broker.bybit.state;

/**
 * The state directory holds something that is not a whole, intact engine state (truncated, torn, checksum mismatch,
 * a journal that overflowed or does not follow its snapshot). The message says which; the engine then starts from a
 * full reconcile instead of trusting it.
 */
public final class StateCorruptException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong.
     */
    public StateCorruptException(final String message)
    {
        super(message);
    }
}
