package com.qkt.broker.bybit.protocol;

import com.qkt.broker.bybit.TestFrames;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BybitOrderTranslatorTest
{
    private static final String ITEM = "{\"orderId\":\"o-1\",\"orderLinkId\":\"c-1\",\"symbol\":\"BTCUSDT\"," +
        "\"side\":\"Sell\",\"orderType\":\"Market\",\"orderStatus\":\"Filled\",\"qty\":0.25,\"price\":\"\"," +
        "\"createdTime\":\"1\",\"updatedTime\":2,\"positionIdx\":1,\"reduceOnly\":true}";

    @Test
    void shouldParseOneItemGivenByOffsetAndLength()
    {
        final UnsafeBuffer buffer = TestFrames.buffer("[" + ITEM + "  ,{}]");
        final BybitOrder order = new BybitOrder();
        assertTrue(BybitOrderTranslator.parseOpenOrder(buffer, 1, ITEM.length() + 2, order));
        assertEquals("o-1", order.orderId().toString());
        assertEquals("c-1", order.orderLinkId().toString());
        assertEquals(Side.SELL, order.side());
        assertEquals(OrderType.MARKET, order.orderType());
        assertEquals(BybitOrderStatus.FILLED, order.orderStatus());
        assertEquals(25, order.qty().mantissa());
        assertEquals(-2, order.qty().exponent());
        assertFalse(order.price().isPresent());
        assertEquals(1, order.createdTime());
        assertEquals(2, order.updatedTime());
        assertEquals(1, order.positionIdx());
        assertTrue(order.reduceOnly());
        assertTrue(order.category().isEmpty());
    }

    @Test
    void shouldRejectTrailingContentWithinTheGivenLength()
    {
        final UnsafeBuffer buffer = TestFrames.buffer(ITEM + ",{}");
        assertFalse(BybitOrderTranslator.parseOpenOrder(buffer, 0, ITEM.length() + 1, new BybitOrder()));
        assertFalse(BybitOrderTranslator.parseOpenOrder(buffer, 0, ITEM.length() - 1, new BybitOrder()));
    }

    @Test
    void shouldResetEverythingBetweenItems()
    {
        final BybitOrder order = new BybitOrder();
        final UnsafeBuffer full = TestFrames.buffer(ITEM);
        assertTrue(BybitOrderTranslator.parseOpenOrder(full, 0, full.capacity(), order));
        final UnsafeBuffer minimal = TestFrames.buffer("{\"orderId\":\"o-2\"}");
        assertTrue(BybitOrderTranslator.parseOpenOrder(minimal, 0, minimal.capacity(), order));
        assertEquals("o-2", order.orderId().toString());
        assertTrue(order.orderLinkId().isEmpty());
        assertNull(order.side());
        assertNull(order.orderType());
        assertEquals(BybitOrderStatus.UNKNOWN, order.orderStatus());
        assertFalse(order.qty().isPresent());
        assertEquals(0, order.updatedTime());
        assertFalse(order.reduceOnly());
        assertEquals(0, order.positionIdx());
    }

    @Test
    void shouldRequireIdsThatFit()
    {
        final UnsafeBuffer noId = TestFrames.buffer("{\"orderLinkId\":\"x\"}");
        assertFalse(BybitOrderTranslator.parseOpenOrder(noId, 0, noId.capacity(), new BybitOrder()));
        final UnsafeBuffer longId = TestFrames.buffer("{\"orderId\":\"" + "a".repeat(41) + "\"}");
        assertFalse(BybitOrderTranslator.parseOpenOrder(longId, 0, longId.capacity(), new BybitOrder()));
        final UnsafeBuffer fits = TestFrames.buffer("{\"orderId\":\"" + "a".repeat(40) + "\"}");
        assertTrue(BybitOrderTranslator.parseOpenOrder(fits, 0, fits.capacity(), new BybitOrder()));
        final UnsafeBuffer execNoExecId = TestFrames.buffer("{\"orderId\":\"o\"}");
        assertFalse(BybitOrderTranslator.parseExecution(execNoExecId, 0, execNoExecId.capacity(),
            new BybitExecution()));
    }

    @Test
    void shouldParseAnExecutionItemOnItsOwn()
    {
        final String frame = TestFrames.text("execution-real");
        final int start = frame.indexOf("[{") + 1;
        final int end = frame.lastIndexOf("}]") + 1;
        final BybitExecution execution = new BybitExecution();
        assertTrue(BybitOrderTranslator.parseExecution(TestFrames.buffer(frame), start, end - start, execution));
        assertEquals("0ab1bdf7-4219-438b-b30a-32ec863018f7", execution.execId().toString());
        assertEquals(140612148849382L, execution.seq());
        assertEquals(BybitExecType.TRADE, execution.execType());
        assertEquals("26.3725275", execution.execFee().toString());
    }

    @Test
    void shouldParsePositionAndWalletItemsAndCapCoins()
    {
        final UnsafeBuffer position = TestFrames.buffer(
            "{\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"size\":\"1\",\"avgPrice\":\"5\",\"seq\":9}");
        final BybitPosition p = new BybitPosition();
        assertTrue(BybitOrderTranslator.parsePosition(position, 0, position.capacity(), p));
        assertEquals("5", p.entryPrice().toString());
        assertEquals(9, p.seq());

        final StringBuilder coins = new StringBuilder("{\"accountType\":\"UNIFIED\",\"coin\":[");
        for (int i = 0; i < BybitWallet.MAX_COINS + 3; i++)
        {
            coins.append(i == 0 ? "" : ",").append("{\"coin\":\"C").append(i).append("\",\"locked\":\"").append(i)
                .append("\"}");
        }
        final UnsafeBuffer wallet = TestFrames.buffer(coins.append("]}").toString());
        final BybitWallet w = new BybitWallet();
        assertTrue(BybitOrderTranslator.parseWallet(wallet, 0, wallet.capacity(), w));
        assertEquals(BybitWallet.MAX_COINS, w.coinCount());
        assertEquals(3, w.coinsDropped());
        assertEquals("C31", w.coin(31).coin().toString());
        assertEquals("31", w.coin(31).locked().toString());
    }
}
