package com.qkt.broker.bybit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A broker whose construction fails after the state store was opened must not keep the directory held in
 * this JVM (the next, correct, attempt must be able to open it).
 */
@Timeout(60)
class FailedBrokerConstructionIntegrationTest
{
    @TempDir
    Path stateDir;

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
    void aBrokerWhoseConstructionFailedLeavesTheDirectoryFreeForTheNextAttempt()
    {
        h = new SimHarness();
        h.client = new BybitClient(h.clientContext());
        h.client.connect();
        final BybitSpotBrokerContext first = new BybitSpotBrokerContext().orderLinkIdPrefix("it-").stateDir(stateDir);
        // the mistake: built on the caller's thread after connect(); the constructor throws from streamListener,
        // after OrderManager opened (and started) the state store
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> new BybitSpotBroker(h.client, h.recorder, h.errors::add, first));

        // the fix: on the handler thread; same JVM, same directory
        final BybitSpotBrokerContext second = new BybitSpotBrokerContext().orderLinkIdPrefix("it-").stateDir(stateDir);
        h.broker = h.onHandler(() -> new BybitSpotBroker(h.client, h.recorder, h.errors::add, second));
    }
}
