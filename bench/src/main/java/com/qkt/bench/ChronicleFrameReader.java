package com.qkt.bench;

import net.openhft.chronicle.wire.ReadMarshallable;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireKey;

/**
 * Chronicle Wire's way to read a Bybit push into reused objects, in the shape that measured allocation-free:
 * WireKey enum keys, pre-sized StringBuilders, {@code sequence()} with a static method reference for {@code data}.
 * Fields are requested in the order Bybit sends them (Chronicle also copes with other orders, more slowly).
 */
final class ChronicleFrameReader implements ReadMarshallable
{
    enum Key implements WireKey
    {
        topic, id, creationTime, data,
        category, symbol, execFee, execId, execPrice, execQty, execType, execValue, feeRate, leavesQty, orderId,
        orderLinkId, orderPrice, orderQty, orderType, side, execTime, isMaker, seq, feeCurrency,
        positionIdx, orderStatus, cancelType, rejectReason, timeInForce, price, qty, avgPrice, cumExecQty,
        cumExecValue, cumExecFee, reduceOnly, createdTime, updatedTime
    }

    final StringBuilder topic = new StringBuilder(64);
    final StringBuilder id = new StringBuilder(64);
    long creationTime;
    boolean isExecution;
    int count;
    final ExecutionReader[] executions = new ExecutionReader[MutableEvents.MAX_ITEMS];
    final OrderReader[] orders = new OrderReader[MutableEvents.MAX_ITEMS];

    ChronicleFrameReader()
    {
        for (int i = 0; i < MutableEvents.MAX_ITEMS; i++)
        {
            executions[i] = new ExecutionReader();
            orders[i] = new OrderReader();
        }
    }

    public void readMarshallable(final WireIn in)
    {
        in.read(Key.topic).textTo(topic);
        isExecution = topic.length() >= 9 && topic.charAt(0) == 'e';
        in.read(Key.id).textTo(id);
        creationTime = in.read(Key.creationTime).int64();
        count = 0;
        in.read(Key.data).sequence(this, ChronicleFrameReader::readItems);
    }

    private static void readItems(final ChronicleFrameReader reader, final ValueIn in)
    {
        while (in.hasNextSequenceItem())
        {
            if (reader.isExecution)
            {
                in.marshallable(reader.executions[reader.count++]);
            }
            else
            {
                in.marshallable(reader.orders[reader.count++]);
            }
        }
    }

    static final class ExecutionReader implements ReadMarshallable
    {
        final MutableEvents.Execution e = new MutableEvents.Execution();

        public void readMarshallable(final WireIn in)
        {
            final MutableEvents.Execution e = this.e;
            final StringBuilder s = e.scratch;
            in.read(Key.category).textTo(e.category);
            in.read(Key.symbol).textTo(e.symbol);
            CharDecimals.parse(in.read(Key.execFee).textTo(s), e.execFee);
            in.read(Key.execId).textTo(e.execId);
            CharDecimals.parse(in.read(Key.execPrice).textTo(s), e.execPrice);
            CharDecimals.parse(in.read(Key.execQty).textTo(s), e.execQty);
            e.execType = MutableEvents.execType(in.read(Key.execType).textTo(s));
            CharDecimals.parse(in.read(Key.execValue).textTo(s), e.execValue);
            CharDecimals.parse(in.read(Key.feeRate).textTo(s), e.feeRate);
            CharDecimals.parse(in.read(Key.leavesQty).textTo(s), e.leavesQty);
            in.read(Key.orderId).textTo(e.orderId);
            in.read(Key.orderLinkId).textTo(e.orderLinkId);
            CharDecimals.parse(in.read(Key.orderPrice).textTo(s), e.orderPrice);
            CharDecimals.parse(in.read(Key.orderQty).textTo(s), e.orderQty);
            e.orderType = MutableEvents.orderType(in.read(Key.orderType).textTo(s));
            e.side = MutableEvents.side(in.read(Key.side).textTo(s));
            e.execTime = CharDecimals.parseLong(in.read(Key.execTime).textTo(s));
            e.isMaker = in.read(Key.isMaker).bool();
            e.seq = in.read(Key.seq).int64();
            in.read(Key.feeCurrency).textTo(e.feeCurrency);
        }
    }

    static final class OrderReader implements ReadMarshallable
    {
        final MutableEvents.Order o = new MutableEvents.Order();

        public void readMarshallable(final WireIn in)
        {
            final MutableEvents.Order o = this.o;
            final StringBuilder s = o.scratch;
            in.read(Key.category).textTo(o.category);
            in.read(Key.symbol).textTo(o.symbol);
            in.read(Key.orderId).textTo(o.orderId);
            in.read(Key.orderLinkId).textTo(o.orderLinkId);
            o.side = MutableEvents.side(in.read(Key.side).textTo(s));
            o.positionIdx = in.read(Key.positionIdx).int32();
            o.orderStatus = MutableEvents.orderStatus(in.read(Key.orderStatus).textTo(s));
            in.read(Key.cancelType).textTo(o.cancelType);
            in.read(Key.rejectReason).textTo(o.rejectReason);
            in.read(Key.timeInForce).textTo(o.timeInForce);
            CharDecimals.parse(in.read(Key.price).textTo(s), o.price);
            CharDecimals.parse(in.read(Key.qty).textTo(s), o.qty);
            CharDecimals.parse(in.read(Key.avgPrice).textTo(s), o.avgPrice);
            CharDecimals.parse(in.read(Key.leavesQty).textTo(s), o.leavesQty);
            CharDecimals.parse(in.read(Key.cumExecQty).textTo(s), o.cumExecQty);
            CharDecimals.parse(in.read(Key.cumExecValue).textTo(s), o.cumExecValue);
            CharDecimals.parse(in.read(Key.cumExecFee).textTo(s), o.cumExecFee);
            o.orderType = MutableEvents.orderType(in.read(Key.orderType).textTo(s));
            o.reduceOnly = in.read(Key.reduceOnly).bool();
            o.createdTime = CharDecimals.parseLong(in.read(Key.createdTime).textTo(s));
            o.updatedTime = CharDecimals.parseLong(in.read(Key.updatedTime).textTo(s));
        }
    }
}
