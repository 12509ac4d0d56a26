package com.qkt.bench;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Jackson's streaming API used as carefully as it allows: one parser per frame (Jackson has no reset), field names
 * from its canonicalised symbol table, values read from its char buffer into reused holders.
 */
final class JacksonStreamingReader
{
    private final JsonFactory factory = new JsonFactory();
    final StringBuilder topic = new StringBuilder(64);
    final MutableEvents.Execution[] executions = new MutableEvents.Execution[MutableEvents.MAX_ITEMS];
    final MutableEvents.Order[] orders = new MutableEvents.Order[MutableEvents.MAX_ITEMS];
    int count;
    boolean isExecution;
    long creationTime;

    JacksonStreamingReader()
    {
        for (int i = 0; i < MutableEvents.MAX_ITEMS; i++)
        {
            executions[i] = new MutableEvents.Execution();
            orders[i] = new MutableEvents.Order();
        }
    }

    int read(final byte[] frame, final int offset, final int length) throws IOException
    {
        count = 0;
        topic.setLength(0);
        try (JsonParser p = factory.createParser(frame, offset, length))
        {
            if (p.nextToken() != JsonToken.START_OBJECT)
            {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = p.currentName();
                p.nextToken();
                switch (name)
                {
                    case "topic":
                        text(p, topic);
                        isExecution = topic.length() >= 9 && topic.charAt(0) == 'e';
                        break;
                    case "creationTime":
                        creationTime = p.getLongValue();
                        break;
                    case "data":
                        while (p.nextToken() == JsonToken.START_OBJECT)
                        {
                            if (isExecution)
                            {
                                readExecution(p, executions[count++]);
                            }
                            else
                            {
                                readOrder(p, orders[count++]);
                            }
                        }
                        break;
                    default:
                        p.skipChildren();
                }
            }
        }
        return count;
    }

    private static void text(final JsonParser p, final StringBuilder out) throws IOException
    {
        out.setLength(0);
        out.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    private static void decimal(final JsonParser p, final com.qkt.codec.FixedDecimal out) throws IOException
    {
        CharDecimals.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), out);
    }

    private static long time(final JsonParser p) throws IOException
    {
        return CharDecimals.parseLong(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    private static void readExecution(final JsonParser p, final MutableEvents.Execution e) throws IOException
    {
        while (p.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = p.currentName();
            p.nextToken();
            switch (name)
            {
                case "category": text(p, e.category); break;
                case "symbol": text(p, e.symbol); break;
                case "orderId": text(p, e.orderId); break;
                case "orderLinkId": text(p, e.orderLinkId); break;
                case "execId": text(p, e.execId); break;
                case "feeCurrency": text(p, e.feeCurrency); break;
                case "side":
                    text(p, e.scratch);
                    e.side = MutableEvents.side(e.scratch);
                    break;
                case "orderType":
                    text(p, e.scratch);
                    e.orderType = MutableEvents.orderType(e.scratch);
                    break;
                case "execType":
                    text(p, e.scratch);
                    e.execType = MutableEvents.execType(e.scratch);
                    break;
                case "execPrice": decimal(p, e.execPrice); break;
                case "execQty": decimal(p, e.execQty); break;
                case "execFee": decimal(p, e.execFee); break;
                case "execValue": decimal(p, e.execValue); break;
                case "leavesQty": decimal(p, e.leavesQty); break;
                case "orderQty": decimal(p, e.orderQty); break;
                case "orderPrice": decimal(p, e.orderPrice); break;
                case "feeRate": decimal(p, e.feeRate); break;
                case "execTime": e.execTime = time(p); break;
                case "isMaker": e.isMaker = p.currentToken() == JsonToken.VALUE_TRUE; break;
                case "seq": e.seq = p.getLongValue(); break;
                default: p.skipChildren();
            }
        }
    }

    private static void readOrder(final JsonParser p, final MutableEvents.Order o) throws IOException
    {
        while (p.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = p.currentName();
            p.nextToken();
            switch (name)
            {
                case "category": text(p, o.category); break;
                case "symbol": text(p, o.symbol); break;
                case "orderId": text(p, o.orderId); break;
                case "orderLinkId": text(p, o.orderLinkId); break;
                case "timeInForce": text(p, o.timeInForce); break;
                case "rejectReason": text(p, o.rejectReason); break;
                case "cancelType": text(p, o.cancelType); break;
                case "side":
                    text(p, o.scratch);
                    o.side = MutableEvents.side(o.scratch);
                    break;
                case "orderType":
                    text(p, o.scratch);
                    o.orderType = MutableEvents.orderType(o.scratch);
                    break;
                case "orderStatus":
                    text(p, o.scratch);
                    o.orderStatus = MutableEvents.orderStatus(o.scratch);
                    break;
                case "price": decimal(p, o.price); break;
                case "qty": decimal(p, o.qty); break;
                case "leavesQty": decimal(p, o.leavesQty); break;
                case "cumExecQty": decimal(p, o.cumExecQty); break;
                case "cumExecValue": decimal(p, o.cumExecValue); break;
                case "cumExecFee": decimal(p, o.cumExecFee); break;
                case "avgPrice": decimal(p, o.avgPrice); break;
                case "createdTime": o.createdTime = time(p); break;
                case "updatedTime": o.updatedTime = time(p); break;
                case "reduceOnly": o.reduceOnly = p.currentToken() == JsonToken.VALUE_TRUE; break;
                case "positionIdx": o.positionIdx = p.getIntValue(); break;
                default: p.skipChildren();
            }
        }
    }
}
