package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.codecs.Side;
import com.qkt.sim.bybit.FaultKind;
import com.qkt.sim.bybit.RestCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static com.qkt.broker.bybit.SimHarness.KEY;
import static com.qkt.broker.bybit.SimHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Disconnection Protection against the simulator: the client sets the window and subscribes {@code dcp.spot} on
 * every session; when its connection is dead for longer than the window, the simulator cancels the open orders with
 * {@code cancelType=CancelByDCP}, and the client reports each as cancelled by DCP.
 */
@Timeout(120)
class DisconnectProtectionIntegrationTest
{
    private SimHarness h;

    @AfterEach
    void tearDown()
    {
        if (null != h)
        {
            h.close();
        }
    }

    @Test
    void shouldNeverQuoteTheApiKeyOfABadSignatureAnswerIntoAnErrorOrAnEvent()
    {
        // Bybit's 10004 quotes the signed string: timestamp, API key, recv window, payload
        final String origin = "error sign! origin_string[1700000000000" + KEY + "5000{\"product\":\"SPOT\"}]";
        h = new SimHarness(b -> { });
        h.sim.faults().restRetCode(BybitPaths.DCP_SET_WINDOW, 10004, origin, 1);
        h.sim.faults().restRetCode(BybitPaths.ORDER_CREATE, 10004, origin, 1);
        h.connect(c -> c.dcpWindowSec(3), b -> { });
        waitUntil("arming refused", () -> h.recorder.contains("DCP armed=FALSE"));
        h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "0.01", "1000"));
        waitUntil("the order refused", () -> h.recorder.contains("REJECTED"));

        final List<String> quoted = new java.util.ArrayList<>();
        for (final Throwable t : h.errors)
        {
            quoted.add(String.valueOf(t));
        }
        quoted.addAll(h.recorder.snapshot());
        assertTrue(quoted.stream().anyMatch(q -> q.contains("origin_string[1700000000000it-k**")), quoted.toString());
        assertTrue(quoted.stream().noneMatch(q -> q.contains(KEY)), "the API key was quoted: " + quoted);
    }

    @Test
    void shouldHaveTheExchangeCancelADeadConnectionsOrdersAndReportThemWithTheirReason()
    {
        // Bybit's minimum window is 3 s: the client sets 3, the simulator acts after 300 ms to keep the test short
        h = new SimHarness(b -> b.dcpEffectiveWindow(Duration.ofMillis(300)));
        h.connect(c -> c.dcpWindowSec(3), b -> { });
        waitUntil("armed", () -> h.recorder.contains("DCP armed=TRUE window=3 retCode=0 product=SPOT"));
        assertTrue(h.sim.dcp().armed(KEY, com.qkt.sim.bybit.DisconnectProtection.Product.SPOT));
        final List<RestCall> set = h.sim.callLog().calls(c -> c.path().equals(BybitPaths.DCP_SET_WINDOW));
        assertEquals(1, set.size());
        assertEquals(0, set.get(0).retCode());

        final long first = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "0.01", "1000"));
        final long second = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "0.01", "1000"));
        final String firstOrderId = h.orderId(first);
        final String secondOrderId = h.orderId(second);
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1") && h.recorder.contains("ACCEPTED it-2"));

        // the connection dies and cannot come back for longer than the window
        h.sim.faults().refuseConnections(Duration.ofMillis(1_500));
        h.sim.faults().resetAll(KEY);
        waitUntil("the exchange cancelled by DCP", () -> !h.sim.dcp().triggers(KEY).isEmpty());
        final com.qkt.sim.bybit.DisconnectProtection.Trigger trigger = h.sim.dcp().triggers(KEY).get(0);
        assertEquals(java.util.Set.of(firstOrderId, secondOrderId), java.util.Set.copyOf(trigger.cancelledOrderIds()));
        assertFalse(trigger.reason().isEmpty());
        waitUntil("counted by the simulator", () -> h.sim.faults().count(FaultKind.DCP_CANCEL_ALL) == 1);

        waitUntil("both reported as cancelled by DCP",
            () -> h.recorder.contains("CANCELLED it-1 synthetic byDCP") &&
            h.recorder.contains("CANCELLED it-2 synthetic byDCP"));
        waitUntil("re-armed on the new session", () -> h.sim.callLog()
            .calls(c -> c.path().equals(BybitPaths.DCP_SET_WINDOW) && c.retCode() == 0).size() == 2);
        h.assertConsistentWithExchange();
        assertEquals(0, (int)h.onHandler(() -> h.broker.knownOrderCount()));
    }

    @Test
    void shouldLeaveOrdersAloneWhenTheConnectionComesBackWithinTheWindow()
    {
        h = new SimHarness(b -> b.dcpEffectiveWindow(Duration.ofMillis(3_000)));
        h.connect(c -> c.dcpWindowSec(3), b -> { });
        waitUntil("armed", () -> h.recorder.contains("DCP armed=TRUE"));
        h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "0.01", "1000"));
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        h.sim.faults().resetAll(KEY);
        waitUntil("reconnected", () -> h.recorder.contains("STATE DISCONNECTED") && h.client.isConnected());
        assertTrue(h.sim.dcp().triggers(KEY).isEmpty());
        assertFalse(h.recorder.contains("CANCELLED"));
        h.assertConsistentWithExchange();
    }

    @Test
    void shouldTellTheStrategyWhenTheWindowCannotBeSet()
    {
        h = new SimHarness();
        h.sim.faults().restRetCode(BybitPaths.DCP_SET_WINDOW, 10005, "Permission denied for current apikey", 1);
        h.connect(c -> c.dcpWindowSec(10), b -> { });
        waitUntil("refusal reported", () -> h.recorder.contains("DCP armed=FALSE window=10 retCode=10005"));
        assertTrue(h.client.isConnected(), "DCP is a safety net, not a condition of trading");
        assertFalse(h.errors.isEmpty());
    }

    @Test
    void shouldNotTouchDcpWhenOff()
    {
        h = new SimHarness().connect();
        h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "0.01", "1000"));
        waitUntil("accepted", () -> h.recorder.contains("ACCEPTED it-1"));
        assertTrue(h.sim.callLog().calls(c -> c.path().equals(BybitPaths.DCP_SET_WINDOW)).isEmpty());
        assertFalse(h.sim.dcp().armed(KEY, com.qkt.sim.bybit.DisconnectProtection.Product.SPOT));
    }
}
