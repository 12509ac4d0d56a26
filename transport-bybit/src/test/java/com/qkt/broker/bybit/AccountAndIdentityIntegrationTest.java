package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.codecs.Side;
import com.qkt.sim.bybit.SimCoinBalance;
import com.qkt.sim.bybit.SimPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.qkt.broker.bybit.SimHarness.KEY;
import static com.qkt.broker.bybit.SimHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against the simulator: an {@code orderLinkId} reused by a restarted engine with a fixed prefix is a collision, not
 * an adoption; a cancel that overtakes its retried create still cancels the order; and the wallet and position the
 * strategy was told equal the exchange's after drops that hid the pushes.
 */
@Timeout(60)
class AccountAndIdentityIntegrationTest
{
    private SimHarness h;
    private BybitClient second;

    @AfterEach
    void tearDown()
    {
        if (null != second)
        {
            second.close();
        }
        if (null != h)
        {
            h.close();
        }
    }

    @Test
    void shouldRejectASubmitWhoseFixedPrefixLinkIdNamesAnOldOrderAndNeverAdoptIt()
    {
        h = new SimHarness();
        h.connect(c -> { }, b -> b.orderLinkIdPrefix("fixed-"));
        final long old = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "0.01", "40000"));
        final String oldOrderId = h.orderId(old);
        waitUntil("the old order is accepted", () -> h.recorder.contains("ACCEPTED fixed-1"));
        h.client.close(); // the "previous process" goes away; its order keeps working on the exchange

        // a new process with the same fixed prefix: its counter starts at 1 again
        final StrategyEventRecorder recorder = new StrategyEventRecorder();
        second = new BybitClient(h.clientContext());
        final BybitSpotBroker broker = onHandler(second, () -> new BybitSpotBroker(second, recorder, h.errors::add,
            new BybitSpotBrokerContext().orderLinkIdPrefix("fixed-")));
        second.connect();
        final long id = onHandler(second, () -> broker.submitLimit("BTCUSDT", Side.SELL, "0.5", "60000"));
        assertEquals("fixed-1", broker.orderLinkId(id));
        waitUntil("the collision is reported", () -> recorder.contains("REJECTED fixed-1"));
        final String rejected = recorder.snapshot().stream().filter(e -> e.startsWith("REJECTED")).findFirst().get();
        assertTrue(rejected.startsWith("REJECTED fixed-1 110072 orderLinkId collision"), rejected);
        assertEquals(0, (int)onHandler(second, broker::knownOrderCount));

        // the old order fills: none of it reaches the new strategy as its own
        h.sim.engine().fill(oldOrderId, "0.01");
        waitUntil("the old order filled", () -> !h.sim.engine().order(KEY, "fixed-1").isOpen());
        final long next = onHandler(second, () -> broker.submitLimit("BTCUSDT", Side.BUY, "0.01", "40000"));
        waitUntil("the next order is accepted", () -> recorder.contains("ACCEPTED fixed-2"));
        assertEquals(0, recorder.fillCount(), recorder.snapshot().toString());
        assertFalse(recorder.contains("ACCEPTED fixed-1"), recorder.snapshot().toString());
        assertEquals(List.of(), recorder.violationsSnapshot());
        assertTrue(onHandler(second, () -> broker.isWorking(next)));
        assertTrue(same("0.01", h.sim.engine().order(KEY, "fixed-1").cumExecQty()), "the old order was left alone");
    }

    @Test
    void shouldCancelAnOrderWhoseCancelOvertookItsRetriedCreate()
    {
        h = new SimHarness();
        h.connect();
        // the create's first attempt is swallowed unprocessed and retried after the REST timeout, so the cancel sent
        // meanwhile reaches the exchange first and is answered "order does not exist"
        h.sim.faults().restTimeout(BybitPaths.ORDER_CREATE, 1);
        final long id = h.onHandler(() ->
        {
            final long submitted = h.broker.submitLimit("BTCUSDT", Side.BUY, "0.01", "40000");
            h.broker.cancel(submitted);
            return submitted;
        });
        final String linkId = h.broker.orderLinkId(id);
        waitUntil("the order is cancelled", () -> h.recorder.contains("CANCELLED " + linkId));
        assertEquals(2, h.sim.faults().restCalls(BybitPaths.ORDER_CANCEL), "the cancel was sent again once it landed");
        assertFalse(h.sim.engine().order(KEY, linkId).isOpen());
        assertFalse(h.onHandler(() -> h.broker.isWorking(id)));
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldTellTheStrategyTheWalletAndPositionTheExchangeHasAfterDropsHidTheirPushes()
    {
        h = new SimHarness();
        h.connect(c -> { }, b -> b.category("linear"));
        waitUntil("the start snapshot", () -> h.recorder.contains("WALLET USDT"));

        final String[][] orders = {
            {"BUY", "0.02"}, {"BUY", "0.03"}, {"SELL", "0.01"}, {"SELL", "0.07"}, {"BUY", "0.01"}, {"SELL", "0.02"}};
        for (int i = 0; i < orders.length; i++)
        {
            final Side side = Side.valueOf(orders[i][0]);
            final String qty = orders[i][1];
            if (i % 2 == 1)
            {
                // this fill happens while no socket is up: its order, execution, wallet and position pushes are lost
                h.sim.faults().refuseConnections(Duration.ofMillis(400));
                h.sim.faults().resetAll(KEY);
                waitUntil("the drop is seen", () -> !h.client.isConnected());
            }
            // marketable limits: they fill at once at the last price
            final long id = h.onHandler(() -> h.broker.submitLimit(
                "BTCUSDT", side, qty, side == Side.BUY ? "51000" : "49000"));
            final String linkId = h.broker.orderLinkId(id);
            waitUntil(linkId + " filled on the exchange", () -> null != h.sim.engine().order(KEY, linkId) &&
                !h.sim.engine().order(KEY, linkId).isOpen());
            waitUntil("connected", () -> h.client.isConnected());
        }
        h.assertConsistentWithExchange();

        final SimPosition position = h.sim.engine().position(KEY, "BTCUSDT");
        final SimCoinBalance usdt = h.sim.engine().wallet(KEY).stream()
            .filter(c -> c.coin().equals("USDT")).findFirst().get();
        waitUntil("the strategy's position equals the exchange's", () -> samePosition(position));
        waitUntil("the strategy's USDT equals the exchange's", () -> sameWallet(usdt));
        assertTrue(h.recorder.snapshot().stream().anyMatch(e -> e.startsWith("POSITION") && e.endsWith(" snapshot")),
            "a REST snapshot brought what a drop hid: " + h.recorder.snapshot());
        assertEquals("SELL", fields(h.recorder.positionsSnapshot().get("BTCUSDT")).get("side"));
        assertTrue(onHandler(h.client, () -> h.broker.accountSnapshotsCompleted()) >= 4,
            "a snapshot at start and after each of the three reconnects");
    }

    private boolean samePosition(final SimPosition expected)
    {
        final String line = h.recorder.positionsSnapshot().get("BTCUSDT");
        if (null == line)
        {
            return false;
        }
        final Map<String, String> f = fields(line);
        final String side = expected.side().isEmpty() ? "NULL_VAL" : expected.side().toUpperCase();
        return side.equals(f.get("side")) &&
            same(expected.size(), f.get("size")) &&
            same(expected.avgPrice(), f.get("avg")) &&
            same(expected.unrealisedPnl(), f.get("upl")) &&
            Long.toString(expected.seq()).equals(f.get("seq"));
    }

    private boolean sameWallet(final SimCoinBalance expected)
    {
        final String line = h.recorder.walletSnapshot().get("USDT");
        if (null == line)
        {
            return false;
        }
        final Map<String, String> f = fields(line);
        return same(expected.walletBalance(), f.get("balance")) &&
            same(expected.equity(), f.get("equity")) &&
            same(expected.availableToWithdraw(), f.get("available"));
    }

    /** "POSITION linear BTCUSDT SELL size=0.04 ..." → side plus the key=value fields. */
    private static Map<String, String> fields(final String line)
    {
        final Map<String, String> out = new HashMap<>();
        final String[] parts = line.split(" ");
        if (line.startsWith("POSITION"))
        {
            out.put("side", parts[3]);
        }
        for (final String part : parts)
        {
            final int eq = part.indexOf('=');
            if (eq > 0)
            {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    private static boolean same(final String expected, final String actual)
    {
        return null != actual && !"none".equals(actual) && new BigDecimal(expected).compareTo(new BigDecimal(actual)) == 0;
    }

    private static <T> T onHandler(final BybitClient client, final java.util.function.Supplier<T> action)
    {
        final java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        client.execute(() ->
        {
            try
            {
                result.complete(action.get());
            }
            catch (final Throwable t)
            {
                result.completeExceptionally(t);
            }
        });
        try
        {
            return result.get(SimHarness.DEADLINE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        catch (final Exception ex)
        {
            throw new AssertionError("handler action failed", ex);
        }
    }
}
