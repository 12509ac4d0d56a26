package com.qkt.broker.bybit.protocol;

import com.qkt.codec.AsciiNumbers;
import org.agrona.DirectBuffer;

/**
 * Bybit V5 {@code orderStatus} values; {@link #UNKNOWN} for anything not listed here.
 */
public enum BybitOrderStatus
{
    /** Open, resting. */
    NEW("New", false),
    /** Open, partly filled. */
    PARTIALLY_FILLED("PartiallyFilled", false),
    /** Conditional order waiting for its trigger. */
    UNTRIGGERED("Untriggered", false),
    /** Transient state between Untriggered and New. */
    TRIGGERED("Triggered", false),
    /** Closed, fully filled. */
    FILLED("Filled", true),
    /** Closed; derivatives may carry cumExecQty &gt; 0. */
    CANCELLED("Cancelled", true),
    /** Closed, spot only: partly filled then cancelled. */
    PARTIALLY_FILLED_CANCELED("PartiallyFilledCanceled", true),
    /** Closed, rejected. */
    REJECTED("Rejected", true),
    /** Closed: spot TP/SL, conditional or OCO order cancelled before its trigger. */
    DEACTIVATED("Deactivated", true),
    /** Not a value this code knows. */
    UNKNOWN("UNKNOWN", false);

    private static final BybitOrderStatus[] VALUES = values();

    private final String wireName;
    private final byte[] wireBytes;
    private final boolean terminal;

    BybitOrderStatus(final String wireName, final boolean terminal)
    {
        this.wireName = wireName;
        this.wireBytes = AsciiNumbers.ascii(wireName);
        this.terminal = terminal;
    }

    /**
     * @return true for states after which the order never changes again.
     */
    public boolean isTerminal()
    {
        return terminal;
    }

    /**
     * @return the value as Bybit writes it.
     */
    public String wireName()
    {
        return wireName;
    }

    /**
     * @param buffer holding the value (without quotes).
     * @param offset of the first byte.
     * @param length in bytes.
     * @return the status, {@link #UNKNOWN} when not recognised; never allocates.
     */
    public static BybitOrderStatus parse(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0, n = VALUES.length - 1; i < n; i++)
        {
            final BybitOrderStatus status = VALUES[i];
            if (AsciiNumbers.equals(buffer, offset, length, status.wireBytes))
            {
                return status;
            }
        }
        return UNKNOWN;
    }
}
