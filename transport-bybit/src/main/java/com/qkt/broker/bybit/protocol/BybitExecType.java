package com.qkt.broker.bybit.protocol;

import com.qkt.codec.AsciiNumbers;
import org.agrona.DirectBuffer;

/**
 * Bybit V5 {@code execType} values of the execution topic; non-trade rows (funding, delivery...) arrive on the same
 * topic, so consumers must check it before treating a row as a fill of their order.
 */
public enum BybitExecType
{
    /** Normal trade. */
    TRADE("Trade"),
    /** Auto-deleveraging trade. */
    ADL_TRADE("AdlTrade"),
    /** Funding fee. */
    FUNDING("Funding"),
    /** Liquidation trade. */
    BUST_TRADE("BustTrade"),
    /** Delivery of an expiring contract. */
    DELIVERY("Delivery"),
    /** Settlement. */
    SETTLE("Settle"),
    /** Block trade. */
    BLOCK_TRADE("BlockTrade"),
    /** Position moved between accounts. */
    MOVE_POSITION("MovePosition"),
    /** Spread trade leg. */
    FUTURE_SPREAD("FutureSpread"),
    /** Corporate action. */
    CORPORATE_ACTION("CorporateAction"),
    /** Bybit's own UNKNOWN, or a value this code does not know. */
    UNKNOWN("UNKNOWN");

    private static final BybitExecType[] VALUES = values();

    private final String wireName;
    private final byte[] wireBytes;

    BybitExecType(final String wireName)
    {
        this.wireName = wireName;
        this.wireBytes = AsciiNumbers.ascii(wireName);
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
     * @return the type, {@link #UNKNOWN} when not recognised; never allocates.
     */
    public static BybitExecType parse(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0, n = VALUES.length - 1; i < n; i++)
        {
            final BybitExecType type = VALUES[i];
            if (AsciiNumbers.equals(buffer, offset, length, type.wireBytes))
            {
                return type;
            }
        }
        return UNKNOWN;
    }
}
