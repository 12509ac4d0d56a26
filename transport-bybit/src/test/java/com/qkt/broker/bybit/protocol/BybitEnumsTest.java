package com.qkt.broker.bybit.protocol;

import com.qkt.broker.bybit.TestFrames;

import java.util.EnumSet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BybitEnumsTest
{
    private static BybitOrderStatus status(final String text)
    {
        final UnsafeBuffer b = TestFrames.buffer("\"" + text + "\"");
        return BybitOrderStatus.parse(b, 1, text.length());
    }

    private static BybitExecType execType(final String text)
    {
        final UnsafeBuffer b = TestFrames.buffer("\"" + text + "\"");
        return BybitExecType.parse(b, 1, text.length());
    }

    @Test
    void shouldParseEveryDocumentedOrderStatus()
    {
        assertEquals(BybitOrderStatus.NEW, status("New"));
        assertEquals(BybitOrderStatus.PARTIALLY_FILLED, status("PartiallyFilled"));
        assertEquals(BybitOrderStatus.UNTRIGGERED, status("Untriggered"));
        assertEquals(BybitOrderStatus.TRIGGERED, status("Triggered"));
        assertEquals(BybitOrderStatus.FILLED, status("Filled"));
        assertEquals(BybitOrderStatus.CANCELLED, status("Cancelled"));
        assertEquals(BybitOrderStatus.PARTIALLY_FILLED_CANCELED, status("PartiallyFilledCanceled"));
        assertEquals(BybitOrderStatus.REJECTED, status("Rejected"));
        assertEquals(BybitOrderStatus.DEACTIVATED, status("Deactivated"));
        assertEquals(BybitOrderStatus.UNKNOWN, status("Canceled"));
        assertEquals(BybitOrderStatus.UNKNOWN, status("new"));
        assertEquals(BybitOrderStatus.UNKNOWN, status(""));
    }

    @Test
    void shouldKnowWhichStatusesAreTerminal()
    {
        final EnumSet<BybitOrderStatus> terminal = EnumSet.noneOf(BybitOrderStatus.class);
        for (final BybitOrderStatus s : BybitOrderStatus.values())
        {
            if (s.isTerminal())
            {
                terminal.add(s);
            }
        }
        assertEquals(EnumSet.of(BybitOrderStatus.FILLED, BybitOrderStatus.CANCELLED,
            BybitOrderStatus.PARTIALLY_FILLED_CANCELED, BybitOrderStatus.REJECTED, BybitOrderStatus.DEACTIVATED),
            terminal);
    }

    @Test
    void shouldParseEveryDocumentedExecType()
    {
        assertEquals(BybitExecType.TRADE, execType("Trade"));
        assertEquals(BybitExecType.ADL_TRADE, execType("AdlTrade"));
        assertEquals(BybitExecType.FUNDING, execType("Funding"));
        assertEquals(BybitExecType.BUST_TRADE, execType("BustTrade"));
        assertEquals(BybitExecType.DELIVERY, execType("Delivery"));
        assertEquals(BybitExecType.SETTLE, execType("Settle"));
        assertEquals(BybitExecType.BLOCK_TRADE, execType("BlockTrade"));
        assertEquals(BybitExecType.MOVE_POSITION, execType("MovePosition"));
        assertEquals(BybitExecType.FUTURE_SPREAD, execType("FutureSpread"));
        assertEquals(BybitExecType.CORPORATE_ACTION, execType("CorporateAction"));
        assertEquals(BybitExecType.UNKNOWN, execType("UNKNOWN"));
        assertEquals(BybitExecType.UNKNOWN, execType("Trades"));
    }

    @Test
    void shouldRoundTripWireNames()
    {
        for (final BybitOrderStatus s : BybitOrderStatus.values())
        {
            assertEquals(s, status(s.wireName()));
        }
        for (final BybitExecType t : BybitExecType.values())
        {
            assertEquals(t, execType(t.wireName()));
        }
    }
}
