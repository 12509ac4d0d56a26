package com.qkt.broker.bybit;

import com.qkt.codecs.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The single-writer rule is enforced: after {@code connect()} a state-changing call from another thread fails with a
 * message that points to {@code execute()}, and changes nothing.
 */
@Timeout(60)
class ThreadConfinementTest
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
    void shouldRefuseBrokerAndClientCallsFromAnotherThreadAfterConnect()
    {
        h = new SimHarness().connect();

        final IllegalStateException submit = assertThrows(
            IllegalStateException.class, () -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        assertTrue(submit.getMessage().contains("BybitSpotBroker.submitLimit"), submit.getMessage());
        assertTrue(submit.getMessage().contains("execute("), submit.getMessage());
        assertThrows(IllegalStateException.class, () -> h.broker.cancel(1));
        assertThrows(IllegalStateException.class, () -> h.broker.reconcile());
        assertThrows(IllegalStateException.class, () -> h.broker.isWorking(1));
        assertThrows(IllegalStateException.class, () -> h.client.onReconnect(() -> { }));
        assertEquals(0, h.onHandler(() -> h.broker.knownOrderCount()), "a refused call changed nothing");

        final long id = h.onHandler(() -> h.broker.submitLimit("BTCUSDT", Side.BUY, "1", "40000"));
        assertTrue(h.onHandler(() -> h.broker.isWorking(id)), "the same call through execute() works");
    }

    @Test
    void shouldAllowOtherThreadsWhenChecksAreTurnedOff()
    {
        h = new SimHarness();
        h.connect(c -> c.threadChecks(false), b -> { });

        h.client.onReconnect(() -> { });
        assertEquals(0, h.broker.knownOrderCount());
    }
}
