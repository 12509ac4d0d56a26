package com.qkt.broker.bybit.state;

import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the state directory holds about one engine: its identity and {@code orderLinkId} prefix, the highest
 * client order id reserved, the orders known open with what was delivered of them, and the execution watermark
 * (the latest exec time delivered and the exec ids delivered at that time). The persister thread owns one and applies
 * {@link StateJournal} records to it; {@link StateFileCodec} writes and reads it.
 */
public final class EngineState
{
    String engineId = "";
    String prefix = "";
    /** The product category the engine traded ({@code spot}, {@code linear}, ...); "" when a version 1 file. */
    String category = "";
    long createdMillis;
    long reservedUpTo;
    long lastExecTime;
    /** Exec ids kept at the watermark time at most. */
    static final int MAX_WATERMARK_IDS = 1024;

    long[] watermarkHashes = new long[4];
    final org.agrona.collections.LongHashSet watermarkSet = new org.agrona.collections.LongHashSet();
    int watermarkCount;
    long journalEpoch;
    long journalPosition;
    final Long2ObjectHashMap<PersistedOrder> orders = new Long2ObjectHashMap<>();

    /**
     * Apply one journal record, already validated.
     *
     * @param buffer the journal's buffer.
     * @param offset where the record starts.
     */
    void apply(final UnsafeBuffer buffer, final int offset)
    {
        final long id = buffer.getLong(offset + StateJournal.R_ID);
        switch (buffer.getInt(offset + StateJournal.R_TYPE))
        {
            case StateJournal.ORDER_ADDED:
            {
                final PersistedOrder order = new PersistedOrder();
                order.clientOrderId = id;
                order.qtyMantissa = buffer.getLong(offset + StateJournal.R_QTY_MANTISSA);
                order.priceMantissa = buffer.getLong(offset + StateJournal.R_PRICE_MANTISSA);
                order.submitMillis = buffer.getLong(offset + StateJournal.R_SUBMIT_MILLIS);
                order.qtyExponent = buffer.getByte(offset + StateJournal.R_QTY_EXPONENT);
                order.priceExponent = buffer.getByte(offset + StateJournal.R_PRICE_EXPONENT);
                order.side = side(buffer.getByte(offset + StateJournal.R_SIDE));
                order.orderType = orderType(buffer.getByte(offset + StateJournal.R_ORDER_TYPE));
                final int symbolLength = buffer.getByte(offset + StateJournal.R_SYMBOL_LENGTH);
                order.symbol = buffer.getStringWithoutLengthAscii(offset + StateJournal.R_SYMBOL, symbolLength);
                orders.put(id, order);
                break;
            }

            case StateJournal.ORDER_ACCEPTED:
            {
                final PersistedOrder order = orders.get(id);
                if (null != order)
                {
                    order.accepted = true;
                }
                break;
            }

            case StateJournal.FILL:
            {
                final long hash = buffer.getLong(offset + StateJournal.R_EXEC_HASH);
                final long execTime = buffer.getLong(offset + StateJournal.R_EXEC_TIME);
                final PersistedOrder order = orders.get(id);
                if (null != order)
                {
                    order.accepted = true;
                    order.cumMantissa = buffer.getLong(offset + StateJournal.R_CUM_MANTISSA);
                    order.cumExponent = buffer.getByte(offset + StateJournal.R_CUM_EXPONENT);
                    order.addExec(hash);
                }
                watermark(execTime, hash);
                break;
            }

            case StateJournal.ORDER_REMOVED:
                orders.remove(id);
                break;

            case StateJournal.IDS_RESERVED:
                reservedUpTo = Math.max(reservedUpTo, id);
                break;

            default:
                throw new IllegalArgumentException("unknown journal record type " +
                    buffer.getInt(offset + StateJournal.R_TYPE));
        }
    }

    void watermark(final long execTime, final long hash)
    {
        if (execTime > lastExecTime)
        {
            lastExecTime = execTime;
            watermarkSet.clear();
            watermarkCount = 0;
        }
        // a set, so a burst of fills in one millisecond costs O(1) each; bounded, because the exact record of what was
        // delivered is each open order's own exec-id hashes and the watermark only says where to resume reading
        if (execTime == lastExecTime && watermarkCount < MAX_WATERMARK_IDS && watermarkSet.add(hash))
        {
            if (watermarkCount == watermarkHashes.length)
            {
                watermarkHashes = Arrays.copyOf(watermarkHashes, watermarkCount * 2);
            }
            watermarkHashes[watermarkCount++] = hash;
        }
    }

    private static Side side(final byte value)
    {
        return value == 0 ? null : Side.get((short)value);
    }

    private static OrderType orderType(final byte value)
    {
        return value == 0 ? null : OrderType.get((short)value);
    }

    /**
     * @return the engine's identity, fixed at its first start.
     */
    public String engineId()
    {
        return engineId;
    }

    /**
     * @return the {@code orderLinkId} prefix, fixed at the first start.
     */
    public String prefix()
    {
        return prefix;
    }

    /**
     * @return the product category the state belongs to ("" when unknown: written by version 1).
     */
    public String category()
    {
        return category;
    }

    /**
     * @return when the engine first started.
     */
    public long createdMillis()
    {
        return createdMillis;
    }

    /**
     * @return client order ids up to this one may have been handed out.
     */
    public long reservedUpTo()
    {
        return reservedUpTo;
    }

    /**
     * @return exchange time of the latest fill delivered, 0 if none.
     */
    public long lastExecTime()
    {
        return lastExecTime;
    }

    /**
     * @return exec-id hashes delivered at {@link #lastExecTime()}.
     */
    public long[] watermarkHashes()
    {
        return Arrays.copyOf(watermarkHashes, watermarkCount);
    }

    /**
     * @return the orders known open, by client order id (ascending).
     */
    public List<PersistedOrder> orders()
    {
        final List<PersistedOrder> list = new ArrayList<>(orders.values());
        list.sort((a, b) -> Long.compare(a.clientOrderId, b.clientOrderId));
        return list;
    }

    /**
     * @param other another state.
     * @return true if both hold the same facts.
     */
    public boolean sameAs(final EngineState other)
    {
        if (!engineId.equals(other.engineId) || !prefix.equals(other.prefix) || !category.equals(other.category) ||
            createdMillis != other.createdMillis || reservedUpTo != other.reservedUpTo ||
            lastExecTime != other.lastExecTime || journalEpoch != other.journalEpoch ||
            journalPosition != other.journalPosition || orders.size() != other.orders.size() ||
            !Arrays.equals(watermarkHashes, 0, watermarkCount, other.watermarkHashes, 0, other.watermarkCount))
        {
            return false;
        }
        for (final PersistedOrder order : orders.values())
        {
            final PersistedOrder theirs = other.orders.get(order.clientOrderId);
            if (null == theirs || !order.sameAs(theirs))
            {
                return false;
            }
        }
        return true;
    }

    public String toString()
    {
        return "EngineState{engineId=" + engineId + ", prefix=" + prefix + ", category=" + category +
            ", reservedUpTo=" + reservedUpTo +
            ", lastExecTime=" + lastExecTime + ", watermarkIds=" + watermarkCount + ", openOrders=" + orders.size() +
            ", journal=" + journalEpoch + "/" + journalPosition + "}";
    }
}
