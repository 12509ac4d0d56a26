package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.broker.bybit.rest.RestReplyHandler;
import com.qkt.broker.bybit.stream.PrivateStreamHandler;
import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;

/**
 * Test handler that writes every decoded event, field by field, as "name=value" lines; absent decimals read
 * "&lt;absent&gt;". Allocates freely: tests only.
 */
public final class EventRecorder implements PrivateStreamHandler, RestReplyHandler
{
    public final List<String> lines = new ArrayList<>();

    void add(final String name, final Object value)
    {
        lines.add(name + "=" + value);
    }

    private static String dec(final FixedDecimal d)
    {
        return d.isPresent() ? d.toString() : "<absent>";
    }

    public void onAuthResponse(final boolean success, final AsciiField retMsg)
    {
        add("event", "auth");
        add("success", success);
        add("retMsg", retMsg);
    }

    public void onSubscribeResponse(final boolean success, final AsciiField reqId, final AsciiField retMsg)
    {
        add("event", "subscribe");
        add("success", success);
        add("reqId", reqId);
        add("retMsg", retMsg);
    }

    public void onUnsubscribeResponse(final boolean success, final AsciiField reqId, final AsciiField retMsg)
    {
        add("event", "unsubscribe");
        add("success", success);
        add("reqId", reqId);
        add("retMsg", retMsg);
    }

    public void onPong(final long serverTimeMillis)
    {
        add("event", "pong");
        add("serverTime", serverTimeMillis);
    }

    public void onOrder(final BybitOrder o)
    {
        add("event", "order");
        add("category", o.category());
        add("orderId", o.orderId());
        add("orderLinkId", o.orderLinkId());
        add("symbol", o.symbol());
        add("side", o.side());
        add("orderType", o.orderType());
        add("orderStatus", o.orderStatus());
        add("price", dec(o.price()));
        add("qty", dec(o.qty()));
        add("leavesQty", dec(o.leavesQty()));
        add("cumExecQty", dec(o.cumExecQty()));
        add("cumExecValue", dec(o.cumExecValue()));
        add("cumExecFee", dec(o.cumExecFee()));
        add("avgPrice", dec(o.avgPrice()));
        add("timeInForce", o.timeInForce());
        add("rejectReason", o.rejectReason());
        add("cancelType", o.cancelType());
        add("createdTime", o.createdTime());
        add("updatedTime", o.updatedTime());
        add("reduceOnly", o.reduceOnly());
        add("positionIdx", o.positionIdx());
    }

    public void onExecution(final BybitExecution e)
    {
        add("event", "execution");
        add("category", e.category());
        add("symbol", e.symbol());
        add("orderId", e.orderId());
        add("orderLinkId", e.orderLinkId());
        add("execId", e.execId());
        add("side", e.side());
        add("orderType", e.orderType());
        add("execPrice", dec(e.execPrice()));
        add("execQty", dec(e.execQty()));
        add("execFee", dec(e.execFee()));
        add("execValue", dec(e.execValue()));
        add("leavesQty", dec(e.leavesQty()));
        add("orderQty", dec(e.orderQty()));
        add("orderPrice", dec(e.orderPrice()));
        add("feeRate", dec(e.feeRate()));
        add("feeCurrency", e.feeCurrency());
        add("execType", e.execType());
        add("execTime", e.execTime());
        add("isMaker", e.isMaker());
        add("seq", e.seq());
    }

    public void onWallet(final BybitWallet w)
    {
        add("event", "wallet");
        add("accountType", w.accountType());
        add("totalEquity", dec(w.totalEquity()));
        add("totalWalletBalance", dec(w.totalWalletBalance()));
        add("totalAvailableBalance", dec(w.totalAvailableBalance()));
        add("coinCount", w.coinCount());
        add("coinsDropped", w.coinsDropped());
        for (int i = 0; i < w.coinCount(); i++)
        {
            final BybitWallet.Coin c = w.coin(i);
            add("coin." + i + ".coin", c.coin());
            add("coin." + i + ".equity", dec(c.equity()));
            add("coin." + i + ".walletBalance", dec(c.walletBalance()));
            add("coin." + i + ".locked", dec(c.locked()));
            add("coin." + i + ".availableToWithdraw", dec(c.availableToWithdraw()));
        }
    }

    public void onPosition(final BybitPosition p)
    {
        add("event", "position");
        add("category", p.category());
        add("symbol", p.symbol());
        add("side", p.side());
        add("positionIdx", p.positionIdx());
        add("size", dec(p.size()));
        add("entryPrice", dec(p.entryPrice()));
        add("markPrice", dec(p.markPrice()));
        add("unrealisedPnl", dec(p.unrealisedPnl()));
        add("cumRealisedPnl", dec(p.cumRealisedPnl()));
        add("positionStatus", p.positionStatus());
        add("updatedTime", p.updatedTime());
        add("seq", p.seq());
    }

    public void onFrameEnd(final AsciiField topic)
    {
        add("event", "frameEnd");
        add("topic", topic);
    }

    public void onUnknownFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        add("event", "unknown");
        add("length", length);
    }
}
