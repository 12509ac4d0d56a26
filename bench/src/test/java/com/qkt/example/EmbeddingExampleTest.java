package com.qkt.example;

import com.qkt.common.net.ReconnectSupervisor;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmbeddingExampleTest
{
    @Test
    void shouldSuperviseAnotherBrokersConnectionAsTheCookbookShows()
    {
        final ManualClock clock = new ManualClock(1_700_000_000_000L);
        final TimerService timers = new TimerService(clock.nanoTime(), 1L << 20, 256);
        final ReconnectSupervisor supervisor = EmbeddingExample.supervisorForAnotherBroker(clock, timers);

        supervisor.onConnected();
        supervisor.onConnectionLost();
        assertEquals(ReconnectSupervisor.State.BACKING_OFF, supervisor.state());
        for (int i = 0; i < 200 && supervisor.state() != ReconnectSupervisor.State.CONNECTING; i++)
        {
            clock.advanceMillis(1);
            timers.poll(clock.nanoTime());
        }
        assertEquals(ReconnectSupervisor.State.CONNECTING, supervisor.state(), "attempt within the first back-off");
        supervisor.onAttemptSucceeded();
        assertEquals(ReconnectSupervisor.State.CONNECTED, supervisor.state());
    }
}
