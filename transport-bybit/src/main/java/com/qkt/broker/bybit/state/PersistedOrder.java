package com.qkt.broker.bybit.state;

import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;

import java.util.Arrays;

/**
 * One working order as the state directory knows it: what was submitted, whether the strategy was told it was
 * accepted, the cumulative quantity delivered to the strategy and the hashes of the exec ids delivered, so a restart
 * delivers the rest of its fills and none of these again. Plain object, written by the persister thread and read at
 * start.
 */
public final class PersistedOrder
{
    long clientOrderId;
    String symbol = "";
    Side side;
    OrderType orderType;
    long qtyMantissa;
    int qtyExponent;
    long priceMantissa;
    int priceExponent;
    long submitMillis;
    boolean accepted;
    long cumMantissa;
    int cumExponent;
    long[] execHashes = new long[4];
    int execCount;

    void addExec(final long hash)
    {
        // no duplicate check: the handler journals a fill once, and a replay applies each record once
        if (execCount == execHashes.length)
        {
            execHashes = Arrays.copyOf(execHashes, execCount * 2);
        }
        execHashes[execCount++] = hash;
    }

    /**
     * @return the engine's id of the order (the {@code orderLinkId} is prefix + this).
     */
    public long clientOrderId()
    {
        return clientOrderId;
    }

    /**
     * @return the symbol.
     */
    public String symbol()
    {
        return symbol;
    }

    /**
     * @return the side, null if unknown.
     */
    public Side side()
    {
        return side;
    }

    /**
     * @return the order type, null if unknown.
     */
    public OrderType orderType()
    {
        return orderType;
    }

    /**
     * @return quantity mantissa.
     */
    public long qtyMantissa()
    {
        return qtyMantissa;
    }

    /**
     * @return quantity exponent.
     */
    public int qtyExponent()
    {
        return qtyExponent;
    }

    /**
     * @return price mantissa.
     */
    public long priceMantissa()
    {
        return priceMantissa;
    }

    /**
     * @return price exponent.
     */
    public int priceExponent()
    {
        return priceExponent;
    }

    /**
     * @return wall-clock time of the submit.
     */
    public long submitMillis()
    {
        return submitMillis;
    }

    /**
     * @return true if the strategy was told the order was accepted.
     */
    public boolean accepted()
    {
        return accepted;
    }

    /**
     * @return mantissa of the cumulative quantity delivered.
     */
    public long cumMantissa()
    {
        return cumMantissa;
    }

    /**
     * @return exponent of the cumulative quantity delivered.
     */
    public int cumExponent()
    {
        return cumExponent;
    }

    /**
     * @return how many exec ids were delivered.
     */
    public int execCount()
    {
        return execCount;
    }

    /**
     * @param index 0 .. {@link #execCount()} - 1.
     * @return the hash of a delivered exec id.
     */
    public long execHash(final int index)
    {
        return execHashes[index];
    }

    boolean sameAs(final PersistedOrder other)
    {
        return clientOrderId == other.clientOrderId && symbol.equals(other.symbol) && side == other.side &&
            orderType == other.orderType && qtyMantissa == other.qtyMantissa && qtyExponent == other.qtyExponent &&
            priceMantissa == other.priceMantissa && priceExponent == other.priceExponent &&
            submitMillis == other.submitMillis && accepted == other.accepted && cumMantissa == other.cumMantissa &&
            cumExponent == other.cumExponent &&
            Arrays.equals(execHashes, 0, execCount, other.execHashes, 0, other.execCount);
    }

    public String toString()
    {
        return "PersistedOrder{id=" + clientOrderId + ", " + symbol + " " + side + " " + orderType + " " +
            qtyMantissa + "e" + qtyExponent + " @ " + priceMantissa + "e" + priceExponent + ", accepted=" + accepted +
            ", cum=" + cumMantissa + "e" + cumExponent + ", fills=" + execCount + "}";
    }
}
